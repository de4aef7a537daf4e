#include "ikev1/ikev1-key-schedule.h"

#include "crypto/openssl-handles.h"

#include <openssl/evp.h>

namespace ipseclab::ikev1
{

namespace
{

const PrfAlgorithm&
PrfForHash(std::string_view name)
{
    if (name == "sha1" || name == "sha256" || name == "sha384" || name == "sha512")
    {
        return FindPrf("prf" + std::string(name));
    }
    throw CryptoError("IKEv1 hash '" + std::string(name) +
                      "' unsupported (known: sha1, sha256, sha384, sha512)");
}

Bytes
Truncated(Bytes value, size_t size, const char* what)
{
    if (value.size() < size)
    {
        throw CryptoError(std::string(what) + ": hash output shorter than the cipher block");
    }
    value.resize(size);
    return value;
}

Bytes
U32Bytes(uint32_t v)
{
    return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
}

} // namespace

Ikev1Hash::Ikev1Hash(std::string_view name)
    : m_name(name)
    , m_prf(PrfForHash(name))
{
}

Bytes
Ikev1Hash::Prf(ByteSpan key, ByteParts data) const
{
    return m_prf.Compute(key, data);
}

Bytes
Ikev1Hash::Digest(ByteParts data) const
{
    OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    OsslPtr<EVP_MD> md(
        EVP_MD_fetch(nullptr, std::string(m_prf.Algorithm().digest).c_str(), nullptr));
    if (!ctx || !md || EVP_DigestInit_ex(ctx.get(), md.get(), nullptr) != 1)
    {
        ThrowOpenSslError("digest " + m_name + " set-up failed");
    }
    for (ByteSpan part : data)
    {
        if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1)
        {
            ThrowOpenSslError("digest update failed");
        }
    }
    Bytes out(EVP_MD_get_size(md.get()));
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(ctx.get(), out.data(), &size) != 1)
    {
        ThrowOpenSslError("digest final failed");
    }
    out.resize(size);
    return out;
}

Bytes
CookieBytes(uint64_t cookie)
{
    Bytes out(8);
    for (int i = 7; i >= 0; --i, cookie >>= 8)
    {
        out[i] = static_cast<uint8_t>(cookie);
    }
    return out;
}

Bytes
SkeyidPsk(const Ikev1Hash& h, ByteSpan psk, ByteSpan niB, ByteSpan nrB)
{
    return h.Prf(psk, {niB, nrB});
}

Bytes
SkeyidSignature(const Ikev1Hash& h, ByteSpan niB, ByteSpan nrB, ByteSpan gxy)
{
    Bytes key = Concat({niB, nrB});
    return h.Prf(key, {gxy});
}

Skeyids
DeriveSkeyids(const Ikev1Hash& h, ByteSpan skeyid, ByteSpan gxy, uint64_t ckyI, uint64_t ckyR)
{
    Bytes ci = CookieBytes(ckyI);
    Bytes cr = CookieBytes(ckyR);
    const uint8_t zero = 0, one = 1, two = 2;
    Skeyids k;
    k.d = h.Prf(skeyid, {gxy, ci, cr, ByteSpan(&zero, 1)});
    k.a = h.Prf(skeyid, {k.d, gxy, ci, cr, ByteSpan(&one, 1)});
    k.e = h.Prf(skeyid, {k.a, gxy, ci, cr, ByteSpan(&two, 1)});
    return k;
}

Bytes
EncryptionKey(const Ikev1Hash& h, ByteSpan skeyidE, size_t keyLength)
{
    if (skeyidE.size() >= keyLength)
    {
        return Bytes(skeyidE.begin(), skeyidE.begin() + keyLength);
    }
    Bytes ka;
    const uint8_t zero = 0;
    Bytes k = h.Prf(skeyidE, {ByteSpan(&zero, 1)});
    while (true)
    {
        ka.insert(ka.end(), k.begin(), k.end());
        if (ka.size() >= keyLength)
        {
            break;
        }
        k = h.Prf(skeyidE, {k});
    }
    ka.resize(keyLength);
    return ka;
}

Bytes
HashI(const Ikev1Hash& h, ByteSpan skeyid, ByteSpan gxi, ByteSpan gxr, uint64_t ckyI, uint64_t ckyR,
      ByteSpan saiB, ByteSpan idiiB)
{
    Bytes ci = CookieBytes(ckyI);
    Bytes cr = CookieBytes(ckyR);
    return h.Prf(skeyid, {gxi, gxr, ci, cr, saiB, idiiB});
}

Bytes
HashR(const Ikev1Hash& h, ByteSpan skeyid, ByteSpan gxi, ByteSpan gxr, uint64_t ckyI, uint64_t ckyR,
      ByteSpan saiB, ByteSpan idirB)
{
    Bytes ci = CookieBytes(ckyI);
    Bytes cr = CookieBytes(ckyR);
    return h.Prf(skeyid, {gxr, gxi, cr, ci, saiB, idirB});
}

Bytes
Phase1Iv(const Ikev1Hash& h, ByteSpan gxi, ByteSpan gxr, size_t blockSize)
{
    return Truncated(h.Digest({gxi, gxr}), blockSize, "phase 1 IV");
}

Bytes
Phase2Iv(const Ikev1Hash& h, ByteSpan lastPhase1Block, uint32_t messageId, size_t blockSize)
{
    Bytes mid = U32Bytes(messageId);
    return Truncated(h.Digest({lastPhase1Block, mid}), blockSize, "phase 2 IV");
}

Bytes
QuickHash1(const Ikev1Hash& h, ByteSpan skeyidA, uint32_t messageId, ByteSpan afterHash)
{
    Bytes mid = U32Bytes(messageId);
    return h.Prf(skeyidA, {mid, afterHash});
}

Bytes
QuickHash2(const Ikev1Hash& h, ByteSpan skeyidA, uint32_t messageId, ByteSpan niB,
           ByteSpan afterHash)
{
    Bytes mid = U32Bytes(messageId);
    return h.Prf(skeyidA, {mid, niB, afterHash});
}

Bytes
QuickHash3(const Ikev1Hash& h, ByteSpan skeyidA, uint32_t messageId, ByteSpan niB, ByteSpan nrB)
{
    Bytes mid = U32Bytes(messageId);
    const uint8_t zero = 0;
    return h.Prf(skeyidA, {ByteSpan(&zero, 1), mid, niB, nrB});
}

Bytes
Keymat(const Ikev1Hash& h, ByteSpan skeyidD, ByteSpan gqmxy, uint8_t protocol, ByteSpan spi,
       ByteSpan niB, ByteSpan nrB, size_t length)
{
    Bytes seed = Concat({gqmxy, ByteSpan(&protocol, 1), spi, niB, nrB});
    Bytes keymat;
    Bytes k = h.Prf(skeyidD, {seed});
    while (true)
    {
        keymat.insert(keymat.end(), k.begin(), k.end());
        if (keymat.size() >= length)
        {
            break;
        }
        k = h.Prf(skeyidD, {k, seed});
    }
    keymat.resize(length);
    return keymat;
}

Bytes
NatDetectionHash(const Ikev1Hash& h, uint64_t ckyI, uint64_t ckyR, uint32_t address, uint16_t port)
{
    const Bytes ip = {
        uint8_t(address >> 24), uint8_t(address >> 16), uint8_t(address >> 8), uint8_t(address)};
    const Bytes p = {uint8_t(port >> 8), uint8_t(port)};
    return h.Digest({CookieBytes(ckyI), CookieBytes(ckyR), ip, p});
}

} // namespace ipseclab::ikev1
