#include "crypto/dh-group.h"

#include "crypto/dh-impl.h"

namespace ipseclab
{

DhGroup::DhGroup(const DhGroupInfo& info)
    : m_info(&info)
{
}

static std::unique_ptr<DhGroup>
Make(const DhGroupInfo& group, ByteSpan privateKey, RandomSource* rng)
{
    switch (group.kind)
    {
    case DhKind::Modp:
        return MakeModpDh(group, privateKey, rng);
    case DhKind::Ecp:
        return MakeEcpDh(group, privateKey, rng);
    case DhKind::X25519:
        return MakeX25519Dh(group, privateKey, rng);
    }
    throw CryptoError("unsupported Diffie-Hellman group " + std::string(group.name));
}

std::unique_ptr<DhGroup>
DhGroup::Create(const DhGroupInfo& group, RandomSource& rng)
{
    return Make(group, {}, &rng);
}

std::unique_ptr<DhGroup>
DhGroup::Create(std::string_view name, RandomSource& rng)
{
    return Create(FindDhGroup(name), rng);
}

std::unique_ptr<DhGroup>
DhGroup::FromPrivateKey(const DhGroupInfo& group, ByteSpan privateKey)
{
    if (privateKey.empty())
    {
        throw CryptoError(std::string(group.name) + ": empty private key");
    }
    return Make(group, privateKey, nullptr);
}

std::unique_ptr<DhGroup>
DhGroup::FromPrivateKey(std::string_view name, ByteSpan privateKey)
{
    return FromPrivateKey(FindDhGroup(name), privateKey);
}

} // namespace ipseclab
