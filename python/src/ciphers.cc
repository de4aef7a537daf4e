// The keyed transforms: EspTransform, Integrity, AeadCipher, CbcCipher, Prf and prf+.
// ByteParts are initializer lists in C++, so Python's "list of parts" is joined here first
// (the result is the same: the MAC or AAD runs over the concatenation).
#include "bindings.h"
#include "byte-input.h"
#include "crypto/aead-cipher.h"
#include "crypto/cbc-cipher.h"
#include "crypto/esp-transform.h"
#include "crypto/integrity.h"
#include "crypto/prf.h"

#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{
namespace
{

constexpr auto kRef = py::return_value_policy::reference;
constexpr size_t kMaxPrfPlus = 255 * 64; // 255 blocks of the largest PRF output

/// bytes-like, or a list/tuple of bytes-like parts, as one buffer.
Bytes
JoinParts(const py::handle& data)
{
    py::detail::make_caster<ByteInput> one;
    if (one.load(data, false))
    {
        return py::detail::cast_op<ByteInput&&>(std::move(one)).data;
    }
    if (py::isinstance<py::list>(data) || py::isinstance<py::tuple>(data))
    {
        Bytes out;
        for (py::handle part : data)
        {
            py::detail::make_caster<ByteInput> c;
            if (!c.load(part, false))
            {
                throw py::type_error("each part must be bytes-like, got " +
                                     std::string(py::str(py::type::of(part))));
            }
            const Bytes& b = py::detail::cast_op<ByteInput&>(c).data;
            out.insert(out.end(), b.begin(), b.end());
        }
        return out;
    }
    throw py::type_error("expected bytes-like or a list of bytes-like parts, got " +
                         std::string(py::str(py::type::of(data))));
}

void
BindEspTransform(py::module_& m)
{
    py::class_<EspTransform>(
        m,
        "EspTransform",
        "The cryptographic half of ESP (RFC 4303) for one SA direction.\n\n"
        "EspTransform(proposal, encryption_key, integrity_key=b'')\n"
        "proposal: strongSwan ESP syntax ('aes128gcm16', 'aes256-sha256', 'null-sha1').\n"
        "encryption_key: the cipher key; for AEAD followed by the 4-octet salt; b'' for null.\n"
        "integrity_key: the HMAC key; b'' for AEAD.")
        .def(py::init([](const std::string& proposal, const ByteInput& enc, const ByteInput& integ)
                      { return new EspTransform(proposal, enc, integ); }),
             "proposal"_a,
             "encryption_key"_a,
             "integrity_key"_a = py::bytes())
        .def_static(
            "confidentiality_only",
            [](const std::string& encryption, const ByteInput& key)
            { return new EspTransform(FindEncryption(encryption), nullptr, key, {}); },
            "encryption"_a,
            "key"_a,
            "A CBC cipher without integrity (as in the RFC 3602 examples). Never do this for\n"
            "real: without an ICV an attacker can change the ciphertext unnoticed.")
        .def(
            "seal",
            [](EspTransform& t,
               const ByteInput& header,
               const ByteInput& iv,
               const ByteInput& plaintext,
               std::optional<uint32_t>
                   seqHigh)
            {
                Bytes out(plaintext.size());
                Bytes icv(t.IcvSize());
                t.Seal(header, seqHigh, iv, plaintext, out.data(), icv.data());
                return py::make_tuple(ToPy(out), ToPy(icv));
            },
            "header"_a,
            "iv"_a,
            "plaintext"_a,
            "seq_high"_a = py::none(),
            "Encrypt and authenticate; returns (ciphertext, icv).\n\n"
            "header: SPI | Seq (8 octets as on the wire). plaintext: payload | padding |\n"
            "pad length | next header (a multiple of 16 for CBC). seq_high: the ESN high\n"
            "32 bits, or None without ESN.")
        .def(
            "open",
            [](EspTransform& t,
               const ByteInput& header,
               const ByteInput& iv,
               const ByteInput& ciphertext,
               const ByteInput& icv,
               std::optional<uint32_t>
                   seqHigh) -> py::object
            {
                Bytes out(ciphertext.size());
                if (!t.Open(header, seqHigh, iv, ciphertext, icv, out.data()))
                {
                    return py::none();
                }
                return ToPy(out);
            },
            "header"_a,
            "iv"_a,
            "ciphertext"_a,
            "icv"_a,
            "seq_high"_a = py::none(),
            "Verify and decrypt; returns the plaintext, or None when the ICV does not verify.")
        .def("padding_length",
             &EspTransform::PaddingLength,
             "payload_length"_a,
             "Padding octets RFC 4303 needs after a payload of that length.")
        .def_property_readonly("iv_size", &EspTransform::IvSize, "Explicit IV octets.")
        .def_property_readonly("block_size",
                               &EspTransform::BlockSize,
                               "Alignment of the encrypted part: 16 for CBC, 4 otherwise.")
        .def_property_readonly("icv_size", &EspTransform::IcvSize, "ICV octets.")
        .def_property_readonly("is_aead", &EspTransform::IsAead, "True for AES-GCM/ChaCha20.")
        .def_property_readonly("name", &EspTransform::Name, "'aes128-sha256', 'aes128gcm16'.")
        .def_property_readonly(
            "encryption", &EspTransform::Encryption, kRef, "EncryptionAlgorithm.")
        .def_property_readonly(
            "integrity", &EspTransform::IntegrityAlg, kRef, "IntegrityAlgorithm, or None.")
        .def("__repr__", [](const EspTransform& t) { return "<EspTransform " + t.Name() + ">"; });
}

void
BindIntegrity(py::module_& m)
{
    py::class_<Integrity>(m,
                          "Integrity",
                          "Truncated HMAC for ESP, AH (RFC 2404, RFC 4868) and IKE.\n\n"
                          "Integrity(name, key): name 'sha1', 'sha256', 'sha384' or 'sha512';\n"
                          "the key must have the algorithm's key size.\n"
                          "Data arguments are bytes-like or a list of bytes-like parts.")
        .def(py::init([](const std::string& name, const ByteInput& key)
                      { return new Integrity(name, key); }),
             "name"_a,
             "key"_a)
        .def(
            "compute",
            [](Integrity& i, const py::object& data)
            {
                Bytes joined = JoinParts(data);
                return ToPy(i.Compute({ByteSpan(joined)}));
            },
            "data"_a,
            "The truncated ICV (icv_size octets).")
        .def(
            "verify",
            [](Integrity& i, const py::object& data, const ByteInput& icv)
            {
                Bytes joined = JoinParts(data);
                return i.Verify({ByteSpan(joined)}, icv);
            },
            "data"_a,
            "icv"_a,
            "Constant-time check of a received ICV (False for a wrong length).")
        .def(
            "compute_full",
            [](Integrity& i, const py::object& data)
            {
                Bytes joined = JoinParts(data);
                return ToPy(i.ComputeFull({ByteSpan(joined)}));
            },
            "data"_a,
            "The untruncated HMAC: what truncation keeps is its first icv_size octets.")
        .def_property_readonly("icv_size", &Integrity::IcvSize, "Truncated ICV octets.")
        .def_property_readonly("key_size", &Integrity::KeySize, "Key octets.")
        .def_property_readonly("algorithm", &Integrity::Algorithm, kRef, "IntegrityAlgorithm.")
        .def("__repr__",
             [](const Integrity& i)
             { return "<Integrity " + std::string(i.Algorithm().name) + ">"; });
}

void
BindAead(py::module_& m)
{
    py::class_<AeadCipher>(
        m,
        "AeadCipher",
        "AES-GCM (RFC 4106) or ChaCha20-Poly1305 (RFC 7634), nonce = salt | IV.\n\n"
        "AeadCipher(name, key_with_salt): key_with_salt = key | 4-octet salt.")
        .def(py::init([](const std::string& name, const ByteInput& key)
                      { return new AeadCipher(name, key); }),
             "name"_a,
             "key_with_salt"_a)
        .def(
            "seal",
            [](AeadCipher& a,
               const ByteInput& iv,
               const ByteInput& plaintext,
               const py::object& aad)
            {
                Bytes joined = JoinParts(aad);
                Bytes out(plaintext.size());
                Bytes tag(a.TagSize());
                a.Seal(iv, {ByteSpan(joined)}, plaintext, out.data(), tag.data());
                return py::make_tuple(ToPy(out), ToPy(tag));
            },
            "iv"_a,
            "plaintext"_a,
            "aad"_a = py::bytes(),
            "Encrypt; returns (ciphertext, tag). iv: 8 octets. aad: bytes or list of parts.")
        .def(
            "open",
            [](AeadCipher& a,
               const ByteInput& iv,
               const ByteInput& ciphertext,
               const ByteInput& tag,
               const py::object& aad) -> py::object
            {
                Bytes joined = JoinParts(aad);
                Bytes out(ciphertext.size());
                if (!a.Open(iv, {ByteSpan(joined)}, ciphertext, tag, out.data()))
                {
                    return py::none();
                }
                return ToPy(out);
            },
            "iv"_a,
            "ciphertext"_a,
            "tag"_a,
            "aad"_a = py::bytes(),
            "Decrypt; returns the plaintext, or None when the tag does not verify.")
        .def_property_readonly("iv_size", &AeadCipher::IvSize, "8.")
        .def_property_readonly("tag_size", &AeadCipher::TagSize, "16.")
        .def_property_readonly("algorithm", &AeadCipher::Algorithm, kRef, "EncryptionAlgorithm.");
}

void
BindCbc(py::module_& m)
{
    py::class_<CbcCipher>(m,
                          "CbcCipher",
                          "AES-CBC without padding (RFC 3602): ESP and IKE pad themselves.\n\n"
                          "CbcCipher(name, key): name 'aes128', 'aes192' or 'aes256'.")
        .def(py::init([](const std::string& name, const ByteInput& key)
                      { return new CbcCipher(name, key); }),
             "name"_a,
             "key"_a)
        .def(
            "encrypt",
            [](CbcCipher& c, const ByteInput& iv, const ByteInput& data)
            {
                Bytes out(data.size());
                c.Encrypt(iv, data, out.data());
                return ToPy(out);
            },
            "iv"_a,
            "data"_a,
            "Encrypt; data must be a multiple of 16 octets, iv 16 octets.")
        .def(
            "decrypt",
            [](CbcCipher& c, const ByteInput& iv, const ByteInput& data)
            {
                Bytes out(data.size());
                c.Decrypt(iv, data, out.data());
                return ToPy(out);
            },
            "iv"_a,
            "data"_a,
            "Decrypt; data must be a multiple of 16 octets, iv 16 octets.")
        .def_property_readonly("iv_size", &CbcCipher::IvSize, "16.")
        .def_property_readonly("block_size", &CbcCipher::BlockSize, "16.")
        .def_property_readonly("algorithm", &CbcCipher::Algorithm, kRef, "EncryptionAlgorithm.");
}

void
BindPrf(py::module_& m)
{
    py::class_<Prf>(m,
                    "Prf",
                    "An IKEv2 PRF (HMAC-SHA-1/2). Prf(name): 'prfsha1', 'prfsha256', ...\n\n"
                    "Functions taking a Prf also accept its name.")
        .def(py::init<std::string_view>(), "name"_a)
        .def(
            "compute",
            [](const Prf& p, const ByteInput& key, const py::object& data)
            {
                Bytes joined = JoinParts(data);
                return ToPy(p.Compute(key, {ByteSpan(joined)}));
            },
            "key"_a,
            "data"_a,
            "prf(key, data); any key length. data: bytes or list of parts.")
        .def_property_readonly("output_size", &Prf::OutputSize, "Output octets.")
        .def_property_readonly(
            "preferred_key_size", &Prf::PreferredKeySize, "Length of SK_d, SK_pi and SK_pr.")
        .def_property_readonly("algorithm", &Prf::Algorithm, kRef, "PrfAlgorithm.")
        .def("__repr__",
             [](const Prf& p) { return "<Prf " + std::string(p.Algorithm().name) + ">"; });
    py::implicitly_convertible<py::str, Prf>();

    m.def(
        "prf_plus",
        [](const Prf& prf, const ByteInput& key, const ByteInput& seed, size_t length)
        {
            CheckLimit("prf+ length", length, kMaxPrfPlus);
            return ToPy(PrfPlus(prf, key, seed, length));
        },
        "prf"_a,
        "key"_a,
        "seed"_a,
        "length"_a,
        "prf+(K, S) = T1 | T2 | ... (RFC 7296 section 2.13), T1 = prf(K, S | 0x01),\n"
        "Tn = prf(K, Tn-1 | S | n), truncated to `length`; at most 255 blocks.");
}

} // namespace

void
BindCiphers(py::module_& m)
{
    BindEspTransform(m);
    BindIntegrity(m);
    BindAead(m);
    BindCbc(m);
    BindPrf(m);
}

} // namespace ipseclab::python
