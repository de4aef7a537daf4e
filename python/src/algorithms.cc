// The algorithm registry and proposal parsing. Registry entries are static tables in C++, so
// Python gets references to them (py::nodelete holders: Python never frees them).
#include "crypto/algorithms.h"

#include "bindings.h"

#include <pybind11/stl.h>
#include <string>

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{
namespace
{

template <typename T>
using Static = py::class_<T, std::unique_ptr<T, py::nodelete>>;

constexpr auto kRef = py::return_value_policy::reference;

const char*
ModeName(CipherMode mode)
{
    switch (mode)
    {
    case CipherMode::Null:
        return "null";
    case CipherMode::Cbc:
        return "cbc";
    case CipherMode::Gcm:
        return "gcm";
    case CipherMode::ChaCha20Poly1305:
        return "chacha20-poly1305";
    }
    return "unknown";
}

const char*
KindName(DhKind kind)
{
    switch (kind)
    {
    case DhKind::Modp:
        return "modp";
    case DhKind::Ecp:
        return "ecp";
    case DhKind::X25519:
        return "x25519";
    }
    return "unknown";
}

template <typename T>
py::list
ListOf(Span<const T> all)
{
    py::list out;
    for (const T& item : all)
    {
        out.append(py::cast(&item, kRef));
    }
    return out;
}

template <typename T>
std::string
Repr(const char* type, const T& a)
{
    return std::string("<") + type + " " + std::string(a.name) +
           " iana_id=" + std::to_string(a.ianaId) + ">";
}

void
BindDescriptors(py::module_& m)
{
    Static<EncryptionAlgorithm>(
        m, "EncryptionAlgorithm", "An ESP/IKE encryption transform of the registry (read-only).")
        .def_readonly("name", &EncryptionAlgorithm::name, "strongSwan keyword, e.g. 'aes128gcm16'.")
        .def_readonly("iana_id", &EncryptionAlgorithm::ianaId, "IKEv2 Transform Type 1 ID.")
        .def_readonly("key_length_bits",
                      &EncryptionAlgorithm::keyLengthBits,
                      "IKEv2 Key Length attribute (0 when the transform has none).")
        .def_property_readonly(
            "mode",
            [](const EncryptionAlgorithm& a) { return ModeName(a.mode); },
            "'null', 'cbc', 'gcm' or 'chacha20-poly1305'.")
        .def_readonly("openssl", &EncryptionAlgorithm::openssl, "OpenSSL EVP cipher name.")
        .def_readonly("key_size", &EncryptionAlgorithm::keySize, "Cipher key octets (no salt).")
        .def_readonly("salt_size",
                      &EncryptionAlgorithm::saltSize,
                      "AEAD salt octets appended to the key (RFC 4106 section 8.1).")
        .def_readonly("iv_size", &EncryptionAlgorithm::ivSize, "Explicit IV octets on the wire.")
        .def_readonly("block_size",
                      &EncryptionAlgorithm::blockSize,
                      "Alignment of payload|padding|pad length|next header.")
        .def_readonly("icv_size", &EncryptionAlgorithm::icvSize, "AEAD tag octets, 0 otherwise.")
        .def_property_readonly("keymat_size",
                               &EncryptionAlgorithm::KeymatSize,
                               "Octets taken from KEYMAT: key_size + salt_size.")
        .def_property_readonly("is_aead", &EncryptionAlgorithm::IsAead, "True for GCM/ChaCha20.")
        .def_readonly("wireshark_esp",
                      &EncryptionAlgorithm::wiresharkEsp,
                      "Name in Wireshark's esp_sa table.")
        .def_readonly("wireshark_ike",
                      &EncryptionAlgorithm::wiresharkIke,
                      "Name in Wireshark's ikev2_decryption_table ('' if none).")
        .def("__repr__",
             [](const EncryptionAlgorithm& a) { return Repr("EncryptionAlgorithm", a); });

    Static<IntegrityAlgorithm>(m, "IntegrityAlgorithm", "An HMAC integrity transform (read-only).")
        .def_readonly("name", &IntegrityAlgorithm::name, "strongSwan keyword, e.g. 'sha256'.")
        .def_readonly("iana_id", &IntegrityAlgorithm::ianaId, "IKEv2 Transform Type 3 ID.")
        .def_readonly("digest", &IntegrityAlgorithm::digest, "OpenSSL digest name.")
        .def_readonly("key_size", &IntegrityAlgorithm::keySize, "Key octets.")
        .def_readonly("icv_size", &IntegrityAlgorithm::icvSize, "Truncated ICV octets.")
        .def_readonly("full_size", &IntegrityAlgorithm::fullSize, "Untruncated HMAC octets.")
        .def_readonly("wireshark_esp", &IntegrityAlgorithm::wiresharkEsp, "esp_sa name.")
        .def_readonly("wireshark_ike", &IntegrityAlgorithm::wiresharkIke, "IKEv2 table name.")
        .def("__repr__", [](const IntegrityAlgorithm& a) { return Repr("IntegrityAlgorithm", a); });

    Static<PrfAlgorithm>(m, "PrfAlgorithm", "An IKEv2 PRF (read-only).")
        .def_readonly("name", &PrfAlgorithm::name, "strongSwan keyword, e.g. 'prfsha256'.")
        .def_readonly("iana_id", &PrfAlgorithm::ianaId, "IKEv2 Transform Type 2 ID.")
        .def_readonly("digest", &PrfAlgorithm::digest, "OpenSSL digest name.")
        .def_readonly("output_size", &PrfAlgorithm::outputSize, "Output octets.")
        .def_readonly("preferred_key_size",
                      &PrfAlgorithm::preferredKeySize,
                      "Length of SK_d, SK_pi, SK_pr (RFC 7296 section 2.13).")
        .def("__repr__", [](const PrfAlgorithm& a) { return Repr("PrfAlgorithm", a); });

    Static<DhGroupInfo>(m, "DhGroupInfo", "A Diffie-Hellman group of the registry (read-only).")
        .def_readonly("name", &DhGroupInfo::name, "strongSwan keyword, e.g. 'ecp256'.")
        .def_readonly("iana_id", &DhGroupInfo::ianaId, "IKEv2 DH group number.")
        .def_property_readonly(
            "kind",
            [](const DhGroupInfo& g) { return KindName(g.kind); },
            "'modp', 'ecp' or 'x25519'.")
        .def_readonly("public_size", &DhGroupInfo::publicSize, "KE payload data octets.")
        .def_readonly("shared_size", &DhGroupInfo::sharedSize, "Shared secret (g^ir) octets.")
        .def("__repr__", [](const DhGroupInfo& a) { return Repr("DhGroupInfo", a); });
}

void
BindLookups(py::module_& m)
{
    m.def(
        "encryption_algorithms",
        [] { return ListOf(AllEncryption()); },
        "All encryption transforms, as EncryptionAlgorithm objects.");
    m.def(
        "integrity_algorithms",
        [] { return ListOf(AllIntegrity()); },
        "All integrity transforms, as IntegrityAlgorithm objects.");
    m.def(
        "prf_algorithms", [] { return ListOf(AllPrf()); }, "All PRFs, as PrfAlgorithm objects.");
    m.def(
        "dh_groups", [] { return ListOf(AllDhGroups()); }, "All DH groups, as DhGroupInfo.");

    m.def("find_encryption",
          &FindEncryption,
          kRef,
          "name"_a,
          "Encryption transform by strongSwan name. CryptoError lists the known names.");
    m.def("find_integrity", &FindIntegrity, kRef, "name"_a, "Integrity transform by name.");
    m.def("find_prf", &FindPrf, kRef, "name"_a, "PRF by name ('prfsha256').");
    m.def("find_dh_group", &FindDhGroup, kRef, "name"_a, "DH group by name ('ecp256').");
    m.def("find_encryption_by_id",
          &FindEncryptionById,
          kRef,
          "iana_id"_a,
          "key_length_bits"_a = 0,
          "Encryption transform by IKEv2 ID and Key Length attribute (0 if absent).");
    m.def("find_integrity_by_id",
          &FindIntegrityById,
          kRef,
          "iana_id"_a,
          "Integrity transform by IKEv2 ID.");
    m.def("find_prf_by_id", &FindPrfById, kRef, "iana_id"_a, "PRF by IKEv2 ID.");
    m.def("find_dh_group_by_id", &FindDhGroupById, kRef, "iana_id"_a, "DH group by number.");
}

void
BindProposals(py::module_& m)
{
    py::class_<EspProposal>(
        m, "EspProposal", "A parsed ESP proposal such as 'aes256-sha256' or 'aes128gcm16-esn'.")
        .def_property_readonly(
            "encryption",
            [](const EspProposal& p) { return p.encryption; },
            kRef,
            "EncryptionAlgorithm.")
        .def_property_readonly(
            "integrity",
            [](const EspProposal& p) { return p.integrity; },
            kRef,
            "IntegrityAlgorithm, or None for AEAD.")
        .def_property_readonly(
            "dh_group",
            [](const EspProposal& p) { return p.dhGroup; },
            kRef,
            "PFS DhGroupInfo, or None.")
        .def_readonly("esn", &EspProposal::esn, "True/False for 'esn'/'noesn', None if absent.")
        .def("__str__", &EspProposal::ToString)
        .def("__repr__", [](const EspProposal& p) { return "<EspProposal " + p.ToString() + ">"; });

    py::class_<AhProposal>(m, "AhProposal", "A parsed AH proposal such as 'sha256-modp2048'.")
        .def_property_readonly(
            "integrity",
            [](const AhProposal& p) { return p.integrity; },
            kRef,
            "IntegrityAlgorithm.")
        .def_property_readonly(
            "dh_group",
            [](const AhProposal& p) { return p.dhGroup; },
            kRef,
            "PFS DhGroupInfo, or None.")
        .def_readonly("esn", &AhProposal::esn, "True/False for 'esn'/'noesn', None if absent.")
        .def("__str__", &AhProposal::ToString)
        .def("__repr__", [](const AhProposal& p) { return "<AhProposal " + p.ToString() + ">"; });

    py::class_<IkeProposal>(
        m, "IkeProposal", "A parsed IKE proposal such as 'aes256gcm16-prfsha256-ecp256'.")
        .def_property_readonly(
            "encryption",
            [](const IkeProposal& p) { return p.encryption; },
            kRef,
            "EncryptionAlgorithm.")
        .def_property_readonly(
            "integrity",
            [](const IkeProposal& p) { return p.integrity; },
            kRef,
            "IntegrityAlgorithm, or None for AEAD.")
        .def_property_readonly(
            "prf", [](const IkeProposal& p) { return p.prf; }, kRef, "PrfAlgorithm.")
        .def_property_readonly(
            "dh_group", [](const IkeProposal& p) { return p.dhGroup; }, kRef, "DhGroupInfo.")
        .def("__str__", &IkeProposal::ToString)
        .def("__repr__", [](const IkeProposal& p) { return "<IkeProposal " + p.ToString() + ">"; });

    m.def("parse_esp_proposal",
          &ParseEspProposal,
          "text"_a,
          "Parse a strongSwan ESP proposal ('aes128-sha256-x25519-esn') into an EspProposal.");
    m.def("parse_ah_proposal",
          &ParseAhProposal,
          "text"_a,
          "Parse a strongSwan AH proposal ('sha256') into an AhProposal.");
    m.def("parse_ike_proposal",
          &ParseIkeProposal,
          "text"_a,
          "Parse a strongSwan IKE proposal ('aes128-sha256-x25519') into an IkeProposal.");
}

} // namespace

void
BindAlgorithms(py::module_& m)
{
    BindDescriptors(m);
    BindLookups(m);
    BindProposals(m);
}

} // namespace ipseclab::python
