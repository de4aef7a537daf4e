// ESP packets on octets (RFC 4303): seal with a given IV, open with status and trace.
#include "bindings.h"
#include "byte-input.h"
#include "datapath/esp-codec.h"

#include <memory>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{
namespace
{

constexpr size_t kMaxTfcPadding = 65535;

/// A sealed packet and what the sender saw on the way.
struct EspSealed
{
    Bytes packet;
    EspSealTrace trace;
};

/// EspOpen's result with its trace.
struct EspOpened
{
    EspOpenResult result;
    EspOpenTrace trace;
};

EspSealed
Seal(EspTransform& t, uint32_t spi, uint64_t seq, bool esn, const ByteInput& payload,
     uint8_t nextHeader, const ByteInput& iv, size_t tfcPadding)
{
    CheckLimit("tfc_padding", tfcPadding, kMaxTfcPadding);
    if (!esn && seq > 0xffffffffULL)
    {
        throw py::value_error("seq " + std::to_string(seq) +
                              " does not fit 32 bits: pass esn=True for 64-bit sequence numbers");
    }
    EspSealed s;
    s.packet = EspSeal(t, spi, seq, esn, payload, nextHeader, iv, tfcPadding, &s.trace);
    return s;
}

EspOpened
Open(EspTransform& t, const ByteInput& packet, std::optional<uint32_t> seqHigh)
{
    EspOpened o;
    o.result = EspOpen(t, packet, seqHigh, &o.trace);
    return o;
}

std::unique_ptr<EspTransform>
Make(const std::string& proposal, const ByteInput& enc, const ByteInput& integ)
{
    return std::make_unique<EspTransform>(proposal, enc, integ);
}

void
BindResults(py::module_& m)
{
    py::class_<EspSealed>(m, "EspSealed", "A sealed ESP packet with the sender's view of it.")
        .def_property_readonly(
            "packet",
            [](const EspSealed& s) { return ToPy(s.packet); },
            "SPI | Seq | IV | ciphertext | ICV.")
        .def_property_readonly(
            "plaintext",
            [](const EspSealed& s) { return ToPy(s.trace.plaintext); },
            "What was encrypted: payload | TFC | padding | pad length | next header.")
        .def_property_readonly(
            "iv", [](const EspSealed& s) { return ToPy(s.trace.iv); }, "IV.")
        .def_property_readonly(
            "ciphertext",
            [](const EspSealed& s) { return ToPy(s.trace.ciphertext); },
            "Ciphertext.")
        .def_property_readonly(
            "icv", [](const EspSealed& s) { return ToPy(s.trace.icv); }, "ICV.")
        .def_property_readonly(
            "pad_length",
            [](const EspSealed& s) { return s.trace.padLength; },
            "Padding octets (without pad length and next header).");

    py::class_<EspOpened>(m,
                          "EspOpened",
                          "Result of esp_open(): status, payload, next header and the trace.\n"
                          "True in a boolean context when status == 'ok'.")
        .def_property_readonly(
            "status",
            [](const EspOpened& o) { return ToString(o.result.status); },
            "'ok', 'malformed', 'icv-failure' or 'bad-padding'.")
        .def_property_readonly(
            "ok",
            [](const EspOpened& o) { return o.result.status == EspOpenStatus::Ok; },
            "status == 'ok'.")
        .def_property_readonly(
            "payload",
            [](const EspOpened& o) { return ToPy(o.result.payload); },
            "The payload without padding and trailer (b'' unless ok).")
        .def_property_readonly(
            "next_header",
            [](const EspOpened& o) { return o.result.nextHeader; },
            "Next header (4 IPv4 in tunnel mode, 17 UDP, ...).")
        .def_property_readonly(
            "pad_length", [](const EspOpened& o) { return o.result.padLength; }, "Pad length.")
        .def_property_readonly(
            "iv", [](const EspOpened& o) { return ToPy(o.trace.iv); }, "IV as received.")
        .def_property_readonly(
            "ciphertext",
            [](const EspOpened& o) { return ToPy(o.trace.ciphertext); },
            "Ciphertext as received.")
        .def_property_readonly(
            "icv", [](const EspOpened& o) { return ToPy(o.trace.icv); }, "ICV as received.")
        .def_property_readonly(
            "plaintext",
            [](const EspOpened& o) { return ToPy(o.trace.plaintext); },
            "Decrypted octets with the trailer (when the ICV verified).")
        .def("__bool__", [](const EspOpened& o) { return o.result.status == EspOpenStatus::Ok; })
        .def("__repr__",
             [](const EspOpened& o)
             {
                 return std::string("<EspOpened ") + ToString(o.result.status) +
                        " next_header=" + std::to_string(o.result.nextHeader) +
                        " payload=" + std::to_string(o.result.payload.size()) + " octets>";
             });
}

const char* const kSealDoc =
    "Build an ESP packet (RFC 4303): SPI | Seq | IV | E(payload | padding | pad length |\n"
    "next header) | ICV, with padding 1, 2, 3, ... Returns bytes.\n\n"
    "proposal: 'aes128gcm16', 'aes256-sha256', 'null-sha1', ... (or pass an EspTransform).\n"
    "enc_key: cipher key (AEAD: key | 4-octet salt). integ_key: HMAC key (b'' for AEAD).\n"
    "seq: 32-bit, or 64-bit with esn=True (the high half is authenticated, not sent).\n"
    "iv: iv_size octets (8 for AEAD, 16 for CBC, b'' for null). tfc_padding: zero octets\n"
    "after the payload. Example:\n"
    "    esp_seal('aes128gcm16', key, spi=0x1001, seq=1, payload=b'hi', next_header=17,\n"
    "             iv=bytes(8))";

const char* const kOpenDoc =
    "Verify and decrypt an ESP packet. Returns EspOpened (status 'ok', 'malformed',\n"
    "'icv-failure' or 'bad-padding'; payload; next_header; trace fields).\n\n"
    "seq_high: the ESN high 32 bits when the SA uses ESN (see ReplayWindow.infer_seq_high).";

void
BindFunctions(py::module_& m)
{
    m.def(
        "esp_seal",
        [](EspTransform& t,
           uint32_t spi,
           uint64_t seq,
           const ByteInput& payload,
           uint8_t nextHeader,
           const ByteInput& iv,
           bool esn,
           size_t tfc)
        { return ToPy(Seal(t, spi, seq, esn, payload, nextHeader, iv, tfc).packet); },
        "transform"_a,
        py::kw_only(),
        "spi"_a,
        "seq"_a,
        "payload"_a,
        "next_header"_a,
        "iv"_a,
        "esn"_a = false,
        "tfc_padding"_a = 0,
        kSealDoc);
    m.def(
        "esp_seal",
        [](const std::string& proposal,
           const ByteInput& enc,
           const ByteInput& integ,
           uint32_t spi,
           uint64_t seq,
           const ByteInput& payload,
           uint8_t nextHeader,
           const ByteInput& iv,
           bool esn,
           size_t tfc)
        {
            auto t = Make(proposal, enc, integ);
            return ToPy(Seal(*t, spi, seq, esn, payload, nextHeader, iv, tfc).packet);
        },
        "proposal"_a,
        "enc_key"_a = py::bytes(),
        py::kw_only(),
        "integ_key"_a = py::bytes(),
        "spi"_a,
        "seq"_a,
        "payload"_a,
        "next_header"_a,
        "iv"_a,
        "esn"_a = false,
        "tfc_padding"_a = 0);
    m.def(
        "esp_seal_trace",
        [](EspTransform& t,
           uint32_t spi,
           uint64_t seq,
           const ByteInput& payload,
           uint8_t nextHeader,
           const ByteInput& iv,
           bool esn,
           size_t tfc) { return Seal(t, spi, seq, esn, payload, nextHeader, iv, tfc); },
        "transform"_a,
        py::kw_only(),
        "spi"_a,
        "seq"_a,
        "payload"_a,
        "next_header"_a,
        "iv"_a,
        "esn"_a = false,
        "tfc_padding"_a = 0,
        "Like esp_seal but returns EspSealed: packet plus plaintext, iv, ciphertext, icv and\n"
        "pad_length, to show each step.");
    m.def(
        "esp_seal_trace",
        [](const std::string& proposal,
           const ByteInput& enc,
           const ByteInput& integ,
           uint32_t spi,
           uint64_t seq,
           const ByteInput& payload,
           uint8_t nextHeader,
           const ByteInput& iv,
           bool esn,
           size_t tfc)
        {
            auto t = Make(proposal, enc, integ);
            return Seal(*t, spi, seq, esn, payload, nextHeader, iv, tfc);
        },
        "proposal"_a,
        "enc_key"_a = py::bytes(),
        py::kw_only(),
        "integ_key"_a = py::bytes(),
        "spi"_a,
        "seq"_a,
        "payload"_a,
        "next_header"_a,
        "iv"_a,
        "esn"_a = false,
        "tfc_padding"_a = 0);
    m.def(
        "esp_open",
        [](EspTransform& t, const ByteInput& packet, std::optional<uint32_t> seqHigh)
        { return Open(t, packet, seqHigh); },
        "transform"_a,
        py::kw_only(),
        "packet"_a,
        "seq_high"_a = py::none(),
        kOpenDoc);
    m.def(
        "esp_open",
        [](const std::string& proposal,
           const ByteInput& enc,
           const ByteInput& integ,
           const ByteInput& packet,
           std::optional<uint32_t>
               seqHigh)
        {
            auto t = Make(proposal, enc, integ);
            return Open(*t, packet, seqHigh);
        },
        "proposal"_a,
        "enc_key"_a = py::bytes(),
        py::kw_only(),
        "integ_key"_a = py::bytes(),
        "packet"_a,
        "seq_high"_a = py::none());
    m.def(
        "esp_peek_header",
        [](const ByteInput& packet) -> py::object
        {
            auto h = EspPeekHeader(packet);
            if (!h)
            {
                return py::none();
            }
            return py::make_tuple(h->spi, h->seqLow);
        },
        "packet"_a,
        "(spi, seq_low) of an ESP packet, or None when shorter than 8 octets.");
    m.attr("ESP_HEADER_SIZE") = kEspHeaderSize;
    m.attr("NEXT_HEADER_IPV4") = kNextHeaderIpv4;
    m.attr("NEXT_HEADER_NONE") = kNextHeaderNone;
}

} // namespace

void
BindEsp(py::module_& m)
{
    BindResults(m);
    BindFunctions(m);
}

} // namespace ipseclab::python
