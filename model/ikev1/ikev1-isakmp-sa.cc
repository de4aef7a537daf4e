#include "ikev1/ikev1-isakmp-sa.h"

namespace ipseclab::ikev1
{

std::string
NotifyName(uint16_t type)
{
    switch (type)
    {
    case notify::kInvalidPayloadType:
        return "INVALID-PAYLOAD-TYPE";
    case notify::kInvalidCookie:
        return "INVALID-COOKIE";
    case notify::kInvalidExchangeType:
        return "INVALID-EXCHANGE-TYPE";
    case notify::kInvalidFlags:
        return "INVALID-FLAGS";
    case notify::kInvalidMessageId:
        return "INVALID-MESSAGE-ID";
    case notify::kInvalidSpi:
        return "INVALID-SPI";
    case notify::kNoProposalChosen:
        return "NO-PROPOSAL-CHOSEN";
    case notify::kPayloadMalformed:
        return "PAYLOAD-MALFORMED";
    case notify::kInvalidKeyInformation:
        return "INVALID-KEY-INFORMATION";
    case notify::kInvalidIdInformation:
        return "INVALID-ID-INFORMATION";
    case notify::kInvalidHashInformation:
        return "INVALID-HASH-INFORMATION";
    case notify::kAuthenticationFailed:
        return "AUTHENTICATION-FAILED";
    case notify::kResponderLifetime:
        return "RESPONDER-LIFETIME";
    case notify::kInitialContact:
        return "INITIAL-CONTACT";
    case notify::kRUThere:
        return "R-U-THERE";
    case notify::kRUThereAck:
        return "R-U-THERE-ACK";
    default:
        return std::to_string(type);
    }
}

Bytes
IsakmpSa::Phase2IvFor(uint32_t messageId) const
{
    Ikev1Hash h = Hash();
    return Phase2Iv(h, lastPhase1Block, messageId, policy.proposal.encryption->blockSize);
}

Bytes
AfterFirstPayload(const std::vector<Payload>& payloads)
{
    if (payloads.size() < 2)
    {
        return {};
    }
    bool received = !payloads[1].wire.empty();
    if (received)
    {
        Bytes out;
        for (size_t i = 1; i < payloads.size(); ++i)
        {
            out.insert(out.end(), payloads[i].wire.begin(), payloads[i].wire.end());
        }
        return out;
    }
    return EncodePayloadChain(std::vector<Payload>(payloads.begin() + 1, payloads.end()));
}

} // namespace ipseclab::ikev1
