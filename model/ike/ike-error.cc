#include "ike/ike-error.h"

namespace ipseclab
{

IkeParseError::IkeParseError(const std::string& what, size_t offset, const std::string& where)
    : std::runtime_error("IKE parse error at offset " + std::to_string(offset) +
                         (where.empty() ? std::string() : " (" + where + ")") + ": " + what)
    , m_offset(offset)
    , m_where(where)
    , m_what(what)
{
}

IkeEncodeError::IkeEncodeError(const std::string& what)
    : std::runtime_error("IKE encode error: " + what)
{
}

} // namespace ipseclab
