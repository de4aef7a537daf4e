#include "hostile-ipsec-peer.h"

#include "crypto/esp-transform.h"
#include "crypto/integrity.h"
#include "datapath/ah-codec.h"
#include "datapath/ipv4-wire.h"
#include "events/event-stream.h"
#include "inject.h"
#include "sa/ipv4-prefix.h"

#include <ns3/simulator.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(HostileIpsecPeer);

using ipseclab::Bytes;

namespace
{

Bytes
Datagram(uint32_t src, uint32_t dst, uint8_t protocol, const Bytes& body)
{
    ipseclab::Ipv4Fields ip;
    ip.protocol = protocol;
    ip.src = src;
    ip.dst = dst;
    ip.identification = 0x4848;
    ip.totalLength = static_cast<uint16_t>(20 + body.size());
    Bytes out(20);
    ipseclab::WriteIpv4Header(ip, out.data());
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

/// A UDP datagram to port 9 (discard) as the protected payload: 8 octets of header, 16 of data.
Bytes
InnerUdp()
{
    Bytes udp = {0x30, 0x39, 0x00, 0x09, 0x00, 24, 0x00, 0x00};
    for (uint8_t i = 0; i < 16; ++i)
    {
        udp.push_back('A' + i);
    }
    return udp;
}

/// SPI | SN | IV | ciphertext | ICV around payload | padding | pad length | next header, where
/// `damage` may change the trailer's octets before they are encrypted (so the ICV is valid).
template <typename Damage>
Bytes
SealEsp(ipseclab::EspTransform& t, uint32_t spi, uint32_t seq, uint8_t nextHeader, Damage damage)
{
    const Bytes payload = InnerUdp();
    size_t padding = t.PaddingLength(payload.size());
    if (padding < 2)
    {
        padding += t.BlockSize(); // at least two padding octets, so their order can be wrong
    }
    Bytes plain = payload;
    for (size_t i = 1; i <= padding; ++i)
    {
        plain.push_back(static_cast<uint8_t>(i));
    }
    plain.push_back(static_cast<uint8_t>(padding));
    plain.push_back(nextHeader);
    damage(plain, payload.size(), padding);
    Bytes header = {uint8_t(spi >> 24),
                    uint8_t(spi >> 16),
                    uint8_t(spi >> 8),
                    uint8_t(spi),
                    uint8_t(seq >> 24),
                    uint8_t(seq >> 16),
                    uint8_t(seq >> 8),
                    uint8_t(seq)};
    Bytes iv(t.IvSize(), 0x5a);
    Bytes out = header;
    out.insert(out.end(), iv.begin(), iv.end());
    const size_t at = out.size();
    out.resize(at + plain.size() + t.IcvSize());
    t.Seal(header, std::nullopt, iv, plain, out.data() + at, out.data() + at + plain.size());
    return out;
}

} // namespace

TypeId
HostileIpsecPeer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::HostileIpsecPeer")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<HostileIpsecPeer>();
    return tid;
}

void
HostileIpsecPeer::UseSa(const ipseclab::SaConfig& outbound)
{
    m_sa = outbound;
}

std::vector<HostileIpsecPeer::Hostile>
HostileIpsecPeer::BuildEsp(uint32_t src, uint32_t dst) const
{
    ipseclab::EspTransform t(m_sa.proposal, m_sa.encryptionKey, m_sa.integrityKey);
    const uint32_t spi = m_sa.spi;
    auto none = [](Bytes&, size_t, size_t) {
    };
    std::vector<Hostile> out;
    Bytes valid = SealEsp(t, spi, 1, 17, none);
    Bytes spi0 = valid;
    std::fill(spi0.begin(), spi0.begin() + 4, 0);
    out.push_back({"ESP SPI 0", "no-sa", Datagram(src, dst, 50, spi0)});
    out.push_back(
        {"ESP sequence number 0", "too-old", Datagram(src, dst, 50, SealEsp(t, spi, 0, 17, none))});
    out.push_back({"ESP of 8 octets",
                   "malformed",
                   Datagram(src, dst, 50, Bytes(valid.begin(), valid.begin() + 8))});
    out.push_back(
        {"ESP pad length beyond the payload",
         "bad-padding",
         Datagram(
             src,
             dst,
             50,
             SealEsp(t, spi, 2, 17, [](Bytes& p, size_t, size_t) { p[p.size() - 2] = 0xff; }))});
    out.push_back({"ESP padding not 1, 2, 3, ...",
                   "bad-padding",
                   Datagram(src,
                            dst,
                            50,
                            SealEsp(t,
                                    spi,
                                    3,
                                    17,
                                    [](Bytes& p, size_t payload, size_t)
                                    { std::swap(p[payload], p[payload + 1]); }))});
    Bytes badIcv = SealEsp(t, spi, 4, 17, none);
    badIcv.back() ^= 0x01;
    out.push_back({"ESP with a wrong ICV", "icv-failure", Datagram(src, dst, 50, badIcv)});
    // The SA carries one upper protocol (UDP here): anything else inside fails the inbound
    // selector check of RFC 4301 5.2.
    out.push_back({"ESP next header 200 (not the SA's protocol)",
                   "selector-mismatch",
                   Datagram(src, dst, 50, SealEsp(t, spi, 5, 200, none))});
    return out;
}

std::vector<HostileIpsecPeer::Hostile>
HostileIpsecPeer::BuildAh(uint32_t src, uint32_t dst) const
{
    ipseclab::Integrity integrity(m_sa.proposal, m_sa.integrityKey);
    const Bytes payload = InnerUdp();
    ipseclab::Ipv4Fields outer;
    outer.protocol = 51;
    outer.src = src;
    outer.dst = dst;
    outer.identification = 0x4848;
    outer.totalLength =
        static_cast<uint16_t>(20 + ipseclab::AhPacketSize(integrity, payload.size()));
    auto sealed = [&](uint32_t seq)
    {
        return ipseclab::AhSeal(integrity, outer, m_sa.spi, seq, false, payload, 17);
    };
    std::vector<Hostile> out;
    Bytes spi0 = sealed(1);
    std::fill(spi0.begin() + 4, spi0.begin() + 8, 0);
    out.push_back({"AH SPI 0", "no-sa", Datagram(src, dst, 51, spi0)});
    out.push_back({"AH sequence number 0", "too-old", Datagram(src, dst, 51, sealed(0))});
    Bytes length = sealed(2);
    length[1] = static_cast<uint8_t>(length[1] + 1); // payload length: one 32-bit word more
    out.push_back({"AH payload length inconsistent with the ICV",
                   "malformed",
                   Datagram(src, dst, 51, length)});
    Bytes icv = sealed(3);
    icv[12 + 1] ^= 0x01; // inside the ICV
    out.push_back({"AH with a wrong ICV", "icv-failure", Datagram(src, dst, 51, icv)});
    out.push_back({"AH of 8 octets",
                   "malformed",
                   Datagram(src, dst, 51, Bytes(icv.begin(), icv.begin() + 8))});
    return out;
}

void
HostileIpsecPeer::SendAt(Time at, Time spacing, Ipv4Address src, Ipv4Address dst,
                         Ptr<NetDevice> via)
{
    std::vector<Hostile> all = m_sa.protocol == ipseclab::IpsecProtocol::Ah
                                   ? BuildAh(src.Get(), dst.Get())
                                   : BuildEsp(src.Get(), dst.Get());
    for (size_t i = 0; i < all.size(); ++i)
    {
        m_sent.push_back(all[i].what);
        m_expected.push_back(all[i].expected);
        Simulator::Schedule(at - Simulator::Now() + spacing * i,
                            [this, h = all[i], via]() { Send(h, via); });
    }
}

void
HostileIpsecPeer::Send(const Hostile& h, Ptr<NetDevice> via)
{
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(ipseclab::Event(ipseclab::Layer::Attacker, "hostile")
                              .Add("what", h.what)
                              .Add("expect", h.expected)
                              .AddHex("bytes", h.datagram));
    }
    InjectRaw(via, h.datagram);
}

} // namespace ns3
