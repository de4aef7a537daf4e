#include "ikev1/ikev1-phase1.h"

#include <arpa/inet.h>
#include <cstring>

namespace ipseclab::ikev1
{

namespace
{

bool
SameSuite(const Phase1Policy& a, const Phase1Policy& b)
{
    return a.proposal.encryption == b.proposal.encryption &&
           a.proposal.integrity == b.proposal.integrity &&
           a.proposal.dhGroup == b.proposal.dhGroup && a.authMethod == b.authMethod;
}

uint64_t
DrawCookie(RandomSource& rng)
{
    Bytes b = rng.Get(8);
    uint64_t v = 0;
    for (uint8_t o : b)
    {
        v = (v << 8) | o;
    }
    return v ? v : 1; // a zero cookie means "none yet" on the wire
}

} // namespace

Phase1Exchange::Phase1Exchange(Role role, Phase1Config config, RandomSource& rng)
    : m_config(std::move(config))
    , m_rng(rng)
{
    if (m_config.proposals.empty())
    {
        throw std::invalid_argument("IKEv1 phase 1 needs at least one proposal");
    }
    m_sa.role = role;
    m_sa.aggressive = m_config.aggressive;
    m_sa.localId = m_config.localId;
    uint64_t cookie = DrawCookie(m_rng);
    (role == Role::Initiator ? m_sa.initiatorCookie : m_sa.responderCookie) = cookie;
}

uint64_t
Phase1Exchange::LocalCookie() const
{
    return m_sa.role == Role::Initiator ? m_sa.initiatorCookie : m_sa.responderCookie;
}

std::string
Phase1Exchange::MessageName(int n) const
{
    return (m_config.aggressive ? "AM" : "MM") + std::to_string(n);
}

std::vector<DerivedValue>
Phase1Exchange::TakeDerived()
{
    std::vector<DerivedValue> out;
    out.swap(m_derived);
    return out;
}

Message
Phase1Exchange::NewMessage() const
{
    Message m;
    m.header.initiatorCookie = m_sa.initiatorCookie;
    m.header.responderCookie = m_sa.responderCookie;
    m.header.exchange = m_config.aggressive ? ExchangeType::Aggressive : ExchangeType::Main;
    return m;
}

Bytes
Phase1Exchange::Send(Message message, bool encrypt)
{
    ++m_count;
    if (!encrypt)
    {
        return message.Encode();
    }
    Ikev1Cbc cbc = m_sa.Cipher();
    Bytes out = cbc.Encrypt(message, m_iv);
    m_lastPlain = std::move(message);
    return out;
}

Message
Phase1Exchange::ReceiveClear(ByteSpan wire)
{
    Message m;
    try
    {
        m = Message::Decode(wire);
    }
    catch (const IkeParseError& e)
    {
        throw Ikev1Error(notify::kPayloadMalformed, MessageName(m_count + 1) + ": " + e.what());
    }
    ++m_count;
    return m;
}

Message
Phase1Exchange::ReceiveEncrypted(ByteSpan wire)
{
    Ikev1Cbc cbc = m_sa.Cipher();
    Bytes iv = m_iv;
    Message m;
    try
    {
        m = cbc.Decrypt(wire, iv);
    }
    catch (const IkeParseError& e)
    {
        // With PSK, a body that decrypts to garbage is what differing keys look like (the
        // key is derived from the PSK): there is nothing else to compare.
        throw Ikev1Error(notify::kAuthenticationFailed,
                         MessageName(m_count + 1) +
                             " does not decrypt to a valid payload chain (do the pre-shared keys "
                             "differ?): " +
                             e.what());
    }
    m_iv = iv;
    ++m_count;
    m_lastPlain = m;
    return m;
}

void
Phase1Exchange::Expect(const Message& m, std::initializer_list<PayloadType> types, const char* name)
{
    ExchangeType want = m_config.aggressive ? ExchangeType::Aggressive : ExchangeType::Main;
    if (m.header.exchange != want)
    {
        throw Ikev1Error(notify::kInvalidExchangeType,
                         std::string(name) + ": exchange type " + ExchangeName(m.header.exchange) +
                             " in phase 1");
    }
    if (m.header.messageId != 0)
    {
        throw Ikev1Error(notify::kInvalidMessageId,
                         std::string(name) + ": phase 1 messages have message ID 0");
    }
    // The first message carries no responder cookie yet.
    if (m.header.initiatorCookie != m_sa.initiatorCookie ||
        (m_count > 1 && m.header.responderCookie != m_sa.responderCookie))
    {
        throw Ikev1Error(notify::kInvalidCookie, std::string(name) + ": cookies do not match");
    }
    for (PayloadType t : types)
    {
        if (!m.Find(t))
        {
            throw Ikev1Error(notify::kPayloadMalformed,
                             std::string(name) + " lacks its " + PayloadName(t) + " payload");
        }
    }
}

Payload
Phase1Exchange::OfferSa() const
{
    Proposal p{1, ProtocolId::Isakmp, {}, {}};
    uint8_t n = 1;
    for (const Phase1Policy& policy : m_config.proposals)
    {
        p.transforms.push_back(Phase1Transform(policy, n++));
    }
    SaPayload sa;
    sa.proposals.push_back(std::move(p));
    return MakeSa(sa);
}

Payload
Phase1Exchange::ChooseSa(const Payload& offer)
{
    const SaPayload& sa = offer.As<SaPayload>();
    for (const Proposal& p : sa.proposals)
    {
        if (p.protocol != ProtocolId::Isakmp)
        {
            continue;
        }
        for (const Transform& t : p.transforms)
        {
            Phase1Policy theirs;
            try
            {
                theirs = ParsePhase1Transform(t);
            }
            catch (const std::exception&)
            {
                continue; // a transform this lab does not implement: not a match
            }
            for (const Phase1Policy& mine : m_config.proposals)
            {
                if (SameSuite(theirs, mine))
                {
                    m_sa.policy = theirs;
                    SaPayload answer;
                    answer.proposals.push_back(Proposal{p.number, p.protocol, p.spi, {t}});
                    return MakeSa(answer);
                }
            }
        }
    }
    throw Ikev1Error(notify::kNoProposalChosen,
                     MessageName(1) + ": none of the offered phase 1 transforms is acceptable");
}

void
Phase1Exchange::AcceptChosenSa(const Payload& answer)
{
    const SaPayload& sa = answer.As<SaPayload>();
    if (sa.proposals.size() != 1 || sa.proposals[0].transforms.size() != 1)
    {
        throw Ikev1Error(notify::kNoProposalChosen,
                         MessageName(2) + ": the responder must choose exactly one transform");
    }
    Phase1Policy chosen;
    try
    {
        chosen = ParsePhase1Transform(sa.proposals[0].transforms[0]);
    }
    catch (const std::exception& e)
    {
        throw Ikev1Error(notify::kNoProposalChosen, MessageName(2) + ": " + e.what());
    }
    for (const Phase1Policy& mine : m_config.proposals)
    {
        if (SameSuite(chosen, mine))
        {
            m_sa.policy = chosen;
            return;
        }
    }
    throw Ikev1Error(notify::kNoProposalChosen,
                     MessageName(2) + ": the responder chose a transform that was not offered");
}

void
Phase1Exchange::MakeKeyPair()
{
    m_dh = DhGroup::Create(*m_sa.policy.proposal.dhGroup, m_rng);
    Bytes nonce = m_rng.Get(m_config.nonceSize);
    (m_sa.role == Role::Initiator ? m_gxi : m_gxr) = m_dh->PublicValue();
    (m_sa.role == Role::Initiator ? m_ni : m_nr) = std::move(nonce);
}

void
Phase1Exchange::DeriveKeys(ByteSpan peerKe)
{
    if (peerKe.size() != m_sa.policy.proposal.dhGroup->publicSize)
    {
        throw Ikev1Error(notify::kInvalidKeyInformation,
                         "KE of " + std::to_string(peerKe.size()) + " octets for " +
                             std::string(m_sa.policy.proposal.dhGroup->name));
    }
    (m_sa.role == Role::Initiator ? m_gxr : m_gxi) = Bytes(peerKe.begin(), peerKe.end());
    try
    {
        m_gxy = m_dh->ComputeSharedSecret(peerKe);
    }
    catch (const std::exception& e)
    {
        throw Ikev1Error(notify::kInvalidKeyInformation, std::string("peer KE: ") + e.what());
    }
    Ikev1Hash h = m_sa.Hash();
    m_sa.skeyid = SkeyidPsk(h, m_config.psk, m_ni, m_nr);
    m_sa.skeyids = DeriveSkeyids(h, m_sa.skeyid, m_gxy, m_sa.initiatorCookie, m_sa.responderCookie);
    m_sa.encryptionKey = EncryptionKey(h, m_sa.skeyids.e, m_sa.policy.proposal.encryption->keySize);
    m_iv = Phase1Iv(h, m_gxi, m_gxr, m_sa.Cipher().BlockSize());
    m_derived.push_back({"g^xy", m_gxy});
    m_derived.push_back({"SKEYID", m_sa.skeyid});
    m_derived.push_back({"SKEYID_d", m_sa.skeyids.d});
    m_derived.push_back({"SKEYID_a", m_sa.skeyids.a});
    m_derived.push_back({"SKEYID_e", m_sa.skeyids.e});
    m_derived.push_back({"encryption key", m_sa.encryptionKey});
    m_derived.push_back({"phase 1 IV", m_iv});
}

Bytes
Phase1Exchange::ComputeHash(bool ofInitiator, ByteSpan idBody) const
{
    Ikev1Hash h = m_sa.Hash();
    return ofInitiator ? HashI(h,
                               m_sa.skeyid,
                               m_gxi,
                               m_gxr,
                               m_sa.initiatorCookie,
                               m_sa.responderCookie,
                               m_saiB,
                               idBody)
                       : HashR(h,
                               m_sa.skeyid,
                               m_gxi,
                               m_gxr,
                               m_sa.initiatorCookie,
                               m_sa.responderCookie,
                               m_saiB,
                               idBody);
}

void
Phase1Exchange::CheckPeerId(const Payload& id)
{
    const IdPayload& peer = id.As<IdPayload>();
    if (m_config.remoteId &&
        !(peer.idType == m_config.remoteId->idType && peer.data == m_config.remoteId->data))
    {
        throw Ikev1Error(notify::kInvalidIdInformation,
                         "peer identity " + IdentityText(peer) + " is not the expected " +
                             IdentityText(*m_config.remoteId));
    }
    m_sa.peerId = peer;
    m_peerIdBody = id.Body();
}

void
Phase1Exchange::CheckHash(const Payload& hash, bool ofInitiator, ByteSpan idBody)
{
    Bytes expected = ComputeHash(ofInitiator, idBody);
    m_derived.push_back({ofInitiator ? "HASH_I expected" : "HASH_R expected", expected});
    if (hash.Body() != expected)
    {
        throw Ikev1Error(notify::kAuthenticationFailed,
                         std::string(ofInitiator ? "HASH_I" : "HASH_R") +
                             " does not verify (the pre-shared keys differ?)");
    }
}

void
Phase1Exchange::Fail()
{
    m_failed = true;
}

Bytes
Phase1Exchange::Start()
{
    if (m_sa.role != Role::Initiator || m_count != 0)
    {
        throw std::logic_error("Phase1Exchange::Start is the initiator's first step");
    }
    Message m = NewMessage();
    m.payloads.push_back(OfferSa());
    m_saiB = m.payloads[0].EncodeBody();
    if (m_config.aggressive)
    {
        // Aggressive Mode commits to one DH group: that of the first proposal.
        m_sa.policy = m_config.proposals.front();
        MakeKeyPair();
        m.payloads.push_back(MakeData(PayloadType::Ke, m_gxi));
        m.payloads.push_back(MakeData(PayloadType::Nonce, m_ni));
        m.payloads.push_back(MakeId(m_config.localId));
    }
    for (const Bytes& vid : m_config.vendorIds)
    {
        m.payloads.push_back(MakeData(PayloadType::VendorId, vid));
    }
    return Send(std::move(m), false);
}

Bytes
Phase1Exchange::Process(ByteSpan wire)
{
    if (m_failed || m_established)
    {
        throw Ikev1Error(notify::kInvalidExchangeType,
                         "phase 1 is already " + std::string(m_failed ? "failed" : "complete"));
    }
    try
    {
        const bool initiator = m_sa.role == Role::Initiator;
        const int n = m_count + 1; // the number of the message being received
        if ((n % 2 == 1) != !initiator)
        {
            throw std::logic_error("Phase1Exchange: Start the initiator first");
        }
        const std::string name = MessageName(n);
        bool encrypted = m_config.aggressive ? n == 3 : n >= 5;
        Message in = encrypted ? ReceiveEncrypted(wire) : ReceiveClear(wire);
        if (n == 1)
        {
            m_sa.initiatorCookie = in.header.initiatorCookie;
        }
        if (n == 2)
        {
            m_sa.responderCookie = in.header.responderCookie;
        }
        Message out = NewMessage();
        if (!m_config.aggressive)
        {
            switch (n)
            {
            case 1: // responder: choose a transform
                Expect(in, {PayloadType::Sa}, name.c_str());
                m_saiB = in.Find(PayloadType::Sa)->Body();
                out.payloads.push_back(ChooseSa(*in.Find(PayloadType::Sa)));
                for (const Bytes& vid : m_config.vendorIds)
                {
                    out.payloads.push_back(MakeData(PayloadType::VendorId, vid));
                }
                return Send(std::move(out), false);
            case 2: // initiator: KE + Ni
                Expect(in, {PayloadType::Sa}, name.c_str());
                AcceptChosenSa(*in.Find(PayloadType::Sa));
                MakeKeyPair();
                out.payloads.push_back(MakeData(PayloadType::Ke, m_gxi));
                out.payloads.push_back(MakeData(PayloadType::Nonce, m_ni));
                return Send(std::move(out), false);
            case 3: // responder: KE + Nr, then the keys
                Expect(in, {PayloadType::Ke, PayloadType::Nonce}, name.c_str());
                m_ni = in.Find(PayloadType::Nonce)->Body();
                MakeKeyPair();
                DeriveKeys(in.Find(PayloadType::Ke)->Body());
                out.payloads.push_back(MakeData(PayloadType::Ke, m_gxr));
                out.payloads.push_back(MakeData(PayloadType::Nonce, m_nr));
                return Send(std::move(out), false);
            case 4:
            { // initiator: the keys, then IDii + HASH_I encrypted
                Expect(in, {PayloadType::Ke, PayloadType::Nonce}, name.c_str());
                m_nr = in.Find(PayloadType::Nonce)->Body();
                DeriveKeys(in.Find(PayloadType::Ke)->Body());
                Payload id = MakeId(m_config.localId);
                Bytes hashI = ComputeHash(true, id.EncodeBody());
                m_derived.push_back({"HASH_I", hashI});
                out.payloads.push_back(std::move(id));
                out.payloads.push_back(MakeData(PayloadType::Hash, hashI));
                return Send(std::move(out), true);
            }
            case 5:
            { // responder: verify HASH_I, answer IDir + HASH_R
                Expect(in, {PayloadType::Id, PayloadType::Hash}, name.c_str());
                const Payload& id = *in.Find(PayloadType::Id);
                CheckPeerId(id);
                CheckHash(*in.Find(PayloadType::Hash), true, id.Body());
                Payload mine = MakeId(m_config.localId);
                Bytes hashR = ComputeHash(false, mine.EncodeBody());
                m_derived.push_back({"HASH_R", hashR});
                out.payloads.push_back(std::move(mine));
                out.payloads.push_back(MakeData(PayloadType::Hash, hashR));
                Bytes wireOut = Send(std::move(out), true);
                m_sa.lastPhase1Block = m_iv;
                m_established = true;
                return wireOut;
            }
            case 6:
            { // initiator: verify HASH_R
                Expect(in, {PayloadType::Id, PayloadType::Hash}, name.c_str());
                const Payload& id = *in.Find(PayloadType::Id);
                CheckPeerId(id);
                CheckHash(*in.Find(PayloadType::Hash), false, id.Body());
                m_sa.lastPhase1Block = m_iv;
                m_established = true;
                return {};
            }
            default:
                break;
            }
        }
        else
        {
            switch (n)
            {
            case 1:
            { // responder: choose, KE + Nr + IDir + HASH_R in the clear
                Expect(in,
                       {PayloadType::Sa, PayloadType::Ke, PayloadType::Nonce, PayloadType::Id},
                       name.c_str());
                m_saiB = in.Find(PayloadType::Sa)->Body();
                Payload chosen = ChooseSa(*in.Find(PayloadType::Sa));
                const Payload& id = *in.Find(PayloadType::Id);
                CheckPeerId(id);
                m_ni = in.Find(PayloadType::Nonce)->Body();
                MakeKeyPair();
                DeriveKeys(in.Find(PayloadType::Ke)->Body());
                Payload mine = MakeId(m_config.localId);
                Bytes hashR = ComputeHash(false, mine.EncodeBody());
                m_derived.push_back({"HASH_R", hashR});
                out.payloads.push_back(std::move(chosen));
                out.payloads.push_back(MakeData(PayloadType::Ke, m_gxr));
                out.payloads.push_back(MakeData(PayloadType::Nonce, m_nr));
                out.payloads.push_back(std::move(mine));
                out.payloads.push_back(MakeData(PayloadType::Hash, hashR));
                for (const Bytes& vid : m_config.vendorIds)
                {
                    out.payloads.push_back(MakeData(PayloadType::VendorId, vid));
                }
                return Send(std::move(out), false);
            }
            case 2:
            { // initiator: verify HASH_R, send HASH_I encrypted
                Expect(in,
                       {PayloadType::Sa,
                        PayloadType::Ke,
                        PayloadType::Nonce,
                        PayloadType::Id,
                        PayloadType::Hash},
                       name.c_str());
                AcceptChosenSa(*in.Find(PayloadType::Sa));
                if (m_sa.policy.proposal.dhGroup != m_config.proposals.front().proposal.dhGroup)
                {
                    throw Ikev1Error(notify::kNoProposalChosen,
                                     name + ": the responder chose another DH group than AM1's");
                }
                m_nr = in.Find(PayloadType::Nonce)->Body();
                DeriveKeys(in.Find(PayloadType::Ke)->Body());
                const Payload& id = *in.Find(PayloadType::Id);
                CheckPeerId(id);
                CheckHash(*in.Find(PayloadType::Hash), false, id.Body());
                Bytes hashI = ComputeHash(true, MakeId(m_config.localId).EncodeBody());
                m_derived.push_back({"HASH_I", hashI});
                out.payloads.push_back(MakeData(PayloadType::Hash, hashI));
                Bytes wireOut = Send(std::move(out), true);
                m_sa.lastPhase1Block = m_iv;
                m_established = true;
                return wireOut;
            }
            case 3:
            { // responder: verify HASH_I over the IDii of AM1
                Expect(in, {PayloadType::Hash}, name.c_str());
                CheckHash(*in.Find(PayloadType::Hash), true, m_peerIdBody);
                m_sa.lastPhase1Block = m_iv;
                m_established = true;
                return {};
            }
            default:
                break;
            }
        }
        throw Ikev1Error(notify::kInvalidExchangeType, "phase 1 has no message " + name);
    }
    catch (const Ikev1Error&)
    {
        Fail();
        throw;
    }
    catch (const std::invalid_argument& e)
    {
        Fail();
        throw Ikev1Error(notify::kPayloadMalformed, MessageName(m_count) + ": " + e.what());
    }
}

IdPayload
IdentityPayload(const std::string& identity, uint32_t address)
{
    IdPayload id;
    in_addr a{};
    if (identity.empty() || inet_pton(AF_INET, identity.c_str(), &a) == 1)
    {
        uint32_t v = identity.empty() ? address : ntohl(a.s_addr);
        id.idType = id::kIpv4Addr;
        id.data = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
        return id;
    }
    id.idType = identity.find('@') != std::string::npos ? id::kUserFqdn : id::kFqdn;
    id.data.assign(identity.begin(), identity.end());
    return id;
}

std::string
IdentityText(const IdPayload& id)
{
    if (id.idType == id::kIpv4Addr && id.data.size() == 4)
    {
        return std::to_string(id.data[0]) + "." + std::to_string(id.data[1]) + "." +
               std::to_string(id.data[2]) + "." + std::to_string(id.data[3]);
    }
    if (id.idType == id::kFqdn || id.idType == id::kUserFqdn)
    {
        return std::string(id.data.begin(), id.data.end());
    }
    return "ID type " + std::to_string(id.idType) + " " + ToHex(id.data);
}

} // namespace ipseclab::ikev1
