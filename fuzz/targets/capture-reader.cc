// ./lab explain's capture reader (scenarios/explain/pcap-reader.h) and classifier: any file
// is a capture with its frames or a CaptureError, never a read past its end; each frame is
// classified, and what is classified as ESP, AH or IKE has the octets it was classified by.
#include "../fuzz-target.h"
#include "datapath/esp-codec.h"
#include "packet-classifier.h"
#include "pcap-reader.h"

IPSECLAB_FUZZ_TARGET(capture_reader)
{
    using namespace ipseclab::explain;
    const Capture capture = ParseCapture(ipseclab::ByteSpan(data, size));
    uint64_t number = 0;
    for (const CapturedFrame& frame : capture.frames)
    {
        if (frame.number != ++number || !IsKnownLinkType(frame.linkType))
        {
            __builtin_trap(); // frames are numbered from 1, only known link types get through
        }
        const ClassifiedPacket p = Classify(frame);
        if (p.kind == PacketKind::Esp && p.payload.size() >= 8 &&
            !ipseclab::EspPeekHeader(ipseclab::ByteSpan(p.payload)))
        {
            __builtin_trap();
        }
        if (p.kind != PacketKind::Skipped && p.ipHeader.size() < 20)
        {
            __builtin_trap(); // an explained packet has a whole IPv4 header
        }
    }
    return 0;
}
