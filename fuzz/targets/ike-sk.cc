// The SK payload's open path with fixed keys (first octet: AES-GCM, AES-CBC + HMAC or
// ChaCha20-Poly1305): IV, ciphertext, ICV, padding, the inner payload chain behind a valid
// ICV (seeds are sealed with these keys by make-seeds).
#include "../fuzz-keys.h"
#include "../fuzz-target.h"
#include "ike/ike-message.h"

IPSECLAB_FUZZ_TARGET(ike_sk)
{
    if (size < 1)
    {
        return 0;
    }
    static std::vector<std::unique_ptr<ipseclab::IkeCryptoContext>> contexts;
    if (contexts.empty())
    {
        for (size_t i = 0; i < ipseclab::fuzz::kIkeProposals.size(); ++i)
        {
            contexts.push_back(ipseclab::fuzz::FuzzIkeContext(i));
        }
    }
    ipseclab::IkeCryptoContext& crypto = *contexts[data[0] % contexts.size()];
    ipseclab::IkeMessage m =
        ipseclab::IkeMessage::Decode(ipseclab::ByteSpan(data + 1, size - 1), &crypto);
    m.Describe();
    m.Summary();
    return 0;
}
