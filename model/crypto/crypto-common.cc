#include "crypto/crypto-common.h"

#include <openssl/crypto.h>
#include <openssl/err.h>

namespace ipseclab
{

CryptoError::CryptoError(const std::string& what)
    : std::runtime_error(what)
{
}

std::string
ToHex(ByteSpan data)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (uint8_t b : data)
    {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0f]);
    }
    return out;
}

static int
HexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

Bytes
FromHex(std::string_view hex)
{
    if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
    {
        hex.remove_prefix(2);
    }
    Bytes out;
    out.reserve(hex.size() / 2);
    int high = -1;
    for (char c : hex)
    {
        if (c == ' ' || c == ':' || c == '\n' || c == '\t')
        {
            continue;
        }
        int v = HexValue(c);
        if (v < 0)
        {
            throw CryptoError(std::string("FromHex: invalid hex character '") + c + "'");
        }
        if (high < 0)
        {
            high = v;
        }
        else
        {
            out.push_back(static_cast<uint8_t>(high << 4 | v));
            high = -1;
        }
    }
    if (high >= 0)
    {
        throw CryptoError("FromHex: odd number of hex digits");
    }
    return out;
}

Bytes
ToBytes(std::string_view text)
{
    return Bytes(text.begin(), text.end());
}

bool
ConstantTimeEqual(ByteSpan a, ByteSpan b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Bytes
Concat(ByteParts parts)
{
    size_t total = 0;
    for (auto p : parts)
    {
        total += p.size();
    }
    Bytes out;
    out.reserve(total);
    for (auto p : parts)
    {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

void
CheckSize(std::string_view what, size_t expected, size_t got)
{
    if (expected != got)
    {
        throw CryptoError(std::string(what) + ": expected " + std::to_string(expected) +
                          " octets, got " + std::to_string(got));
    }
}

void
ThrowOpenSslError(std::string_view what)
{
    std::string msg(what);
    unsigned long code;
    while ((code = ERR_get_error()) != 0)
    {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof(buf));
        msg += " [";
        msg += buf;
        msg += "]";
    }
    throw CryptoError(msg);
}

} // namespace ipseclab
