// The IKEv2 key schedule (RFC 7296 sections 2.14, 2.17, 2.18) and shared-key AUTH (2.15), with
// every intermediate value readable: the lab shows them to students.
#include "bindings.h"
#include "byte-input.h"
#include "crypto/ike-key-schedule.h"

#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{
namespace
{

constexpr size_t kMaxKeyLength = 1024; // per key; real transforms need at most 36

template <typename T>
void
BytesField(py::class_<T>& c, const char* name, Bytes T::*field, const char* doc)
{
    c.def_property_readonly(
        name, [field](const T& t) { return ToPy(t.*field); }, doc);
}

KeyLengths
Checked(const KeyLengths& lengths)
{
    CheckLimit("encryption key length", lengths.encryption, kMaxKeyLength);
    CheckLimit("integrity key length", lengths.integrity, kMaxKeyLength);
    return lengths;
}

void
BindKeyLengths(py::module_& m)
{
    py::class_<KeyLengths>(m,
                           "KeyLengths",
                           "Per-direction key lengths in octets. AEAD: integrity 0 and encryption\n"
                           "including the 4-octet salt. A tuple (encryption, integrity) is\n"
                           "accepted wherever a KeyLengths is expected.")
        .def(py::init(
                 [](size_t e, size_t i) {
                     return KeyLengths{e, i};
                 }),
             "encryption"_a = 0,
             "integrity"_a = 0)
        .def(py::init(
                 [](const py::tuple& t)
                 {
                     if (t.size() != 2)
                     {
                         throw py::value_error(
                             "KeyLengths: expected (encryption, integrity), got " +
                             std::to_string(t.size()) + " items");
                     }
                     return KeyLengths{t[0].cast<size_t>(), t[1].cast<size_t>()};
                 }),
             "lengths"_a)
        .def_readwrite("encryption", &KeyLengths::encryption, "Encryption key octets (+ salt).")
        .def_readwrite("integrity", &KeyLengths::integrity, "Integrity key octets.")
        .def_static(
            "for_esp",
            [](const std::string& p) { return KeyLengths::For(ParseEspProposal(p)); },
            "proposal"_a,
            "Key lengths of an ESP proposal ('aes128gcm16' -> (20, 0)).")
        .def_static(
            "for_ah",
            [](const std::string& p) { return KeyLengths::For(ParseAhProposal(p)); },
            "proposal"_a,
            "Key lengths of an AH proposal ('sha256' -> (0, 32)).")
        .def_static(
            "for_ike",
            [](const std::string& p) { return KeyLengths::For(ParseIkeProposal(p)); },
            "proposal"_a,
            "SK_e/SK_a lengths of an IKE proposal.")
        .def("__iter__",
             [](const KeyLengths& k)
             { return py::iter(py::make_tuple(k.encryption, k.integrity)); })
        .def("__eq__",
             [](const KeyLengths& a, const KeyLengths& b)
             { return a.encryption == b.encryption && a.integrity == b.integrity; })
        .def("__repr__",
             [](const KeyLengths& k)
             {
                 return "KeyLengths(encryption=" + std::to_string(k.encryption) +
                        ", integrity=" + std::to_string(k.integrity) + ")";
             });
    py::implicitly_convertible<py::tuple, KeyLengths>();
}

void
BindResults(py::module_& m)
{
    py::class_<IkeSaKeys> ike(m, "IkeSaKeys", "Keys of an IKE SA with the values they came from.");
    BytesField(ike,
               "skeyseed_input",
               &IkeSaKeys::skeyseedInput,
               "The prf key for SKEYSEED: Ni | Nr (new SA) or g^ir | Ni | Nr (rekey, as data).");
    BytesField(ike, "skeyseed", &IkeSaKeys::skeyseed, "SKEYSEED.");
    BytesField(ike, "prf_plus_seed", &IkeSaKeys::prfPlusSeed, "Ni | Nr | SPIi | SPIr.");
    BytesField(ike, "keymat", &IkeSaKeys::keymat, "The whole prf+ output, split below in order.");
    BytesField(ike, "sk_d", &IkeSaKeys::skD, "SK_d: keys Child SAs.");
    BytesField(ike, "sk_ai", &IkeSaKeys::skAi, "SK_ai (empty for AEAD).");
    BytesField(ike, "sk_ar", &IkeSaKeys::skAr, "SK_ar (empty for AEAD).");
    BytesField(ike, "sk_ei", &IkeSaKeys::skEi, "SK_ei (AEAD: key | salt).");
    BytesField(ike, "sk_er", &IkeSaKeys::skEr, "SK_er (AEAD: key | salt).");
    BytesField(ike, "sk_pi", &IkeSaKeys::skPi, "SK_pi: the initiator's AUTH.");
    BytesField(ike, "sk_pr", &IkeSaKeys::skPr, "SK_pr: the responder's AUTH.");

    py::class_<ChildSaKeys> child(m, "ChildSaKeys", "Keys of a Child SA pair (RFC 7296 2.17).");
    BytesField(child, "seed", &ChildSaKeys::seed, "[g^ir (new) |] Ni | Nr.");
    BytesField(child, "keymat", &ChildSaKeys::keymat, "prf+(SK_d, seed).");
    BytesField(child,
               "encryption_initiator",
               &ChildSaKeys::encryptionInitiator,
               "Initiator-to-responder encryption key (AEAD: key | salt).");
    BytesField(child,
               "integrity_initiator",
               &ChildSaKeys::integrityInitiator,
               "Initiator-to-responder integrity key.");
    BytesField(child,
               "encryption_responder",
               &ChildSaKeys::encryptionResponder,
               "Responder-to-initiator encryption key.");
    BytesField(child,
               "integrity_responder",
               &ChildSaKeys::integrityResponder,
               "Responder-to-initiator integrity key.");

    py::class_<SharedKeyAuth> auth(m, "SharedKeyAuth", "Shared-key AUTH and its steps (2.15).");
    BytesField(
        auth, "key_pad_key", &SharedKeyAuth::keyPadKey, "prf(Shared Secret, 'Key Pad for IKEv2').");
    BytesField(auth, "maced_id", &SharedKeyAuth::macedId, "prf(SK_px, RestOfIDPayload).");
    BytesField(
        auth, "signed_octets", &SharedKeyAuth::signedOctets, "RealMessage | peer Nonce | MACedID.");
    BytesField(auth, "auth", &SharedKeyAuth::auth, "AUTH = prf(key_pad_key, signed_octets).");
}

void
BindDerivations(py::module_& m)
{
    m.def(
        "derive_ike_sa_keys",
        [](const Prf& prf,
           const ByteInput& ni,
           const ByteInput& nr,
           const ByteInput& gir,
           const ByteInput& spiI,
           const ByteInput& spiR,
           const KeyLengths& lengths)
        { return DeriveIkeSaKeys(prf, ni, nr, gir, spiI, spiR, Checked(lengths)); },
        "prf"_a,
        "ni"_a,
        "nr"_a,
        "gir"_a,
        "spi_i"_a,
        "spi_r"_a,
        "lengths"_a,
        "SKEYSEED = prf(Ni | Nr, g^ir); {SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr}\n"
        "= prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). Returns IkeSaKeys.\n\n"
        "prf: Prf or name. Nonces 16-256 octets, SPIs 8 octets. lengths: KeyLengths or\n"
        "(encryption, integrity), e.g. KeyLengths.for_ike('aes128-sha256-x25519').");
    m.def(
        "derive_rekeyed_ike_sa_keys",
        [](const Prf& oldPrf,
           const ByteInput& oldSkD,
           const Prf& newPrf,
           const ByteInput& ni,
           const ByteInput& nr,
           const ByteInput& gir,
           const ByteInput& spiI,
           const ByteInput& spiR,
           const KeyLengths& lengths)
        {
            return DeriveRekeyedIkeSaKeys(
                oldPrf, oldSkD, newPrf, ni, nr, gir, spiI, spiR, Checked(lengths));
        },
        "old_prf"_a,
        "old_sk_d"_a,
        "new_prf"_a,
        "ni"_a,
        "nr"_a,
        "gir"_a,
        "spi_i"_a,
        "spi_r"_a,
        "lengths"_a,
        "Rekeyed IKE SA (RFC 7296 2.18): SKEYSEED = prf_old(SK_d old, g^ir new | Ni | Nr),\n"
        "then prf+ of the new PRF with the new nonces and SPIs. Returns IkeSaKeys.");
    m.def(
        "derive_child_sa_keys",
        [](const Prf& prf,
           const ByteInput& skD,
           const ByteInput& ni,
           const ByteInput& nr,
           const KeyLengths& lengths,
           const ByteInput& gir)
        { return DeriveChildSaKeys(prf, skD, ni, nr, Checked(lengths), gir); },
        "prf"_a,
        "sk_d"_a,
        "ni"_a,
        "nr"_a,
        "lengths"_a,
        "gir"_a = py::bytes(),
        "KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr); gir=b'' without PFS.\n"
        "lengths: KeyLengths.for_esp('aes128gcm16') etc. Returns ChildSaKeys.");
    m.def(
        "build_signed_octets",
        [](const Prf& prf,
           const ByteInput& realMessage,
           const ByteInput& peerNonce,
           const ByteInput& skP,
           const ByteInput& restOfId)
        { return ToPy(BuildSignedOctets(prf, realMessage, peerNonce, skP, restOfId)); },
        "prf"_a,
        "real_message"_a,
        "peer_nonce"_a,
        "sk_p"_a,
        "rest_of_id_payload"_a,
        "SignedOctets = RealMessage | peer's Nonce Data | prf(SK_px, RestOfIDPayload).");
    m.def(
        "compute_shared_key_auth",
        [](const Prf& prf,
           const ByteInput& secret,
           const ByteInput& realMessage,
           const ByteInput& peerNonce,
           const ByteInput& skP,
           const ByteInput& restOfId)
        { return ComputeSharedKeyAuth(prf, secret, realMessage, peerNonce, skP, restOfId); },
        "prf"_a,
        "shared_secret"_a,
        "real_message"_a,
        "peer_nonce"_a,
        "sk_p"_a,
        "rest_of_id_payload"_a,
        "AUTH = prf(prf(Shared Secret, 'Key Pad for IKEv2'), SignedOctets). Returns\n"
        "SharedKeyAuth with every step. rest_of_id_payload: ID Type | RESERVED | data.");
}

} // namespace

void
BindKeySchedule(py::module_& m)
{
    BindKeyLengths(m);
    BindResults(m);
    BindDerivations(m);
}

} // namespace ipseclab::python
