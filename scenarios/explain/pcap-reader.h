// Reads a capture file (pcap or pcapng) into frames with their link type, without ns-3. Every
// way a file can be wrong (unreadable, truncated, not a capture, an unknown link type) is a
// CaptureError naming the offset and what was expected; nothing is read past the file's end.
#ifndef IPSECLAB_EXPLAIN_PCAP_READER_H
#define IPSECLAB_EXPLAIN_PCAP_READER_H

#include "crypto/crypto-common.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ipseclab::explain
{

/// Link types (LINKTYPE_*, tcpdump.org) the explainer unwraps to an IP datagram.
inline constexpr uint32_t kLinkNull = 0;        ///< BSD loopback: 4-octet address family
inline constexpr uint32_t kLinkEthernet = 1;    ///< Ethernet II, 802.1Q tags skipped
inline constexpr uint32_t kLinkPpp = 9;         ///< PPP as ns-3's point-to-point links write it
inline constexpr uint32_t kLinkRaw = 101;       ///< raw IP (version from the first nibble)
inline constexpr uint32_t kLinkLinuxSll = 113;  ///< Linux cooked capture v1 (tcpdump -i any)
inline constexpr uint32_t kLinkIpv4 = 228;      ///< raw IPv4
inline constexpr uint32_t kLinkLinuxSll2 = 276; ///< Linux cooked capture v2

bool IsKnownLinkType(uint32_t linkType);
/// "Ethernet", "Linux cooked (SLL)", ...; "unknown" for others.
std::string LinkTypeName(uint32_t linkType);

class CaptureError : public std::runtime_error
{
  public:
    explicit CaptureError(const std::string& what);
};

struct CapturedFrame
{
    uint64_t number = 0;     ///< 1-based, as Wireshark numbers frames
    int64_t timeNs = 0;      ///< capture time in nanoseconds since the epoch (or the file's zero)
    uint32_t linkType = 0;   ///< of the interface it was captured on
    uint32_t wireLength = 0; ///< octets on the wire (more than data.size() when snapped)
    Bytes data;
};

struct Capture
{
    std::string format;              ///< "pcap" or "pcapng"
    std::vector<uint32_t> linkTypes; ///< one per interface (pcap: exactly one)
    std::vector<CapturedFrame> frames;
};

/// Parses the octets of a pcap or pcapng file. CaptureError on anything it cannot read.
Capture ParseCapture(ByteSpan file);
/// Reads and parses a file; CaptureError also when the file cannot be opened.
Capture ReadCaptureFile(const std::string& path);

} // namespace ipseclab::explain

#endif
