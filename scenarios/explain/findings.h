// What an explanation found, beyond the events: the Child SAs IKE negotiated (so ESP packets
// can be matched to them), the verdicts per SPI, rekeys with the overlap of old and new SAs,
// and every key that was missing. summary.json and the narration report them.
#ifndef IPSECLAB_EXPLAIN_FINDINGS_H
#define IPSECLAB_EXPLAIN_FINDINGS_H

#include "crypto/algorithms.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ipseclab::explain
{

/// One direction of a Child SA, as IKE negotiated it.
struct NegotiatedSa
{
    uint32_t spi = 0;
    std::string protocol = "esp";
    std::string mode = "tunnel";
    std::string proposal; ///< "aes128gcm16"
    std::string src, dst; ///< who sends with this SPI, who receives
    std::string ikeSa;    ///< "spi_i/spi_r" of the IKE SA that made it
    std::string ts;       ///< "10.1.0.0/24 === 10.2.0.0/24"
    bool udpEncap = false;
    uint32_t rekeyOf = 0; ///< the SPI (same direction) it replaced
    double installedAt = 0;
    std::optional<double> deletedAt;
};

/// What the ESP/AH packets of one SPI showed.
struct SpiVerdicts
{
    std::string protocol = "esp";
    uint32_t spi = 0;
    std::string src, dst;
    std::string keySource; ///< "" when no key was found
    uint64_t packets = 0;
    uint64_t icvOk = 0, icvFailed = 0, badPadding = 0, malformed = 0;
    uint64_t replayed = 0, tooOld = 0, gaps = 0; ///< gaps: sequence numbers skipped
    uint32_t window = 0;                         ///< the replay window the verdicts assume
    bool windowAssumed = false; ///< not from the keys: the default or --replayWindow
    uint64_t firstSn = 0, lastSn = 0;
    double first = 0, last = 0;
    bool negotiated = false; ///< IKE in the capture negotiated this SPI
};

struct RekeyFinding
{
    std::string what; ///< "child" or "ike"
    std::string oldSa, newSa;
    double at = 0;
    std::optional<double> oldLastPacket, newFirstPacket, oldDeleted;
};

struct Findings
{
    std::map<uint32_t, NegotiatedSa> negotiated;                  ///< by SPI
    std::map<std::pair<std::string, uint32_t>, SpiVerdicts> spis; ///< (protocol, SPI)
    std::vector<RekeyFinding> rekeys;
    std::vector<std::string> missingKeys; ///< "IKE SA 6189…/8cc0…: no SK_e/SK_a (4 messages)"
    std::vector<std::string> notes;
    uint64_t ikeMessages = 0, ikeDecrypted = 0, ikeIntegrityFailed = 0, ikeNotDecrypted = 0;
    uint64_t ikeRetransmissions = 0, keepalives = 0, other = 0, skipped = 0;
    std::map<std::string, uint64_t> skippedWhy;
};

} // namespace ipseclab::explain

#endif
