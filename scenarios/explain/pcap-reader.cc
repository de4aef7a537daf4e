// pcap (tcpdump's format, either byte order, micro- or nanosecond stamps) and pcapng (section
// header, interface description, enhanced, simple and obsolete packet blocks; other blocks are
// skipped by their length). Formats: draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng.
#include "pcap-reader.h"

#include <fstream>
#include <iterator>
#include <sstream>

namespace ipseclab::explain
{

CaptureError::CaptureError(const std::string& what)
    : std::runtime_error(what)
{
}

bool
IsKnownLinkType(uint32_t linkType)
{
    switch (linkType)
    {
    case kLinkNull:
    case kLinkEthernet:
    case kLinkPpp:
    case kLinkRaw:
    case kLinkLinuxSll:
    case kLinkIpv4:
    case kLinkLinuxSll2:
        return true;
    default:
        return false;
    }
}

std::string
LinkTypeName(uint32_t linkType)
{
    switch (linkType)
    {
    case kLinkNull:
        return "BSD loopback";
    case kLinkEthernet:
        return "Ethernet";
    case kLinkPpp:
        return "PPP";
    case kLinkRaw:
        return "raw IP";
    case kLinkLinuxSll:
        return "Linux cooked (SLL)";
    case kLinkIpv4:
        return "raw IPv4";
    case kLinkLinuxSll2:
        return "Linux cooked v2 (SLL2)";
    default:
        return "unknown";
    }
}

namespace
{

/// Bounds-checked little/big-endian reads over the file; every short read names the offset.
class Cursor
{
  public:
    explicit Cursor(ByteSpan data)
        : m_data(data)
    {
    }

    void SetBigEndian(bool big) { m_big = big; }

    uint32_t U32(size_t at, const char* what) const
    {
        Need(at, 4, what);
        const uint8_t* p = m_data.data() + at;
        return m_big ? (uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3])
                     : (uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]);
    }

    uint16_t U16(size_t at, const char* what) const
    {
        Need(at, 2, what);
        const uint8_t* p = m_data.data() + at;
        return m_big ? uint16_t(p[0] << 8 | p[1]) : uint16_t(p[1] << 8 | p[0]);
    }

    Bytes Take(size_t at, size_t count, const char* what) const
    {
        Need(at, count, what);
        return Bytes(m_data.begin() + at, m_data.begin() + at + count);
    }

    void Need(size_t at, size_t count, const char* what) const
    {
        if (at > m_data.size() || count > m_data.size() - at)
        {
            throw CaptureError(
                "truncated capture: " + std::string(what) + " at offset " + std::to_string(at) +
                " needs " + std::to_string(count) + " octets, the file has " +
                std::to_string(at > m_data.size() ? 0 : m_data.size() - at) + " left");
        }
    }

    size_t Size() const { return m_data.size(); }

  private:
    ByteSpan m_data;
    bool m_big = false;
};

std::string
KnownLinkTypes()
{
    std::ostringstream s;
    const char* sep = "";
    for (uint32_t t :
         {kLinkNull, kLinkEthernet, kLinkPpp, kLinkRaw, kLinkLinuxSll, kLinkIpv4, kLinkLinuxSll2})
    {
        s << sep << t << " (" << LinkTypeName(t) << ")";
        sep = ", ";
    }
    return s.str();
}

void
CheckLinkType(uint32_t linkType, const std::string& where)
{
    if (!IsKnownLinkType(linkType))
    {
        throw CaptureError("unknown link type " + std::to_string(linkType) + " in " + where +
                           ": the explainer reads " + KnownLinkTypes());
    }
}

Capture
ParsePcap(const Cursor& c, bool nanoseconds)
{
    Capture capture;
    capture.format = "pcap";
    const uint32_t linkType = c.U32(20, "pcap header") & 0xffff; // upper bits: FCS length
    CheckLinkType(linkType, "the pcap header");
    capture.linkTypes.push_back(linkType);
    size_t at = 24;
    while (at < c.Size())
    {
        const uint32_t seconds = c.U32(at, "packet record header");
        const uint32_t fraction = c.U32(at + 4, "packet record header");
        const uint32_t captured = c.U32(at + 8, "packet record header");
        const uint32_t wire = c.U32(at + 12, "packet record header");
        CapturedFrame frame;
        frame.number = capture.frames.size() + 1;
        frame.timeNs = int64_t(seconds) * 1000000000 + int64_t(fraction) * (nanoseconds ? 1 : 1000);
        frame.linkType = linkType;
        frame.wireLength = wire;
        frame.data = c.Take(at + 16, captured, "packet data");
        capture.frames.push_back(std::move(frame));
        at += 16 + size_t(captured);
    }
    return capture;
}

/// if_tsresol (option 9 of an interface description block): units per second.
int64_t
TimeUnitsPerSecond(const Cursor& c, size_t options, size_t end)
{
    int64_t units = 1000000; // the default: microseconds
    size_t at = options;
    while (at + 4 <= end)
    {
        const uint16_t code = c.U16(at, "interface option");
        const uint16_t length = c.U16(at + 2, "interface option");
        if (code == 0)
        {
            break;
        }
        if (code == 9 && length >= 1)
        {
            const uint8_t v = c.Take(at + 4, 1, "if_tsresol")[0];
            const unsigned exponent = v & 0x7f;
            if (exponent > 18 && !(v & 0x80))
            {
                throw CaptureError("interface time resolution 10^-" + std::to_string(exponent) +
                                   " is finer than the explainer reads (10^-18)");
            }
            if ((v & 0x80) && exponent > 62)
            {
                throw CaptureError("interface time resolution 2^-" + std::to_string(exponent) +
                                   " is finer than the explainer reads (2^-62)");
            }
            units = 1;
            for (unsigned i = 0; i < exponent; ++i)
            {
                units *= (v & 0x80) ? 2 : 10;
            }
        }
        at += 4 + ((size_t(length) + 3) & ~size_t(3));
    }
    return units;
}

int64_t
ToNanoseconds(uint64_t stamp, int64_t unitsPerSecond)
{
    const uint64_t units = static_cast<uint64_t>(unitsPerSecond);
    const uint64_t seconds = stamp / units;
    const uint64_t rest = stamp % units;
    // rest < units <= 2^62: multiply in 128 bits so no resolution overflows.
    const unsigned __int128 ns = (unsigned __int128) rest * 1000000000u / units;
    return static_cast<int64_t>(seconds * 1000000000u + static_cast<uint64_t>(ns));
}

Capture
ParsePcapng(Cursor& c)
{
    Capture capture;
    capture.format = "pcapng";
    std::vector<int64_t> units; // per interface of the current section
    size_t at = 0;
    while (at < c.Size())
    {
        // The section header decides the byte order of everything up to the next one.
        const Bytes type = c.Take(at, 4, "block type");
        const bool section = type == Bytes{0x0a, 0x0d, 0x0d, 0x0a};
        if (section)
        {
            const Bytes magic = c.Take(at + 8, 4, "section byte-order magic");
            if (magic == Bytes{0x1a, 0x2b, 0x3c, 0x4d})
            {
                c.SetBigEndian(true);
            }
            else if (magic == Bytes{0x4d, 0x3c, 0x2b, 0x1a})
            {
                c.SetBigEndian(false);
            }
            else
            {
                throw CaptureError("pcapng section header at offset " + std::to_string(at) +
                                   " has no byte-order magic");
            }
            units.clear();
        }
        else if (at == 0)
        {
            throw CaptureError("not a capture: pcapng must start with a section header");
        }
        const uint32_t blockType = c.U32(at, "block type");
        const uint32_t length = c.U32(at + 4, "block length");
        if (length < 12 || length % 4 != 0)
        {
            throw CaptureError("pcapng block at offset " + std::to_string(at) + " has length " +
                               std::to_string(length) + " (at least 12, a multiple of 4)");
        }
        c.Need(at, length, "pcapng block");
        if (c.U32(at + length - 4, "trailing block length") != length)
        {
            throw CaptureError("pcapng block at offset " + std::to_string(at) +
                               ": its trailing length differs from its leading one");
        }
        const size_t body = at + 8;
        const size_t end = at + length - 4;
        auto frameOf =
            [&](uint32_t interface, uint64_t stamp, uint32_t captured, uint32_t wire, size_t dataAt)
        {
            if (interface >= units.size())
            {
                throw CaptureError("packet block at offset " + std::to_string(at) +
                                   " names interface " + std::to_string(interface) + " of " +
                                   std::to_string(units.size()) + " described");
            }
            if (dataAt + captured > end)
            {
                throw CaptureError("packet block at offset " + std::to_string(at) + ": " +
                                   std::to_string(captured) + " captured octets overrun the block");
            }
            CapturedFrame frame;
            frame.number = capture.frames.size() + 1;
            frame.timeNs = ToNanoseconds(stamp, units[interface]);
            frame.linkType = capture.linkTypes[capture.linkTypes.size() - units.size() + interface];
            frame.wireLength = wire;
            frame.data = c.Take(dataAt, captured, "packet data");
            capture.frames.push_back(std::move(frame));
        };
        switch (blockType)
        {
        case 1:
        { // interface description
            const uint32_t linkType = c.U16(body, "interface link type");
            CheckLinkType(linkType, "interface " + std::to_string(units.size()));
            capture.linkTypes.push_back(linkType);
            units.push_back(TimeUnitsPerSecond(c, body + 8, end));
            break;
        }
        case 6:
        { // enhanced packet
            const uint64_t stamp =
                uint64_t(c.U32(body + 4, "timestamp")) << 32 | c.U32(body + 8, "timestamp");
            frameOf(c.U32(body, "interface id"),
                    stamp,
                    c.U32(body + 12, "captured length"),
                    c.U32(body + 16, "original length"),
                    body + 20);
            break;
        }
        case 3:
        { // simple packet: interface 0, no timestamp, captured = what the block holds
            const uint32_t wire = c.U32(body, "original length");
            const uint32_t room = uint32_t(end - (body + 4));
            frameOf(0, 0, wire < room ? wire : room, wire, body + 4);
            break;
        }
        case 2:
        { // obsolete packet block
            const uint64_t stamp =
                uint64_t(c.U32(body + 4, "timestamp")) << 32 | c.U32(body + 8, "timestamp");
            frameOf(c.U16(body, "interface id"),
                    stamp,
                    c.U32(body + 12, "captured length"),
                    c.U32(body + 16, "original length"),
                    body + 20);
            break;
        }
        default: // section header, statistics, name resolution, custom: nothing to read here
            break;
        }
        at += length;
    }
    return capture;
}

} // namespace

Capture
ParseCapture(ByteSpan file)
{
    Cursor c(file);
    if (file.size() < 4)
    {
        throw CaptureError("not a capture: " + std::to_string(file.size()) +
                           " octets, too short for a pcap or pcapng header");
    }
    const Bytes magic(file.begin(), file.begin() + 4);
    if (magic == Bytes{0x0a, 0x0d, 0x0d, 0x0a})
    {
        return ParsePcapng(c);
    }
    struct
    {
        Bytes magic;
        bool big;
        bool ns;
    } const kinds[] = {{{0xd4, 0xc3, 0xb2, 0xa1}, false, false},
                       {{0xa1, 0xb2, 0xc3, 0xd4}, true, false},
                       {{0x4d, 0x3c, 0xb2, 0xa1}, false, true},
                       {{0xa1, 0xb2, 0x3c, 0x4d}, true, true}};
    for (const auto& k : kinds)
    {
        if (magic == k.magic)
        {
            c.SetBigEndian(k.big);
            c.Need(0, 24, "pcap file header");
            return ParsePcap(c, k.ns);
        }
    }
    throw CaptureError("not a capture: the file starts with " + ToHex(ByteSpan(magic)) +
                       ", neither a pcap (a1b2c3d4, a1b23c4d) nor a pcapng (0a0d0d0a) magic");
}

Capture
ReadCaptureFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw CaptureError("cannot open " + path);
    }
    const Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
    {
        throw CaptureError("cannot read " + path);
    }
    try
    {
        return ParseCapture(ByteSpan(data));
    }
    catch (const CaptureError& e)
    {
        throw CaptureError(path + ": " + e.what());
    }
}

} // namespace ipseclab::explain
