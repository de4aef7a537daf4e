// IKEv1 numbers: ISAKMP (RFC 2408 §3), the IPsec DOI (RFC 2407 §4), IKE attributes (RFC 2409
// Appendix A), NAT-T payloads and encapsulation modes (RFC 3947) and DPD notifies (RFC 3706).
#ifndef IPSECLAB_IKEV1_CONSTANTS_H
#define IPSECLAB_IKEV1_CONSTANTS_H

#include <cstdint>

namespace ipseclab::ikev1
{

constexpr uint8_t kVersion = 0x10; // major 1, minor 0
constexpr size_t kHeaderSize = 28;
constexpr size_t kGenericHeaderSize = 4;
constexpr uint32_t kDoiIpsec = 1;
constexpr uint32_t kSitIdentityOnly = 1;

enum class PayloadType : uint8_t
{
    None = 0,
    Sa = 1,
    Proposal = 2,
    Transform = 3,
    Ke = 4,
    Id = 5,
    Cert = 6,
    Cr = 7,
    Hash = 8,
    Sig = 9,
    Nonce = 10,
    Notification = 11,
    Delete = 12,
    VendorId = 13,
    NatD = 20,  // RFC 3947
    NatOa = 21, // RFC 3947
};

enum class ExchangeType : uint8_t
{
    Base = 1,
    Main = 2, // Identity Protection
    AuthOnly = 3,
    Aggressive = 4,
    Informational = 5,
    Quick = 32, // RFC 2409
};

namespace flags
{
constexpr uint8_t kEncryption = 0x01;
constexpr uint8_t kCommit = 0x02;
constexpr uint8_t kAuthOnly = 0x04;
} // namespace flags

enum class ProtocolId : uint8_t
{
    Isakmp = 1,
    Ah = 2,
    Esp = 3,
    IpComp = 4,
};

constexpr uint8_t kTransformKeyIke = 1;

// Phase 1 attribute classes (RFC 2409 Appendix A).
namespace p1
{
constexpr uint16_t kEncryption = 1;
constexpr uint16_t kHash = 2;
constexpr uint16_t kAuthMethod = 3;
constexpr uint16_t kGroup = 4;
constexpr uint16_t kLifeType = 11;
constexpr uint16_t kLifeDuration = 12;
constexpr uint16_t kKeyLength = 14;
// Values.
constexpr uint16_t kEncrDes = 1;
constexpr uint16_t kEncr3Des = 5;
constexpr uint16_t kEncrAes = 7; // RFC 3602
constexpr uint16_t kHashMd5 = 1;
constexpr uint16_t kHashSha1 = 2;
constexpr uint16_t kHashSha256 = 4; // RFC 4878 registry
constexpr uint16_t kHashSha384 = 5;
constexpr uint16_t kHashSha512 = 6;
constexpr uint16_t kAuthPsk = 1;
constexpr uint16_t kAuthRsaSig = 3;
} // namespace p1

// Phase 2 (IPsec DOI) SA attributes (RFC 2407 §4.5).
namespace p2
{
constexpr uint16_t kLifeType = 1;
constexpr uint16_t kLifeDuration = 2;
constexpr uint16_t kGroup = 3;
constexpr uint16_t kEncapsulation = 4;
constexpr uint16_t kAuthAlgorithm = 5;
constexpr uint16_t kKeyLength = 6;
// Values.
constexpr uint16_t kEncapTunnel = 1;
constexpr uint16_t kEncapTransport = 2;
constexpr uint16_t kEncapUdpTunnel = 3;    // RFC 3947
constexpr uint16_t kEncapUdpTransport = 4; // RFC 3947
constexpr uint16_t kAuthHmacMd5 = 1;
constexpr uint16_t kAuthHmacSha1 = 2;
constexpr uint16_t kAuthHmacSha256 = 5;
constexpr uint16_t kAuthHmacSha384 = 6;
constexpr uint16_t kAuthHmacSha512 = 7;
// ESP transform IDs (RFC 2407 §4.4.4).
constexpr uint8_t kEsp3Des = 3;
constexpr uint8_t kEspNull = 11;
constexpr uint8_t kEspAes = 12;
constexpr uint8_t kEspAesGcm16 = 20;
} // namespace p2

// Life types, shared by both phases.
constexpr uint16_t kLifeSeconds = 1;
constexpr uint16_t kLifeKilobytes = 2;

// Identification types (RFC 2407 §4.6.2.1).
namespace id
{
constexpr uint8_t kIpv4Addr = 1;
constexpr uint8_t kFqdn = 2;
constexpr uint8_t kUserFqdn = 3;
constexpr uint8_t kIpv4Subnet = 4;
constexpr uint8_t kIpv6Addr = 5;
constexpr uint8_t kIpv6Subnet = 6;
constexpr uint8_t kIpv4Range = 7;
constexpr uint8_t kIpv6Range = 8;
constexpr uint8_t kDerAsn1Dn = 9;
constexpr uint8_t kKeyId = 11;
} // namespace id

// Notify message types (RFC 2408 §3.14.1, RFC 2407 §4.6.3, RFC 3706).
namespace notify
{
constexpr uint16_t kInvalidPayloadType = 1;
constexpr uint16_t kInvalidCookie = 4;
constexpr uint16_t kInvalidExchangeType = 7;
constexpr uint16_t kInvalidFlags = 8;
constexpr uint16_t kInvalidMessageId = 9;
constexpr uint16_t kInvalidSpi = 11;
constexpr uint16_t kNoProposalChosen = 14;
constexpr uint16_t kPayloadMalformed = 16;
constexpr uint16_t kInvalidKeyInformation = 17;
constexpr uint16_t kInvalidIdInformation = 18;
constexpr uint16_t kInvalidHashInformation = 23;
constexpr uint16_t kAuthenticationFailed = 24;
constexpr uint16_t kResponderLifetime = 24576;
constexpr uint16_t kReplayStatus = 24577;
constexpr uint16_t kInitialContact = 24578;
constexpr uint16_t kRUThere = 36136;
constexpr uint16_t kRUThereAck = 36137;
} // namespace notify

} // namespace ipseclab::ikev1

#endif
