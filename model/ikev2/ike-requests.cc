// IkeDaemon's requests and responses: the IKE SA's TaskManager sends one task's request at a
// time, retransmits it after timeout * base^n (strongSwan's retransmit_*), and hands the answer
// to the task; the peer's requests are answered in order, a retransmitted one from the cache.
#include "ikev2/ike-daemon.h"

#include <ns3/simulator.h>

#include <cmath>

namespace ns3
{

using ipseclab::Bytes;
using ipseclab::Event;
using ipseclab::IkeExchangeType;
using ipseclab::IkeMessage;

IkeMessage
IkeDaemon::MakeMessage(const IkeSa& sa, IkeExchangeType exchange, bool response,
                       uint32_t messageId) const
{
    IkeMessage m;
    m.header.spiI = sa.spiI;
    m.header.spiR = sa.spiR;
    m.header.exchangeType = exchange;
    m.header.SetInitiator(sa.initiator);
    m.header.SetResponse(response);
    m.header.messageId = messageId;
    m.encrypted = exchange != IkeExchangeType::IkeSaInit;
    return m;
}

Bytes
IkeDaemon::Encode(IkeSa& sa, IkeMessage& message)
{
    Bytes bytes = message.encrypted ? message.Encode(*sa.crypto, *m_bytes) : message.Encode();
    if (message.encrypted)
    {
        ChargeBytes(bytes.size());
    }
    EmitMessage(&sa, message, bytes, true, sa.peerAddress);
    return bytes;
}

void
IkeDaemon::Enqueue(IkeSa& sa, IkeTask task)
{
    sa.tasks.Queue(std::move(task));
    SendNextRequest(sa);
}

void
IkeDaemon::SendNextRequest(IkeSa& sa)
{
    IkeMessage request;
    if (sa.state == IkeSa::State::Dead || !sa.tasks.StartNext(request))
    {
        return;
    }
    sa.tasks.SetRequestBytes(Encode(sa, request));
    if (request.header.exchangeType == IkeExchangeType::IkeSaInit)
    {
        sa.initRequest = sa.tasks.RequestBytes();
    }
    SendBytes(sa, sa.tasks.RequestBytes());
    sa.retransmitTimer = Simulator::Schedule(
        Seconds(Retransmission(sa).FirstTimeout()), &IkeDaemon::Retransmit, this, sa.serial);
}

void
IkeDaemon::Retransmit(uint32_t serial)
{
    IkeSa* sa = FindBySerial(serial);
    if (!sa || !sa->tasks.InFlight())
    {
        return;
    }
    const ipseclab::RetransmitPolicy policy = Retransmission(*sa);
    const uint32_t attempts = sa->tasks.Attempts();
    if (!policy.MayRetransmit(attempts))
    {
        DeadPeer(*sa,
                 "no answer to " + sa->tasks.ActiveName() + " after " +
                     std::to_string(policy.Tries()) + " retransmissions");
        return;
    }
    const double timeout = policy.Timeout(attempts);
    ++m_retransmissions;
    Emit(IkeEvent("retransmit")
             .Add("exchange", sa->tasks.ActiveName())
             .Add("message_id", uint64_t(sa->tasks.ActiveId()))
             .Add("attempt", uint64_t(attempts))
             .Add("timeout_s", timeout)
             .Add("spi_i", SpiText(sa->spiI))
             .Add("spi_r", SpiText(sa->spiR)));
    sa->tasks.CountAttempt();
    SendBytes(*sa, sa->tasks.RequestBytes());
    sa->retransmitTimer =
        Simulator::Schedule(Seconds(timeout), &IkeDaemon::Retransmit, this, serial);
}

void
IkeDaemon::HandleResponse(IkeSa& sa, const IkeMessage& response)
{
    Simulator::Cancel(sa.retransmitTimer);
    IkeTask task = sa.tasks.Finish();
    const uint32_t serial = sa.serial;
    task.process(response);
    if (IkeSa* still = FindBySerial(serial))
    {
        SendNextRequest(*still);
    }
}

void
IkeDaemon::HandleRequest(IkeSa& sa, const IkeMessage& request, const Bytes&)
{
    const uint32_t id = request.header.messageId;
    if (sa.tasks.IsRetransmission(id))
    {
        // RFC 7296 2.1: a retransmitted request gets the same answer, not a new exchange.
        Emit(IkeEvent("retransmit-answered")
                 .Add("message_id", uint64_t(id))
                 .Add("spi_i", SpiText(sa.spiI))
                 .Add("spi_r", SpiText(sa.spiR)));
        SendBytes(sa, sa.tasks.CachedResponse());
        return;
    }
    if (id != sa.tasks.ExpectedRequest())
    {
        DropMessage(request.header,
                    sa.peerAddress,
                    sa.peerPort,
                    "message ID outside window",
                    "expected " + std::to_string(sa.tasks.ExpectedRequest()));
        return;
    }
    IkeMessage response = MakeMessage(sa, request.header.exchangeType, true, id);
    const uint32_t serial = sa.serial;
    switch (request.header.exchangeType)
    {
    case IkeExchangeType::IkeAuth:
        ProcessAuthRequest(sa, request, response);
        break;
    case IkeExchangeType::CreateChildSa:
        HandleCreateChildRequest(sa, request, response);
        break;
    case IkeExchangeType::Informational:
        HandleInformationalRequest(sa, request, response);
        break;
    default:
        response.payloads.push_back(
            ipseclab::IkePayload::Notify(ipseclab::IkeNotifyType::InvalidSyntax));
        break;
    }
    IkeSa* still = FindBySerial(serial);
    if (!still)
    {
        return;
    }
    still->tasks.ExpectRequest(id + 1);
    SendResponse(*still, response);
    if (still->state == IkeSa::State::Dead)
    {
        DestroyIkeSa(*still, "closed after the response");
    }
}

void
IkeDaemon::SendResponse(IkeSa& sa, IkeMessage& response)
{
    Bytes bytes = Encode(sa, response);
    sa.tasks.Answered(response.header.messageId, bytes);
    SendBytes(sa, bytes);
}

void
IkeDaemon::SendErrorNotify(uint32_t to, uint16_t toPort, uint16_t fromPort,
                           const ipseclab::IkeHeader& request, ipseclab::IkeNotifyType type,
                           Bytes data)
{
    IkeMessage m;
    m.header.spiI = request.spiI;
    m.header.spiR = 0;
    m.header.exchangeType = request.exchangeType;
    m.header.SetResponse(true);
    m.header.messageId = request.messageId;
    m.payloads.push_back(ipseclab::IkePayload::Notify(type, std::move(data)));
    Bytes bytes = m.Encode();
    EmitMessage(nullptr, m, bytes, true, to);
    SendTo(to, toPort, fromPort, bytes);
}

} // namespace ns3
