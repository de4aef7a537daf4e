// NIST P-256 and P-384 (RFC 5903): public value x | y, shared secret the x coordinate.
#include "crypto/dh-impl.h"
#include "crypto/openssl-handles.h"

#include <openssl/err.h>

namespace ipseclab
{

namespace
{

class EcpDh : public DhGroup
{
  public:
    EcpDh(const DhGroupInfo& info, ByteSpan privateKey, RandomSource* rng)
        : DhGroup(info)
        , m_ctx(BN_CTX_new())
        , m_group(EC_GROUP_new_by_curve_name(info.curveNid))
        , m_d(BN_new())
    {
        if (!m_ctx || !m_group || !m_d)
        {
            ThrowOpenSslError(std::string(info.name) + " set-up failed");
        }
        size_t size = info.sharedSize;
        const BIGNUM* order = EC_GROUP_get0_order(m_group.get());
        if (!privateKey.empty())
        {
            CheckSize(std::string(info.name) + " private key", size, privateKey.size());
            BN_bin2bn(privateKey.data(), static_cast<int>(size), m_d.get());
            if (BN_is_zero(m_d.get()) || BN_cmp(m_d.get(), order) >= 0)
            {
                throw CryptoError(std::string(info.name) + ": private key must be in 1..n-1");
            }
        }
        else
        {
            Bytes raw(size);
            do
            {
                rng->Fill(raw.data(), raw.size());
                BN_bin2bn(raw.data(), static_cast<int>(size), m_d.get());
            } while (BN_is_zero(m_d.get()) || BN_cmp(m_d.get(), order) >= 0);
        }
        m_private.resize(size);
        BN_bn2binpad(m_d.get(), m_private.data(), static_cast<int>(size));
        OsslPtr<EC_POINT> q(EC_POINT_new(m_group.get()));
        if (!q || !EC_POINT_mul(m_group.get(), q.get(), m_d.get(), nullptr, nullptr, m_ctx.get()))
        {
            ThrowOpenSslError(std::string(info.name) + " public key failed");
        }
        m_public = Encode(q.get(), true);
    }

    Bytes ComputeSharedSecret(ByteSpan peerPublic) const override
    {
        std::string name(m_info->name);
        CheckSize(name + " peer public value (x | y)", m_info->publicSize, peerPublic.size());
        size_t half = m_info->sharedSize;
        OsslPtr<BIGNUM> x(BN_bin2bn(peerPublic.data(), static_cast<int>(half), nullptr));
        OsslPtr<BIGNUM> y(BN_bin2bn(peerPublic.data() + half, static_cast<int>(half), nullptr));
        OsslPtr<BIGNUM> p(BN_new());
        if (!x || !y || !p ||
            !EC_GROUP_get_curve(m_group.get(), p.get(), nullptr, nullptr, m_ctx.get()))
        {
            ThrowOpenSslError(name + " failed");
        }
        if (BN_cmp(x.get(), p.get()) >= 0 || BN_cmp(y.get(), p.get()) >= 0)
        {
            throw CryptoError(name + ": invalid peer public value (coordinate not below p)");
        }
        OsslPtr<EC_POINT> peer(EC_POINT_new(m_group.get()));
        // set_affine_coordinates refuses points that are not on the curve; the cofactor
        // of P-256 and P-384 is 1, so on the curve means in the right group.
        if (!peer ||
            EC_POINT_set_affine_coordinates(
                m_group.get(), peer.get(), x.get(), y.get(), m_ctx.get()) != 1 ||
            EC_POINT_is_on_curve(m_group.get(), peer.get(), m_ctx.get()) != 1)
        {
            ERR_clear_error();
            throw CryptoError(name + ": invalid peer public value (point not on the curve)");
        }
        OsslPtr<EC_POINT> shared(EC_POINT_new(m_group.get()));
        if (!shared ||
            !EC_POINT_mul(m_group.get(), shared.get(), nullptr, peer.get(), m_d.get(), m_ctx.get()))
        {
            ThrowOpenSslError(name + " shared secret failed");
        }
        if (EC_POINT_is_at_infinity(m_group.get(), shared.get()))
        {
            throw CryptoError(name + ": shared secret is the point at infinity");
        }
        return Encode(shared.get(), false);
    }

  private:
    Bytes Encode(const EC_POINT* point, bool withY) const
    {
        OsslPtr<BIGNUM> x(BN_new());
        OsslPtr<BIGNUM> y(BN_new());
        if (!x || !y ||
            !EC_POINT_get_affine_coordinates(m_group.get(), point, x.get(), y.get(), m_ctx.get()))
        {
            ThrowOpenSslError(std::string(m_info->name) + " point encoding failed");
        }
        size_t half = m_info->sharedSize;
        Bytes out(withY ? 2 * half : half);
        BN_bn2binpad(x.get(), out.data(), static_cast<int>(half));
        if (withY)
        {
            BN_bn2binpad(y.get(), out.data() + half, static_cast<int>(half));
        }
        return out;
    }

    OsslPtr<BN_CTX> m_ctx;
    OsslPtr<EC_GROUP> m_group;
    OsslPtr<BIGNUM> m_d;
};

} // namespace

std::unique_ptr<DhGroup>
MakeEcpDh(const DhGroupInfo& info, ByteSpan privateKey, RandomSource* rng)
{
    return std::make_unique<EcpDh>(info, privateKey, rng);
}

} // namespace ipseclab
