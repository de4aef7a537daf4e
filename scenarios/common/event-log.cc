#include "event-log.h"

#include "events/event-stream.h"
#include "events/json-writer.h"

#include <cstdio>

namespace ns3
{

namespace
{

const ipseclab::EventValue*
Field(const ipseclab::Event& e, const char* name)
{
    return e.Find(name);
}

} // namespace

std::string
EventLog::Entry::Str(const char* field) const
{
    return ipseclab::ValueText(Field(event, field));
}

uint64_t
EventLog::Entry::Uint(const char* field) const
{
    return ipseclab::ValueUint(Field(event, field));
}

double
EventLog::Entry::Real(const char* field) const
{
    return ipseclab::ValueReal(Field(event, field));
}

bool
EventLog::Entry::Bool(const char* field) const
{
    return ipseclab::ValueBool(Field(event, field));
}

bool
EventLog::Entry::Has(const char* field) const
{
    return Field(event, field) != nullptr;
}

EventLog::EventLog()
{
    m_subscription = EventStream::Default()->Subscribe(
        [this](const ipseclab::Event& e, const std::string&)
        {
            const std::string layer = ipseclab::LayerToString(e.GetLayer());
            const std::string& kind = e.GetKind();
            // Per-packet events are many and say nothing a scenario checks, except drops.
            if (layer == "esp" || layer == "ah" || layer == "replay" || layer == "spd")
            {
                if (kind != "drop")
                {
                    return;
                }
            }
            m_entries.push_back(Entry{e.GetTime() / 1e9, e.GetNodeName(), layer, kind, e});
        });
}

EventLog::~EventLog()
{
    EventStream::Default()->Unsubscribe(m_subscription);
}

std::vector<const EventLog::Entry*>
EventLog::Find(const std::string& layer, const std::string& kind, const std::string& node) const
{
    std::vector<const Entry*> out;
    for (const auto& e : m_entries)
    {
        if (e.layer == layer && e.kind == kind && (node.empty() || e.node == node))
        {
            out.push_back(&e);
        }
    }
    return out;
}

size_t
EventLog::Count(const std::string& layer, const std::string& kind, const std::string& node) const
{
    return Find(layer, kind, node).size();
}

std::string
HexSpi(uint64_t spi)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08llx", static_cast<unsigned long long>(spi));
    return text;
}

std::string
JsonQuote(const std::string& text)
{
    std::string out;
    ipseclab::AppendJsonString(out, text);
    return out;
}

std::string
Fixed(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

} // namespace ns3
