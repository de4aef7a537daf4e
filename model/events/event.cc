#include "event.h"

#include <utility>

namespace ipseclab
{

namespace
{

const char* const kLayerNames[] = {
    "ike", "esp", "ah", "spd", "sad", "replay", "link", "app", "attacker", "nat", "scenario"};

bool
IsEnvelopeName(const std::string& name)
{
    return name == "v" || name == "seq" || name == "t" || name == "node" || name == "node_name" ||
           name == "layer" || name == "kind";
}

std::string
FieldName(const std::string& name)
{
    return IsEnvelopeName(name) ? "_" + name : name;
}

} // namespace

const char*
LayerToString(Layer layer)
{
    return kLayerNames[static_cast<int>(layer)];
}

bool
LayerFromString(const std::string& name, Layer& layer)
{
    for (int i = 0; i < static_cast<int>(sizeof(kLayerNames) / sizeof(kLayerNames[0])); ++i)
    {
        if (name == kLayerNames[i])
        {
            layer = static_cast<Layer>(i);
            return true;
        }
    }
    return false;
}

Event::Event(Layer layer, std::string kind)
    : m_layer(layer)
    , m_kind(std::move(kind))
{
}

Event::Event(uint32_t node, Layer layer, std::string kind)
    : m_node(node)
    , m_layer(layer)
    , m_kind(std::move(kind))
{
}

Event&
Event::Add(const std::string& name, EventValue value) &
{
    m_fields.Set(FieldName(name), std::move(value));
    return *this;
}

Event&&
Event::Add(const std::string& name, EventValue value) &&
{
    m_fields.Set(FieldName(name), std::move(value));
    return std::move(*this);
}

Event&
Event::AddHex(const std::string& name, const uint8_t* data, std::size_t length) &
{
    return Add(name, EventValue::Bytes(data, length));
}

Event&&
Event::AddHex(const std::string& name, const uint8_t* data, std::size_t length) &&
{
    return std::move(Add(name, EventValue::Bytes(data, length)));
}

Event&
Event::AddHex(const std::string& name, const std::vector<uint8_t>& data) &
{
    return Add(name, EventValue::Bytes(data));
}

Event&&
Event::AddHex(const std::string& name, const std::vector<uint8_t>& data) &&
{
    return std::move(Add(name, EventValue::Bytes(data)));
}

void
Event::SetTime(int64_t nanoseconds)
{
    m_time = nanoseconds;
}

int64_t
Event::GetTime() const
{
    return m_time;
}

void
Event::SetSeq(uint64_t seq)
{
    m_seq = seq;
}

uint64_t
Event::GetSeq() const
{
    return m_seq;
}

void
Event::SetNode(uint32_t node)
{
    m_node = node;
}

uint32_t
Event::GetNode() const
{
    return m_node;
}

bool
Event::HasNode() const
{
    return m_node != kNoNode;
}

void
Event::SetNodeName(std::string name)
{
    m_nodeName = std::move(name);
}

const std::string&
Event::GetNodeName() const
{
    return m_nodeName;
}

Layer
Event::GetLayer() const
{
    return m_layer;
}

const std::string&
Event::GetKind() const
{
    return m_kind;
}

const std::vector<EventField>&
Event::GetFields() const
{
    return m_fields.GetFields();
}

const EventValue*
Event::Find(const std::string& name) const
{
    return m_fields.Find(name);
}

} // namespace ipseclab
