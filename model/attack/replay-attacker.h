// An on-path attacker that records IPsec datagrams as they arrive at a device and sends exact
// copies again later, one by one or in bursts, from the upstream side of the link. The copies
// are valid packets (right SPI, sequence number and ICV): only the anti-replay window can tell
// them from the originals.
#ifndef IPSECLAB_REPLAY_ATTACKER_H
#define IPSECLAB_REPLAY_ATTACKER_H

#include <ns3/net-device.h>
#include <ns3/nstime.h>
#include <ns3/object.h>

#include <set>
#include <vector>

namespace ns3
{

class ReplayAttacker : public Object
{
  public:
    static TypeId GetTypeId();
    ReplayAttacker();

    /// Records datagrams of `protocol` (50 ESP, 51 AH) received by `device` ("MacRx"), at most
    /// `max` of them (0 = no limit). Its own replays are never recorded again.
    void CaptureAt(Ptr<NetDevice> device, uint8_t protocol, uint32_t max);
    /// Where replays are sent from: the device on the other end of the link (its Send puts the
    /// copy on the wire towards the capturing device).
    void InjectFrom(Ptr<NetDevice> device);
    /// At `at`, sends every datagram captured by then again, `spacing` apart (a burst).
    void ScheduleBurst(Time at, Time spacing);
    /// At `at`, sends captured datagram `index` (0 = the first) again.
    void ScheduleReplay(Time at, uint32_t index);

    uint32_t GetCapturedCount() const { return static_cast<uint32_t>(m_captured.size()); }
    uint32_t GetReplayedCount() const { return m_replayed; }
    /// (SPI, sequence number) of each replayed copy, in order.
    const std::vector<std::pair<uint32_t, uint32_t>>& GetReplays() const { return m_replays; }

  private:
    struct Captured
    {
        std::vector<uint8_t> datagram;
        uint32_t spi;
        uint32_t sn;
    };
    void OnMacRx(Ptr<const Packet> frame);
    void Replay(uint32_t index, uint32_t burst);
    void Burst(Time spacing);

    Ptr<NetDevice> m_inject;
    uint8_t m_protocol = 50;
    uint32_t m_max = 0;
    size_t m_header = 2;
    size_t m_trailer = 0;
    std::vector<Captured> m_captured;
    std::set<uint64_t> m_ownUids; ///< packet UIDs of the replays (not captured again)
    uint32_t m_replayed = 0;
    uint32_t m_bursts = 0;
    std::vector<std::pair<uint32_t, uint32_t>> m_replays;
};

} // namespace ns3

#endif
