#include "json-writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ipseclab
{

namespace
{

/** Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid. */
std::size_t
Utf8SequenceLength(const std::string& s, std::size_t i)
{
    auto byte = [&s](std::size_t k)
    {
        return static_cast<unsigned char>(s[k]);
    };
    unsigned char c = byte(i);
    std::size_t length;
    uint32_t min;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf)
    {
        length = 2;
        min = 0x80;
        cp = c & 0x1f;
    }
    else if (c >= 0xe0 && c <= 0xef)
    {
        length = 3;
        min = 0x800;
        cp = c & 0x0f;
    }
    else if (c >= 0xf0 && c <= 0xf4)
    {
        length = 4;
        min = 0x10000;
        cp = c & 0x07;
    }
    else
    {
        return 0;
    }
    if (i + length > s.size())
    {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k)
    {
        if ((byte(i + k) & 0xc0) != 0x80)
        {
            return 0;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not valid UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
    {
        return 0;
    }
    return length;
}

void
AppendUint(std::string& out, uint64_t value)
{
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out.append(buffer, result.ptr);
}

void
AppendInt(std::string& out, int64_t value)
{
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out.append(buffer, result.ptr);
}

void
AppendObject(std::string& out, const std::vector<EventField>& fields, bool leadingComma)
{
    for (const auto& field : fields)
    {
        if (leadingComma)
        {
            out.push_back(',');
        }
        leadingComma = true;
        AppendJsonString(out, field.name);
        out.push_back(':');
        AppendJsonValue(out, field.value);
    }
}

} // namespace

void
AppendJsonString(std::string& out, const std::string& value)
{
    out.push_back('"');
    for (std::size_t i = 0; i < value.size();)
    {
        unsigned char c = static_cast<unsigned char>(value[i]);
        if (c >= 0x80)
        {
            std::size_t length = Utf8SequenceLength(value, i);
            if (length == 0)
            {
                out.append("\\ufffd");
                ++i;
            }
            else
            {
                out.append(value, i, length);
                i += length;
            }
            continue;
        }
        switch (c)
        {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7f)
            {
                char buffer[8];
                std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
                out.append(buffer);
            }
            else
            {
                out.push_back(static_cast<char>(c));
            }
        }
        ++i;
    }
    out.push_back('"');
}

std::string
FormatSeconds(int64_t nanoseconds)
{
    // Integer arithmetic only; unsigned magnitude so INT64_MIN is fine too.
    std::string out;
    uint64_t magnitude = static_cast<uint64_t>(nanoseconds);
    if (nanoseconds < 0)
    {
        out.push_back('-');
        magnitude = ~magnitude + 1;
    }
    AppendUint(out, magnitude / 1000000000u);
    out.push_back('.');
    std::string fraction = std::to_string(magnitude % 1000000000u);
    out.append(9 - fraction.size(), '0');
    out.append(fraction);
    return out;
}

std::string
FormatDouble(double value)
{
    if (!std::isfinite(value))
    {
        return "null";
    }
    if (value == 0.0)
    {
        return "0.0"; // also -0.0: one spelling for zero
    }
    char buffer[400]; // fixed notation of DBL_MAX has 309 digits
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
    std::string out(buffer, result.ptr);
    if (out.find('.') == std::string::npos)
    {
        out.append(".0");
    }
    return out;
}

void
AppendJsonValue(std::string& out, const EventValue& value)
{
    switch (value.GetType())
    {
    case EventValue::Type::String:
    case EventValue::Type::Bytes:
        AppendJsonString(out, value.GetString());
        break;
    case EventValue::Type::Int:
        AppendInt(out, value.GetInt());
        break;
    case EventValue::Type::Uint:
        AppendUint(out, value.GetUint());
        break;
    case EventValue::Type::Double:
        out.append(FormatDouble(value.GetDouble()));
        break;
    case EventValue::Type::Bool:
        out.append(value.GetBool() ? "true" : "false");
        break;
    case EventValue::Type::Object:
        out.push_back('{');
        AppendObject(out, value.GetFields(), false);
        out.push_back('}');
        break;
    case EventValue::Type::Array:
    {
        out.push_back('[');
        bool first = true;
        for (const auto& item : value.GetItems())
        {
            if (!first)
            {
                out.push_back(',');
            }
            first = false;
            AppendJsonValue(out, item);
        }
        out.push_back(']');
        break;
    }
    }
}

std::string
ToJsonLine(const Event& event)
{
    std::string out;
    out.reserve(256);
    out.append("{\"v\":");
    AppendInt(out, kEventSchemaVersion);
    out.append(",\"seq\":");
    AppendUint(out, event.GetSeq());
    out.append(",\"t\":");
    out.append(FormatSeconds(event.GetTime()));
    out.append(",\"node\":");
    if (event.HasNode())
    {
        AppendUint(out, event.GetNode());
    }
    else
    {
        out.append("null");
    }
    out.append(",\"node_name\":");
    AppendJsonString(out, event.GetNodeName());
    out.append(",\"layer\":");
    AppendJsonString(out, LayerToString(event.GetLayer()));
    out.append(",\"kind\":");
    AppendJsonString(out, event.GetKind());
    AppendObject(out, event.GetFields(), true);
    out.push_back('}');
    return out;
}

JsonLinesWriter::JsonLinesWriter(std::ostream& out)
    : m_out(out)
{
}

void
JsonLinesWriter::Write(const Event& event)
{
    WriteLine(ToJsonLine(event));
}

void
JsonLinesWriter::WriteLine(const std::string& line)
{
    m_out.write(line.data(), static_cast<std::streamsize>(line.size()));
    m_out.put('\n');
}

} // namespace ipseclab
