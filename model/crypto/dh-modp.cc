// MODP group 14 (RFC 3526 §3, 2048-bit prime, generator 2).
#include "crypto/dh-impl.h"
#include "crypto/openssl-handles.h"

namespace ipseclab
{

namespace
{

class ModpDh : public DhGroup
{
  public:
    ModpDh(const DhGroupInfo& info, ByteSpan privateKey, RandomSource* rng)
        : DhGroup(info)
        , m_ctx(BN_CTX_new())
        , m_p(BN_get_rfc3526_prime_2048(nullptr))
        , m_x(BN_new())
        , m_mont(BN_MONT_CTX_new())
    {
        if (!m_ctx || !m_p || !m_x || !m_mont ||
            !BN_MONT_CTX_set(m_mont.get(), m_p.get(), m_ctx.get()))
        {
            ThrowOpenSslError("MODP set-up failed");
        }
        OsslPtr<BIGNUM> pMinus1(BN_dup(m_p.get()));
        if (!pMinus1 || !BN_sub_word(pMinus1.get(), 1))
        {
            ThrowOpenSslError("MODP set-up failed");
        }
        size_t size = info.publicSize;
        if (!privateKey.empty())
        {
            if (privateKey.size() > size)
            {
                throw CryptoError(std::string(info.name) + " private key: at most " +
                                  std::to_string(size) + " octets, got " +
                                  std::to_string(privateKey.size()));
            }
            BN_bin2bn(privateKey.data(), static_cast<int>(privateKey.size()), m_x.get());
            if (!InRange(m_x.get(), pMinus1.get()))
            {
                throw CryptoError(std::string(info.name) + ": private key must be in 1 < x < p-1");
            }
        }
        else
        {
            // Rejection sampling keeps the exponent uniform in 1 < x < p-1.
            Bytes raw(size);
            do
            {
                rng->Fill(raw.data(), raw.size());
                BN_bin2bn(raw.data(), static_cast<int>(raw.size()), m_x.get());
            } while (!InRange(m_x.get(), pMinus1.get()));
        }
        m_private.resize(size);
        BN_bn2binpad(m_x.get(), m_private.data(), static_cast<int>(size));
        OsslPtr<BIGNUM> g(BN_new());
        if (!g || !BN_set_word(g.get(), 2))
        {
            ThrowOpenSslError("MODP set-up failed");
        }
        m_public = Power(g.get());
    }

    Bytes ComputeSharedSecret(ByteSpan peerPublic) const override
    {
        CheckSize(std::string(m_info->name) + " peer public value",
                  m_info->publicSize,
                  peerPublic.size());
        OsslPtr<BIGNUM> y(
            BN_bin2bn(peerPublic.data(), static_cast<int>(peerPublic.size()), nullptr));
        OsslPtr<BIGNUM> pMinus1(BN_dup(m_p.get()));
        if (!y || !pMinus1 || !BN_sub_word(pMinus1.get(), 1))
        {
            ThrowOpenSslError("MODP failed");
        }
        // RFC 2631 / SP 800-56A check: 1 < y < p-1 rules out the trivial subgroups.
        if (!InRange(y.get(), pMinus1.get()))
        {
            throw CryptoError(std::string(m_info->name) +
                              ": invalid peer public value (must be 1 < y < p-1)");
        }
        return Power(y.get());
    }

  private:
    static bool InRange(const BIGNUM* v, const BIGNUM* pMinus1)
    {
        return BN_cmp(v, BN_value_one()) > 0 && BN_cmp(v, pMinus1) < 0;
    }

    Bytes Power(const BIGNUM* base) const
    {
        OsslPtr<BIGNUM> r(BN_new());
        if (!r || !BN_mod_exp_mont_consttime(
                      r.get(), base, m_x.get(), m_p.get(), m_ctx.get(), m_mont.get()))
        {
            ThrowOpenSslError("MODP exponentiation failed");
        }
        Bytes out(m_info->publicSize);
        BN_bn2binpad(r.get(), out.data(), static_cast<int>(out.size()));
        return out;
    }

    OsslPtr<BN_CTX> m_ctx;
    OsslPtr<BIGNUM> m_p;
    OsslPtr<BIGNUM> m_x;
    OsslPtr<BN_MONT_CTX> m_mont;
};

} // namespace

std::unique_ptr<DhGroup>
MakeModpDh(const DhGroupInfo& info, ByteSpan privateKey, RandomSource* rng)
{
    return std::make_unique<ModpDh>(info, privateKey, rng);
}

} // namespace ipseclab
