// Deterministic key generation. OpenSSL's EVP_PKEY_keygen draws from its own DRBG, seeded
// from the OS, so two runs would get different keys; here every random octet comes from the
// caller's RandomSource and OpenSSL only does the arithmetic.
#include "pki/ec-scalar.h"
#include "pki/keys.h"
#include "pki/pki-error.h"
#include "pki/pki-handles.h"

#include <openssl/core_names.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>
#include <utility>

namespace ipseclab::detail
{

namespace
{

OsslPtr<BIGNUM>
NewBn()
{
    OsslPtr<BIGNUM> bn(BN_new());
    if (!bn)
    {
        ThrowPkiOpenSslError("BN_new");
    }
    return bn;
}

EVP_PKEY*
FromData(const char* algorithm, OSSL_PARAM_BLD* builder)
{
    PkiPtr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder));
    OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_KEYPAIR, params.get()) != 1)
    {
        ThrowPkiOpenSslError(std::string(algorithm) + " key from parameters failed");
    }
    return key;
}

// A 1024-bit prime p with gcd(p - 1, e) = 1: a random odd start with the two top bits set
// (so that p * q has exactly 2048 bits), then the next candidate up by 2. BN_check_prime's
// Miller-Rabin bases come from OpenSSL's DRBG, but they only decide how sure the answer is,
// not which prime is found (a composite passing 64 rounds: below 2^-128).
OsslPtr<BIGNUM>
SearchPrime(RandomSource& rng, const BIGNUM* e, BN_CTX* ctx)
{
    constexpr size_t kOctets = 128;
    auto candidate = NewBn();
    auto pMinus1 = NewBn();
    auto gcd = NewBn();
    for (;;)
    {
        Bytes start = rng.Get(kOctets);
        start[0] |= 0xC0;
        start[kOctets - 1] |= 0x01;
        if (!BN_bin2bn(start.data(), static_cast<int>(kOctets), candidate.get()))
        {
            ThrowPkiOpenSslError("BN_bin2bn");
        }
        // Incremental search; start over in the (rare) case it runs past 1024 bits.
        while (BN_num_bits(candidate.get()) == 1024)
        {
            if (!BN_sub(pMinus1.get(), candidate.get(), BN_value_one()) ||
                !BN_gcd(gcd.get(), pMinus1.get(), e, ctx))
            {
                ThrowPkiOpenSslError("RSA prime search");
            }
            if (BN_is_one(gcd.get()))
            {
                int prime = BN_check_prime(candidate.get(), ctx, nullptr);
                if (prime < 0)
                {
                    ThrowPkiOpenSslError("BN_check_prime");
                }
                if (prime == 1)
                {
                    return candidate;
                }
            }
            if (!BN_add_word(candidate.get(), 2))
            {
                ThrowPkiOpenSslError("BN_add_word");
            }
        }
    }
}

} // namespace

OsslPtr<BIGNUM>
RandomScalar(const BIGNUM* order, RandomSource& rng, BN_CTX* ctx)
{
    Bytes raw = rng.Get(static_cast<size_t>(BN_num_bytes(order)) + 8);
    auto x = NewBn();
    auto nMinus1 = NewBn();
    auto result = NewBn();
    if (!BN_bin2bn(raw.data(), static_cast<int>(raw.size()), x.get()) ||
        !BN_sub(nMinus1.get(), order, BN_value_one()) ||
        !BN_mod(result.get(), x.get(), nMinus1.get(), ctx) || !BN_add_word(result.get(), 1))
    {
        ThrowPkiOpenSslError("random scalar");
    }
    OPENSSL_cleanse(raw.data(), raw.size());
    return result;
}

EVP_PKEY*
GenerateEcdsaKey(KeyType type, RandomSource& rng)
{
    bool p256 = type == KeyType::EcdsaP256;
    OsslPtr<BN_CTX> ctx(BN_CTX_new());
    OsslPtr<EC_GROUP> group(
        EC_GROUP_new_by_curve_name(p256 ? NID_X9_62_prime256v1 : NID_secp384r1));
    if (!ctx || !group)
    {
        ThrowPkiOpenSslError("EC group");
    }
    auto d = RandomScalar(EC_GROUP_get0_order(group.get()), rng, ctx.get());
    OsslPtr<EC_POINT> q(EC_POINT_new(group.get()));
    if (!q || !EC_POINT_mul(group.get(), q.get(), d.get(), nullptr, nullptr, ctx.get()))
    {
        ThrowPkiOpenSslError("EC public point");
    }
    size_t size = EC_POINT_point2oct(
        group.get(), q.get(), POINT_CONVERSION_UNCOMPRESSED, nullptr, 0, ctx.get());
    Bytes point(size);
    if (size == 0 || EC_POINT_point2oct(group.get(),
                                        q.get(),
                                        POINT_CONVERSION_UNCOMPRESSED,
                                        point.data(),
                                        point.size(),
                                        ctx.get()) != size)
    {
        ThrowPkiOpenSslError("EC point encoding");
    }
    PkiPtr<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        !OSSL_PARAM_BLD_push_utf8_string(
            builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, p256 ? "P-256" : "P-384", 0) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) ||
        !OSSL_PARAM_BLD_push_octet_string(
            builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
    {
        ThrowPkiOpenSslError("EC key parameters");
    }
    return FromData("EC", builder.get());
}

EVP_PKEY*
GenerateRsaKey(RandomSource& rng)
{
    OsslPtr<BN_CTX> ctx(BN_CTX_new());
    auto e = NewBn();
    if (!ctx || !BN_set_word(e.get(), RSA_F4))
    {
        ThrowPkiOpenSslError("RSA set-up");
    }
    auto p = SearchPrime(rng, e.get(), ctx.get());
    auto q = SearchPrime(rng, e.get(), ctx.get());
    while (BN_cmp(p.get(), q.get()) == 0)
    {
        q = SearchPrime(rng, e.get(), ctx.get());
    }
    if (BN_cmp(p.get(), q.get()) < 0)
    {
        std::swap(p, q); // p > q, as PKCS#1 keys usually are (qInv = q^-1 mod p)
    }
    auto n = NewBn();
    auto p1 = NewBn();
    auto q1 = NewBn();
    auto gcd = NewBn();
    auto lambda = NewBn();
    auto d = NewBn();
    auto dmp1 = NewBn();
    auto dmq1 = NewBn();
    auto iqmp = NewBn();
    // d = e^-1 mod lcm(p - 1, q - 1) (FIPS 186-4 B.3.1; the smallest d that works).
    if (!BN_mul(n.get(), p.get(), q.get(), ctx.get()) ||
        !BN_sub(p1.get(), p.get(), BN_value_one()) || !BN_sub(q1.get(), q.get(), BN_value_one()) ||
        !BN_gcd(gcd.get(), p1.get(), q1.get(), ctx.get()) ||
        !BN_mul(lambda.get(), p1.get(), q1.get(), ctx.get()) ||
        !BN_div(lambda.get(), nullptr, lambda.get(), gcd.get(), ctx.get()) ||
        !BN_mod_inverse(d.get(), e.get(), lambda.get(), ctx.get()) ||
        !BN_mod(dmp1.get(), d.get(), p1.get(), ctx.get()) ||
        !BN_mod(dmq1.get(), d.get(), q1.get(), ctx.get()) ||
        !BN_mod_inverse(iqmp.get(), q.get(), p.get(), ctx.get()))
    {
        ThrowPkiOpenSslError("RSA key arithmetic");
    }
    PkiPtr<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dmp1.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dmq1.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, iqmp.get()))
    {
        ThrowPkiOpenSslError("RSA key parameters");
    }
    return FromData("RSA", builder.get());
}

} // namespace ipseclab::detail
