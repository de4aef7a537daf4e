// A passive attacker: a promiscuous sniffer on a shared link. It keeps every frame it sees, the
// TCP payload of every stream in sequence order (what a cleartext protocol gives away) and how
// many datagrams of each IP protocol passed, and can say whether some secret crossed the wire.
#ifndef IPSECLAB_EAVESDROPPER_H
#define IPSECLAB_EAVESDROPPER_H

#include <ns3/net-device.h>
#include <ns3/object.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

class Eavesdropper : public Object
{
  public:
    static TypeId GetTypeId();
    Eavesdropper();

    /// Listens to every frame on the device's link ("PromiscSniffer": CSMA sees all stations'
    /// frames; point-to-point both directions).
    void Attach(Ptr<NetDevice> device);

    uint32_t GetFrameCount() const { return m_frames; }
    uint32_t GetDatagramCount(uint8_t protocol) const;
    /// True if `secret` appears anywhere in the captured octets (headers included).
    bool Saw(const std::string& secret) const;
    /// The TCP streams as text: "10.0.0.1:49153 > 10.0.0.2:23" -> payload in sequence order.
    std::map<std::string, std::string> GetTcpStreams() const;
    /// eavesdropper.json: frames, datagrams per protocol, the TCP streams and, for each secret,
    /// whether it was seen.
    void WriteJson(const std::string& path, const std::vector<std::string>& secrets) const;

  private:
    void OnFrame(size_t header, size_t trailer, Ptr<const Packet> frame);

    uint32_t m_frames = 0;
    std::map<uint8_t, uint32_t> m_byProtocol;
    std::vector<std::vector<uint8_t>> m_captured;
    /// stream name -> TCP sequence number -> payload (retransmissions collapse)
    std::map<std::string, std::map<uint32_t, std::string>> m_tcp;
};

} // namespace ns3

#endif
