#include "ikev1/ikev1-quick-mode.h"

namespace ipseclab::ikev1
{

namespace
{

bool
SameSuite(const Phase2Policy& a, const Phase2Policy& b)
{
    return a.proposal.encryption == b.proposal.encryption &&
           a.proposal.integrity == b.proposal.integrity &&
           a.proposal.dhGroup == b.proposal.dhGroup && a.encapsulation == b.encapsulation;
}

Bytes
SpiBytes(uint32_t spi)
{
    return {uint8_t(spi >> 24), uint8_t(spi >> 16), uint8_t(spi >> 8), uint8_t(spi)};
}

uint32_t
SpiValue(const Bytes& spi)
{
    if (spi.size() != 4)
    {
        throw Ikev1Error(notify::kInvalidSpi,
                         "ESP SPI of " + std::to_string(spi.size()) + " octets (4 expected)");
    }
    return uint32_t(spi[0]) << 24 | uint32_t(spi[1]) << 16 | uint32_t(spi[2]) << 8 | spi[3];
}

const Payload&
Need(const Message& m, PayloadType type, const std::string& name)
{
    const Payload* p = m.Find(type);
    if (!p)
    {
        throw Ikev1Error(notify::kPayloadMalformed,
                         name + " lacks its " + PayloadName(type) + " payload");
    }
    return *p;
}

/// The HASH must come first in Quick Mode and Informational messages (§5.5).
const Payload&
LeadingHash(const Message& m, const std::string& name)
{
    if (m.payloads.empty() || m.payloads.front().type != PayloadType::Hash)
    {
        throw Ikev1Error(notify::kInvalidHashInformation, name + " does not start with HASH");
    }
    return m.payloads.front();
}

void
CheckHash(const Payload& hash, const Bytes& expected, const std::string& what)
{
    if (hash.Body() != expected)
    {
        throw Ikev1Error(notify::kInvalidHashInformation, what + " does not verify");
    }
}

} // namespace

size_t
KeymatLength(const Phase2Policy& policy)
{
    return policy.proposal.encryption->KeymatSize() +
           (policy.proposal.integrity ? policy.proposal.integrity->keySize : 0);
}

std::pair<Bytes, Bytes>
SplitKeymat(const Phase2Policy& policy, const Bytes& keymat)
{
    size_t e = policy.proposal.encryption->KeymatSize();
    return {Bytes(keymat.begin(), keymat.begin() + e), Bytes(keymat.begin() + e, keymat.end())};
}

QuickModeExchange::QuickModeExchange(Role role, const IsakmpSa& sa, QuickConfig config,
                                     RandomSource& rng, uint32_t messageId, uint32_t localSpi)
    : m_role(role)
    , m_sa(sa)
    , m_config(std::move(config))
    , m_rng(rng)
    , m_messageId(messageId)
    , m_localSpi(localSpi)
{
    if (m_config.proposals.empty())
    {
        throw std::invalid_argument("Quick Mode needs at least one ESP proposal");
    }
    if (messageId == 0)
    {
        throw std::invalid_argument("Quick Mode message ID 0 is phase 1's");
    }
    if (m_config.idci.has_value() != m_config.idcr.has_value())
    {
        throw std::invalid_argument("Quick Mode sends IDci and IDcr together or not at all");
    }
    m_iv = m_sa.Phase2IvFor(messageId);
    m_derived.push_back({"phase 2 IV", m_iv});
    (role == Role::Initiator ? m_result.initiatorSpi : m_result.responderSpi) = localSpi;
}

std::vector<DerivedValue>
QuickModeExchange::TakeDerived()
{
    std::vector<DerivedValue> out;
    out.swap(m_derived);
    return out;
}

Message
QuickModeExchange::NewMessage() const
{
    Message m;
    m.header.initiatorCookie = m_sa.initiatorCookie;
    m.header.responderCookie = m_sa.responderCookie;
    m.header.exchange = ExchangeType::Quick;
    m.header.messageId = m_messageId;
    return m;
}

Bytes
QuickModeExchange::Send(Message message)
{
    ++m_count;
    Ikev1Cbc cbc = m_sa.Cipher();
    Bytes out = cbc.Encrypt(message, m_iv);
    m_lastPlain = std::move(message);
    return out;
}

Message
QuickModeExchange::Receive(ByteSpan wire)
{
    const std::string name = MessageName(m_count + 1);
    Ikev1Cbc cbc = m_sa.Cipher();
    Bytes iv = m_iv;
    Message m;
    try
    {
        m = cbc.Decrypt(wire, iv);
    }
    catch (const IkeParseError& e)
    {
        throw Ikev1Error(notify::kPayloadMalformed, name + ": " + e.what());
    }
    if (m.header.exchange != ExchangeType::Quick || m.header.messageId != m_messageId)
    {
        throw Ikev1Error(notify::kInvalidMessageId, name + ": not of this Quick Mode exchange");
    }
    if (m.header.initiatorCookie != m_sa.initiatorCookie ||
        m.header.responderCookie != m_sa.responderCookie)
    {
        throw Ikev1Error(notify::kInvalidCookie, name + ": cookies of another ISAKMP SA");
    }
    m_iv = iv;
    ++m_count;
    m_lastPlain = m;
    return m;
}

Payload
QuickModeExchange::OfferSa() const
{
    Proposal p{1, ProtocolId::Esp, SpiBytes(m_localSpi), {}};
    uint8_t n = 1;
    for (const Phase2Policy& policy : m_config.proposals)
    {
        p.transforms.push_back(Phase2Transform(policy, n++));
    }
    SaPayload sa;
    sa.proposals.push_back(std::move(p));
    return MakeSa(sa);
}

Payload
QuickModeExchange::ChooseSa(const Payload& offer)
{
    for (const Proposal& p : offer.As<SaPayload>().proposals)
    {
        if (p.protocol != ProtocolId::Esp)
        {
            continue;
        }
        for (const Transform& t : p.transforms)
        {
            Phase2Policy theirs;
            try
            {
                theirs = ParsePhase2Transform(t);
            }
            catch (const std::exception&)
            {
                continue;
            }
            for (const Phase2Policy& mine : m_config.proposals)
            {
                if (SameSuite(theirs, mine))
                {
                    m_result.policy = theirs;
                    m_result.initiatorSpi = SpiValue(p.spi);
                    SaPayload answer;
                    answer.proposals.push_back(
                        Proposal{p.number, p.protocol, SpiBytes(m_localSpi), {t}});
                    return MakeSa(answer);
                }
            }
        }
    }
    throw Ikev1Error(notify::kNoProposalChosen,
                     "QM1: none of the offered ESP transforms is acceptable");
}

void
QuickModeExchange::AcceptChosenSa(const Payload& answer)
{
    const SaPayload& sa = answer.As<SaPayload>();
    if (sa.proposals.size() != 1 || sa.proposals[0].transforms.size() != 1 ||
        sa.proposals[0].protocol != ProtocolId::Esp)
    {
        throw Ikev1Error(notify::kNoProposalChosen,
                         "QM2: the responder must choose exactly one ESP transform");
    }
    Phase2Policy chosen;
    try
    {
        chosen = ParsePhase2Transform(sa.proposals[0].transforms[0]);
    }
    catch (const std::exception& e)
    {
        throw Ikev1Error(notify::kNoProposalChosen, std::string("QM2: ") + e.what());
    }
    bool offered = false;
    for (const Phase2Policy& mine : m_config.proposals)
    {
        offered = offered || SameSuite(chosen, mine);
    }
    if (!offered)
    {
        throw Ikev1Error(notify::kNoProposalChosen,
                         "QM2: the responder chose an ESP transform that was not offered");
    }
    m_result.policy = chosen;
    m_result.responderSpi = SpiValue(sa.proposals[0].spi);
}

void
QuickModeExchange::ReadIds(const Message& m, bool initiatorReading)
{
    std::vector<const Payload*> ids;
    for (const Payload& p : m.payloads)
    {
        if (p.type == PayloadType::Id)
        {
            ids.push_back(&p);
        }
    }
    const std::string name = MessageName(m_count);
    if (ids.size() != 0 && ids.size() != 2)
    {
        throw Ikev1Error(notify::kInvalidIdInformation,
                         name + " carries " + std::to_string(ids.size()) + " ID payloads");
    }
    std::optional<IdPayload> idci, idcr;
    if (ids.size() == 2)
    {
        idci = ids[0]->As<IdPayload>();
        idcr = ids[1]->As<IdPayload>();
    }
    if (initiatorReading)
    {
        // The responder echoes what was proposed (§5.5).
        if (!(idci == m_config.idci) || !(idcr == m_config.idcr))
        {
            throw Ikev1Error(notify::kInvalidIdInformation,
                             "QM2: client IDs differ from those of QM1");
        }
    }
    else if (m_config.acceptIds &&
             !m_config.acceptIds(idci ? &*idci : nullptr, idcr ? &*idcr : nullptr))
    {
        throw Ikev1Error(notify::kInvalidIdInformation,
                         "QM1: client IDs outside this side's policy");
    }
    m_result.idci = idci;
    m_result.idcr = idcr;
}

void
QuickModeExchange::MakePfsKey()
{
    m_dh = DhGroup::Create(*m_result.policy.proposal.dhGroup, m_rng);
}

void
QuickModeExchange::AppendOptional(Message& m) const
{
    if (m_dh)
    {
        m.payloads.push_back(MakeData(PayloadType::Ke, m_dh->PublicValue()));
    }
    if (m_result.idci)
    {
        m.payloads.push_back(MakeId(*m_result.idci));
        m.payloads.push_back(MakeId(*m_result.idcr));
    }
}

void
QuickModeExchange::Finish(ByteSpan peerKe)
{
    const Phase2Policy& policy = m_result.policy;
    if (policy.proposal.dhGroup)
    {
        if (peerKe.size() != policy.proposal.dhGroup->publicSize)
        {
            throw Ikev1Error(notify::kInvalidKeyInformation,
                             "Quick Mode KE missing or of the wrong size for PFS group " +
                                 std::string(policy.proposal.dhGroup->name));
        }
        try
        {
            m_result.gqmxy = m_dh->ComputeSharedSecret(peerKe);
        }
        catch (const std::exception& e)
        {
            throw Ikev1Error(notify::kInvalidKeyInformation, std::string("PFS KE: ") + e.what());
        }
        m_derived.push_back({"g(qm)^xy", m_result.gqmxy});
    }
    Ikev1Hash h = m_sa.Hash();
    size_t length = KeymatLength(policy);
    const uint8_t esp = static_cast<uint8_t>(ProtocolId::Esp);
    m_result.initiatorInKeymat = Keymat(h,
                                        m_sa.skeyids.d,
                                        m_result.gqmxy,
                                        esp,
                                        SpiBytes(m_result.initiatorSpi),
                                        m_ni,
                                        m_nr,
                                        length);
    m_result.responderInKeymat = Keymat(h,
                                        m_sa.skeyids.d,
                                        m_result.gqmxy,
                                        esp,
                                        SpiBytes(m_result.responderSpi),
                                        m_ni,
                                        m_nr,
                                        length);
    m_derived.push_back({"KEYMAT initiator inbound", m_result.initiatorInKeymat});
    m_derived.push_back({"KEYMAT responder inbound", m_result.responderInKeymat});
}

Bytes
QuickModeExchange::Start()
{
    if (m_role != Role::Initiator || m_count != 0)
    {
        throw std::logic_error("QuickModeExchange::Start is the initiator's first step");
    }
    m_result.policy = m_config.proposals.front();
    m_ni = m_rng.Get(m_config.nonceSize);
    if (m_result.policy.proposal.dhGroup)
    {
        MakePfsKey();
    }
    m_result.idci = m_config.idci;
    m_result.idcr = m_config.idcr;
    Message m = NewMessage();
    m.payloads.push_back(MakeData(PayloadType::Hash, {}));
    m.payloads.push_back(OfferSa());
    m.payloads.push_back(MakeData(PayloadType::Nonce, m_ni));
    AppendOptional(m);
    Ikev1Hash h = m_sa.Hash();
    Bytes hash1 = QuickHash1(h, m_sa.skeyids.a, m_messageId, AfterFirstPayload(m.payloads));
    m.payloads[0] = MakeData(PayloadType::Hash, hash1);
    m_derived.push_back({"HASH(1)", hash1});
    return Send(std::move(m));
}

Bytes
QuickModeExchange::Process(ByteSpan wire)
{
    if (m_failed || m_done)
    {
        throw Ikev1Error(notify::kInvalidMessageId, "Quick Mode exchange already ended");
    }
    try
    {
        const int n = m_count + 1;
        if ((n % 2 == 1) != (m_role == Role::Responder))
        {
            throw std::logic_error("QuickModeExchange: Start the initiator first");
        }
        Message in = Receive(wire);
        const std::string name = MessageName(n);
        Ikev1Hash h = m_sa.Hash();
        const Payload& hash = LeadingHash(in, name);
        if (n == 1)
        {
            CheckHash(hash,
                      QuickHash1(h, m_sa.skeyids.a, m_messageId, AfterFirstPayload(in.payloads)),
                      "HASH(1)");
            Payload chosen = ChooseSa(Need(in, PayloadType::Sa, name));
            m_ni = Need(in, PayloadType::Nonce, name).Body();
            ReadIds(in, false);
            Bytes peerKe;
            if (const Payload* ke = in.Find(PayloadType::Ke))
            {
                peerKe = ke->Body();
            }
            if (m_result.policy.proposal.dhGroup)
            {
                MakePfsKey();
            }
            m_nr = m_rng.Get(m_config.nonceSize);
            Finish(peerKe);
            Message out = NewMessage();
            out.payloads.push_back(MakeData(PayloadType::Hash, {}));
            out.payloads.push_back(std::move(chosen));
            out.payloads.push_back(MakeData(PayloadType::Nonce, m_nr));
            AppendOptional(out);
            Bytes hash2 =
                QuickHash2(h, m_sa.skeyids.a, m_messageId, m_ni, AfterFirstPayload(out.payloads));
            out.payloads[0] = MakeData(PayloadType::Hash, hash2);
            m_derived.push_back({"HASH(2)", hash2});
            return Send(std::move(out));
        }
        if (n == 2)
        {
            CheckHash(
                hash,
                QuickHash2(h, m_sa.skeyids.a, m_messageId, m_ni, AfterFirstPayload(in.payloads)),
                "HASH(2)");
            AcceptChosenSa(Need(in, PayloadType::Sa, name));
            m_nr = Need(in, PayloadType::Nonce, name).Body();
            ReadIds(in, true);
            Bytes peerKe;
            if (const Payload* ke = in.Find(PayloadType::Ke))
            {
                peerKe = ke->Body();
            }
            Finish(peerKe);
            Message out = NewMessage();
            Bytes hash3 = QuickHash3(h, m_sa.skeyids.a, m_messageId, m_ni, m_nr);
            out.payloads.push_back(MakeData(PayloadType::Hash, hash3));
            m_derived.push_back({"HASH(3)", hash3});
            Bytes wireOut = Send(std::move(out));
            m_done = true;
            return wireOut;
        }
        if (n == 3)
        {
            CheckHash(hash, QuickHash3(h, m_sa.skeyids.a, m_messageId, m_ni, m_nr), "HASH(3)");
            m_done = true;
            return {};
        }
        throw Ikev1Error(notify::kInvalidMessageId, "Quick Mode has no message " + name);
    }
    catch (const Ikev1Error&)
    {
        m_failed = true;
        throw;
    }
    catch (const std::invalid_argument& e)
    {
        m_failed = true;
        throw Ikev1Error(notify::kPayloadMalformed, MessageName(m_count) + ": " + e.what());
    }
}

Bytes
BuildInformational(const IsakmpSa& sa, uint32_t messageId, std::vector<Payload> payloads)
{
    Message m;
    m.header.initiatorCookie = sa.initiatorCookie;
    m.header.responderCookie = sa.responderCookie;
    m.header.exchange = ExchangeType::Informational;
    m.header.messageId = messageId;
    m.payloads.push_back(MakeData(PayloadType::Hash, {}));
    m.payloads.insert(m.payloads.end(), payloads.begin(), payloads.end());
    Ikev1Hash h = sa.Hash();
    m.payloads[0] = MakeData(PayloadType::Hash,
                             QuickHash1(h, sa.skeyids.a, messageId, AfterFirstPayload(m.payloads)));
    Bytes iv = sa.Phase2IvFor(messageId);
    Ikev1Cbc cbc = sa.Cipher();
    return cbc.Encrypt(m, iv);
}

std::vector<Payload>
ProcessInformational(const IsakmpSa& sa, ByteSpan wire)
{
    Header header;
    Message m;
    try
    {
        header = Header::Decode(wire);
        Bytes iv = sa.Phase2IvFor(header.messageId);
        Ikev1Cbc cbc = sa.Cipher();
        m = cbc.Decrypt(wire, iv);
    }
    catch (const IkeParseError& e)
    {
        throw Ikev1Error(notify::kPayloadMalformed, std::string("Informational: ") + e.what());
    }
    if (m.header.exchange != ExchangeType::Informational)
    {
        throw Ikev1Error(notify::kInvalidExchangeType, "not an Informational exchange");
    }
    const Payload& hash = LeadingHash(m, "Informational");
    Ikev1Hash h = sa.Hash();
    CheckHash(hash,
              QuickHash1(h, sa.skeyids.a, m.header.messageId, AfterFirstPayload(m.payloads)),
              "Informational HASH(1)");
    return std::vector<Payload>(m.payloads.begin() + 1, m.payloads.end());
}

} // namespace ipseclab::ikev1
