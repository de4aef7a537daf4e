#include "ikev1/ikev1-psk-crack.h"

#include "ikev1/ikev1-key-schedule.h"
#include "ikev1/ikev1-transforms.h"

#include <stdexcept>

namespace ipseclab::ikev1
{

namespace
{

const Payload&
Need(const Message& m, PayloadType type, const char* which)
{
    const Payload* p = m.Find(type);
    if (!p)
    {
        throw std::invalid_argument(std::string(which) + " has no " + PayloadName(type) +
                                    " payload");
    }
    return *p;
}

} // namespace

CrackResult
CrackAggressiveModePsk(ByteSpan am1Wire, ByteSpan am2Wire,
                       const std::vector<std::string>& dictionary)
{
    Message am1 = Message::Decode(am1Wire);
    Message am2 = Message::Decode(am2Wire);
    if (am1.header.exchange != ExchangeType::Aggressive ||
        am2.header.exchange != ExchangeType::Aggressive)
    {
        throw std::invalid_argument("not an Aggressive Mode exchange");
    }
    // The hash is the one the responder chose, named in AM2's SA.
    const SaPayload& chosen = Need(am2, PayloadType::Sa, "AM2").As<SaPayload>();
    if (chosen.proposals.empty() || chosen.proposals[0].transforms.empty())
    {
        throw std::invalid_argument("AM2's SA chooses no transform");
    }
    Ikev1Hash h(Phase1HashName(ParsePhase1Transform(chosen.proposals[0].transforms[0])));
    const Bytes saiB = Need(am1, PayloadType::Sa, "AM1").Body();
    const Bytes gxi = Need(am1, PayloadType::Ke, "AM1").Body();
    const Bytes ni = Need(am1, PayloadType::Nonce, "AM1").Body();
    const Bytes gxr = Need(am2, PayloadType::Ke, "AM2").Body();
    const Bytes nr = Need(am2, PayloadType::Nonce, "AM2").Body();
    const Bytes idirB = Need(am2, PayloadType::Id, "AM2").Body();
    const Bytes hashR = Need(am2, PayloadType::Hash, "AM2").Body();
    const uint64_t ckyI = am2.header.initiatorCookie, ckyR = am2.header.responderCookie;

    CrackResult result;
    for (const std::string& word : dictionary)
    {
        ++result.tried;
        Bytes skeyid = SkeyidPsk(h, ToBytes(word), ni, nr);
        if (HashR(h, skeyid, gxi, gxr, ckyI, ckyR, saiB, idirB) == hashR)
        {
            result.psk = word;
            return result;
        }
    }
    return result;
}

} // namespace ipseclab::ikev1
