/*
 * A kind-specific value of an event: string, integer, real, boolean, bytes (written as hex),
 * nested object or array. Pure C++17, no ns-3, so tests and the Python module use it directly.
 */
#ifndef IPSECLAB_EVENT_VALUE_H
#define IPSECLAB_EVENT_VALUE_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ipseclab
{

struct EventField;

/**
 * One JSON value. Objects keep their fields in insertion order, so output is reproducible.
 */
class EventValue
{
  public:
    enum class Type
    {
        String,
        Int,
        Uint,
        Double,
        Bool,
        Bytes,
        Object,
        Array
    };

    // Implicit on purpose: Event::Add("spi", 0x1001u) converts here.
    EventValue(const char* value);
    EventValue(std::string value);
    EventValue(bool value);
    EventValue(int value);
    EventValue(long value);
    EventValue(long long value);
    EventValue(unsigned value);
    EventValue(unsigned long value);
    EventValue(unsigned long long value);
    EventValue(double value);

    /** An array of strings, integers, reals or objects. std::vector<uint8_t> makes an array of
     *  numbers; use Bytes() for octets. */
    template <typename T>
    EventValue(const std::vector<T>& items);

    static EventValue Bytes(const uint8_t* data, std::size_t length);
    static EventValue Bytes(const std::vector<uint8_t>& data);
    static EventValue Object();
    static EventValue Array();

    /** Sets a field of an object value (replaces a field of the same name in place). */
    EventValue& Set(const std::string& name, EventValue value);
    EventValue& SetHex(const std::string& name, const uint8_t* data, std::size_t length);
    EventValue& SetHex(const std::string& name, const std::vector<uint8_t>& data);
    /** Appends to an array value. */
    EventValue& Push(EventValue value);

    Type GetType() const;
    /** String and Bytes (lowercase hex) values. */
    const std::string& GetString() const;
    int64_t GetInt() const;
    uint64_t GetUint() const;
    double GetDouble() const;
    bool GetBool() const;
    const std::vector<EventField>& GetFields() const;
    const std::vector<EventValue>& GetItems() const;
    /** The field of an object value, or nullptr. */
    const EventValue* Find(const std::string& name) const;

  private:
    explicit EventValue(Type type);

    Type m_type;
    std::string m_string; //!< String, or Bytes as lowercase hex
    union
    {
        int64_t m_int;
        uint64_t m_uint;
        double m_double;
        bool m_bool;
    };
    std::vector<EventField> m_fields; //!< Object
    std::vector<EventValue> m_items;  //!< Array
};

/** A named value; the fields of an object and of an event. */
struct EventField
{
    std::string name;
    EventValue value;
};

/** Lowercase hex of octets. */
std::string ToHex(const uint8_t* data, std::size_t length);

/** How readers of the stream (narration, scenario checks, summaries) see a field: strings and
 * hex as they are, numbers in decimal, booleans as "yes"/"no"; "" for a missing field (nullptr),
 * an object or an array. */
std::string ValueText(const EventValue* value);
/** An integer field (Uint or Int); 0 when missing or not an integer. */
uint64_t ValueUint(const EventValue* value);
/** A number field (Double, Uint or Int); 0 when missing or not a number. */
double ValueReal(const EventValue* value);
/** A Bool field; false when missing or not a boolean. */
bool ValueBool(const EventValue* value);

template <typename T>
EventValue::EventValue(const std::vector<T>& items)
    : EventValue(Type::Array)
{
    m_items.reserve(items.size());
    for (const auto& item : items)
    {
        m_items.emplace_back(item);
    }
}

} // namespace ipseclab

#endif /* IPSECLAB_EVENT_VALUE_H */
