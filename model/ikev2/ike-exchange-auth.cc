// IKE_AUTH (RFC 7296 1.2, 2.15): identities and AUTH prove who is at the other end (shared key
// here), the first Child SA is negotiated with it. After it, IKE phase 1 (the IKE SA) is done and
// phase 2 (the first Child SA) is installed.
#include "ike/ike-helpers.h"
#include "ikev2/ike-daemon.h"

#include <ns3/simulator.h>

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

} // namespace

ipseclab::IkeIdPayload
IkeDaemon::LocalId(const IkeSa& sa) const
{
    const std::string& id = Config(sa).localId;
    if (id.empty())
    {
        return ipseclab::IkeIdPayload::Ipv4(LocalAddress(sa));
    }
    if (IsIpv4Text(id))
    {
        return ipseclab::IkeIdPayload::Ipv4(ipseclab::ParseIpv4Address(id));
    }
    if (id.front() == '@')
    {
        return ipseclab::IkeIdPayload::Fqdn(id.substr(1)); // strongSwan: "@name" is an FQDN
    }
    if (id.find('@') != std::string::npos)
    {
        return ipseclab::IkeIdPayload::Rfc822(id);
    }
    return ipseclab::IkeIdPayload::Fqdn(id);
}

Bytes
IkeDaemon::ComputeAuth(const IkeSa& sa, bool ofInitiator, const ipseclab::IkeIdPayload& id,
                       bool emit) const
{
    // Each side signs its own first message, the other side's nonce and its identity
    // (MACed with SK_pi or SK_pr): replaying either message or swapping IDs breaks it.
    const Bytes& realMessage = ofInitiator ? sa.initRequest : sa.initResponse;
    const Bytes& peerNonce = ofInitiator ? sa.nr : sa.ni;
    const Bytes& skP = ofInitiator ? sa.keys.skPi : sa.keys.skPr;
    const Bytes psk(Config(sa).psk.begin(), Config(sa).psk.end());
    ipseclab::SharedKeyAuth auth = ipseclab::ComputeSharedKeyAuth(
        *sa.prf, psk, realMessage, peerNonce, skP, id.RestOfPayload());
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

IkeMessage
IkeDaemon::BuildAuthRequest(IkeSa& sa)
{
    IkeMessage m = MakeMessage(sa, ipseclab::IkeExchangeType::IkeAuth, false, 0);
    ipseclab::IkeIdPayload id = LocalId(sa);
    m.payloads.push_back(IkePayload::IdI(id));
    m.payloads.push_back(
        IkePayload::Auth(ipseclab::IkeAuthMethod::SharedKeyMic, ComputeAuth(sa, true, id, true)));
    m.payloads.push_back(IkePayload::Notify(IkeNotifyType::InitialContact));
    sa.authChildSpi = NewChildSpi();
    for (auto& p : ChildRequestPayloads(sa, 0, sa.authChildSpi))
    {
        m.payloads.push_back(std::move(p));
    }
    return m;
}

void
IkeDaemon::ProcessAuthResponse(IkeSa& sa, const IkeMessage& response)
{
    if (response.FindNotify(IkeNotifyType::AuthenticationFailed))
    {
        Emit(IkeEvent("auth-verdict")
                 .Add("ok", false)
                 .Add("of", "initiator")
                 .Add("note", "the responder rejected our AUTH: wrong pre-shared key or ID"));
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
    Bytes expected = ComputeAuth(sa, false, id, true);
    const bool ok = ipseclab::ConstantTimeEqual(expected, auth->As<ipseclab::IkeAuthPayload>()->data);
    const std::string& wanted = Config(sa).remoteId;
    const bool idOk = wanted.empty() || wanted == id.ToText() ||
                      (wanted.front() == '@' && wanted.substr(1) == id.ToText());
    Emit(IkeEvent("auth-verdict")
             .Add("ok", ok && idOk)
             .Add("of", "responder")
             .Add("peer_id", id.ToText())
             .Add("note", ok ? (idOk ? "the responder proved it knows the shared key"
                                     : "the responder's ID is not the configured remote ID")
                             : "the responder's AUTH does not verify"));
    if (!ok || !idOk)
    {
        DestroyIkeSa(sa, "the responder's authentication failed");
        return;
    }
    sa.peerId = id.ToText();
    Established(sa);
    if (!CompleteChild(sa, 0, sa.authChildSpi, response, sa.ni, sa.nr, {}, 0))
    {
        Emit(IkeEvent("child-failed").Add("note", "the IKE SA stays up without a Child SA"));
    }
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
    Bytes expected = ComputeAuth(sa, true, id, true);
    const bool ok =
        ipseclab::ConstantTimeEqual(expected, auth->As<ipseclab::IkeAuthPayload>()->data);
    const std::string& wanted = Config(sa).remoteId;
    const bool idOk = wanted.empty() || wanted == id.ToText() ||
                      (wanted.front() == '@' && wanted.substr(1) == id.ToText());
    Emit(IkeEvent("auth-verdict")
             .Add("ok", ok && idOk)
             .Add("of", "initiator")
             .Add("peer_id", id.ToText())
             .Add("note", ok ? (idOk ? "the initiator proved it knows the shared key"
                                     : "the initiator's ID is not the configured remote ID")
                             : "the initiator's AUTH does not verify: wrong pre-shared key"));
    if (!ok || !idOk)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::AuthenticationFailed));
        sa.state = IkeSa::State::Dead; // answered, then closed (RFC 7296 2.21.2)
        return;
    }
    sa.peerId = id.ToText();
    ipseclab::IkeIdPayload local = LocalId(sa);
    response.payloads.push_back(IkePayload::IdR(local));
    response.payloads.push_back(IkePayload::Auth(ipseclab::IkeAuthMethod::SharedKeyMic,
                                                 ComputeAuth(sa, false, local, true)));
    Established(sa);
    AcceptChild(sa, 0, request, sa.ni, sa.nr, response, {}, 0);
}

void
IkeDaemon::Established(IkeSa& sa)
{
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
             .Add("note", "IKE phase 1 complete: both sides share SK_d, SK_a and SK_e and know "
                          "who the other is (the IKE SA, ISAKMP SA in IKEv1 terms)"));
    if (config.rekeyTime > 0)
    {
        const double at = config.rekeyTime - Jitter(config.EffectiveRandTime());
        sa.rekeyTimer = Simulator::Schedule(Seconds(at), &IkeDaemon::StartIkeRekey, this,
                                            sa.serial);
    }
    ScheduleDpd(sa);
}

} // namespace ns3
