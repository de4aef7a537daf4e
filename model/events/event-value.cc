#include "event-value.h"

namespace ipseclab
{

EventValue::EventValue(Type type)
    : m_type(type)
    , m_uint(0)
{
}

EventValue::EventValue(const char* value)
    : EventValue(std::string(value != nullptr ? value : ""))
{
}

EventValue::EventValue(std::string value)
    : m_type(Type::String)
    , m_string(std::move(value))
    , m_uint(0)
{
}

EventValue::EventValue(bool value)
    : m_type(Type::Bool)
    , m_uint(0)
{
    m_bool = value;
}

EventValue::EventValue(int value)
    : EventValue(static_cast<long long>(value))
{
}

EventValue::EventValue(long value)
    : EventValue(static_cast<long long>(value))
{
}

EventValue::EventValue(long long value)
    : m_type(Type::Int)
    , m_int(value)
{
}

EventValue::EventValue(unsigned value)
    : EventValue(static_cast<unsigned long long>(value))
{
}

EventValue::EventValue(unsigned long value)
    : EventValue(static_cast<unsigned long long>(value))
{
}

EventValue::EventValue(unsigned long long value)
    : m_type(Type::Uint)
    , m_uint(value)
{
}

EventValue::EventValue(double value)
    : m_type(Type::Double)
    , m_double(value)
{
}

EventValue
EventValue::Bytes(const uint8_t* data, std::size_t length)
{
    EventValue value(Type::Bytes);
    value.m_string = ToHex(data, length);
    return value;
}

EventValue
EventValue::Bytes(const std::vector<uint8_t>& data)
{
    return Bytes(data.data(), data.size());
}

EventValue
EventValue::Object()
{
    return EventValue(Type::Object);
}

EventValue
EventValue::Array()
{
    return EventValue(Type::Array);
}

EventValue&
EventValue::Set(const std::string& name, EventValue value)
{
    // A value set on a non-object turns it into an object: no silent loss, no crash.
    if (m_type != Type::Object)
    {
        *this = Object();
    }
    for (auto& field : m_fields)
    {
        if (field.name == name)
        {
            field.value = std::move(value);
            return *this;
        }
    }
    m_fields.push_back(EventField{name, std::move(value)});
    return *this;
}

EventValue&
EventValue::SetHex(const std::string& name, const uint8_t* data, std::size_t length)
{
    return Set(name, Bytes(data, length));
}

EventValue&
EventValue::SetHex(const std::string& name, const std::vector<uint8_t>& data)
{
    return Set(name, Bytes(data));
}

EventValue&
EventValue::Push(EventValue value)
{
    if (m_type != Type::Array)
    {
        *this = Array();
    }
    m_items.push_back(std::move(value));
    return *this;
}

EventValue::Type
EventValue::GetType() const
{
    return m_type;
}

const std::string&
EventValue::GetString() const
{
    return m_string;
}

int64_t
EventValue::GetInt() const
{
    return m_type == Type::Int ? m_int : static_cast<int64_t>(m_uint);
}

uint64_t
EventValue::GetUint() const
{
    return m_type == Type::Uint ? m_uint : static_cast<uint64_t>(m_int);
}

double
EventValue::GetDouble() const
{
    return m_double;
}

bool
EventValue::GetBool() const
{
    return m_bool;
}

const std::vector<EventField>&
EventValue::GetFields() const
{
    return m_fields;
}

const std::vector<EventValue>&
EventValue::GetItems() const
{
    return m_items;
}

const EventValue*
EventValue::Find(const std::string& name) const
{
    for (const auto& field : m_fields)
    {
        if (field.name == name)
        {
            return &field.value;
        }
    }
    return nullptr;
}

std::string
ToHex(const uint8_t* data, std::size_t length)
{
    static const char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (std::size_t i = 0; i < length; ++i)
    {
        hex.push_back(kDigits[data[i] >> 4]);
        hex.push_back(kDigits[data[i] & 0x0f]);
    }
    return hex;
}

std::string
ValueText(const EventValue* value)
{
    if (!value)
    {
        return "";
    }
    switch (value->GetType())
    {
    case EventValue::Type::String:
    case EventValue::Type::Bytes:
        return value->GetString();
    case EventValue::Type::Uint:
        return std::to_string(value->GetUint());
    case EventValue::Type::Int:
        return std::to_string(value->GetInt());
    case EventValue::Type::Bool:
        return value->GetBool() ? "yes" : "no";
    default:
        return "";
    }
}

uint64_t
ValueUint(const EventValue* value)
{
    if (!value)
    {
        return 0;
    }
    if (value->GetType() == EventValue::Type::Uint)
    {
        return value->GetUint();
    }
    if (value->GetType() == EventValue::Type::Int)
    {
        return static_cast<uint64_t>(value->GetInt());
    }
    return 0;
}

double
ValueReal(const EventValue* value)
{
    if (!value)
    {
        return 0;
    }
    switch (value->GetType())
    {
    case EventValue::Type::Double:
        return value->GetDouble();
    case EventValue::Type::Uint:
        return static_cast<double>(value->GetUint());
    case EventValue::Type::Int:
        return static_cast<double>(value->GetInt());
    default:
        return 0;
    }
}

bool
ValueBool(const EventValue* value)
{
    return value && value->GetType() == EventValue::Type::Bool && value->GetBool();
}

} // namespace ipseclab
