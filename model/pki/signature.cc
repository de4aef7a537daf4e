#include "pki/signature.h"

#include "pki/ec-scalar.h"
#include "pki/pki-error.h"
#include "pki/pki-handles.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

namespace ipseclab
{

namespace
{

const char*
DigestName(HashAlgorithm hash)
{
    switch (hash)
    {
    case HashAlgorithm::Sha1:
        return "SHA1";
    case HashAlgorithm::Sha256:
        return "SHA256";
    case HashAlgorithm::Sha384:
        return "SHA384";
    }
    throw PkiError("unknown hash algorithm");
}

Bytes
Digest(HashAlgorithm hash, ByteSpan data)
{
    OsslPtr<EVP_MD> md(EVP_MD_fetch(nullptr, DigestName(hash), nullptr));
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!md || EVP_Digest(data.data(), data.size(), out, &size, md.get(), nullptr) != 1)
    {
        ThrowPkiOpenSslError(std::string("digest ") + DigestName(hash));
    }
    return Bytes(out, out + size);
}

Bytes
RsaSign(const PrivateKey& key, HashAlgorithm hash, ByteSpan data)
{
    OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    size_t size = 0;
    if (!ctx ||
        EVP_DigestSignInit_ex(
            ctx.get(), nullptr, DigestName(hash), nullptr, nullptr, key.Evp(), nullptr) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size, data.data(), data.size()) != 1)
    {
        ThrowPkiOpenSslError("RSA signature set-up");
    }
    Bytes signature(size);
    if (EVP_DigestSign(ctx.get(), signature.data(), &size, data.data(), data.size()) != 1)
    {
        ThrowPkiOpenSslError("RSA signature");
    }
    signature.resize(size);
    return signature;
}

OsslPtr<EC_GROUP>
GroupOf(KeyType type)
{
    OsslPtr<EC_GROUP> group(EC_GROUP_new_by_curve_name(
        type == KeyType::EcdsaP256 ? NID_X9_62_prime256v1 : NID_secp384r1));
    if (!group)
    {
        ThrowPkiOpenSslError("EC group");
    }
    return group;
}

Bytes
EcdsaSign(const PrivateKey& key, HashAlgorithm hash, ByteSpan data, RandomSource& rng,
          EcdsaEncoding encoding)
{
    auto group = GroupOf(key.GetType());
    const BIGNUM* n = EC_GROUP_get0_order(group.get());
    OsslPtr<BN_CTX> ctx(BN_CTX_new());
    BIGNUM* dRaw = nullptr;
    if (!ctx || EVP_PKEY_get_bn_param(key.Evp(), OSSL_PKEY_PARAM_PRIV_KEY, &dRaw) != 1)
    {
        ThrowPkiOpenSslError("ECDSA private scalar");
    }
    OsslPtr<BIGNUM> d(dRaw);
    BN_set_flags(d.get(), BN_FLG_CONSTTIME);

    // e = the leftmost |n| bits of the hash (SEC 1 4.1.3 step 5).
    Bytes h = Digest(hash, data);
    OsslPtr<BIGNUM> e(BN_bin2bn(h.data(), static_cast<int>(h.size()), nullptr));
    int excess = static_cast<int>(h.size() * 8) - BN_num_bits(n);
    if (!e || (excess > 0 && !BN_rshift(e.get(), e.get(), excess)))
    {
        ThrowPkiOpenSslError("ECDSA hash");
    }

    OsslPtr<BIGNUM> r(BN_new());
    OsslPtr<BIGNUM> s(BN_new());
    OsslPtr<BIGNUM> x(BN_new());
    OsslPtr<BIGNUM> kinv(BN_new());
    OsslPtr<EC_POINT> point(EC_POINT_new(group.get()));
    if (!r || !s || !x || !kinv || !point)
    {
        ThrowPkiOpenSslError("ECDSA set-up");
    }
    for (;;)
    {
        auto k = detail::RandomScalar(n, rng, ctx.get());
        BN_set_flags(k.get(), BN_FLG_CONSTTIME);
        if (!EC_POINT_mul(group.get(), point.get(), k.get(), nullptr, nullptr, ctx.get()) ||
            !EC_POINT_get_affine_coordinates(
                group.get(), point.get(), x.get(), nullptr, ctx.get()) ||
            !BN_nnmod(r.get(), x.get(), n, ctx.get()))
        {
            ThrowPkiOpenSslError("ECDSA r");
        }
        if (BN_is_zero(r.get()))
        {
            continue;
        }
        // s = k^-1 (e + r d) mod n
        if (!BN_mod_inverse(kinv.get(), k.get(), n, ctx.get()) ||
            !BN_mod_mul(s.get(), r.get(), d.get(), n, ctx.get()) ||
            !BN_mod_add(s.get(), s.get(), e.get(), n, ctx.get()) ||
            !BN_mod_mul(s.get(), kinv.get(), s.get(), n, ctx.get()))
        {
            ThrowPkiOpenSslError("ECDSA s");
        }
        if (!BN_is_zero(s.get()))
        {
            break;
        }
    }

    if (encoding == EcdsaEncoding::Raw)
    {
        int half = BN_num_bytes(n);
        Bytes out(static_cast<size_t>(2 * half));
        if (BN_bn2binpad(r.get(), out.data(), half) != half ||
            BN_bn2binpad(s.get(), out.data() + half, half) != half)
        {
            ThrowPkiOpenSslError("ECDSA r|s encoding");
        }
        return out;
    }
    PkiPtr<ECDSA_SIG> sig(ECDSA_SIG_new());
    if (!sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1)
    {
        ThrowPkiOpenSslError("ECDSA_SIG");
    }
    r.release(); // owned by sig now
    s.release();
    int size = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (size <= 0)
    {
        ThrowPkiOpenSslError("i2d_ECDSA_SIG");
    }
    Bytes out(static_cast<size_t>(size));
    unsigned char* p = out.data();
    i2d_ECDSA_SIG(sig.get(), &p);
    return out;
}

// r | s (fixed size) to the DER form OpenSSL verifies; empty when the size is wrong.
Bytes
RawToDer(KeyType type, ByteSpan raw)
{
    size_t half = EcdsaScalarSize(type);
    if (raw.size() != 2 * half)
    {
        return {};
    }
    PkiPtr<ECDSA_SIG> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(raw.data(), static_cast<int>(half), nullptr);
    BIGNUM* s = BN_bin2bn(raw.data() + half, static_cast<int>(half), nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1)
    {
        BN_free(r);
        BN_free(s);
        ThrowPkiOpenSslError("ECDSA_SIG");
    }
    int size = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (size <= 0)
    {
        ThrowPkiOpenSslError("i2d_ECDSA_SIG");
    }
    Bytes out(static_cast<size_t>(size));
    unsigned char* p = out.data();
    i2d_ECDSA_SIG(sig.get(), &p);
    return out;
}

} // namespace

size_t
EcdsaScalarSize(KeyType type)
{
    switch (type)
    {
    case KeyType::EcdsaP256:
        return 32;
    case KeyType::EcdsaP384:
        return 48;
    case KeyType::Rsa2048:
        return 0;
    }
    return 0;
}

Bytes
SignData(const PrivateKey& key, HashAlgorithm hash, ByteSpan data, RandomSource& rng,
         EcdsaEncoding encoding)
{
    if (key.GetType() == KeyType::Rsa2048)
    {
        return RsaSign(key, hash, data);
    }
    return EcdsaSign(key, hash, data, rng, encoding);
}

bool
VerifyData(const PublicKey& key, HashAlgorithm hash, ByteSpan data, ByteSpan signature,
           EcdsaEncoding encoding)
{
    Bytes der;
    if (key.GetType() != KeyType::Rsa2048 && encoding == EcdsaEncoding::Raw)
    {
        der = RawToDer(key.GetType(), signature);
        if (der.empty())
        {
            return false;
        }
        signature = der;
    }
    OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    if (!ctx ||
        EVP_DigestVerifyInit_ex(
            ctx.get(), nullptr, DigestName(hash), nullptr, nullptr, key.Evp(), nullptr) != 1)
    {
        ThrowPkiOpenSslError("signature verification set-up");
    }
    int ok =
        EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data.data(), data.size());
    // A bad signature leaves errors on the queue; they are not ours to report later.
    ERR_clear_error();
    return ok == 1;
}

} // namespace ipseclab
