// IKEv2 payload bodies (RFC 7296 §3.3-§3.15), everything after the 4-octet generic payload
// header. One struct per layout; IkePayload pairs a body with its type and Critical bit.
#ifndef IPSECLAB_IKE_PAYLOADS_H
#define IPSECLAB_IKE_PAYLOADS_H

#include "crypto/crypto-common.h"
#include "ike/ike-constants.h"

#include <optional>
#include <variant>
#include <vector>

namespace ipseclab
{

/// Transform attribute (§3.3.6): TV (AF = 1, 2-octet value) or TLV (AF = 0, variable value).
struct IkeTransformAttribute
{
    uint16_t type = kIkeAttributeKeyLength; ///< 15 bits
    bool tv = true;
    uint16_t value = 0; ///< TV value
    Bytes data;         ///< TLV value
    bool operator==(const IkeTransformAttribute& o) const;
};

struct IkeTransform
{
    IkeTransformType type = IkeTransformType::Encryption;
    uint16_t id = 0;
    std::vector<IkeTransformAttribute> attributes;

    /// The Key Length attribute in bits, if present.
    std::optional<uint16_t> KeyLength() const;
    static IkeTransform Make(IkeTransformType type, uint16_t id,
                             std::optional<uint16_t> keyLengthBits = std::nullopt);
    bool operator==(const IkeTransform& o) const;
};

/// Proposal substructure (§3.3.1). SPI: empty for the IKE_SA_INIT proposal, 8 octets when
/// rekeying an IKE SA, 4 for AH/ESP.
struct IkeSaProposal
{
    uint8_t number = 1;
    IkeProtocolId protocol = IkeProtocolId::Ike;
    Bytes spi;
    std::vector<IkeTransform> transforms;

    /// All transforms of one type, in order.
    std::vector<const IkeTransform*> TransformsOf(IkeTransformType type) const;
    bool operator==(const IkeSaProposal& o) const;
};

struct IkeSaPayload
{
    std::vector<IkeSaProposal> proposals;
    bool operator==(const IkeSaPayload& o) const;
};

struct IkeKePayload
{
    uint16_t dhGroup = 0;
    Bytes keyExchangeData;
    bool operator==(const IkeKePayload& o) const;
};

/// IDi and IDr (§3.5).
struct IkeIdPayload
{
    IkeIdType idType = IkeIdType::Fqdn;
    Bytes data;

    /// RestOfIDPayload for the AUTH computation (§2.15): ID Type | RESERVED (3) | data.
    Bytes RestOfPayload() const;
    /// "ID_FQDN moon.strongswan.org", "ID_IPV4_ADDR 10.0.0.1", others as hex.
    std::string ToText() const;
    static IkeIdPayload Fqdn(const std::string& name);
    static IkeIdPayload Rfc822(const std::string& address);
    static IkeIdPayload Ipv4(uint32_t address);
    static IkeIdPayload KeyId(ByteSpan keyId);
    static IkeIdPayload DerDn(ByteSpan der);
    bool operator==(const IkeIdPayload& o) const;
};

/// CERT (§3.6) and CERTREQ (§3.7): encoding then certificate data / CA hashes.
struct IkeCertPayload
{
    IkeCertEncoding encoding = IkeCertEncoding::X509Signature;
    Bytes data;
    bool operator==(const IkeCertPayload& o) const;
};

/// AUTH (§3.8). For method 14 (RFC 7427) data = ASN.1 length (1) | AlgorithmIdentifier |
/// signature, see SplitDigitalSignature.
struct IkeAuthPayload
{
    IkeAuthMethod method = IkeAuthMethod::SharedKeyMic;
    Bytes data;
    bool operator==(const IkeAuthPayload& o) const;
};

struct IkeDigitalSignature
{
    Bytes algorithmIdentifier; ///< DER AlgorithmIdentifier
    Bytes signature;
};

/// RFC 7427 §3 Authentication Data; IkeParseError when the length octet exceeds the data.
IkeDigitalSignature SplitDigitalSignature(ByteSpan authData);
Bytes JoinDigitalSignature(const IkeDigitalSignature& sig);

struct IkeNoncePayload
{
    Bytes nonce;
    bool operator==(const IkeNoncePayload& o) const;
};

/// Notify (§3.10): protocol ID and SPI (empty unless the notify is about a Child SA).
struct IkeNotifyPayload
{
    IkeProtocolId protocol = IkeProtocolId::None;
    Bytes spi;
    uint16_t type = 0;
    Bytes data;

    IkeNotifyType Type() const { return static_cast<IkeNotifyType>(type); }
    static IkeNotifyPayload Make(IkeNotifyType type, Bytes data = {});
    bool operator==(const IkeNotifyPayload& o) const;
};

/// Delete (§3.11): SPI size 0 and no SPIs for the IKE SA, 4-octet SPIs for AH/ESP.
struct IkeDeletePayload
{
    IkeProtocolId protocol = IkeProtocolId::Esp;
    uint8_t spiSize = 4;
    std::vector<Bytes> spis;

    static IkeDeletePayload Ike();
    static IkeDeletePayload Esp(std::vector<uint32_t> spis);
    bool operator==(const IkeDeletePayload& o) const;
};

struct IkeVendorIdPayload
{
    Bytes vendorId;
    bool operator==(const IkeVendorIdPayload& o) const;
};

/// One traffic selector (§3.13.1). Addresses are 4 octets (TS_IPV4_ADDR_RANGE) or 16 (IPv6).
struct IkeTrafficSelector
{
    IkeTsType type = IkeTsType::Ipv4AddrRange;
    uint8_t ipProtocol = 0; ///< 0 = any
    uint16_t startPort = 0;
    uint16_t endPort = 65535;
    Bytes startAddress;
    Bytes endAddress;

    static IkeTrafficSelector Ipv4(uint32_t start, uint32_t end, uint8_t ipProtocol = 0,
                                   uint16_t startPort = 0, uint16_t endPort = 65535);
    /// "10.1.0.0-10.1.255.255 proto 0 ports 0-65535" (compact form for narration).
    std::string ToText() const;
    bool operator==(const IkeTrafficSelector& o) const;
};

/// TSi and TSr (§3.13).
struct IkeTsPayload
{
    std::vector<IkeTrafficSelector> selectors;
    bool operator==(const IkeTsPayload& o) const;
};

/// Configuration attribute (§3.15.1): R bit reserved, 15-bit type, value (may be empty in a
/// CFG_REQUEST).
struct IkeCpAttribute
{
    uint16_t type = 0;
    Bytes value;
    bool operator==(const IkeCpAttribute& o) const;
};

struct IkeCpPayload
{
    IkeCfgType cfgType = IkeCfgType::Request;
    std::vector<IkeCpAttribute> attributes;
    bool operator==(const IkeCpPayload& o) const;
};

/// A payload this codec does not decode (unknown types, EAP, SKF): the body as received.
struct IkeRawPayload
{
    Bytes body;
    bool operator==(const IkeRawPayload& o) const;
};

using IkePayloadBody =
    std::variant<IkeSaPayload, IkeKePayload, IkeIdPayload, IkeCertPayload, IkeAuthPayload,
                 IkeNoncePayload, IkeNotifyPayload, IkeDeletePayload, IkeVendorIdPayload,
                 IkeTsPayload, IkeCpPayload, IkeRawPayload>;

/// One payload of a chain. The type decides the layout (IDi and IDr share IkeIdPayload, CERT
/// and CERTREQ IkeCertPayload, TSi and TSr IkeTsPayload). SK is not a payload here: it is
/// IkeMessage's encryption of its payload list.
struct IkePayload
{
    IkePayloadType type = IkePayloadType::None;
    bool critical = false; ///< RFC 7296: zero for the payloads it defines
    IkePayloadBody body;

    template <typename T>
    const T* As() const
    {
        return std::get_if<T>(&body);
    }
    template <typename T>
    T* As()
    {
        return std::get_if<T>(&body);
    }
    /// "SA", "KE", "N(COOKIE)", "CP(CFG_REQUEST)", "UNKNOWN(99)"; nonces are "No" here,
    /// IkeMessage::Describe says Ni or Nr.
    std::string Name() const;
    bool operator==(const IkePayload& o) const;

    static IkePayload Sa(IkeSaPayload sa);
    static IkePayload Ke(uint16_t dhGroup, Bytes data);
    static IkePayload IdI(IkeIdPayload id);
    static IkePayload IdR(IkeIdPayload id);
    static IkePayload Cert(Bytes der);
    static IkePayload CertReq(Bytes caKeyHashes);
    static IkePayload Auth(IkeAuthMethod method, Bytes data);
    static IkePayload Nonce(Bytes nonce);
    static IkePayload Notify(IkeNotifyPayload notify);
    static IkePayload Notify(IkeNotifyType type, Bytes data = {});
    static IkePayload Delete(IkeDeletePayload del);
    static IkePayload VendorId(Bytes id);
    static IkePayload TsI(IkeTsPayload ts);
    static IkePayload TsR(IkeTsPayload ts);
    static IkePayload Cp(IkeCpPayload cp);
    static IkePayload Raw(uint8_t type, Bytes body, bool critical);
};

} // namespace ipseclab

#endif
