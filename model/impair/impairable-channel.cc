#include "impair/impairable-channel.h"

#include "impair/impairer.h"

#include <ns3/drop-tail-queue.h>
#include <ns3/log.h>
#include <ns3/mac48-address.h>
#include <ns3/net-device-queue-interface.h>
#include <ns3/point-to-point-net-device.h>
#include <ns3/simulator.h>
#include <ns3/string.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ImpairableChannel");
NS_OBJECT_ENSURE_REGISTERED(ImpairableChannel);

TypeId
ImpairableChannel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ImpairableChannel")
                            .SetParent<PointToPointChannel>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<ImpairableChannel>();
    return tid;
}

ImpairableChannel::ImpairableChannel() = default;
ImpairableChannel::~ImpairableChannel() = default;

void
ImpairableChannel::SetImpairer(Ptr<Impairer> impairer)
{
    m_impairer = impairer;
}

Ptr<Impairer>
ImpairableChannel::GetImpairer() const
{
    return m_impairer;
}

void
ImpairableChannel::Deliver(Ptr<PointToPointNetDevice> dst, Ptr<Packet> frame, Time after)
{
    Simulator::ScheduleWithContext(
        dst->GetNode()->GetId(), after, &PointToPointNetDevice::Receive, dst, frame);
}

bool
ImpairableChannel::TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime)
{
    if (m_impairer && IsInitialized())
    {
        const uint32_t wire = src == GetSource(0) ? 0 : 1;
        if (m_impairer->Transmit(this, wire, p, src, GetDestination(wire), txTime))
        {
            return true;
        }
    }
    return PointToPointChannel::TransmitStart(p, src, txTime);
}

NetDeviceContainer
InstallImpairableLink(Ptr<Node> a, Ptr<Node> b, const std::string& dataRate, Time delay,
                      const std::string& linkName)
{
    NetDeviceContainer devices;
    for (Ptr<Node> node : {a, b})
    {
        auto device = CreateObject<PointToPointNetDevice>();
        device->SetAttribute("DataRate", StringValue(dataRate));
        device->SetAddress(Mac48Address::Allocate());
        node->AddDevice(device);
        Ptr<Queue<Packet>> queue = CreateObject<DropTailQueue<Packet>>();
        device->SetQueue(queue);
        // As PointToPointHelper with flow control on (its default).
        Ptr<NetDeviceQueueInterface> ndqi = CreateObject<NetDeviceQueueInterface>();
        ndqi->GetTxQueue(0)->ConnectQueueTraces(queue);
        device->AggregateObject(ndqi);
        devices.Add(device);
    }
    auto channel = CreateObject<ImpairableChannel>();
    channel->SetAttribute("Delay", TimeValue(delay));
    channel->SetLinkName(linkName);
    for (uint32_t i = 0; i < 2; ++i)
    {
        DynamicCast<PointToPointNetDevice>(devices.Get(i))->Attach(channel);
    }
    return devices;
}

Ptr<ImpairableChannel>
GetImpairableChannel(Ptr<NetDevice> device)
{
    return device ? DynamicCast<ImpairableChannel>(device->GetChannel()) : nullptr;
}

} // namespace ns3
