// UDP echo probes from a chosen source address: datagrams with a sequence number to
// peer:port, one per interval, and the echoes counted. The source is asked for at each send
// (a virtual IP appears only after IKE_AUTH); a probe without a source yet is skipped. Each
// probe and echo is an `app` event (probe-sent, probe-echo).
#ifndef IPSECLAB_ECHO_PROBE_H
#define IPSECLAB_ECHO_PROBE_H

#include <ns3/application.h>
#include <ns3/ipv4-address.h>
#include <ns3/socket.h>

#include <functional>
#include <set>

namespace ns3
{

class EchoProbe : public Application
{
  public:
    static TypeId GetTypeId();
    EchoProbe();

    void SetPeer(Ipv4Address address, uint16_t port);
    /// The source address for the next probe; 0.0.0.0 = none yet.
    void SetSource(std::function<Ipv4Address()> source);
    void SetSchedule(uint32_t count, Time interval, uint32_t size);

    uint32_t GetSent() const { return m_sent; }
    uint32_t GetEchoed() const { return static_cast<uint32_t>(m_echoed.size()); }
    uint32_t GetSkipped() const { return m_skipped; }

  private:
    void StartApplication() override;
    void StopApplication() override;
    void SendOne();
    void OnReceive(Ptr<Socket> socket);

    Ipv4Address m_peer;
    uint16_t m_port = 7;
    std::function<Ipv4Address()> m_source;
    Ipv4Address m_bound;
    uint32_t m_count = 0;
    Time m_interval = Seconds(1);
    uint32_t m_size = 64;
    Ptr<Socket> m_socket;
    EventId m_next;
    uint32_t m_sent = 0;
    uint32_t m_skipped = 0;
    std::set<uint32_t> m_echoed;
};

} // namespace ns3

#endif
