#include "attack/eavesdropper.h"

#include "events/json-writer.h"

#include <ns3/csma-net-device.h>
#include <ns3/ipv4-address.h>
#include <ns3/packet.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(Eavesdropper);

TypeId
Eavesdropper::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Eavesdropper")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<Eavesdropper>();
    return tid;
}

Eavesdropper::Eavesdropper() = default;

void
Eavesdropper::Attach(Ptr<NetDevice> device)
{
    const bool csma = DynamicCast<CsmaNetDevice>(device) != nullptr;
    const size_t header = csma ? 14 : 2;
    const size_t trailer = csma ? 4 : 0;
    device->TraceConnectWithoutContext(
        "PromiscSniffer",
        Callback<void, Ptr<const Packet>>([this, header, trailer](Ptr<const Packet> p)
                                          { OnFrame(header, trailer, p); }));
}

void
Eavesdropper::OnFrame(size_t header, size_t trailer, Ptr<const Packet> frame)
{
    ++m_frames;
    std::vector<uint8_t> bytes(frame->GetSize());
    frame->CopyData(bytes.data(), bytes.size());
    m_captured.push_back(bytes);
    if (bytes.size() < header + trailer + 20)
    {
        return;
    }
    const uint8_t* ip = bytes.data() + header;
    const size_t length = bytes.size() - header - trailer;
    if ((ip[0] >> 4) != 4)
    {
        return; // ARP and other non-IP frames
    }
    ++m_byProtocol[ip[9]];
    const size_t ihl = (ip[0] & 0x0f) * 4u;
    const size_t total = std::min<size_t>(length, (size_t(ip[2]) << 8) | ip[3]);
    if (ip[9] != 6 || total < ihl + 20)
    {
        return;
    }
    const uint8_t* tcp = ip + ihl;
    const size_t dataOffset = (tcp[12] >> 4) * 4u;
    if (total < ihl + dataOffset)
    {
        return;
    }
    std::ostringstream name;
    Ipv4Address src(uint32_t(ip[12]) << 24 | uint32_t(ip[13]) << 16 | uint32_t(ip[14]) << 8 |
                    ip[15]);
    Ipv4Address dst(uint32_t(ip[16]) << 24 | uint32_t(ip[17]) << 16 | uint32_t(ip[18]) << 8 |
                    ip[19]);
    name << src << ":" << ((tcp[0] << 8) | tcp[1]) << " > " << dst << ":"
         << ((tcp[2] << 8) | tcp[3]);
    auto& stream = m_tcp[name.str()];
    if (total > ihl + dataOffset)
    {
        const uint32_t sn =
            uint32_t(tcp[4]) << 24 | uint32_t(tcp[5]) << 16 | uint32_t(tcp[6]) << 8 | tcp[7];
        stream[sn] =
            std::string(reinterpret_cast<const char*>(tcp + dataOffset), total - ihl - dataOffset);
    }
}

uint32_t
Eavesdropper::GetDatagramCount(uint8_t protocol) const
{
    auto it = m_byProtocol.find(protocol);
    return it == m_byProtocol.end() ? 0 : it->second;
}

bool
Eavesdropper::Saw(const std::string& secret) const
{
    for (const auto& frame : m_captured)
    {
        if (std::search(frame.begin(), frame.end(), secret.begin(), secret.end()) != frame.end())
        {
            return true;
        }
    }
    return false;
}

std::map<std::string, std::string>
Eavesdropper::GetTcpStreams() const
{
    std::map<std::string, std::string> streams;
    for (const auto& [name, segments] : m_tcp)
    {
        std::string text;
        for (const auto& [sn, data] : segments)
        {
            text += data;
        }
        streams[name] = text;
    }
    return streams;
}

void
Eavesdropper::WriteJson(const std::string& path, const std::vector<std::string>& secrets) const
{
    std::string out = "{\"frames\":" + std::to_string(m_frames) + ",\"datagrams\":{";
    const char* sep = "";
    for (const auto& [protocol, n] : m_byProtocol)
    {
        out += sep;
        ipseclab::AppendJsonString(out, std::to_string(protocol));
        out += ":" + std::to_string(n);
        sep = ",";
    }
    out += "},\"tcp_streams\":[";
    sep = "";
    for (const auto& [name, text] : GetTcpStreams())
    {
        out += sep;
        out += "{\"stream\":";
        ipseclab::AppendJsonString(out, name);
        out += ",\"text\":";
        ipseclab::AppendJsonString(out, text);
        out += "}";
        sep = ",";
    }
    out += "],\"secrets\":{";
    sep = "";
    for (const auto& secret : secrets)
    {
        out += sep;
        ipseclab::AppendJsonString(out, secret);
        out += Saw(secret) ? ":true" : ":false";
        sep = ",";
    }
    out += "}}\n";
    std::ofstream(path) << out;
}

} // namespace ns3
