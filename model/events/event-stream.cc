#include "event-stream.h"

#include "event-contract.h"
#include "json-writer.h"

#include <ns3/boolean.h>
#include <ns3/log.h>
#include <ns3/names.h>
#include <ns3/node-list.h>
#include <ns3/node.h>
#include <ns3/simulator.h>
#include <ns3/uinteger.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EventStream");
NS_OBJECT_ENSURE_REGISTERED(EventStream);

Ptr<EventStream> EventStream::s_default;

namespace
{

bool
StrictFromEnvironment()
{
    const char* value = std::getenv("IPSECLAB_STRICT_EVENTS");
    return value && std::string(value) == "1";
}

} // namespace

TypeId
EventStream::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EventStream")
            .SetParent<Object>()
            .SetGroupName("IpsecLab")
            .AddConstructor<EventStream>()
            .AddAttribute("Enabled",
                          "Whether events are recorded at all.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&EventStream::SetEnabled, &EventStream::GetEnabled),
                          MakeBooleanChecker())
            .AddAttribute(
                "KeepInMemory",
                "Keep the JSON lines in memory (for Python and tests).",
                BooleanValue(false),
                MakeBooleanAccessor(&EventStream::SetKeepInMemory, &EventStream::GetKeepInMemory),
                MakeBooleanChecker())
            .AddAttribute("Strict",
                          "Check every event against docs/events.schema.json's kinds and fields "
                          "as it is recorded, and stop the program on a violation (also on "
                          "when IPSECLAB_STRICT_EVENTS=1 is in the environment).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&EventStream::m_strict),
                          MakeBooleanChecker())
            .AddAttribute("MaxKeptEvents",
                          "Bound of the in-memory log; the oldest lines are dropped past it.",
                          UintegerValue(1000000),
                          MakeUintegerAccessor(&EventStream::m_maxKept),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Event",
                            "An event was recorded (stamped event and its JSON line).",
                            MakeTraceSourceAccessor(&EventStream::m_eventTrace),
                            "ns3::EventStream::EventTracedCallback");
    return tid;
}

EventStream::EventStream()
    : m_strict(StrictFromEnvironment())
    , m_enabled(true)
    , m_keepInMemory(false)
    , m_maxKept(1000000)
    , m_active(false)
    , m_destroyScheduled(false)
    , m_seq(0)
    , m_nextSubscriberId(1)
    , m_droppedKept(0)
{
    NS_LOG_FUNCTION(this);
}

EventStream::~EventStream()
{
    NS_LOG_FUNCTION(this);
}

Ptr<EventStream>
EventStream::Default()
{
    if (!s_default)
    {
        s_default = CreateObject<EventStream>();
    }
    return s_default;
}

void
EventStream::Emit(ipseclab::Event&& event)
{
    if (IsEnabled())
    {
        s_default->Record(std::move(event));
    }
}

void
EventStream::Record(ipseclab::Event&& event)
{
    if (!IsActive())
    {
        return;
    }
    if (m_strict)
    {
        const std::string violation = ipseclab::CheckEventContract(event);
        if (!violation.empty())
        {
            // A contract break is a bug of the emitter: stop where it happens, not later in a
            // reader that cannot say who wrote the event.
            NS_FATAL_ERROR("event stream contract: " << violation);
        }
    }
    event.SetTime(Simulator::Now().GetNanoSeconds());
    event.SetSeq(m_seq++);
    if (event.HasNode() && event.GetNodeName().empty())
    {
        event.SetNodeName(GetNodeName(event.GetNode()));
    }
    std::string line = ipseclab::ToJsonLine(event);
    if (m_file.is_open())
    {
        ipseclab::JsonLinesWriter(m_file).WriteLine(line);
    }
    if (m_keepInMemory)
    {
        if (m_kept.size() >= m_maxKept)
        {
            m_kept.pop_front();
            ++m_droppedKept;
        }
        m_kept.push_back(line);
    }
    // Copy: a subscriber may unsubscribe (itself or others) while being called.
    auto subscribers = m_subscribers;
    for (const auto& entry : subscribers)
    {
        entry.second(event, line);
    }
    m_eventTrace(event, line);
}

bool
EventStream::Open(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    Close();
    m_file.open(path, std::ios::binary | std::ios::trunc);
    if (!m_file.is_open())
    {
        NS_LOG_ERROR("EventStream: cannot open " << path
                                                 << " for writing: " << std::strerror(errno));
        UpdateActive();
        return false;
    }
    m_path = path;
    if (!m_destroyScheduled)
    {
        Simulator::ScheduleDestroy(&EventStream::CloseOnDestroy, Ptr<EventStream>(this));
        m_destroyScheduled = true;
    }
    UpdateActive();
    return true;
}

void
EventStream::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_file.is_open())
    {
        m_file.close();
        if (m_file.fail())
        {
            NS_LOG_ERROR("EventStream: error writing " << m_path);
        }
        m_file.clear();
    }
    m_path.clear();
    UpdateActive();
}

void
EventStream::CloseOnDestroy()
{
    m_destroyScheduled = false;
    Close();
}

void
EventStream::Flush()
{
    if (m_file.is_open())
    {
        m_file.flush();
    }
}

std::string
EventStream::GetPath() const
{
    return m_path;
}

uint32_t
EventStream::Subscribe(Subscriber subscriber)
{
    uint32_t id = m_nextSubscriberId++;
    m_subscribers[id] = std::move(subscriber);
    UpdateActive();
    return id;
}

void
EventStream::Unsubscribe(uint32_t id)
{
    m_subscribers.erase(id);
    UpdateActive();
}

void
EventStream::SetNodeName(uint32_t node, const std::string& name)
{
    m_nodeNames[node] = name;
}

std::string
EventStream::GetNodeName(uint32_t node) const
{
    auto it = m_nodeNames.find(node);
    if (it != m_nodeNames.end())
    {
        return it->second;
    }
    if (node < NodeList::GetNNodes())
    {
        return Names::FindName(NodeList::GetNode(node));
    }
    return std::string();
}

std::vector<std::string>
EventStream::GetKeptLines() const
{
    return std::vector<std::string>(m_kept.begin(), m_kept.end());
}

uint64_t
EventStream::GetDroppedKeptLines() const
{
    return m_droppedKept;
}

uint64_t
EventStream::GetEventCount() const
{
    return m_seq;
}

void
EventStream::Reset()
{
    NS_LOG_FUNCTION(this);
    Close();
    m_seq = 0;
    m_subscribers.clear();
    m_nodeNames.clear();
    m_kept.clear();
    m_droppedKept = 0;
    UpdateActive();
}

void
EventStream::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Close();
    m_subscribers.clear();
    m_active = false;
    Object::DoDispose();
}

void
EventStream::SetEnabled(bool enabled)
{
    m_enabled = enabled;
    UpdateActive();
}

bool
EventStream::GetEnabled() const
{
    return m_enabled;
}

void
EventStream::SetKeepInMemory(bool keep)
{
    m_keepInMemory = keep;
    UpdateActive();
}

bool
EventStream::GetKeepInMemory() const
{
    return m_keepInMemory;
}

void
EventStream::UpdateActive()
{
    m_active = m_enabled && (m_file.is_open() || m_keepInMemory || !m_subscribers.empty());
}

} // namespace ns3
