// Bounds-checked big-endian reading and writing for the IKE codec. The reader knows where its
// bytes sit in the whole message, so every error names an absolute offset.
#ifndef IPSECLAB_IKE_WIRE_IO_H
#define IPSECLAB_IKE_WIRE_IO_H

#include "crypto/crypto-common.h"
#include "ike/ike-error.h"

#include <string>

namespace ipseclab
{

class IkeReader
{
  public:
    /// base: offset of data[0] from the start of the IKE message; where: context for errors.
    IkeReader(ByteSpan data, size_t base, std::string where);

    uint8_t U8(const char* field);
    uint16_t U16(const char* field);
    uint32_t U32(const char* field);
    uint64_t U64(const char* field);
    ByteSpan Take(size_t count, const char* field);
    Bytes TakeBytes(size_t count, const char* field);
    /// Everything not read yet (consumed).
    ByteSpan Rest();
    void Skip(size_t count, const char* field);

    size_t Remaining() const { return m_data.size() - m_pos; }
    bool AtEnd() const { return m_pos == m_data.size(); }
    /// Absolute offset of the next octet.
    size_t Offset() const { return m_base + m_pos; }
    const std::string& Where() const { return m_where; }
    /// A reader over the next count octets (consumed here), with its own context.
    IkeReader Sub(size_t count, const char* field, std::string where);
    [[noreturn]] void Fail(const std::string& what) const;
    /// Throws unless everything was read.
    void ExpectEnd(const char* what) const;

  private:
    void Need(size_t count, const char* field) const;
    ByteSpan m_data;
    size_t m_pos = 0;
    size_t m_base;
    std::string m_where;
};

void PutU8(Bytes& out, uint8_t value);
void PutU16(Bytes& out, uint16_t value);
void PutU32(Bytes& out, uint32_t value);
void PutU64(Bytes& out, uint64_t value);
void PutBytes(Bytes& out, ByteSpan data);
/// Overwrites two octets at offset with a length, IkeEncodeError if it exceeds 65535.
void PatchU16Length(Bytes& out, size_t offset, size_t length, const char* what);
uint16_t GetU16(const uint8_t* p);
uint32_t GetU32(const uint8_t* p);
uint64_t GetU64(const uint8_t* p);

} // namespace ipseclab

#endif
