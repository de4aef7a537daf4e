// ISAKMP messages (IKEv1): first octet even, the clear codec (header, every payload, SA with
// proposals, transforms and TV/TLV attributes, phase 1 and phase 2 attribute readers); odd,
// the encrypted path with a fixed AES-128 key (padding, the chain behind CBC). Whatever
// decodes must re-encode to a message that decodes to the same payloads.
#include "../fuzz-keys.h"
#include "../fuzz-target.h"
#include "ikev1/ikev1-cipher.h"
#include "ikev1/ikev1-transforms.h"

#include <cstdlib>

namespace
{

void
ReadTransforms(const ipseclab::ikev1::Message& m)
{
    for (const auto& p : m.payloads)
    {
        if (p.type != ipseclab::ikev1::PayloadType::Sa)
        {
            continue;
        }
        for (const auto& proposal : p.As<ipseclab::ikev1::SaPayload>().proposals)
        {
            for (const auto& t : proposal.transforms)
            {
                try
                {
                    if (proposal.protocol == ipseclab::ikev1::ProtocolId::Isakmp)
                    {
                        ipseclab::ikev1::ParsePhase1Transform(t);
                    }
                    else
                    {
                        ipseclab::ikev1::ParsePhase2Transform(t);
                    }
                }
                catch (const std::invalid_argument&)
                {
                }
                catch (const ipseclab::CryptoError&)
                {
                }
            }
        }
    }
}

} // namespace

IPSECLAB_FUZZ_TARGET(ikev1_message)
{
    if (size < 1)
    {
        return 0;
    }
    ipseclab::ByteSpan wire(data + 1, size - 1);
    ipseclab::ikev1::Message m;
    if (data[0] % 2 == 0)
    {
        m = ipseclab::ikev1::Message::Decode(wire);
    }
    else
    {
        static ipseclab::ikev1::Ikev1Cbc cbc("aes128", ipseclab::fuzz::kIkev1Key);
        ipseclab::Bytes iv(ipseclab::fuzz::kIkev1Iv.begin(), ipseclab::fuzz::kIkev1Iv.end());
        m = cbc.Decrypt(wire, iv);
    }
    m.Summary();
    ReadTransforms(m);
    ipseclab::ikev1::Message again = ipseclab::ikev1::Message::Decode(m.Encode());
    if (!(again.payloads == m.payloads))
    {
        std::abort(); // the codec does not round-trip what it accepted
    }
    return 0;
}
