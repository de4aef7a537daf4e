// IKEv2 messages in the clear as a responder reads them: the header, every payload type
// (SA with proposals and transforms, KE, IDs, CERT, CERTREQ, AUTH, Nonce, Notify, Delete,
// Vendor ID, TS, CP, unknown), their chain and lengths; then what the daemon does with a
// decoded message (Describe, Summary, re-encoding).
#include "ike/ike-message.h"

#include "../fuzz-target.h"

IPSECLAB_FUZZ_TARGET(ike_message)
{
    const ipseclab::ByteSpan input(data, size);
    ipseclab::IkeMessage::PeekHeader(input);
    ipseclab::IkeMessage m = ipseclab::IkeMessage::Decode(input);
    m.Describe();
    m.Summary();
    m.UnsupportedCriticalPayloads();
    if (!m.encrypted)
    {
        m.Encode(); // a decoded message encodes again (or says clearly why not)
    }
    return 0;
}
