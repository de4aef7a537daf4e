// An attacker on the WAN that forges IKE messages: it reads the IKE traffic a device receives
// (SPIs, message IDs, addresses and ports are all in the clear) and injects messages a careless
// daemon would act on:
//   - an INFORMATIONAL request with a DELETE of the IKE SA, in the clear, from the peer's
//     address (RFC 7296 2.21: such a message must be ignored);
//   - an AUTHENTICATION_FAILED answer to IKE_AUTH, in the clear, sent the instant the real
//     request passes, so it arrives before the real answer;
//   - a flood of IKE_SA_INIT requests from many spoofed addresses (the COOKIE mechanism of
//     RFC 7296 2.6 must engage and the legitimate peer still connect).
// Each forgery is an attacker/forge event with the octets sent.
#ifndef IPSECLAB_IKE_FORGER_H
#define IPSECLAB_IKE_FORGER_H

#include "crypto/crypto-common.h"
#include "ike/ike-constants.h"

#include <ns3/ipv4-address.h>
#include <ns3/net-device.h>
#include <ns3/nstime.h>
#include <ns3/object.h>
#include <ns3/random-variable-stream.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

namespace ns3
{

class IkeForger : public Object
{
  public:
    static TypeId GetTypeId();
    IkeForger();
    ~IkeForger() override;

    /// Learns IKE SAs from the IKE messages `device` receives (UDP 500, and 4500 after the
    /// non-ESP marker). Call before any forgery; more than one device may be watched.
    void WatchAt(Ptr<NetDevice> device);
    /// At `at`, sends an unprotected INFORMATIONAL DELETE of the last IKE SA seen to its
    /// `target` end (the address the device `via` delivers to), as if from the other end.
    void ForgeDeleteAt(Time at, Ipv4Address target, Ptr<NetDevice> via);
    /// At `at`, sends the last protected request seen again (a valid SK payload: only where it
    /// comes from gives it away), from `from` (e.g. the attacker's own address) to the end it
    /// was meant for.
    void ReplayLastRequestAt(Time at, Ipv4Address from, Ptr<NetDevice> via);
    /// Answers every IKE_AUTH request seen at a watched device with an unprotected
    /// AUTHENTICATION_FAILED response, sent back through `via` as if from the responder.
    void AnswerIkeAuthWith(Ptr<NetDevice> via);
    /// At `at`, a burst of malformed and unsolicited IKE messages to `target`:500 from
    /// `from`: a truncated header, a length field beyond the datagram, an IKE_SA_INIT with an
    /// unknown critical payload (RFC 7296 2.5: UNSUPPORTED_CRITICAL_PAYLOAD), one with 2,000
    /// payloads, a message for an IKE SPI nobody has, and answers to requests never sent (an
    /// IKE_SA_INIT response and, with the live IKE SA's SPIs, a CREATE_CHILD_SA response whose
    /// SK payload is garbage). Each is an attacker/forge event.
    void SendMalformedAt(Time at, Ipv4Address from, Ipv4Address target, Ptr<NetDevice> via);
    /// A compromised peer: takes the IKE SA keys node `nodeId` derives (its key-derived events,
    /// as a stolen or malicious peer holds them), for IKE SAs negotiated with `proposal`.
    void StealKeysOf(uint32_t nodeId, const std::string& proposal);
    /// At `at`, protected messages (valid SK) to `target` from the other end of the last IKE
    /// SA whose keys were stolen: a request with a message ID outside the window (dropped), an
    /// INFORMATIONAL deleting ESP SPIs nobody has (answered, nothing deleted), and one with
    /// 2,000 unknown status notifications (answered).
    void SendProtectedAt(Time at, Ipv4Address target, Ptr<NetDevice> via);
    /// From `start`, `count` IKE_SA_INIT requests `spacing` apart to `target`:500, each from
    /// another address of `sources` (host i of the prefix) with a fresh SPI and nonce, offering
    /// `proposal` (strongSwan syntax) with a valid key exchange, through `via`.
    void FloodAt(Time start, uint32_t count, Time spacing, Ipv4Address target, Ipv4Address sources,
                 const std::string& proposal, Ptr<NetDevice> via);

    int64_t AssignStreams(int64_t stream);
    uint32_t GetForgedCount() const { return m_forged; }

  private:
    struct Seen
    {
        uint64_t spiI = 0;
        uint64_t spiR = 0;
        uint32_t initiator = 0; ///< address of the original initiator
        uint32_t responder = 0;
        uint16_t initiatorPort = ipseclab::kIkePort;
        uint16_t responderPort = ipseclab::kIkePort;
        uint32_t lastRequestId[2] = {0, 0}; ///< [0] sent by the initiator, [1] by the responder
        std::vector<uint8_t> lastProtectedRequest; ///< its IKE octets
        uint32_t lastProtectedRequestTo = 0;
    };
    void OnMacRx(Ptr<NetDevice> device, Ptr<const Packet> frame);
    void ForgeDelete(uint32_t target, Ptr<NetDevice> via);
    void ReplayLastRequest(uint32_t from, Ptr<NetDevice> via);
    void SendMalformed(uint32_t from, uint32_t target, Ptr<NetDevice> via);
    void SendProtected(uint32_t target, Ptr<NetDevice> via);
    struct StolenKeys
    {
        ipseclab::Bytes skEi, skAi, skEr, skAr;
    };
    std::map<std::pair<uint64_t, uint64_t>, StolenKeys> m_stolen; ///< by (SPIi, SPIr)
    std::string m_stolenProposal;
    uint32_t m_stolenFrom = 0;
    uint32_t m_subscription = 0;
    void SendForged(const std::string& what, const std::vector<uint8_t>& ike, uint32_t from,
                    uint16_t fromPort, uint32_t to, uint16_t toPort, Ptr<NetDevice> via);
    struct Flood
    {
        uint32_t count;
        Time spacing;
        uint32_t target;
        uint32_t sources;
        std::string proposal;
        Ptr<NetDevice> via;
    };
    void SendFlood(const Flood& plan, uint32_t index);

    std::vector<Seen> m_seen;
    std::vector<Ptr<NetDevice>> m_answerAuthVia;
    Ptr<UniformRandomVariable> m_random;
    std::vector<uint8_t> m_floodKe; ///< one key exchange value reused by every flood request
    uint32_t m_forged = 0;
    std::unordered_set<uint64_t> m_ownUids; ///< the forgeries (not read back as traffic)
};

} // namespace ns3

#endif
