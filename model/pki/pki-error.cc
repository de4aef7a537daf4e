#include "pki/pki-error.h"

#include <openssl/err.h>

namespace ipseclab
{

PkiError::PkiError(const std::string& what)
    : std::runtime_error(what)
{
}

void
ThrowPkiOpenSslError(std::string_view what)
{
    std::string message(what);
    unsigned long code;
    bool first = true;
    while ((code = ERR_get_error()) != 0)
    {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof(buffer));
        message += first ? ": " : "; ";
        message += buffer;
        first = false;
    }
    throw PkiError(message);
}

} // namespace ipseclab
