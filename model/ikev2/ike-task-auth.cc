// IKE_AUTH (RFC 7296 1.2, 2.15): identities and AUTH prove who is at the other end (a shared key,
// or a certificate and a signature: AUTH methods 1, 9 and 14), the first Child SA is negotiated
// with it. After it, IKE phase 1 (the IKE SA) is done and phase 2 (the first Child SA) is
// installed. Each direction is authenticated on its own (localAuth / remoteAuth), so one side may
// use a shared key and the other a certificate (RFC 7296 2.15 allows it).
#include "crypto/ike-key-schedule.h"
#include "datapath/ipv4-wire.h"
#include "ike/ike-helpers.h"
#include "ikev2/ike-daemon.h"
#include "pki/certificate-authority.h"
#include "pki/distinguished-name.h"
#include "pki/ike-auth.h"
#include "pki/ike-identity.h"
#include "pki/trust-store.h"

#include <ns3/ipv4.h>
#include <ns3/simulator.h>

#include <cmath>
#include <openssl/evp.h>

namespace ns3
{

using ipseclab::Bytes;
using ipseclab::IkeMessage;
using ipseclab::IkeNotifyType;
using ipseclab::IkePayload;

namespace
{

bool
IsIpv4Text(const std::string& text)
{
    try
    {
        ipseclab::ParseIpv4Address(text);
        return true;
    }
    catch (const std::exception&)
    {
        return false;
    }
}

/// "C=CH, O=Lab, CN=moon": a distinguished name (ID_DER_ASN1_DN) rather than an FQDN or email.
bool
IsDnText(const std::string& text)
{
    return text.find('=') != std::string::npos;
}

/// An ID as configured (localId / remoteId) in its payload form; `fallback` when text is empty.
ipseclab::IkeIdPayload
IdFromText(const std::string& text, uint32_t fallback)
{
    if (text.empty())
    {
        return ipseclab::IkeIdPayload::Ipv4(fallback);
    }
    if (IsIpv4Text(text))
    {
        return ipseclab::IkeIdPayload::Ipv4(ipseclab::ParseIpv4Address(text));
    }
    if (text.front() == '@')
    {
        return ipseclab::IkeIdPayload::Fqdn(text.substr(1)); // strongSwan: "@name" is an FQDN
    }
    if (IsDnText(text))
    {
        return ipseclab::IkeIdPayload::DerDn(ipseclab::DnToDer(text)); // PkiError if malformed
    }
    if (text.find('@') != std::string::npos)
    {
        return ipseclab::IkeIdPayload::Rfc822(text);
    }
    return ipseclab::IkeIdPayload::Fqdn(text);
}

/// ToText, with distinguished names written out ("ID_DER_ASN1_DN C=CH, O=Lab, CN=moon").
std::string
IdText(const ipseclab::IkeIdPayload& id)
{
    if (id.idType == ipseclab::IkeIdType::DerAsn1Dn)
    {
        try
        {
            return ipseclab::ToString(id.idType) + " " + ipseclab::DnFromDer(id.data);
        }
        catch (const std::exception&)
        {
        }
    }
    return id.ToText();
}

/// Is `id` the identity the connection expects of the peer (remoteId; empty: any)?
bool
RemoteIdMatches(const std::string& wanted, const ipseclab::IkeIdPayload& id)
{
    if (wanted.empty() || wanted == id.ToText() ||
        (wanted.front() == '@' && wanted.substr(1) == id.ToText()))
    {
        return true;
    }
    try
    {
        ipseclab::IkeIdPayload expected = IdFromText(wanted, 0);
        if (expected.idType != id.idType)
        {
            return false;
        }
        if (id.idType == ipseclab::IkeIdType::DerAsn1Dn)
        {
            return ipseclab::DnFromDer(expected.data) == ipseclab::DnFromDer(id.data);
        }
        return expected.data == id.data;
    }
    catch (const std::exception&)
    {
        return false;
    }
}

bool
IsSignatureMethod(ipseclab::IkeAuthMethod method)
{
    return method == ipseclab::IkeAuthMethod::RsaSignature ||
           method == ipseclab::IkeAuthMethod::EcdsaSha256P256 ||
           method == ipseclab::IkeAuthMethod::DigitalSignature;
}

std::string
MethodName(ipseclab::IkeAuthMethod method)
{
    switch (method)
    {
    case ipseclab::IkeAuthMethod::SharedKeyMic:
        return "shared key MIC";
    case ipseclab::IkeAuthMethod::RsaSignature:
    case ipseclab::IkeAuthMethod::EcdsaSha256P256:
    case ipseclab::IkeAuthMethod::DigitalSignature:
        return ipseclab::SignatureMethodName(method);
    default:
        return ipseclab::ToString(method);
    }
}

/// RFC 7296 3.7: CERTREQ's Certification Authority field is SHA-1 of each trusted CA's
/// SubjectPublicKeyInfo, concatenated.
Bytes
CaKeyHashes(const std::vector<ipseclab::Certificate>& cas)
{
    Bytes out;
    for (const auto& ca : cas)
    {
        const Bytes spki = ca.GetPublicKey().ToDer();
        uint8_t digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (EVP_Digest(spki.data(), spki.size(), digest, &length, EVP_sha1(), nullptr) == 1)
        {
            out.insert(out.end(), digest, digest + length);
        }
    }
    return out;
}

/// The verification time of certificates: kPkiEpoch + simulation seconds (reproducible).
int64_t
PkiNow()
{
    return ipseclab::kPkiEpoch + static_cast<int64_t>(std::floor(Simulator::Now().GetSeconds()));
}

/// The outcome of checking a peer's certificate and signature AUTH.
struct PubkeyVerdict
{
    bool ok = false;
    std::string reason;
    std::string subject;
    std::string issuer;
};

/// RFC 7296 2.15 / 3.6 / 3.8: the peer's first CERT must chain to a trusted CA at the
/// simulation's time, vouch for its ID (RFC 4945 3.1) and verify its AUTH over signedOctets.
/// Never throws (peer input).
PubkeyVerdict
VerifyPubkeyAuth(const ipseclab::IkeConfig& config, const IkeMessage& message,
                 const ipseclab::IkeIdPayload& id, const ipseclab::IkeAuthPayload& auth,
                 const Bytes& signedOctets)
{
    PubkeyVerdict v;
    if (!IsSignatureMethod(auth.method))
    {
        v.reason = "AUTH method " + ipseclab::ToString(auth.method) +
                   " is not a signature method, but the connection wants pubkey";
        return v;
    }
    std::vector<ipseclab::Certificate> certs;
    for (const auto* p : message.FindAll(ipseclab::IkePayloadType::Cert))
    {
        const auto* cert = p->As<ipseclab::IkeCertPayload>();
        if (!cert || cert->encoding != ipseclab::IkeCertEncoding::X509Signature)
        {
            continue; // other encodings (hash and URL, ...) are not used here
        }
        try
        {
            certs.push_back(ipseclab::Certificate::FromDer(cert->data));
        }
        catch (const std::exception& e)
        {
            v.reason = std::string("malformed certificate in CERT: ") + e.what();
            return v;
        }
    }
    if (certs.empty())
    {
        v.reason = "no X.509 certificate (CERT) was sent";
        return v;
    }
    const ipseclab::Certificate& ee = certs.front();
    v.subject = ee.GetSubjectDn();
    v.issuer = ee.GetIssuerDn();
    ipseclab::TrustStore store;
    try
    {
        for (const auto& ca : config.trustedCas)
        {
            store.AddRoot(ca);
        }
    }
    catch (const std::exception& e)
    {
        v.reason = std::string("trusted CA unusable: ") + e.what();
        return v;
    }
    const std::vector<ipseclab::Certificate> intermediates(certs.begin() + 1, certs.end());
    ipseclab::VerifyResult chain = store.Verify(ee, intermediates, PkiNow());
    if (!chain.ok)
    {
        v.reason = "certificate not trusted: " + chain.reason + " (depth " +
                   std::to_string(chain.depth) + ")";
        return v;
    }
    const auto type = id.idType;
    if (type != ipseclab::IkeIdType::Ipv4Addr && type != ipseclab::IkeIdType::Fqdn &&
        type != ipseclab::IkeIdType::Rfc822Addr && type != ipseclab::IkeIdType::DerAsn1Dn)
    {
        v.reason = "ID type " + ipseclab::ToString(type) + " cannot be matched to a certificate";
        return v;
    }
    ipseclab::IdentityMatch match = ipseclab::MatchIdentity(ee, type, id.data);
    if (!match.ok)
    {
        v.reason = "the certificate does not vouch for the ID: " + match.reason;
        return v;
    }
    if (!RemoteIdMatches(config.remoteId, id))
    {
        v.reason = "the ID is not the configured remote ID '" + config.remoteId + "'";
        return v;
    }
    ipseclab::AuthCheck check =
        ipseclab::VerifyAuthData(auth.method, ee.GetPublicKey(), signedOctets, auth.data);
    if (!check.ok)
    {
        v.reason = "AUTH signature does not verify: " + check.reason;
        return v;
    }
    v.ok = true;
    v.reason = "ok: certificate chains to a trusted CA, " + match.reason + ", signature verifies";
    return v;
}

/// What one side's AUTH covers (RFC 7296 2.15): its own first message, the other side's nonce
/// and (MACed with) its SK_p: replaying either message or swapping IDs breaks it.
struct SignedParts
{
    const Bytes& realMessage;
    const Bytes& peerNonce;
    const Bytes& skP;
};

SignedParts
SignedPartsOf(const IkeSa& sa, bool ofInitiator)
{
    return SignedParts{ofInitiator ? sa.initRequest : sa.initResponse,
                       ofInitiator ? sa.nr : sa.ni,
                       ofInitiator ? sa.keys.skPi : sa.keys.skPr};
}

Bytes
SignedOctetsOf(const IkeSa& sa, bool ofInitiator, const ipseclab::IkeIdPayload& id)
{
    const SignedParts parts = SignedPartsOf(sa, ofInitiator);
    return ipseclab::BuildSignedOctets(
        *sa.prf, parts.realMessage, parts.peerNonce, parts.skP, id.RestOfPayload());
}

} // namespace

ipseclab::IkeIdPayload
IkeDaemon::LocalId(const IkeSa& sa) const
{
    const auto& config = Config(sa);
    if (config.localId.empty() && config.localAuth == ipseclab::AuthMethod::Pubkey &&
        config.certificate)
    {
        // strongSwan's default identity with a certificate: its subject DN.
        return ipseclab::IkeIdPayload::DerDn(config.certificate->GetSubjectDer());
    }
    return IdFromText(config.localId, LocalAddress(sa));
}

Bytes
IkeDaemon::ComputeAuth(const IkeSa& sa, bool ofInitiator, const ipseclab::IkeIdPayload& id,
                       bool emit) const
{
    const SignedParts parts = SignedPartsOf(sa, ofInitiator);
    const Bytes psk(Config(sa).psk.begin(), Config(sa).psk.end());
    ipseclab::SharedKeyAuth auth = ipseclab::ComputeSharedKeyAuth(
        *sa.prf, psk, parts.realMessage, parts.peerNonce, parts.skP, id.RestOfPayload());
    if (emit)
    {
        Emit(IkeEvent("auth-computed")
                 .Add("of", ofInitiator ? "initiator" : "responder")
                 .Add("method", "shared key MIC")
                 .AddHex("key_pad_key", auth.keyPadKey)
                 .AddHex("maced_id", auth.macedId)
                 .Add("signed_octets_length", uint64_t(auth.signedOctets.size()))
                 .AddHex("auth", auth.auth));
    }
    return auth.auth;
}

namespace
{

/// RFC 7427 hash algorithm SHA2-256: the one hash the lab signs and verifies with method 14.
constexpr uint16_t kHashSha256 = 2;

/// The AUTH method this side signs with: the configured one, except that RFC 7427's method 14
/// needs the peer's SIGNATURE_HASH_ALGORITHMS with SHA2-256; without it the classic method of
/// the key (1 for RSA, 9 for ECDSA P-256) is used, as strongSwan does.
ipseclab::IkeAuthMethod
SignatureMethodFor(const ipseclab::IkeConfig& config, const IkeSa& sa, std::string* why)
{
    const auto configured = static_cast<ipseclab::IkeAuthMethod>(config.signatureMethod);
    if (configured != ipseclab::IkeAuthMethod::DigitalSignature)
    {
        *why = "configured";
        return configured;
    }
    if (sa.peerSentHashes &&
        std::find(sa.peerHashes.begin(), sa.peerHashes.end(), kHashSha256) != sa.peerHashes.end())
    {
        *why = "the peer's SIGNATURE_HASH_ALGORITHMS lists SHA2-256";
        return configured;
    }
    *why = sa.peerSentHashes ? "the peer's SIGNATURE_HASH_ALGORITHMS lacks SHA2-256"
                             : "the peer sent no SIGNATURE_HASH_ALGORITHMS (RFC 7427 4)";
    *why += ": the key's classic method instead of 14";
    return config.privateKey->GetType() == ipseclab::KeyType::Rsa2048
               ? ipseclab::IkeAuthMethod::RsaSignature
               : ipseclab::IkeAuthMethod::EcdsaSha256P256;
}

} // namespace

std::vector<IkePayload>
IkeDaemon::CertificatePayloads(const IkeSa& sa) const
{
    const auto& config = Config(sa);
    const bool send = config.localAuth == ipseclab::AuthMethod::Pubkey &&
                      (config.sendCert == ipseclab::SendCert::Always ||
                       (config.sendCert == ipseclab::SendCert::IfAsked && sa.peerCertReq));
    std::vector<IkePayload> out;
    if (send)
    {
        out.push_back(IkePayload::Cert(config.certificate->GetDer()));
        for (const auto& intermediate : config.intermediates)
        {
            out.push_back(IkePayload::Cert(intermediate.GetDer()));
        }
    }
    return out;
}

std::vector<IkePayload>
IkeDaemon::InitCertPayloads(const IkeSa& sa) const
{
    const auto& config = Config(sa);
    std::vector<IkePayload> out;
    if (config.localAuth == ipseclab::AuthMethod::Pubkey ||
        config.remoteAuth == ipseclab::AuthMethod::Pubkey)
    {
        // RFC 7427 4: the hashes this side verifies method-14 signatures with.
        out.push_back(IkePayload::Notify(IkeNotifyType::SignatureHashAlgorithms,
                                         Bytes{uint8_t(kHashSha256 >> 8), uint8_t(kHashSha256)}));
    }
    if (config.remoteAuth == ipseclab::AuthMethod::Pubkey && !sa.initiator)
    {
        // RFC 7296 3.7: the responder's CERTREQ in IKE_SA_INIT names the CAs it trusts; a peer
        // with send_cert = ifasked sends its certificate only then.
        out.push_back(IkePayload::CertReq(CaKeyHashes(config.trustedCas)));
    }
    return out;
}

void
IkeDaemon::ReadInitCertPayloads(IkeSa& sa, const IkeMessage& message)
{
    if (const auto* n = message.FindNotify(IkeNotifyType::SignatureHashAlgorithms))
    {
        sa.peerSentHashes = true;
        sa.peerHashes.clear();
        for (size_t i = 0; i + 1 < n->data.size(); i += 2)
        {
            sa.peerHashes.push_back(static_cast<uint16_t>((n->data[i] << 8) | n->data[i + 1]));
        }
    }
    sa.peerCertReq |= message.Find(ipseclab::IkePayloadType::CertReq) != nullptr;
}

IkePayload
IkeDaemon::LocalAuthPayload(IkeSa& sa, bool ofInitiator, const ipseclab::IkeIdPayload& id)
{
    const auto& config = Config(sa);
    if (config.localAuth != ipseclab::AuthMethod::Pubkey)
    {
        return IkePayload::Auth(ipseclab::IkeAuthMethod::SharedKeyMic,
                                ComputeAuth(sa, ofInitiator, id, true));
    }
    std::string why;
    const ipseclab::IkeAuthMethod method = SignatureMethodFor(config, sa, &why);
    const Bytes signedOctets = SignedOctetsOf(sa, ofInitiator, id);
    // ECDSA nonces come from the daemon's ns-3-fed stream: same seed, same AUTH octets.
    Bytes data = ipseclab::SignAuthData(method, *config.privateKey, signedOctets, *m_bytes);
    ChargeSignature(config.privateKey->GetType() == ipseclab::KeyType::Rsa2048, true);
    Emit(IkeEvent("auth-computed")
             .Add("of", ofInitiator ? "initiator" : "responder")
             .Add("method", MethodName(method))
             .Add("auth_method", static_cast<unsigned>(method))
             .Add("method_reason", why)
             .Add("certificate", config.certificate->GetSubjectDn())
             .Add("certificate_sent", !CertificatePayloads(sa).empty())
             .Add("signed_octets_length", uint64_t(signedOctets.size()))
             .AddHex("auth", data));
    return IkePayload::Auth(method, std::move(data));
}

IkeMessage
IkeDaemon::BuildAuthRequest(IkeSa& sa)
{
    const auto& config = Config(sa);
    IkeMessage m = MakeMessage(sa, ipseclab::IkeExchangeType::IkeAuth, false, 0);
    ipseclab::IkeIdPayload id = LocalId(sa);
    m.payloads.push_back(IkePayload::IdI(id));
    for (auto& p : CertificatePayloads(sa))
    {
        m.payloads.push_back(std::move(p));
    }
    if (config.remoteAuth == ipseclab::AuthMethod::Pubkey)
    {
        // RFC 7296 3.7: the CAs this side trusts (SHA-1 of their SubjectPublicKeyInfo).
        m.payloads.push_back(IkePayload::CertReq(CaKeyHashes(config.trustedCas)));
    }
    m.payloads.push_back(LocalAuthPayload(sa, true, id));
    m.payloads.push_back(IkePayload::Notify(IkeNotifyType::InitialContact));
    if (Config(sa).requestVirtualIp)
    {
        // RFC 7296 2.19: ask the gateway for an inner address (a remote-access client).
        ipseclab::IkeCpPayload cp;
        cp.cfgType = ipseclab::IkeCfgType::Request;
        cp.attributes.push_back(ipseclab::IkeCpAttribute{
            static_cast<uint16_t>(ipseclab::IkeCfgAttributeType::InternalIp4Address), {}});
        m.payloads.push_back(IkePayload::Cp(cp));
    }
    sa.authChildSpi = NewChildSpi();
    for (auto& p : ChildRequestPayloads(sa, 0, sa.authChildSpi, false))
    {
        m.payloads.push_back(std::move(p));
    }
    return m;
}

void
IkeDaemon::ProcessAuthResponse(IkeSa& sa, const IkeMessage& response)
{
    const auto& config = Config(sa);
    if (response.FindNotify(IkeNotifyType::AuthenticationFailed))
    {
        Emit(IkeEvent("auth-verdict")
                 .Add("ok", false)
                 .Add("of", "initiator")
                 .Add("reason", "AUTHENTICATION_FAILED from the responder")
                 .Add("note",
                      config.localAuth == ipseclab::AuthMethod::Psk
                          ? "the responder rejected our AUTH: wrong pre-shared key or ID"
                          : "the responder rejected our certificate, ID or signature"));
        DestroyIkeSa(sa, "AUTHENTICATION_FAILED from the responder");
        return;
    }
    const auto* idr = response.Find(ipseclab::IkePayloadType::IdR);
    const auto* auth = response.Find(ipseclab::IkePayloadType::Auth);
    if (!idr || !auth)
    {
        DestroyIkeSa(sa, "IKE_AUTH response without IDr and AUTH");
        return;
    }
    const auto& id = *idr->As<ipseclab::IkeIdPayload>();
    const auto& authPayload = *auth->As<ipseclab::IkeAuthPayload>();
    std::string failure;
    if (!VerifyPeerAuth(sa, response, id, authPayload, false, &failure))
    {
        DestroyIkeSa(sa,
                     "the responder's authentication failed" +
                         (failure.empty() ? std::string() : ": " + failure));
        return;
    }
    sa.peerId = IdText(id);
    Established(sa);
    if (Config(sa).requestVirtualIp && !TakeVirtualIp(sa, response))
    {
        return;
    }
    if (!CompleteChild(sa, 0, sa.authChildSpi, response, sa.ni, sa.nr, {}, 0))
    {
        Emit(IkeEvent("child-failed").Add("note", "the IKE SA stays up without a Child SA"));
        RecordFailure(sa.configIndex, 0, "child"); // a trapped packet retries after the back-off
    }
}

bool
IkeDaemon::VerifyPeerAuth(IkeSa& sa, const IkeMessage& message, const ipseclab::IkeIdPayload& id,
                          const ipseclab::IkeAuthPayload& authPayload, bool peerIsInitiator,
                          std::string* failure)
{
    const auto& config = Config(sa);
    const std::string who = peerIsInitiator ? "initiator" : "responder";
    if (config.remoteAuth == ipseclab::AuthMethod::Pubkey)
    {
        ChargeSignature(authPayload.method == ipseclab::IkeAuthMethod::RsaSignature, false);
        PubkeyVerdict v = VerifyPubkeyAuth(
            config, message, id, authPayload, SignedOctetsOf(sa, peerIsInitiator, id));
        Emit(IkeEvent("auth-verdict")
                 .Add("ok", v.ok)
                 .Add("of", who)
                 .Add("peer_id", IdText(id))
                 .Add("method", MethodName(authPayload.method))
                 .Add("subject", v.subject)
                 .Add("issuer", v.issuer)
                 .Add("reason", v.reason)
                 .Add("note",
                      v.ok ? "the " + who +
                                 " proved it holds the key of a certificate we trust, issued for "
                                 "its ID"
                           : "the " + who + "'s certificate authentication failed"));
        if (!v.ok && failure)
        {
            *failure = v.reason;
        }
        return v.ok;
    }
    Bytes expected = ComputeAuth(sa, peerIsInitiator, id, true);
    const bool ok = authPayload.method == ipseclab::IkeAuthMethod::SharedKeyMic &&
                    ipseclab::ConstantTimeEqual(expected, authPayload.data);
    const bool idOk = RemoteIdMatches(config.remoteId, id);
    Emit(IkeEvent("auth-verdict")
             .Add("ok", ok && idOk)
             .Add("of", who)
             .Add("peer_id", IdText(id))
             .Add("method", MethodName(authPayload.method))
             .Add("reason", ok ? (idOk ? "ok" : "ID mismatch") : "AUTH mismatch")
             .Add("note",
                  ok ? (idOk ? "the " + who + " proved it knows the shared key"
                             : "the " + who + "'s ID is not the configured remote ID")
                     : "the " + who + "'s AUTH does not verify" +
                           (peerIsInitiator ? ": wrong pre-shared key" : "")));
    return ok && idOk;
}

void
IkeDaemon::ProcessAuthRequest(IkeSa& sa, const IkeMessage& request, IkeMessage& response)
{
    const auto* idi = request.Find(ipseclab::IkePayloadType::IdI);
    const auto* auth = request.Find(ipseclab::IkePayloadType::Auth);
    if (sa.state != IkeSa::State::Connecting || !idi || !auth)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InvalidSyntax));
        return;
    }
    Simulator::Cancel(sa.halfOpenTimer);
    if (m_halfOpen > 0)
    {
        --m_halfOpen;
    }
    const auto& id = *idi->As<ipseclab::IkeIdPayload>();
    const auto& authPayload = *auth->As<ipseclab::IkeAuthPayload>();
    const bool verified = VerifyPeerAuth(sa, request, id, authPayload, true, nullptr);
    if (!verified)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::AuthenticationFailed));
        sa.state = IkeSa::State::Dead; // answered, then closed (RFC 7296 2.21.2)
        return;
    }
    sa.peerId = IdText(id);
    ipseclab::IkeIdPayload local = LocalId(sa);
    response.payloads.push_back(IkePayload::IdR(local));
    sa.peerCertReq |= request.Find(ipseclab::IkePayloadType::CertReq) != nullptr;
    for (auto& p : CertificatePayloads(sa))
    {
        response.payloads.push_back(std::move(p));
    }
    response.payloads.push_back(LocalAuthPayload(sa, false, local));
    Established(sa);
    if (const auto* cp = request.Find(ipseclab::IkePayloadType::Cp))
    {
        if (!AssignVirtualIp(sa, *cp->As<ipseclab::IkeCpPayload>(), response))
        {
            return; // INTERNAL_ADDRESS_FAILURE: the IKE SA stays, no Child SA
        }
    }
    AcceptChild(sa, SelectChildConfig(sa, request), request, sa.ni, sa.nr, response, {}, 0);
}

bool
IkeDaemon::AssignVirtualIp(IkeSa& sa, const ipseclab::IkeCpPayload& request, IkeMessage& response)
{
    const auto& config = Config(sa);
    const bool wantsAddress =
        request.cfgType == ipseclab::IkeCfgType::Request &&
        std::any_of(request.attributes.begin(),
                    request.attributes.end(),
                    [](const ipseclab::IkeCpAttribute& a) {
                        return a.type == static_cast<uint16_t>(
                                             ipseclab::IkeCfgAttributeType::InternalIp4Address);
                    });
    if (!wantsAddress)
    {
        return true;
    }
    std::optional<uint32_t> address;
    if (!config.pool.empty())
    {
        address = m_pools.at(config.pool)->Acquire(sa.peerId);
    }
    Emit(IkeEvent("virtual-ip")
             .Add("pool", config.pool)
             .Add("peer_id", sa.peerId)
             .Add("address", address ? ipseclab::Ipv4AddressToString(*address) : "none")
             .Add("note",
                  address ? "the client gets an inner address from the gateway's pool"
                          : "no pool or the pool is exhausted: INTERNAL_ADDRESS_FAILURE"));
    if (!address)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InternalAddressFailure));
        return false;
    }
    sa.virtualIp = *address;
    ipseclab::IkeCpPayload reply;
    reply.cfgType = ipseclab::IkeCfgType::Reply;
    reply.attributes.push_back(ipseclab::IkeCpAttribute{
        static_cast<uint16_t>(ipseclab::IkeCfgAttributeType::InternalIp4Address),
        ipseclab::Bytes{uint8_t(*address >> 24),
                        uint8_t(*address >> 16),
                        uint8_t(*address >> 8),
                        uint8_t(*address)}});
    response.payloads.push_back(IkePayload::Cp(reply));
    return true;
}

bool
IkeDaemon::TakeVirtualIp(IkeSa& sa, const IkeMessage& response)
{
    const auto* cp = response.Find(ipseclab::IkePayloadType::Cp);
    std::optional<uint32_t> address;
    if (cp)
    {
        for (const auto& a : cp->As<ipseclab::IkeCpPayload>()->attributes)
        {
            if (a.type ==
                    static_cast<uint16_t>(ipseclab::IkeCfgAttributeType::InternalIp4Address) &&
                a.value.size() >= 4)
            {
                address = ipseclab::GetBe32(a.value.data());
            }
        }
    }
    if (!address)
    {
        Emit(IkeEvent("virtual-ip")
                 .Add("address", "none")
                 .Add("note", "the gateway gave no inner address: no Child SA"));
        return false;
    }
    sa.virtualIp = *address;
    // Like strongSwan, put the address on the interface that faces the gateway, so sockets
    // can use it as their source (/32: it is reachable only through the tunnel).
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    const int32_t iface = ipv4->GetInterfaceForAddress(Ipv4Address(LocalAddress(sa)));
    if (iface >= 0)
    {
        ipv4->AddAddress(iface, Ipv4InterfaceAddress(Ipv4Address(*address), Ipv4Mask("/32")));
    }
    Emit(IkeEvent("virtual-ip")
             .Add("address", ipseclab::Ipv4AddressToString(*address))
             .Add("note", "the client's inner packets now come from this address"));
    return true;
}

void
IkeDaemon::Established(IkeSa& sa)
{
    sa.tasks.SetUp(); // exchanges on an established IKE SA may start from now on
    SetState(sa, IkeSa::State::Established);
    ++m_established;
    const auto& config = Config(sa);
    Emit(IkeEvent("sa-established")
             .Add("connection", config.name)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR))
             .Add("initiator", sa.initiator)
             .Add("peer", ipseclab::Ipv4AddressToString(sa.peerAddress))
             .Add("peer_id", sa.peerId)
             .Add("proposal", sa.proposalText)
             .Add("setup_time_s", Simulator::Now().GetSeconds() - sa.startedAt)
             .Add("rekey", sa.rekeyed)
             .Add("note",
                  sa.rekeyed ? "the rekeyed IKE SA takes over: new SPIs and keys, same peers"
                  : sa.keys.skAi.empty()
                      ? "IKE phase 1 complete: both sides share SK_d, SK_e (an AEAD cipher: no "
                        "SK_a) and SK_p and know who the other is (the IKE SA, ISAKMP SA in "
                        "IKEv1 terms)"
                      : "IKE phase 1 complete: both sides share SK_d, SK_a, SK_e and SK_p and "
                        "know who the other is (the IKE SA, ISAKMP SA in IKEv1 terms)"));
    if (config.rekeyTime > 0)
    {
        const double at = config.rekeyTime - Jitter(config.EffectiveRandTime());
        sa.rekeyTimer =
            Simulator::Schedule(Seconds(at), &IkeDaemon::StartIkeRekey, this, sa.serial);
    }
    ScheduleDpd(sa);
    if (NatKeepalive(sa).Needed(sa.selfBehindNat))
    {
        ScheduleNatKeepalive(sa.serial);
    }
    m_backOff.Clear(sa.configIndex, SIZE_MAX);
    if (sa.initiator && !sa.rekeyed)
    {
        // Children after the first (IKE_AUTH brings that one) with start_action = start get
        // their own CREATE_CHILD_SA; trapped ones wait for their first packet.
        for (size_t i = 1; i < config.children.size(); ++i)
        {
            if (config.children[i].startAction == ipseclab::StartAction::Start)
            {
                Simulator::ScheduleNow(&IkeDaemon::StartNewChild, this, sa.serial, i);
            }
        }
    }
}

void
IkeDaemon::ScheduleNatKeepalive(uint32_t serial)
{
    IkeSa* sa = FindBySerial(serial);
    if (!sa)
    {
        return;
    }
    // RFC 3948 2.3: a one-octet 0xff from port 4500 keeps the NAT's mapping alive when no
    // ESP or IKE traffic flows.
    sa->keepaliveTimer =
        Simulator::Schedule(Seconds(NatKeepalive(*sa).Interval()),
                            [this, serial]()
                            {
                                IkeSa* s = FindBySerial(serial);
                                if (!s || s->state == IkeSa::State::Dead)
                                {
                                    return;
                                }
                                m_ipsec->SendNatKeepalive(Ipv4Address(s->peerAddress), s->peerPort);
                                Emit(IkeEvent("nat-keepalive")
                                         .Add("peer", ipseclab::Ipv4AddressToString(s->peerAddress))
                                         .Add("port", uint64_t(s->peerPort)));
                                ScheduleNatKeepalive(serial);
                            });
}

} // namespace ns3
