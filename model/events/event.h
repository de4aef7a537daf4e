/*
 * One record of the event stream: who (node), when (simulated time), where (layer), what (kind)
 * and the kind-specific fields. docs/events.md is the schema. Pure C++17, no ns-3.
 */
#ifndef IPSECLAB_EVENT_H
#define IPSECLAB_EVENT_H

#include "event-value.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ipseclab
{

/** The schema version written as "v" in every event (docs/events.md). */
constexpr int kEventSchemaVersion = 1;

/** The part of the system an event comes from. */
enum class Layer
{
    Ike,
    Esp,
    Ah,
    Spd,
    Sad,
    Replay,
    Link,
    App,
    Attacker,
    Nat,
    Scenario
};

/** "ike", "esp", ... as written in the stream. */
const char* LayerToString(Layer layer);
/** Parses a layer name; false if unknown. */
bool LayerFromString(const std::string& name, Layer& layer);

/**
 * An event with a fluent builder:
 *   Event(nodeId, Layer::Esp, "encap").Add("spi", 0x1001u).AddHex("icv", icv)
 * Field names are kept in insertion order; adding a name again replaces the value in place.
 * Names of the envelope (v, seq, t, node, node_name, layer, kind) are stored with a leading '_'
 * so they can never shadow it.
 */
class Event
{
  public:
    /** Node id meaning "not on a node" (scenario-level events); written as null. */
    static constexpr uint32_t kNoNode = 0xffffffff;

    Event(Layer layer, std::string kind);
    Event(uint32_t node, Layer layer, std::string kind);

    Event& Add(const std::string& name, EventValue value) &;
    Event&& Add(const std::string& name, EventValue value) &&;
    Event& AddHex(const std::string& name, const uint8_t* data, std::size_t length) &;
    Event&& AddHex(const std::string& name, const uint8_t* data, std::size_t length) &&;
    Event& AddHex(const std::string& name, const std::vector<uint8_t>& data) &;
    Event&& AddHex(const std::string& name, const std::vector<uint8_t>& data) &&;

    /** Simulated time in nanoseconds (the stream stamps it). */
    void SetTime(int64_t nanoseconds);
    int64_t GetTime() const;
    /** 0-based index in the stream (the stream stamps it). */
    void SetSeq(uint64_t seq);
    uint64_t GetSeq() const;
    void SetNode(uint32_t node);
    uint32_t GetNode() const;
    bool HasNode() const;
    void SetNodeName(std::string name);
    const std::string& GetNodeName() const;
    Layer GetLayer() const;
    const std::string& GetKind() const;
    const std::vector<EventField>& GetFields() const;
    /** The field of that name, or nullptr. */
    const EventValue* Find(const std::string& name) const;

  private:
    int64_t m_time = 0;
    uint64_t m_seq = 0;
    uint32_t m_node = kNoNode;
    std::string m_nodeName;
    Layer m_layer;
    std::string m_kind;
    EventValue m_fields = EventValue::Object();
};

} // namespace ipseclab

#endif /* IPSECLAB_EVENT_H */
