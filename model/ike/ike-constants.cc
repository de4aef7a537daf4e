#include "ike/ike-constants.h"

namespace ipseclab
{

namespace
{

std::string
Unknown(unsigned value)
{
    return "UNKNOWN(" + std::to_string(value) + ")";
}

} // namespace

std::string
ToString(IkeExchangeType type)
{
    switch (type)
    {
    case IkeExchangeType::IkeSaInit:
        return "IKE_SA_INIT";
    case IkeExchangeType::IkeAuth:
        return "IKE_AUTH";
    case IkeExchangeType::CreateChildSa:
        return "CREATE_CHILD_SA";
    case IkeExchangeType::Informational:
        return "INFORMATIONAL";
    }
    return Unknown(static_cast<unsigned>(type));
}

std::string
ToString(IkePayloadType type)
{
    switch (type)
    {
    case IkePayloadType::None:
        return "NONE";
    case IkePayloadType::Sa:
        return "SA";
    case IkePayloadType::Ke:
        return "KE";
    case IkePayloadType::IdI:
        return "IDi";
    case IkePayloadType::IdR:
        return "IDr";
    case IkePayloadType::Cert:
        return "CERT";
    case IkePayloadType::CertReq:
        return "CERTREQ";
    case IkePayloadType::Auth:
        return "AUTH";
    case IkePayloadType::Nonce:
        return "Nonce";
    case IkePayloadType::Notify:
        return "N";
    case IkePayloadType::Delete:
        return "D";
    case IkePayloadType::VendorId:
        return "V";
    case IkePayloadType::TsI:
        return "TSi";
    case IkePayloadType::TsR:
        return "TSr";
    case IkePayloadType::Encrypted:
        return "SK";
    case IkePayloadType::Cp:
        return "CP";
    case IkePayloadType::Eap:
        return "EAP";
    case IkePayloadType::EncryptedFragment:
        return "SKF";
    }
    return Unknown(static_cast<unsigned>(type));
}

std::string
ToString(IkeProtocolId id)
{
    switch (id)
    {
    case IkeProtocolId::None:
        return "NONE";
    case IkeProtocolId::Ike:
        return "IKE";
    case IkeProtocolId::Ah:
        return "AH";
    case IkeProtocolId::Esp:
        return "ESP";
    }
    return Unknown(static_cast<unsigned>(id));
}

std::string
ToString(IkeTransformType type)
{
    switch (type)
    {
    case IkeTransformType::Encryption:
        return "ENCR";
    case IkeTransformType::Prf:
        return "PRF";
    case IkeTransformType::Integrity:
        return "INTEG";
    case IkeTransformType::DhGroup:
        return "DH";
    case IkeTransformType::Esn:
        return "ESN";
    }
    return Unknown(static_cast<unsigned>(type));
}

std::string
ToString(IkeIdType type)
{
    switch (type)
    {
    case IkeIdType::Ipv4Addr:
        return "ID_IPV4_ADDR";
    case IkeIdType::Fqdn:
        return "ID_FQDN";
    case IkeIdType::Rfc822Addr:
        return "ID_RFC822_ADDR";
    case IkeIdType::Ipv6Addr:
        return "ID_IPV6_ADDR";
    case IkeIdType::DerAsn1Dn:
        return "ID_DER_ASN1_DN";
    case IkeIdType::DerAsn1Gn:
        return "ID_DER_ASN1_GN";
    case IkeIdType::KeyId:
        return "ID_KEY_ID";
    }
    return Unknown(static_cast<unsigned>(type));
}

std::string
ToString(IkeAuthMethod method)
{
    switch (method)
    {
    case IkeAuthMethod::RsaSignature:
        return "RSA_DIGITAL_SIGNATURE";
    case IkeAuthMethod::SharedKeyMic:
        return "SHARED_KEY_MESSAGE_INTEGRITY_CODE";
    case IkeAuthMethod::DssSignature:
        return "DSS_DIGITAL_SIGNATURE";
    case IkeAuthMethod::EcdsaSha256P256:
        return "ECDSA_SHA256_P256";
    case IkeAuthMethod::EcdsaSha384P384:
        return "ECDSA_SHA384_P384";
    case IkeAuthMethod::EcdsaSha512P521:
        return "ECDSA_SHA512_P521";
    case IkeAuthMethod::DigitalSignature:
        return "DIGITAL_SIGNATURE";
    }
    return Unknown(static_cast<unsigned>(method));
}

std::string
ToString(IkeNotifyType type)
{
    switch (type)
    {
    case IkeNotifyType::UnsupportedCriticalPayload:
        return "UNSUPPORTED_CRITICAL_PAYLOAD";
    case IkeNotifyType::InvalidIkeSpi:
        return "INVALID_IKE_SPI";
    case IkeNotifyType::InvalidMajorVersion:
        return "INVALID_MAJOR_VERSION";
    case IkeNotifyType::InvalidSyntax:
        return "INVALID_SYNTAX";
    case IkeNotifyType::InvalidMessageId:
        return "INVALID_MESSAGE_ID";
    case IkeNotifyType::InvalidSpi:
        return "INVALID_SPI";
    case IkeNotifyType::NoProposalChosen:
        return "NO_PROPOSAL_CHOSEN";
    case IkeNotifyType::InvalidKePayload:
        return "INVALID_KE_PAYLOAD";
    case IkeNotifyType::AuthenticationFailed:
        return "AUTHENTICATION_FAILED";
    case IkeNotifyType::SinglePairRequired:
        return "SINGLE_PAIR_REQUIRED";
    case IkeNotifyType::NoAdditionalSas:
        return "NO_ADDITIONAL_SAS";
    case IkeNotifyType::InternalAddressFailure:
        return "INTERNAL_ADDRESS_FAILURE";
    case IkeNotifyType::FailedCpRequired:
        return "FAILED_CP_REQUIRED";
    case IkeNotifyType::TsUnacceptable:
        return "TS_UNACCEPTABLE";
    case IkeNotifyType::InvalidSelectors:
        return "INVALID_SELECTORS";
    case IkeNotifyType::TemporaryFailure:
        return "TEMPORARY_FAILURE";
    case IkeNotifyType::ChildSaNotFound:
        return "CHILD_SA_NOT_FOUND";
    case IkeNotifyType::InitialContact:
        return "INITIAL_CONTACT";
    case IkeNotifyType::SetWindowSize:
        return "SET_WINDOW_SIZE";
    case IkeNotifyType::AdditionalTsPossible:
        return "ADDITIONAL_TS_POSSIBLE";
    case IkeNotifyType::IpcompSupported:
        return "IPCOMP_SUPPORTED";
    case IkeNotifyType::NatDetectionSourceIp:
        return "NAT_DETECTION_SOURCE_IP";
    case IkeNotifyType::NatDetectionDestinationIp:
        return "NAT_DETECTION_DESTINATION_IP";
    case IkeNotifyType::Cookie:
        return "COOKIE";
    case IkeNotifyType::UseTransportMode:
        return "USE_TRANSPORT_MODE";
    case IkeNotifyType::HttpCertLookupSupported:
        return "HTTP_CERT_LOOKUP_SUPPORTED";
    case IkeNotifyType::RekeySa:
        return "REKEY_SA";
    case IkeNotifyType::EspTfcPaddingNotSupported:
        return "ESP_TFC_PADDING_NOT_SUPPORTED";
    case IkeNotifyType::NonFirstFragmentsAlso:
        return "NON_FIRST_FRAGMENTS_ALSO";
    case IkeNotifyType::MultipleAuthSupported:
        return "MULTIPLE_AUTH_SUPPORTED";
    case IkeNotifyType::SignatureHashAlgorithms:
        return "SIGNATURE_HASH_ALGORITHMS";
    }
    return std::to_string(static_cast<unsigned>(type));
}

std::string
ToString(IkeCfgType type)
{
    switch (type)
    {
    case IkeCfgType::Request:
        return "CFG_REQUEST";
    case IkeCfgType::Reply:
        return "CFG_REPLY";
    case IkeCfgType::Set:
        return "CFG_SET";
    case IkeCfgType::Ack:
        return "CFG_ACK";
    }
    return Unknown(static_cast<unsigned>(type));
}

bool
IsKnownPayloadType(uint8_t type)
{
    // SKF and EAP have numbers but no decoder here: they travel as raw payloads.
    return (type >= 33 && type <= 47);
}

} // namespace ipseclab
