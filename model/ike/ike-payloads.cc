// Small helpers of the payload structs: comparisons, factories and text forms.
#include "ike/ike-payloads.h"

#include "ike/ike-error.h"

#include <tuple>

namespace ipseclab
{

namespace
{

std::string
Ipv4Text(ByteSpan a)
{
    if (a.size() != 4)
    {
        return ToHex(a);
    }
    return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
           std::to_string(a[3]);
}

Bytes
Ipv4Bytes(uint32_t address)
{
    return {static_cast<uint8_t>(address >> 24),
            static_cast<uint8_t>(address >> 16),
            static_cast<uint8_t>(address >> 8),
            static_cast<uint8_t>(address)};
}

} // namespace

bool
IkeTransformAttribute::operator==(const IkeTransformAttribute& o) const
{
    return std::tie(type, tv, value, data) == std::tie(o.type, o.tv, o.value, o.data);
}

std::optional<uint16_t>
IkeTransform::KeyLength() const
{
    for (const auto& a : attributes)
    {
        if (a.type == kIkeAttributeKeyLength && a.tv)
        {
            return a.value;
        }
    }
    return std::nullopt;
}

IkeTransform
IkeTransform::Make(IkeTransformType type, uint16_t id, std::optional<uint16_t> keyLengthBits)
{
    IkeTransform t;
    t.type = type;
    t.id = id;
    if (keyLengthBits)
    {
        IkeTransformAttribute a;
        a.type = kIkeAttributeKeyLength;
        a.tv = true;
        a.value = *keyLengthBits;
        t.attributes.push_back(a);
    }
    return t;
}

bool
IkeTransform::operator==(const IkeTransform& o) const
{
    return std::tie(type, id, attributes) == std::tie(o.type, o.id, o.attributes);
}

std::vector<const IkeTransform*>
IkeSaProposal::TransformsOf(IkeTransformType t) const
{
    std::vector<const IkeTransform*> out;
    for (const auto& tr : transforms)
    {
        if (tr.type == t)
        {
            out.push_back(&tr);
        }
    }
    return out;
}

bool
IkeSaProposal::operator==(const IkeSaProposal& o) const
{
    return std::tie(number, protocol, spi, transforms) ==
           std::tie(o.number, o.protocol, o.spi, o.transforms);
}

bool
IkeSaPayload::operator==(const IkeSaPayload& o) const
{
    return proposals == o.proposals;
}

bool
IkeKePayload::operator==(const IkeKePayload& o) const
{
    return dhGroup == o.dhGroup && keyExchangeData == o.keyExchangeData;
}

Bytes
IkeIdPayload::RestOfPayload() const
{
    Bytes out{static_cast<uint8_t>(idType), 0, 0, 0};
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

std::string
IkeIdPayload::ToText() const
{
    std::string value;
    switch (idType)
    {
    case IkeIdType::Fqdn:
    case IkeIdType::Rfc822Addr:
        value.assign(data.begin(), data.end());
        break;
    case IkeIdType::Ipv4Addr:
        value = Ipv4Text(data);
        break;
    default:
        value = ToHex(data);
    }
    return ToString(idType) + " " + value;
}

IkeIdPayload
IkeIdPayload::Fqdn(const std::string& name)
{
    return {IkeIdType::Fqdn, Bytes(name.begin(), name.end())};
}

IkeIdPayload
IkeIdPayload::Rfc822(const std::string& address)
{
    return {IkeIdType::Rfc822Addr, Bytes(address.begin(), address.end())};
}

IkeIdPayload
IkeIdPayload::Ipv4(uint32_t address)
{
    return {IkeIdType::Ipv4Addr, Ipv4Bytes(address)};
}

IkeIdPayload
IkeIdPayload::KeyId(ByteSpan keyId)
{
    return {IkeIdType::KeyId, Bytes(keyId.begin(), keyId.end())};
}

IkeIdPayload
IkeIdPayload::DerDn(ByteSpan der)
{
    return {IkeIdType::DerAsn1Dn, Bytes(der.begin(), der.end())};
}

bool
IkeIdPayload::operator==(const IkeIdPayload& o) const
{
    return idType == o.idType && data == o.data;
}

bool
IkeCertPayload::operator==(const IkeCertPayload& o) const
{
    return encoding == o.encoding && data == o.data;
}

bool
IkeAuthPayload::operator==(const IkeAuthPayload& o) const
{
    return method == o.method && data == o.data;
}

IkeDigitalSignature
SplitDigitalSignature(ByteSpan authData)
{
    if (authData.empty())
    {
        throw IkeParseError("missing ASN.1 length octet", 0, "AUTH digital signature");
    }
    size_t n = authData[0];
    if (1 + n > authData.size())
    {
        throw IkeParseError("AlgorithmIdentifier length " + std::to_string(n) + " exceeds the " +
                                std::to_string(authData.size() - 1) + " octets left",
                            0,
                            "AUTH digital signature");
    }
    IkeDigitalSignature sig;
    sig.algorithmIdentifier.assign(authData.begin() + 1, authData.begin() + 1 + n);
    sig.signature.assign(authData.begin() + 1 + n, authData.end());
    return sig;
}

Bytes
JoinDigitalSignature(const IkeDigitalSignature& sig)
{
    if (sig.algorithmIdentifier.size() > 255)
    {
        throw IkeEncodeError("AlgorithmIdentifier longer than 255 octets");
    }
    Bytes out{static_cast<uint8_t>(sig.algorithmIdentifier.size())};
    out.insert(out.end(), sig.algorithmIdentifier.begin(), sig.algorithmIdentifier.end());
    out.insert(out.end(), sig.signature.begin(), sig.signature.end());
    return out;
}

bool
IkeNoncePayload::operator==(const IkeNoncePayload& o) const
{
    return nonce == o.nonce;
}

IkeNotifyPayload
IkeNotifyPayload::Make(IkeNotifyType type, Bytes data)
{
    IkeNotifyPayload n;
    n.type = static_cast<uint16_t>(type);
    n.data = std::move(data);
    return n;
}

bool
IkeNotifyPayload::operator==(const IkeNotifyPayload& o) const
{
    return std::tie(protocol, spi, type, data) == std::tie(o.protocol, o.spi, o.type, o.data);
}

IkeDeletePayload
IkeDeletePayload::Ike()
{
    return {IkeProtocolId::Ike, 0, {}};
}

IkeDeletePayload
IkeDeletePayload::Esp(std::vector<uint32_t> spis)
{
    IkeDeletePayload d{IkeProtocolId::Esp, 4, {}};
    for (uint32_t spi : spis)
    {
        d.spis.push_back(Ipv4Bytes(spi)); // 4 octets big-endian, same layout as an address
    }
    return d;
}

bool
IkeDeletePayload::operator==(const IkeDeletePayload& o) const
{
    return std::tie(protocol, spiSize, spis) == std::tie(o.protocol, o.spiSize, o.spis);
}

bool
IkeVendorIdPayload::operator==(const IkeVendorIdPayload& o) const
{
    return vendorId == o.vendorId;
}

IkeTrafficSelector
IkeTrafficSelector::Ipv4(uint32_t start, uint32_t end, uint8_t ipProtocol, uint16_t startPort,
                         uint16_t endPort)
{
    IkeTrafficSelector ts;
    ts.type = IkeTsType::Ipv4AddrRange;
    ts.ipProtocol = ipProtocol;
    ts.startPort = startPort;
    ts.endPort = endPort;
    ts.startAddress = Ipv4Bytes(start);
    ts.endAddress = Ipv4Bytes(end);
    return ts;
}

std::string
IkeTrafficSelector::ToText() const
{
    return Ipv4Text(startAddress) + "-" + Ipv4Text(endAddress) + " proto " +
           std::to_string(ipProtocol) + " ports " + std::to_string(startPort) + "-" +
           std::to_string(endPort);
}

bool
IkeTrafficSelector::operator==(const IkeTrafficSelector& o) const
{
    return std::tie(type, ipProtocol, startPort, endPort, startAddress, endAddress) ==
           std::tie(o.type, o.ipProtocol, o.startPort, o.endPort, o.startAddress, o.endAddress);
}

bool
IkeTsPayload::operator==(const IkeTsPayload& o) const
{
    return selectors == o.selectors;
}

bool
IkeCpAttribute::operator==(const IkeCpAttribute& o) const
{
    return type == o.type && value == o.value;
}

bool
IkeCpPayload::operator==(const IkeCpPayload& o) const
{
    return cfgType == o.cfgType && attributes == o.attributes;
}

bool
IkeRawPayload::operator==(const IkeRawPayload& o) const
{
    return body == o.body;
}

std::string
IkePayload::Name() const
{
    if (auto n = As<IkeNotifyPayload>())
    {
        return "N(" + ToString(n->Type()) + ")";
    }
    if (auto cp = As<IkeCpPayload>())
    {
        return "CP(" + ToString(cp->cfgType) + ")";
    }
    if (type == IkePayloadType::Nonce)
    {
        return "No";
    }
    return ToString(type);
}

bool
IkePayload::operator==(const IkePayload& o) const
{
    return type == o.type && critical == o.critical && body == o.body;
}

namespace
{

IkePayload
Make(IkePayloadType type, IkePayloadBody body)
{
    IkePayload p;
    p.type = type;
    p.body = std::move(body);
    return p;
}

} // namespace

IkePayload
IkePayload::Sa(IkeSaPayload sa)
{
    return Make(IkePayloadType::Sa, std::move(sa));
}

IkePayload
IkePayload::Ke(uint16_t dhGroup, Bytes data)
{
    return Make(IkePayloadType::Ke, IkeKePayload{dhGroup, std::move(data)});
}

IkePayload
IkePayload::IdI(IkeIdPayload id)
{
    return Make(IkePayloadType::IdI, std::move(id));
}

IkePayload
IkePayload::IdR(IkeIdPayload id)
{
    return Make(IkePayloadType::IdR, std::move(id));
}

IkePayload
IkePayload::Cert(Bytes der)
{
    return Make(IkePayloadType::Cert,
                IkeCertPayload{IkeCertEncoding::X509Signature, std::move(der)});
}

IkePayload
IkePayload::CertReq(Bytes caKeyHashes)
{
    return Make(IkePayloadType::CertReq,
                IkeCertPayload{IkeCertEncoding::X509Signature, std::move(caKeyHashes)});
}

IkePayload
IkePayload::Auth(IkeAuthMethod method, Bytes data)
{
    return Make(IkePayloadType::Auth, IkeAuthPayload{method, std::move(data)});
}

IkePayload
IkePayload::Nonce(Bytes nonce)
{
    return Make(IkePayloadType::Nonce, IkeNoncePayload{std::move(nonce)});
}

IkePayload
IkePayload::Notify(IkeNotifyPayload notify)
{
    return Make(IkePayloadType::Notify, std::move(notify));
}

IkePayload
IkePayload::Notify(IkeNotifyType type, Bytes data)
{
    return Notify(IkeNotifyPayload::Make(type, std::move(data)));
}

IkePayload
IkePayload::Delete(IkeDeletePayload del)
{
    return Make(IkePayloadType::Delete, std::move(del));
}

IkePayload
IkePayload::VendorId(Bytes id)
{
    return Make(IkePayloadType::VendorId, IkeVendorIdPayload{std::move(id)});
}

IkePayload
IkePayload::TsI(IkeTsPayload ts)
{
    return Make(IkePayloadType::TsI, std::move(ts));
}

IkePayload
IkePayload::TsR(IkeTsPayload ts)
{
    return Make(IkePayloadType::TsR, std::move(ts));
}

IkePayload
IkePayload::Cp(IkeCpPayload cp)
{
    return Make(IkePayloadType::Cp, std::move(cp));
}

IkePayload
IkePayload::Raw(uint8_t type, Bytes body, bool critical)
{
    IkePayload p = Make(static_cast<IkePayloadType>(type), IkeRawPayload{std::move(body)});
    p.critical = critical;
    return p;
}

} // namespace ipseclab
