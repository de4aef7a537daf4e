// The one error type of the PKI room: bad DNs, bad keys, malformed PEM/DER, OpenSSL failures.
#ifndef IPSECLAB_PKI_PKI_ERROR_H
#define IPSECLAB_PKI_PKI_ERROR_H

#include <stdexcept>
#include <string>
#include <string_view>

namespace ipseclab
{

class PkiError : public std::runtime_error
{
  public:
    explicit PkiError(const std::string& what);
};

/// Throws PkiError("<what>: <OpenSSL error queue>") and clears the queue, so a later
/// failure does not report this one's errors.
[[noreturn]] void ThrowPkiOpenSslError(std::string_view what);

} // namespace ipseclab

#endif
