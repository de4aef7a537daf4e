// The IPv4 header on octets (what AH's ICV covers and ESP tunnel mode wraps) and checksums.
#include "address.h"
#include "bindings.h"
#include "byte-input.h"
#include "datapath/ipv4-wire.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{
namespace
{

void
SetField(Ipv4Fields& f, const std::string& name, const py::handle& v)
{
    if (name == "src" || name == "dst")
    {
        (name == "src" ? f.src : f.dst) = AddressFrom(v);
    }
    else if (name == "tos")
    {
        f.tos = v.cast<uint8_t>();
    }
    else if (name == "total_length")
    {
        f.totalLength = v.cast<uint16_t>();
    }
    else if (name == "identification")
    {
        f.identification = v.cast<uint16_t>();
    }
    else if (name == "flags_fragment")
    {
        f.flagsFragment = v.cast<uint16_t>();
    }
    else if (name == "ttl")
    {
        f.ttl = v.cast<uint8_t>();
    }
    else if (name == "protocol")
    {
        f.protocol = v.cast<uint8_t>();
    }
    else if (name == "checksum")
    {
        f.checksum = v.cast<uint16_t>();
    }
    else
    {
        throw py::value_error("Ipv4Fields has no field '" + name +
                              "' (fields: tos, total_length, identification, flags_fragment, "
                              "ttl, protocol, checksum, src, dst)");
    }
}

/// Field values from a dict or keyword arguments; ints out of range raise ValueError.
Ipv4Fields
FieldsFrom(const py::dict& values)
{
    Ipv4Fields f;
    for (auto item : values)
    {
        std::string name = py::str(item.first);
        try
        {
            SetField(f, name, item.second);
        }
        catch (const py::cast_error&)
        {
            throw py::value_error("Ipv4Fields." + name + ": " + std::string(py::repr(item.second)) +
                                  " does not fit the field");
        }
    }
    return f;
}

py::dict
ToDict(const Ipv4Fields& f)
{
    py::dict d;
    d["tos"] = f.tos;
    d["total_length"] = f.totalLength;
    d["identification"] = f.identification;
    d["flags_fragment"] = f.flagsFragment;
    d["ttl"] = f.ttl;
    d["protocol"] = f.protocol;
    d["checksum"] = f.checksum;
    d["src"] = Ipv4AddressToString(f.src);
    d["dst"] = Ipv4AddressToString(f.dst);
    return d;
}

template <typename T>
void
Field(py::class_<Ipv4Fields>& c, const char* name, T Ipv4Fields::*member, const char* doc)
{
    c.def_property(
        name,
        [member](const Ipv4Fields& f) { return f.*member; },
        [name](Ipv4Fields& f, const py::handle& v)
        {
            try
            {
                SetField(f, name, v);
            }
            catch (const py::cast_error&)
            {
                throw py::value_error(std::string("Ipv4Fields.") + name + ": " +
                                      std::string(py::repr(v)) + " does not fit the field");
            }
        },
        doc);
}

} // namespace

void
BindIpv4(py::module_& m)
{
    py::class_<Ipv4Fields> c(
        m,
        "Ipv4Fields",
        "An option-less IPv4 header (RFC 791) as fields.\n\n"
        "Ipv4Fields(tos=0, total_length=0, identification=0, flags_fragment=0, ttl=64,\n"
        "           protocol=0, checksum=0, src=0, dst=0)\n"
        "src/dst accept '10.0.0.1' or an int (host order) and read back as strings.\n"
        "A dict with these keys is accepted wherever an Ipv4Fields is expected.");
    c.def(py::init([](const py::kwargs& kwargs) { return FieldsFrom(kwargs); }))
        .def(py::init([](const py::dict& d) { return FieldsFrom(d); }), "fields"_a);
    Field(c, "tos", &Ipv4Fields::tos, "Type of service / DSCP+ECN (mutable for AH).");
    Field(c, "total_length", &Ipv4Fields::totalLength, "Total length in octets.");
    Field(c, "identification", &Ipv4Fields::identification, "Identification (AH covers it).");
    Field(c,
          "flags_fragment",
          &Ipv4Fields::flagsFragment,
          "3 flag bits and 13-bit fragment offset, as on the wire (mutable for AH).");
    Field(c, "ttl", &Ipv4Fields::ttl, "Time to live (mutable for AH).");
    Field(c, "protocol", &Ipv4Fields::protocol, "Protocol (50 ESP, 51 AH, 17 UDP, ...).");
    Field(c, "checksum", &Ipv4Fields::checksum, "Header checksum (mutable for AH).");
    c.def_property(
         "src",
         [](const Ipv4Fields& f) { return Ipv4AddressToString(f.src); },
         [](Ipv4Fields& f, const py::handle& v) { f.src = AddressFrom(v); },
         "Source address.")
        .def_property(
            "dst",
            [](const Ipv4Fields& f) { return Ipv4AddressToString(f.dst); },
            [](Ipv4Fields& f, const py::handle& v) { f.dst = AddressFrom(v); },
            "Destination address.")
        .def(
            "to_bytes",
            [](const Ipv4Fields& f, bool computeChecksum)
            {
                Bytes out(kIpv4HeaderSize);
                WriteIpv4Header(f, out.data(), computeChecksum);
                return ToPy(out);
            },
            "compute_checksum"_a = true,
            "The 20 header octets; with compute_checksum=False the checksum field as set.")
        .def_static(
            "from_bytes",
            [](const ByteInput& data)
            {
                auto f = ReadIpv4Header(data);
                if (!f)
                {
                    throw py::value_error("not a well-formed option-less IPv4 header (version "
                                          "4, IHL 5, 20 <= total length <= data length)");
                }
                return *f;
            },
            "data"_a,
            "Parse a header (the data may continue after it).")
        .def("to_dict", &ToDict, "The fields as a dict.")
        .def(
            "copy", [](const Ipv4Fields& f) { return f; }, "A copy.")
        .def("__copy__", [](const Ipv4Fields& f) { return f; })
        .def("__eq__",
             [](const Ipv4Fields& a, const Ipv4Fields& b)
             {
                 Bytes x(kIpv4HeaderSize), y(kIpv4HeaderSize);
                 WriteIpv4Header(a, x.data(), false);
                 WriteIpv4Header(b, y.data(), false);
                 return x == y;
             })
        .def("__repr__",
             [](const Ipv4Fields& f)
             { return "Ipv4Fields(" + std::string(py::str(ToDict(f))) + ")"; });
    py::implicitly_convertible<py::dict, Ipv4Fields>();

    m.def(
        "internet_checksum",
        [](const ByteInput& data) { return InternetChecksum(data.data.data(), data.size()); },
        "data"_a,
        "RFC 1071 Internet checksum (0 when the data already carries a correct one).");
    m.def(
        "udp_checksum",
        [](const py::handle& src, const py::handle& dst, const ByteInput& udp)
        { return UdpChecksum(AddressFrom(src), AddressFrom(dst), udp); },
        "src"_a,
        "dst"_a,
        "udp"_a,
        "UDP checksum over the IPv4 pseudo-header and the UDP header (checksum field 0) and\n"
        "data; 0 is sent as 0xffff.");
    m.def("parse_ipv4_address", &ParseIpv4Address, "text"_a, "'a.b.c.d' -> int (host order).");
    m.def("ipv4_address_to_string",
          &Ipv4AddressToString,
          "address"_a,
          "int (host order) -> 'a.b.c.d'.");
}

} // namespace ipseclab::python
