// Curve25519 for IKEv2 (RFC 8031, X25519 of RFC 7748).
#include "crypto/dh-impl.h"
#include "crypto/openssl-handles.h"

#include <openssl/err.h>

namespace ipseclab
{

namespace
{

class X25519Dh : public DhGroup
{
  public:
    X25519Dh(const DhGroupInfo& info, ByteSpan privateKey, RandomSource* rng)
        : DhGroup(info)
    {
        if (!privateKey.empty())
        {
            CheckSize("x25519 private key", 32, privateKey.size());
            m_private.assign(privateKey.begin(), privateKey.end());
        }
        else
        {
            m_private = rng->Get(32);
        }
        m_key.reset(EVP_PKEY_new_raw_private_key(
            EVP_PKEY_X25519, nullptr, m_private.data(), m_private.size()));
        m_public.resize(32);
        size_t len = m_public.size();
        if (!m_key || EVP_PKEY_get_raw_public_key(m_key.get(), m_public.data(), &len) != 1 ||
            len != 32)
        {
            ThrowOpenSslError("x25519 key set-up failed");
        }
    }

    Bytes ComputeSharedSecret(ByteSpan peerPublic) const override
    {
        CheckSize("x25519 peer public value", 32, peerPublic.size());
        OsslPtr<EVP_PKEY> peer(
            EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peerPublic.data(), 32));
        OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, m_key.get(), nullptr));
        if (!peer || !ctx || EVP_PKEY_derive_init(ctx.get()) != 1)
        {
            ThrowOpenSslError("x25519 set-up failed");
        }
        Bytes shared(32);
        size_t len = shared.size();
        // OpenSSL itself refuses an all-zero result (a small-order peer value).
        if (EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
            EVP_PKEY_derive(ctx.get(), shared.data(), &len) != 1 || len != 32)
        {
            ERR_clear_error();
            throw CryptoError("x25519: invalid peer public value (shared secret would be zero)");
        }
        uint8_t any = 0;
        for (uint8_t b : shared)
        {
            any |= b;
        }
        if (any == 0)
        {
            throw CryptoError("x25519: invalid peer public value (all-zero shared secret)");
        }
        return shared;
    }

  private:
    OsslPtr<EVP_PKEY> m_key;
};

} // namespace

std::unique_ptr<DhGroup>
MakeX25519Dh(const DhGroupInfo& info, ByteSpan privateKey, RandomSource* rng)
{
    return std::make_unique<X25519Dh>(info, privateKey, rng);
}

} // namespace ipseclab
