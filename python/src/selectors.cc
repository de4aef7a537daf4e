// SPD selectors (RFC 4301 4.4.1.1, IPv4): prefixes, port ranges, flow keys, traffic selectors.
#include "address.h"
#include "bindings.h"
#include "sa/selector.h"

#include <pybind11/operators.h>

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{
namespace
{

/// Direction from the enum or its name ("outbound"/"out", "inbound"/"in").
Direction
DirectionFrom(const py::handle& value)
{
    if (py::isinstance<py::str>(value))
    {
        return ParseDirection(value.cast<std::string>());
    }
    return value.cast<Direction>();
}

/// Protocol from a number or a name ("any", "icmp", "tcp", "udp", "esp", "ah").
uint8_t
ProtocolFrom(const py::handle& value)
{
    if (py::isinstance<py::str>(value))
    {
        return ParseProtocol(value.cast<std::string>());
    }
    return value.cast<uint8_t>();
}

void
BindPrefixAndPorts(py::module_& m)
{
    py::enum_<Direction>(m, "Direction", "Traffic direction seen by the SPD's node.")
        .value("OUTBOUND", Direction::Outbound)
        .value("INBOUND", Direction::Inbound);

    py::class_<Ipv4Prefix>(m,
                           "Ipv4Prefix",
                           "An IPv4 prefix: Ipv4Prefix('10.1.0.0/16'), '10.1.0.5' (a /32) or\n"
                           "'any'. A str is accepted wherever an Ipv4Prefix is expected.")
        .def(py::init(&Ipv4Prefix::Parse), "text"_a)
        .def_property_readonly(
            "address",
            [](const Ipv4Prefix& p) { return Ipv4AddressToString(p.address); },
            "Network address.")
        .def_readonly("length", &Ipv4Prefix::length, "Prefix length 0-32.")
        .def(
            "contains",
            [](const Ipv4Prefix& p, const py::handle& a) { return p.Contains(AddressFrom(a)); },
            "address"_a,
            "True when the address (str or int) is inside the prefix.")
        .def("__str__", &Ipv4Prefix::ToString)
        .def("__repr__", [](const Ipv4Prefix& p) { return "Ipv4Prefix('" + p.ToString() + "')"; })
        .def(py::self == py::self);
    py::implicitly_convertible<py::str, Ipv4Prefix>();

    py::class_<PortRange>(m,
                          "PortRange",
                          "Inclusive port range: PortRange('any'), '80' or '1000-2000';\n"
                          "PortRange.icmp_type(8) for ICMP (type << 8 | code). A str is\n"
                          "accepted wherever a PortRange is expected.")
        .def(py::init(&PortRange::Parse), "text"_a)
        .def(py::init(
                 [](uint16_t low, uint16_t high)
                 {
                     PortRange r{low, high};
                     r.Validate();
                     return r;
                 }),
             "low"_a,
             "high"_a)
        .def_readonly("low", &PortRange::low)
        .def_readonly("high", &PortRange::high)
        .def("contains", &PortRange::Contains, "port"_a)
        .def_property_readonly("is_any", &PortRange::IsAny)
        .def_static("icmp_type", &PortRange::IcmpType, "type"_a, "All codes of one ICMP type.")
        .def_static("icmp_type_code",
                    &PortRange::IcmpTypeCode,
                    "type"_a,
                    "code"_a,
                    "One ICMP type and code.")
        .def("__str__", &PortRange::ToString)
        .def("__repr__", [](const PortRange& p) { return "PortRange('" + p.ToString() + "')"; })
        .def(py::self == py::self);
    py::implicitly_convertible<py::str, PortRange>();
}

void
BindFlowAndSelector(py::module_& m)
{
    py::class_<FlowKey>(m,
                        "FlowKey",
                        "The 5-tuple of one packet: FlowKey(src, dst, protocol=0, src_port=0,\n"
                        "dst_port=0). Addresses as str or int; protocol as number or name.")
        .def(py::init(
                 [](const py::handle& src,
                    const py::handle& dst,
                    const py::handle& proto,
                    uint16_t sport,
                    uint16_t dport) {
                     return FlowKey{
                         AddressFrom(src), AddressFrom(dst), ProtocolFrom(proto), sport, dport};
                 }),
             "src"_a,
             "dst"_a,
             "protocol"_a = 0,
             "src_port"_a = 0,
             "dst_port"_a = 0)
        .def_static(
            "icmp",
            [](const py::handle& src, const py::handle& dst, uint8_t type, uint8_t code)
            { return FlowKey::Icmp(AddressFrom(src), AddressFrom(dst), type, code); },
            "src"_a,
            "dst"_a,
            "type"_a,
            "code"_a = 0,
            "An ICMP flow: both ports hold (type << 8) | code.")
        .def_property_readonly("src", [](const FlowKey& f) { return Ipv4AddressToString(f.src); })
        .def_property_readonly("dst", [](const FlowKey& f) { return Ipv4AddressToString(f.dst); })
        .def_readonly("protocol", &FlowKey::protocol)
        .def_readonly("src_port", &FlowKey::srcPort)
        .def_readonly("dst_port", &FlowKey::dstPort)
        .def("__str__", &FlowKey::ToString)
        .def("__repr__", [](const FlowKey& f) { return "<FlowKey " + f.ToString() + ">"; })
        .def(py::self == py::self);

    py::class_<TrafficSelector>(
        m,
        "TrafficSelector",
        "Selector of an SPD entry, seen from its node: local is this side, remote the peer.\n"
        "TrafficSelector(local='any', remote='any', protocol='any', local_ports='any',\n"
        "remote_ports='any'). An outbound packet matches with local = source, an inbound\n"
        "one with local = destination.")
        .def(py::init(
                 [](const Ipv4Prefix& local,
                    const Ipv4Prefix& remote,
                    const py::handle& proto,
                    const PortRange& lp,
                    const PortRange& rp)
                 {
                     TrafficSelector s{local, remote, ProtocolFrom(proto), lp, rp};
                     s.Validate();
                     return s;
                 }),
             "local"_a = Ipv4Prefix::Any(),
             "remote"_a = Ipv4Prefix::Any(),
             "protocol"_a = 0,
             "local_ports"_a = PortRange::Any(),
             "remote_ports"_a = PortRange::Any())
        .def_readonly("local", &TrafficSelector::local)
        .def_readonly("remote", &TrafficSelector::remote)
        .def_readonly("protocol", &TrafficSelector::protocol)
        .def_readonly("local_ports", &TrafficSelector::localPorts)
        .def_readonly("remote_ports", &TrafficSelector::remotePorts)
        .def(
            "matches",
            [](const TrafficSelector& s, const FlowKey& flow, const py::handle& direction)
            { return s.Matches(flow, DirectionFrom(direction)); },
            "flow"_a,
            "direction"_a = "outbound",
            "True when the flow matches; direction Direction or 'outbound'/'inbound'.")
        .def("__str__", &TrafficSelector::ToString)
        .def("__repr__",
             [](const TrafficSelector& s) { return "<TrafficSelector " + s.ToString() + ">"; })
        .def(py::self == py::self);

    m.def("parse_protocol",
          &ParseProtocol,
          "text"_a,
          "'any', 'icmp', 'tcp', 'udp', 'esp', 'ah' or '0'-'255' -> number.");
    m.def("protocol_to_string", &ProtocolToString, "protocol"_a, "Number -> name.");
}

} // namespace

void
BindSelectors(py::module_& m)
{
    BindPrefixAndPorts(m);
    BindFlowAndSelector(m);
}

} // namespace ipseclab::python
