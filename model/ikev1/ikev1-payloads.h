// ISAKMP payloads (RFC 2408 §3.2-3.16, RFC 2407 §4.6, RFC 3947 §3): the data attributes of
// phase 1 and phase 2 transforms (TV and TLV forms) and one struct per payload body.
#ifndef IPSECLAB_IKEV1_PAYLOADS_H
#define IPSECLAB_IKEV1_PAYLOADS_H

#include "ike/ike-wire-io.h"
#include "ikev1/ikev1-constants.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ipseclab::ikev1
{

/// A data attribute: TV (AF bit set, 16-bit value) or TLV (variable octets).
struct Attribute
{
    uint16_t type = 0; // without the AF bit
    bool tv = true;
    uint16_t shortValue = 0; // TV form
    Bytes value;             // TLV form

    static Attribute Basic(uint16_t type, uint16_t value);
    static Attribute Variable(uint16_t type, Bytes value);
    /// TV when the number fits 16 bits, else TLV in the fewest octets (life durations).
    static Attribute Number(uint16_t type, uint64_t value);
    /// The value as a number; IkeParseError-free: throws std::invalid_argument past 8 octets.
    uint64_t AsNumber() const;
    bool operator==(const Attribute& o) const;
};

struct Transform
{
    uint8_t number = 1;
    uint8_t id = kTransformKeyIke;
    std::vector<Attribute> attributes;
    /// The first attribute of that type, nullptr if none.
    const Attribute* Find(uint16_t type) const;
    bool operator==(const Transform& o) const;
};

struct Proposal
{
    uint8_t number = 1;
    ProtocolId protocol = ProtocolId::Isakmp;
    Bytes spi;
    std::vector<Transform> transforms;
    bool operator==(const Proposal& o) const;
};

/// SA payload, IPsec DOI with SIT_IDENTITY_ONLY (the only situation IKE uses).
struct SaPayload
{
    uint32_t doi = kDoiIpsec;
    uint32_t situation = kSitIdentityOnly;
    std::vector<Proposal> proposals;
    bool operator==(const SaPayload& o) const;
};

/// ID payload (phase 1 IDii/IDir and Quick Mode IDci/IDcr); NAT-OA has the same layout with
/// protocol and port reserved (zero).
struct IdPayload
{
    uint8_t idType = id::kIpv4Addr;
    uint8_t protocol = 0;
    uint16_t port = 0;
    Bytes data;
    bool operator==(const IdPayload& o) const;
};

/// CERT and CR: encoding (4 = X.509 signature) and the certificate or CA name.
struct CertPayload
{
    uint8_t encoding = 4;
    Bytes data;
    bool operator==(const CertPayload& o) const;
};

struct NotifyPayload
{
    uint32_t doi = kDoiIpsec;
    ProtocolId protocol = ProtocolId::Isakmp;
    uint16_t type = 0;
    Bytes spi;
    Bytes data;
    bool operator==(const NotifyPayload& o) const;
};

struct DeletePayload
{
    uint32_t doi = kDoiIpsec;
    ProtocolId protocol = ProtocolId::Isakmp;
    uint8_t spiSize = 16; // ISAKMP SA: both cookies
    std::vector<Bytes> spis;
    bool operator==(const DeletePayload& o) const;
};

/// KE, HASH, SIG, NONCE, Vendor ID, NAT-D: opaque octets.
struct DataPayload
{
    Bytes data;
    bool operator==(const DataPayload& o) const;
};

using PayloadBody =
    std::variant<SaPayload, IdPayload, CertPayload, NotifyPayload, DeletePayload, DataPayload>;

struct Payload
{
    PayloadType type = PayloadType::None;
    PayloadBody body;
    /// The payload as received, generic header included (empty when built locally): the
    /// HASHes cover wire octets, not a re-encoding.
    Bytes wire;

    /// The body octets (after the generic header): wire when received, else encoded.
    Bytes Body() const;
    Bytes EncodeBody() const;
    template <typename T>
    const T& As() const
    {
        return std::get<T>(body);
    }
    bool operator==(const Payload& o) const { return type == o.type && body == o.body; }
};

Payload MakeSa(SaPayload sa);
Payload MakeId(IdPayload id, PayloadType type = PayloadType::Id);
Payload MakeCert(CertPayload cert, PayloadType type = PayloadType::Cert);
Payload MakeNotify(NotifyPayload notify);
Payload MakeDelete(DeletePayload del);
Payload MakeData(PayloadType type, Bytes data);

/// Decodes one body of the given type (reader spans exactly the body); IkeParseError on an
/// unknown type or malformed contents.
PayloadBody DecodeBody(PayloadType type, IkeReader& body);
const char* PayloadName(PayloadType type);
const char* ExchangeName(ExchangeType type);

} // namespace ipseclab::ikev1

#endif
