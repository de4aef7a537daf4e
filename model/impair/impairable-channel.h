// A point-to-point channel that hands each datagram to an Impairer before delivering it: the
// hook of the impairment language. It sits where a frame leaves the sender's device for the
// wire, so it can drop, delay, duplicate, reorder and change frames, not only lose them (as a
// ReceiveErrorModel can). Without an Impairer, or when no rule applies, it is exactly
// ns-3's PointToPointChannel. docs/architecture.md, "Impairments".
#ifndef IPSECLAB_IMPAIRABLE_CHANNEL_H
#define IPSECLAB_IMPAIRABLE_CHANNEL_H

#include <ns3/net-device-container.h>
#include <ns3/node.h>
#include <ns3/point-to-point-channel.h>
#include <ns3/point-to-point-net-device.h> // before the channel: its header needs the device

#include <string>

namespace ns3
{

class Impairer;

class ImpairableChannel : public PointToPointChannel
{
  public:
    static TypeId GetTypeId();
    ImpairableChannel();
    ~ImpairableChannel() override;

    void SetImpairer(Ptr<Impairer> impairer);
    Ptr<Impairer> GetImpairer() const;
    /// The name rules aim at with link=NAME ("wan").
    void SetLinkName(const std::string& name) { m_linkName = name; }
    const std::string& GetLinkName() const { return m_linkName; }

    bool TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime) override;
    /// What PointToPointChannel does with a frame: `dst` receives it `after` from now.
    static void Deliver(Ptr<PointToPointNetDevice> dst, Ptr<Packet> frame, Time after);
    /// The one-way propagation delay.
    Time GetPropagationDelay() const { return GetDelay(); }

  private:
    Ptr<Impairer> m_impairer;
    std::string m_linkName;
};

/// What PointToPointHelper::Install(a, b) builds, in the same order (devices with `dataRate`,
/// MAC addresses, DropTail queues, flow control), on an ImpairableChannel named `linkName`
/// with `delay`: so a scenario's outputs stay byte-identical when no rule applies.
NetDeviceContainer InstallImpairableLink(Ptr<Node> a, Ptr<Node> b, const std::string& dataRate,
                                         Time delay, const std::string& linkName);
/// The ImpairableChannel a device is attached to, or nullptr.
Ptr<ImpairableChannel> GetImpairableChannel(Ptr<NetDevice> device);

} // namespace ns3

#endif
