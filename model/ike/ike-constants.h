// IKEv2 numbers (RFC 7296 §3 and the IANA IKEv2 registries) and their names.
// Enums are open: any wire value can be stored by static_cast, ToString gives "UNKNOWN(n)".
#ifndef IPSECLAB_IKE_CONSTANTS_H
#define IPSECLAB_IKE_CONSTANTS_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace ipseclab
{

inline constexpr size_t kIkeHeaderSize = 28;
inline constexpr size_t kIkeGenericHeaderSize = 4;
inline constexpr uint16_t kIkePort = 500;
inline constexpr uint16_t kIkeNatTPort = 4500;

enum class IkeExchangeType : uint8_t
{
    IkeSaInit = 34,
    IkeAuth = 35,
    CreateChildSa = 36,
    Informational = 37,
};

/// Header flags (RFC 7296 §3.1).
inline constexpr uint8_t kIkeFlagInitiator = 0x08;
inline constexpr uint8_t kIkeFlagVersion = 0x10;
inline constexpr uint8_t kIkeFlagResponse = 0x20;

enum class IkePayloadType : uint8_t
{
    None = 0,
    Sa = 33,
    Ke = 34,
    IdI = 35,
    IdR = 36,
    Cert = 37,
    CertReq = 38,
    Auth = 39,
    Nonce = 40,
    Notify = 41,
    Delete = 42,
    VendorId = 43,
    TsI = 44,
    TsR = 45,
    Encrypted = 46, // SK
    Cp = 47,
    Eap = 48,
    EncryptedFragment = 53, // SKF, RFC 7383 (not decoded here)
};

/// Security protocol IDs (proposals, Notify, Delete).
enum class IkeProtocolId : uint8_t
{
    None = 0,
    Ike = 1,
    Ah = 2,
    Esp = 3,
};

enum class IkeTransformType : uint8_t
{
    Encryption = 1,
    Prf = 2,
    Integrity = 3,
    DhGroup = 4,
    Esn = 5,
};

inline constexpr uint16_t kIkeAttributeKeyLength = 14; // TV attribute (AF = 1)

enum class IkeIdType : uint8_t
{
    Ipv4Addr = 1,
    Fqdn = 2,
    Rfc822Addr = 3,
    Ipv6Addr = 5,
    DerAsn1Dn = 9,
    DerAsn1Gn = 10,
    KeyId = 11,
};

enum class IkeCertEncoding : uint8_t
{
    X509Signature = 4,
};

enum class IkeAuthMethod : uint8_t
{
    RsaSignature = 1,
    SharedKeyMic = 2,
    DssSignature = 3,
    EcdsaSha256P256 = 9, // RFC 4754
    EcdsaSha384P384 = 10,
    EcdsaSha512P521 = 11,
    DigitalSignature = 14, // RFC 7427
};

enum class IkeNotifyType : uint16_t
{
    UnsupportedCriticalPayload = 1,
    InvalidIkeSpi = 4,
    InvalidMajorVersion = 5,
    InvalidSyntax = 7,
    InvalidMessageId = 9,
    InvalidSpi = 11,
    NoProposalChosen = 14,
    InvalidKePayload = 17,
    AuthenticationFailed = 24,
    SinglePairRequired = 34,
    NoAdditionalSas = 35,
    InternalAddressFailure = 36,
    FailedCpRequired = 37,
    TsUnacceptable = 38,
    InvalidSelectors = 39,
    TemporaryFailure = 43,
    ChildSaNotFound = 44,
    InitialContact = 16384,
    SetWindowSize = 16385,
    AdditionalTsPossible = 16386,
    IpcompSupported = 16387,
    NatDetectionSourceIp = 16388,
    NatDetectionDestinationIp = 16389,
    Cookie = 16390,
    UseTransportMode = 16391,
    HttpCertLookupSupported = 16392,
    RekeySa = 16393,
    EspTfcPaddingNotSupported = 16394,
    NonFirstFragmentsAlso = 16395,
    MultipleAuthSupported = 16404,
    SignatureHashAlgorithms = 16431,
};

/// Notify types below 16384 are errors (RFC 7296 §3.10.1).
inline bool
IsErrorNotify(uint16_t type)
{
    return type < 16384;
}

enum class IkeTsType : uint8_t
{
    Ipv4AddrRange = 7,
    Ipv6AddrRange = 8,
};

enum class IkeCfgType : uint8_t
{
    Request = 1,
    Reply = 2,
    Set = 3,
    Ack = 4,
};

enum class IkeCfgAttributeType : uint16_t
{
    InternalIp4Address = 1,
    InternalIp4Netmask = 2,
    InternalIp4Dns = 3,
};

std::string ToString(IkeExchangeType type);
/// "SA", "KE", "IDi", "N", "SK", ... ("UNKNOWN(99)" otherwise).
std::string ToString(IkePayloadType type);
std::string ToString(IkeProtocolId id);
std::string ToString(IkeTransformType type);
std::string ToString(IkeIdType type);
std::string ToString(IkeAuthMethod method);
/// "NAT_DETECTION_SOURCE_IP", ... (the number when unknown).
std::string ToString(IkeNotifyType type);
std::string ToString(IkeCfgType type);

/// True for the payload types this codec decodes (everything else is kept raw).
bool IsKnownPayloadType(uint8_t type);

} // namespace ipseclab

#endif
