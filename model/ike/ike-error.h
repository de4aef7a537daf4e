// Errors of the IKEv2 codec. Parsing never reads outside its input: every length is checked
// and a malformed message throws IkeParseError saying what was wrong and where.
#ifndef IPSECLAB_IKE_ERROR_H
#define IPSECLAB_IKE_ERROR_H

#include <cstddef>
#include <stdexcept>
#include <string>

namespace ipseclab
{

/// Malformed input: what() = "IKE parse error at offset N (<where>): <what>".
/// The IKE daemon answers with INVALID_SYNTAX (or drops, before authentication).
class IkeParseError : public std::runtime_error
{
  public:
    IkeParseError(const std::string& what, size_t offset, const std::string& where);
    /// Offset of the offending field from the first octet of the IKE header.
    size_t Offset() const { return m_offset; }
    const std::string& Where() const { return m_where; }
    const std::string& What() const { return m_what; }

  private:
    size_t m_offset;
    std::string m_where;
    std::string m_what;
};

/// A message that cannot be encoded (a field too long for its length field, missing keys...).
class IkeEncodeError : public std::runtime_error
{
  public:
    explicit IkeEncodeError(const std::string& what);
};

} // namespace ipseclab

#endif
