#include "ike/ike-wire-io.h"

namespace ipseclab
{

IkeReader::IkeReader(ByteSpan data, size_t base, std::string where)
    : m_data(data)
    , m_base(base)
    , m_where(std::move(where))
{
}

void
IkeReader::Fail(const std::string& what) const
{
    throw IkeParseError(what, Offset(), m_where);
}

void
IkeReader::Need(size_t count, const char* field) const
{
    if (count > Remaining())
    {
        Fail(std::string(field) + " needs " + std::to_string(count) + " octets, only " +
             std::to_string(Remaining()) + " left");
    }
}

uint8_t
IkeReader::U8(const char* field)
{
    Need(1, field);
    return m_data[m_pos++];
}

uint16_t
IkeReader::U16(const char* field)
{
    Need(2, field);
    uint16_t v = GetU16(m_data.data() + m_pos);
    m_pos += 2;
    return v;
}

uint32_t
IkeReader::U32(const char* field)
{
    Need(4, field);
    uint32_t v = GetU32(m_data.data() + m_pos);
    m_pos += 4;
    return v;
}

uint64_t
IkeReader::U64(const char* field)
{
    Need(8, field);
    uint64_t v = GetU64(m_data.data() + m_pos);
    m_pos += 8;
    return v;
}

ByteSpan
IkeReader::Take(size_t count, const char* field)
{
    Need(count, field);
    ByteSpan s(m_data.data() + m_pos, count);
    m_pos += count;
    return s;
}

Bytes
IkeReader::TakeBytes(size_t count, const char* field)
{
    ByteSpan s = Take(count, field);
    return Bytes(s.begin(), s.end());
}

ByteSpan
IkeReader::Rest()
{
    return Take(Remaining(), "rest");
}

void
IkeReader::Skip(size_t count, const char* field)
{
    Take(count, field);
}

IkeReader
IkeReader::Sub(size_t count, const char* field, std::string where)
{
    size_t base = Offset();
    ByteSpan s = Take(count, field);
    return IkeReader(s, base, std::move(where));
}

void
IkeReader::ExpectEnd(const char* what) const
{
    if (!AtEnd())
    {
        Fail(std::to_string(Remaining()) + " unexpected octets after " + what);
    }
}

void
PutU8(Bytes& out, uint8_t value)
{
    out.push_back(value);
}

void
PutU16(Bytes& out, uint16_t value)
{
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value));
}

void
PutU32(Bytes& out, uint32_t value)
{
    PutU16(out, static_cast<uint16_t>(value >> 16));
    PutU16(out, static_cast<uint16_t>(value));
}

void
PutU64(Bytes& out, uint64_t value)
{
    PutU32(out, static_cast<uint32_t>(value >> 32));
    PutU32(out, static_cast<uint32_t>(value));
}

void
PutBytes(Bytes& out, ByteSpan data)
{
    out.insert(out.end(), data.begin(), data.end());
}

void
PatchU16Length(Bytes& out, size_t offset, size_t length, const char* what)
{
    if (length > 0xffff)
    {
        throw IkeEncodeError(std::string(what) + " length " + std::to_string(length) +
                             " exceeds 65535 octets");
    }
    out.at(offset) = static_cast<uint8_t>(length >> 8);
    out.at(offset + 1) = static_cast<uint8_t>(length);
}

uint16_t
GetU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
GetU32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

uint64_t
GetU64(const uint8_t* p)
{
    return (uint64_t(GetU32(p)) << 32) | GetU32(p + 4);
}

} // namespace ipseclab
