// A field tree of a packet's octets, per layer, as Wireshark or Packet Tracer show it: outer
// IPv4, UDP (NAT-T, RFC 3948), ESP (RFC 4303) or AH (RFC 4302), and the plaintext's inner IPv4
// and transport header. Pure functions of the hex the events carry (docs/events.md).
#pragma once

#include <QString>
#include <QVector>

namespace viz
{

struct PacketField
{
    QString layer;  // "Outer IPv4", "UDP", "ESP", "AH", "Inner IPv4", "TCP", "UDP", "ICMP", ...
    QString name;   // "Source", "TTL", "SPI", ...
    int offset = 0; // first octet in the dissected buffer
    int length = 0; // octets (a bit field names its octet(s))
    QString value;  // as a person reads it
    bool mutableInAh = false; // RFC 4302 3.3.3.1.1.1: zeroed in AH's MAC input
};

// Dissects `hex` (outer IPv4 header and UDP in the first `headerLength` octets: 0, 20 or 28;
// then ESP or AH), as the events record it. `protocolLayer` is "esp" or "ah"; `icvLength` the
// ICV's octets (ESP trailer); `ivLength` ESP's IV octets.
QVector<PacketField> dissectProtected(const QString& hex, const QString& protocolLayer,
                                      int headerLength, int ivLength, int icvLength);
// The IKE header (RFC 7296 3.1) of an IKE message.
QVector<PacketField> dissectIke(const QString& hex);
// Dissects a plaintext: an IPv4 datagram (tunnel mode) or a transport header and data
// (transport mode, `nextHeader` = 6, 17, 1).
QVector<PacketField> dissectPlaintext(const QString& hex, bool tunnel, int nextHeader);

// The layers of a packet from the outside in, for the encapsulation (OSI) diagram:
// {"L3 network: outer IPv4 (192.0.2.1 → 192.0.2.2)", ...}.
struct LayerBox
{
    QString osi;  // "L3", "L4", "L3.5" (IPsec sits between network and transport), "L7"
    QString name; // "Outer IPv4", "UDP 4500 (NAT-T)", "ESP", "Inner IPv4", "UDP", "data"
    QString note; // "in clear", "encrypted", "authenticated"
};
QVector<LayerBox> encapsulation(const QVector<PacketField>& outer,
                                const QVector<PacketField>& inner, bool encrypted);

} // namespace viz
