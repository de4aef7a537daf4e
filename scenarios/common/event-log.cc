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
    const ipseclab::EventValue* v = Field(event, field);
    if (!v)
    {
        return "";
    }
    switch (v->GetType())
    {
    case ipseclab::EventValue::Type::String:
    case ipseclab::EventValue::Type::Bytes:
        return v->GetString();
    case ipseclab::EventValue::Type::Uint:
        return std::to_string(v->GetUint());
    case ipseclab::EventValue::Type::Int:
        return std::to_string(v->GetInt());
    case ipseclab::EventValue::Type::Bool:
        return v->GetBool() ? "yes" : "no";
    default:
        return "";
    }
}

uint64_t
EventLog::Entry::Uint(const char* field) const
{
    const ipseclab::EventValue* v = Field(event, field);
    if (!v)
    {
        return 0;
    }
    if (v->GetType() == ipseclab::EventValue::Type::Uint)
    {
        return v->GetUint();
    }
    if (v->GetType() == ipseclab::EventValue::Type::Int)
    {
        return static_cast<uint64_t>(v->GetInt());
    }
    return 0;
}

double
EventLog::Entry::Real(const char* field) const
{
    const ipseclab::EventValue* v = Field(event, field);
    if (!v)
    {
        return 0;
    }
    switch (v->GetType())
    {
    case ipseclab::EventValue::Type::Double:
        return v->GetDouble();
    case ipseclab::EventValue::Type::Uint:
        return static_cast<double>(v->GetUint());
    case ipseclab::EventValue::Type::Int:
        return static_cast<double>(v->GetInt());
    default:
        return 0;
    }
}

bool
EventLog::Entry::Bool(const char* field) const
{
    const ipseclab::EventValue* v = Field(event, field);
    return v && v->GetType() == ipseclab::EventValue::Type::Bool && v->GetBool();
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
