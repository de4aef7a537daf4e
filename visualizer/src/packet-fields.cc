#include "packet-fields.h"

#include <QStringList>

namespace viz
{

namespace
{

int
octet(const QString& hex, int i)
{
    return i * 2 + 2 <= hex.size() ? hex.mid(i * 2, 2).toInt(nullptr, 16) : -1;
}

qint64
number(const QString& hex, int offset, int length)
{
    qint64 v = 0;
    for (int k = 0; k < length; ++k)
        v = v * 256 + qMax(0, octet(hex, offset + k));
    return v;
}

QString
address(const QString& hex, int offset)
{
    QStringList o;
    for (int k = 0; k < 4; ++k)
        o << QString::number(octet(hex, offset + k));
    return o.join('.');
}

QString
protocolName(int p)
{
    switch (p)
    {
    case 1:
        return "ICMP";
    case 4:
        return "IPv4 (tunnel)";
    case 6:
        return "TCP";
    case 17:
        return "UDP";
    case 50:
        return "ESP";
    case 51:
        return "AH";
    case 59:
        return "none (dummy packet)";
    default:
        return QString::number(p);
    }
}

// RFC 7296 3.1 exchange types.
QString
exchangeName(int type)
{
    static const char* const names[] = {
        "IKE_SA_INIT", "IKE_AUTH", "CREATE_CHILD_SA", "INFORMATIONAL"};
    return type >= 34 && type <= 37 ? QString("%1 (%2)").arg(type).arg(names[type - 34])
                                    : QString::number(type);
}

// RFC 791 header, 20 octets at `at`; marks the RFC 4302 mutable fields.
void
ipv4(QVector<PacketField>& out, const QString& hex, int at, const QString& layer)
{
    const int tos = octet(hex, at + 1), ff = int(number(hex, at + 6, 2));
    out << PacketField{layer,
                       "Version, IHL",
                       at,
                       1,
                       QString("%1, %2 octets")
                           .arg(octet(hex, at) >> 4)
                           .arg((octet(hex, at) & 15) * 4)}
        << PacketField{layer,
                       "DSCP, ECN",
                       at + 1,
                       1,
                       QString("%1, %2").arg(tos >> 2).arg(tos & 3),
                       true}
        << PacketField{layer, "Total length", at + 2, 2, QString::number(number(hex, at + 2, 2))}
        << PacketField{layer,
                       "Identification",
                       at + 4,
                       2,
                       QString("0x%1").arg(number(hex, at + 4, 2), 4, 16, QChar('0'))}
        << PacketField{layer,
                       "Flags, fragment offset",
                       at + 6,
                       2,
                       QString("%1%2, %3")
                           .arg(ff & 0x4000 ? "DF" : "-", ff & 0x2000 ? " MF" : "")
                           .arg(ff & 0x1fff),
                       true}
        << PacketField{layer, "TTL", at + 8, 1, QString::number(octet(hex, at + 8)), true}
        << PacketField{layer,
                       "Protocol",
                       at + 9,
                       1,
                       QString("%1 (%2)")
                           .arg(octet(hex, at + 9))
                           .arg(protocolName(octet(hex, at + 9)))}
        << PacketField{layer,
                       "Header checksum",
                       at + 10,
                       2,
                       QString("0x%1").arg(number(hex, at + 10, 2), 4, 16, QChar('0')),
                       true}
        << PacketField{layer, "Source", at + 12, 4, address(hex, at + 12)}
        << PacketField{layer, "Destination", at + 16, 4, address(hex, at + 16)};
}

void
transport(QVector<PacketField>& out, const QString& hex, int at, int protocol)
{
    const int n = hex.size() / 2 - at;
    if (protocol == 17 && n >= 8)
        out << PacketField{"UDP", "Source port", at, 2, QString::number(number(hex, at, 2))}
            << PacketField{"UDP",
                           "Destination port",
                           at + 2,
                           2,
                           QString::number(number(hex, at + 2, 2))}
            << PacketField{"UDP", "Length", at + 4, 2, QString::number(number(hex, at + 4, 2))}
            << PacketField{"UDP",
                           "Checksum",
                           at + 6,
                           2,
                           QString("0x%1").arg(number(hex, at + 6, 2), 4, 16, QChar('0'))}
            << PacketField{"data", "Payload", at + 8, n - 8, QString("%1 octets").arg(n - 8)};
    else if (protocol == 6 && n >= 20)
    {
        const int hl = (octet(hex, at + 12) >> 4) * 4, flags = octet(hex, at + 13);
        QStringList f;
        const char* names[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
        for (int b = 0; b < 6; ++b)
            if (flags & (1 << b))
                f << names[b];
        out << PacketField{"TCP", "Source port", at, 2, QString::number(number(hex, at, 2))}
            << PacketField{"TCP",
                           "Destination port",
                           at + 2,
                           2,
                           QString::number(number(hex, at + 2, 2))}
            << PacketField{"TCP",
                           "Sequence number",
                           at + 4,
                           4,
                           QString::number(number(hex, at + 4, 4))}
            << PacketField{"TCP",
                           "Acknowledgment",
                           at + 8,
                           4,
                           QString::number(number(hex, at + 8, 4))}
            << PacketField{"TCP",
                           "Header length, flags",
                           at + 12,
                           2,
                           QString("%1 octets, %2").arg(hl).arg(f.join(' '))}
            << PacketField{"TCP", "Window", at + 14, 2, QString::number(number(hex, at + 14, 2))}
            << PacketField{"TCP",
                           "Checksum",
                           at + 16,
                           2,
                           QString("0x%1").arg(number(hex, at + 16, 2), 4, 16, QChar('0'))};
        if (n > hl)
            out << PacketField{
                "data", "Payload", at + hl, n - hl, QString("%1 octets").arg(n - hl)};
    }
    else if (protocol == 1 && n >= 4)
        out << PacketField{"ICMP",
                           "Type, code",
                           at,
                           2,
                           QString("%1, %2").arg(octet(hex, at)).arg(octet(hex, at + 1))}
            << PacketField{"ICMP",
                           "Checksum",
                           at + 2,
                           2,
                           QString("0x%1").arg(number(hex, at + 2, 2), 4, 16, QChar('0'))}
            << PacketField{"data", "Rest", at + 4, n - 4, QString("%1 octets").arg(n - 4)};
    else if (n > 0)
        out << PacketField{"data", "Payload", at, n, QString("%1 octets").arg(n)};
}

} // namespace

QVector<PacketField>
dissectIke(const QString& hex)
{
    QVector<PacketField> out;
    const int n = int(hex.size() / 2);
    if (n < 28)
        return out;
    const int flags = octet(hex, 19);
    out << PacketField{"IKE", "Initiator SPI", 0, 8, hex.mid(0, 16)}
        << PacketField{"IKE", "Responder SPI", 8, 8, hex.mid(16, 16)}
        << PacketField{"IKE",
                       "Next payload",
                       16,
                       1,
                       QString("%1%2")
                           .arg(octet(hex, 16))
                           .arg(octet(hex, 16) == 46 ? " (SK: encrypted)" : "")}
        << PacketField{"IKE",
                       "Version",
                       17,
                       1,
                       QString("%1.%2").arg(octet(hex, 17) >> 4).arg(octet(hex, 17) & 15)}
        << PacketField{"IKE", "Exchange type", 18, 1, exchangeName(octet(hex, 18))}
        << PacketField{"IKE",
                       "Flags",
                       19,
                       1,
                       QString("%1%2").arg(flags & 0x08 ? "Initiator " : "",
                                           flags & 0x20 ? "Response" : "Request")}
        << PacketField{"IKE", "Message ID", 20, 4, QString::number(number(hex, 20, 4))}
        << PacketField{"IKE", "Length", 24, 4, QString::number(number(hex, 24, 4))}
        << PacketField{"IKE", "Payloads", 28, n - 28, QString("%1 octets").arg(n - 28)};
    return out;
}

QVector<PacketField>
dissectProtected(const QString& hex, const QString& protocolLayer, int headerLength, int ivLength,
                 int icvLength)
{
    QVector<PacketField> out;
    const int n = hex.size() / 2;
    int at = 0;
    if (headerLength >= 20 && n >= 20 && (octet(hex, 0) >> 4) == 4)
    {
        ipv4(out, hex, 0, "Outer IPv4");
        at = 20;
    }
    if (headerLength >= 28 && octet(hex, 9) == 17 && n >= 28)
    {
        out << PacketField{"UDP (NAT-T)", "Source port", 20, 2, QString::number(number(hex, 20, 2))}
            << PacketField{"UDP (NAT-T)",
                           "Destination port",
                           22,
                           2,
                           QString::number(number(hex, 22, 2))}
            << PacketField{"UDP (NAT-T)", "Length", 24, 2, QString::number(number(hex, 24, 2))}
            << PacketField{"UDP (NAT-T)",
                           "Checksum",
                           26,
                           2,
                           QString("0x%1").arg(number(hex, 26, 2), 4, 16, QChar('0'))};
        at = 28;
    }
    if (protocolLayer == "esp" && n >= at + 8)
    {
        out << PacketField{"ESP",
                           "SPI",
                           at,
                           4,
                           QString("0x%1").arg(number(hex, at, 4), 8, 16, QChar('0'))}
            << PacketField{
                   "ESP", "Sequence number", at + 4, 4, QString::number(number(hex, at + 4, 4))};
        if (ivLength > 0)
            out << PacketField{"ESP", "IV", at + 8, ivLength, QString("%1 octets").arg(ivLength)};
        const int ct = n - at - 8 - ivLength - icvLength;
        if (ct > 0)
            out << PacketField{"ESP",
                               "Encrypted payload, padding, pad length, next header",
                               at + 8 + ivLength,
                               ct,
                               QString("%1 octets").arg(ct)};
        if (icvLength > 0)
            out << PacketField{
                "ESP", "ICV", n - icvLength, icvLength, QString("%1 octets").arg(icvLength)};
    }
    else if (protocolLayer == "ah" && n >= at + 12)
    {
        const int len = (octet(hex, at + 1) + 2) * 4;
        out << PacketField{"AH",
                           "Next header",
                           at,
                           1,
                           QString("%1 (%2)").arg(octet(hex, at)).arg(protocolName(octet(hex, at)))}
            << PacketField{"AH",
                           "Payload length",
                           at + 1,
                           1,
                           QString("%1 (%2 octets)").arg(octet(hex, at + 1)).arg(len)}
            << PacketField{"AH",
                           "SPI",
                           at + 4,
                           4,
                           QString("0x%1").arg(number(hex, at + 4, 4), 8, 16, QChar('0'))}
            << PacketField{"AH",
                           "Sequence number",
                           at + 8,
                           4,
                           QString::number(number(hex, at + 8, 4))}
            << PacketField{"AH",
                           "ICV",
                           at + 12,
                           qMax(0, len - 12),
                           QString("%1 octets").arg(qMax(0, len - 12))};
        // AH encrypts nothing: the protected datagram follows in clear
        const int inner = at + len, next = octet(hex, at);
        if (next == 4 && n >= inner + 20)
        {
            ipv4(out, hex, inner, "Inner IPv4");
            transport(out, hex, inner + 20, octet(hex, inner + 9));
        }
        else
            transport(out, hex, inner, next);
    }
    return out;
}

QVector<PacketField>
dissectPlaintext(const QString& hex, bool tunnel, int nextHeader)
{
    QVector<PacketField> out;
    if (tunnel && hex.size() >= 40 && (octet(hex, 0) >> 4) == 4)
    {
        ipv4(out, hex, 0, "Inner IPv4");
        const int hl = (octet(hex, 0) & 15) * 4;
        transport(out, hex, hl, octet(hex, 9));
    }
    else if (!tunnel)
        transport(out, hex, 0, nextHeader);
    return out;
}

QVector<LayerBox>
encapsulation(const QVector<PacketField>& outer, const QVector<PacketField>& inner, bool encrypted)
{
    QVector<LayerBox> out;
    QStringList seen;
    auto add = [&](const QVector<PacketField>& fields, bool protectedPart)
    {
        for (const PacketField& f : fields)
        {
            if (seen.contains(f.layer))
                continue;
            seen << f.layer;
            LayerBox b;
            b.name = f.layer;
            if (f.layer == "Outer IPv4" || f.layer == "Inner IPv4")
                b.osi = "L3";
            else if (f.layer == "ESP" || f.layer == "AH")
                b.osi = "L3 (IPsec)";
            else if (f.layer == "data")
                b.osi = "L5-7";
            else
                b.osi = "L4";
            if (f.layer == "UDP (NAT-T)")
                b.name = "UDP 4500 (NAT-T)";
            b.note = !protectedPart     ? "in clear"
                     : encrypted        ? "encrypted + authenticated"
                     : f.layer == "ESP" ? "header"
                                        : "authenticated, in clear";
            if (f.layer == "ESP" || f.layer == "AH")
                b.note = "SPI, sequence number, ICV";
            out << b;
        }
    };
    QVector<PacketField> head, rest;
    bool afterIpsec = false;
    for (const PacketField& f : outer)
    {
        (afterIpsec && f.layer != "ESP" && f.layer != "AH" ? rest : head) << f;
        afterIpsec = afterIpsec || f.layer == "ESP" || f.layer == "AH";
    }
    add(head, false);
    add(rest, true);
    add(inner, true);
    return out;
}

} // namespace viz
