// AH packets on octets (RFC 4302) under a described IPv4 header.
#include "bindings.h"
#include "byte-input.h"
#include "crypto/algorithms.h"
#include "datapath/ah-codec.h"

#include <memory>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{
namespace
{

struct AhSealed
{
    Bytes packet;
    AhTrace trace;
};

struct AhOpened
{
    AhOpenResult result;
    AhTrace trace;
};

/// An AH proposal ("sha256", "sha1-modp2048") keyed for AH.
std::unique_ptr<Integrity>
Make(const std::string& proposal, const ByteInput& key)
{
    AhProposal p = ParseAhProposal(proposal);
    return std::make_unique<Integrity>(*p.integrity, key);
}

AhSealed
Seal(Integrity& integ, const Ipv4Fields& outer, uint32_t spi, uint64_t seq, bool esn,
     const ByteInput& payload, uint8_t nextHeader)
{
    if (!esn && seq > 0xffffffffULL)
    {
        throw py::value_error("seq " + std::to_string(seq) +
                              " does not fit 32 bits: pass esn=True for 64-bit sequence numbers");
    }
    AhSealed s;
    s.packet = AhSeal(integ, outer, spi, seq, esn, payload, nextHeader, &s.trace);
    return s;
}

AhOpened
Open(Integrity& integ, const Ipv4Fields& outer, const ByteInput& packet,
     std::optional<uint32_t> seqHigh)
{
    AhOpened o;
    o.result = AhOpen(integ, outer, packet, seqHigh, &o.trace);
    return o;
}

template <typename T>
void
TraceFields(py::class_<T>& c)
{
    c.def_property_readonly(
         "icv_input",
         [](const T& t) { return ToPy(t.trace.icvInput); },
         "The exact octets the HMAC ran over: IPv4 header with mutable fields zeroed | AH\n"
         "header with ICV zeroed | payload [| ESN high half].")
        .def_property_readonly(
            "full_mac", [](const T& t) { return ToPy(t.trace.fullMac); }, "Untruncated HMAC.")
        .def_property_readonly(
            "icv", [](const T& t) { return ToPy(t.trace.icv); }, "Computed (truncated) ICV.");
}

void
BindResults(py::module_& m)
{
    py::class_<AhSealed> sealed(m, "AhSealed", "A sealed AH packet with its ICV computation.");
    sealed.def_property_readonly(
        "packet",
        [](const AhSealed& s) { return ToPy(s.packet); },
        "AH header | payload (the IPv4 header is not included).");
    TraceFields(sealed);

    py::class_<AhOpened> opened(m,
                                "AhOpened",
                                "Result of ah_open(): status, payload, next header and the ICV\n"
                                "computation. True in a boolean context when status == 'ok'.");
    opened
        .def_property_readonly(
            "status",
            [](const AhOpened& o) { return ToString(o.result.status); },
            "'ok', 'malformed' or 'icv-failure'.")
        .def_property_readonly(
            "ok",
            [](const AhOpened& o) { return o.result.status == AhOpenStatus::Ok; },
            "status == 'ok'.")
        .def_property_readonly(
            "payload",
            [](const AhOpened& o) { return ToPy(o.result.payload); },
            "The payload after the AH header (b'' unless ok).")
        .def_property_readonly(
            "next_header", [](const AhOpened& o) { return o.result.nextHeader; }, "Next header.")
        .def_property_readonly(
            "received",
            [](const AhOpened& o) { return ToPy(o.trace.received); },
            "The ICV that arrived.")
        .def("__bool__", [](const AhOpened& o) { return o.result.status == AhOpenStatus::Ok; })
        .def("__repr__",
             [](const AhOpened& o)
             {
                 return std::string("<AhOpened ") + ToString(o.result.status) +
                        " next_header=" + std::to_string(o.result.nextHeader) + ">";
             });
    TraceFields(opened);
}

const char* const kSealDoc =
    "Build AH header | payload (RFC 4302) for the IPv4 header `outer` that will carry it.\n"
    "Returns bytes.\n\n"
    "proposal: 'sha1', 'sha256', 'sha384', 'sha512' (or pass an Integrity). key: HMAC key.\n"
    "outer: Ipv4Fields or dict; it must already say protocol=51, total_length = 20 +\n"
    "ah_packet_size(...), and the real identification, because the ICV covers them\n"
    "(ah_ipv4_packet() in the ipseclab package fills them in).";

const char* const kOpenDoc =
    "Verify the ICV of AH header | payload received under the IPv4 header `outer`.\n"
    "Returns AhOpened (status 'ok', 'malformed' or 'icv-failure'; payload; next_header;\n"
    "icv_input, full_mac, icv, received). seq_high: ESN high 32 bits, or None.";

void
BindFunctions(py::module_& m)
{
    m.def(
        "ah_seal",
        [](Integrity& integ,
           const Ipv4Fields& outer,
           uint32_t spi,
           uint64_t seq,
           const ByteInput& payload,
           uint8_t nextHeader,
           bool esn)
        { return ToPy(Seal(integ, outer, spi, seq, esn, payload, nextHeader).packet); },
        "integrity"_a,
        py::kw_only(),
        "outer"_a,
        "spi"_a,
        "seq"_a,
        "payload"_a,
        "next_header"_a,
        "esn"_a = false,
        kSealDoc);
    m.def(
        "ah_seal",
        [](const std::string& proposal,
           const ByteInput& key,
           const Ipv4Fields& outer,
           uint32_t spi,
           uint64_t seq,
           const ByteInput& payload,
           uint8_t nextHeader,
           bool esn)
        {
            auto integ = Make(proposal, key);
            return ToPy(Seal(*integ, outer, spi, seq, esn, payload, nextHeader).packet);
        },
        "proposal"_a,
        "key"_a,
        py::kw_only(),
        "outer"_a,
        "spi"_a,
        "seq"_a,
        "payload"_a,
        "next_header"_a,
        "esn"_a = false);
    m.def(
        "ah_seal_trace",
        [](Integrity& integ,
           const Ipv4Fields& outer,
           uint32_t spi,
           uint64_t seq,
           const ByteInput& payload,
           uint8_t nextHeader,
           bool esn) { return Seal(integ, outer, spi, seq, esn, payload, nextHeader); },
        "integrity"_a,
        py::kw_only(),
        "outer"_a,
        "spi"_a,
        "seq"_a,
        "payload"_a,
        "next_header"_a,
        "esn"_a = false,
        "Like ah_seal but returns AhSealed: packet plus icv_input, full_mac and icv.");
    m.def(
        "ah_seal_trace",
        [](const std::string& proposal,
           const ByteInput& key,
           const Ipv4Fields& outer,
           uint32_t spi,
           uint64_t seq,
           const ByteInput& payload,
           uint8_t nextHeader,
           bool esn)
        {
            auto integ = Make(proposal, key);
            return Seal(*integ, outer, spi, seq, esn, payload, nextHeader);
        },
        "proposal"_a,
        "key"_a,
        py::kw_only(),
        "outer"_a,
        "spi"_a,
        "seq"_a,
        "payload"_a,
        "next_header"_a,
        "esn"_a = false);
    m.def(
        "ah_open",
        [](Integrity& integ,
           const Ipv4Fields& outer,
           const ByteInput& packet,
           std::optional<uint32_t>
               seqHigh) { return Open(integ, outer, packet, seqHigh); },
        "integrity"_a,
        py::kw_only(),
        "outer"_a,
        "packet"_a,
        "seq_high"_a = py::none(),
        kOpenDoc);
    m.def(
        "ah_open",
        [](const std::string& proposal,
           const ByteInput& key,
           const Ipv4Fields& outer,
           const ByteInput& packet,
           std::optional<uint32_t>
               seqHigh)
        {
            auto integ = Make(proposal, key);
            return Open(*integ, outer, packet, seqHigh);
        },
        "proposal"_a,
        "key"_a,
        py::kw_only(),
        "outer"_a,
        "packet"_a,
        "seq_high"_a = py::none());
    m.def("ah_header_size",
          &AhHeaderSize,
          "icv_size"_a,
          "AH header octets for an ICV of icv_size (padded to a multiple of 4).");
    m.def(
        "ah_packet_size",
        [](const std::string& proposal, size_t payloadSize)
        { return AhHeaderSize(ParseAhProposal(proposal).integrity->icvSize) + payloadSize; },
        "proposal"_a,
        "payload_size"_a,
        "Octets ah_seal returns for that payload.");
    m.def(
        "ah_immutable_ipv4_header",
        [](const Ipv4Fields& outer) { return ToPy(AhImmutableIpv4Header(outer)); },
        "outer"_a,
        "The 20 octets AH's ICV sees of an IPv4 header: TOS, flags/fragment, TTL and\n"
        "checksum zeroed.");
    m.def(
        "ah_peek_header",
        [](const ByteInput& packet) -> py::object
        {
            auto h = AhPeekHeader(packet);
            if (!h)
            {
                return py::none();
            }
            py::dict d;
            d["next_header"] = h->nextHeader;
            d["payload_len"] = h->payloadLen;
            d["spi"] = h->spi;
            d["seq_low"] = h->seqLow;
            return d;
        },
        "packet"_a,
        "dict(next_header, payload_len, spi, seq_low) of an AH header, or None if too short.");
    m.attr("AH_FIXED_SIZE") = kAhFixedSize;
}

} // namespace

void
BindAh(py::module_& m)
{
    BindResults(m);
    BindFunctions(m);
}

} // namespace ipseclab::python
