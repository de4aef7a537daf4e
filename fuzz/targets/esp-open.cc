// ESP as the receiver opens it, for each transform family (first octet: AES-GCM, ChaCha20-
// Poly1305, AES-CBC + HMAC, NULL + HMAC), with and without ESN: SPI, sequence number, IV, ICV,
// padding and pad length, next header; both the copying and the in-place path.
#include "../fuzz-keys.h"
#include "../fuzz-target.h"
#include "datapath/esp-codec.h"

IPSECLAB_FUZZ_TARGET(esp_open)
{
    if (size < 1)
    {
        return 0;
    }
    static std::vector<std::unique_ptr<ipseclab::EspTransform>> transforms;
    if (transforms.empty())
    {
        for (size_t i = 0; i < ipseclab::fuzz::kEspProposals.size(); ++i)
        {
            transforms.push_back(ipseclab::fuzz::FuzzEspTransform(i));
        }
    }
    ipseclab::EspTransform& t = *transforms[(data[0] & 0x7f) % transforms.size()];
    const std::optional<uint32_t> seqHigh =
        (data[0] & 0x80) ? std::optional<uint32_t>(1) : std::nullopt;
    const ipseclab::ByteSpan packet(data + 1, size - 1);
    ipseclab::EspPeekHeader(packet);
    ipseclab::EspOpenTrace trace;
    ipseclab::EspOpenResult copy = ipseclab::EspOpen(t, packet, seqHigh, &trace);
    ipseclab::Bytes inPlace(packet.begin(), packet.end());
    ipseclab::EspOpenResult same = ipseclab::EspOpenInPlace(t, inPlace, seqHigh);
    if (copy.status != same.status)
    {
        __builtin_trap(); // the two receive paths must agree
    }
    return 0;
}
