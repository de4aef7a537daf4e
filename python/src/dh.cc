// Diffie-Hellman groups 14, 19, 20 and 31 with IKEv2's KE payload encodings.
#include "bindings.h"
#include "byte-input.h"
#include "crypto/dh-group.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{

void
BindDh(py::module_& m)
{
    py::class_<DhGroup>(
        m,
        "DhGroup",
        "A Diffie-Hellman key pair of one group ('modp2048', 'ecp256', 'ecp384', 'x25519').\n\n"
        "Public values use the KE payload encoding: MODP padded to the prime's length, ECP\n"
        "x | y without the 0x04 prefix (RFC 5903), X25519 32 octets (RFC 8031).\n"
        "Create with DhGroup.create(name, rng), DhGroup.from_seed(name, seed) or\n"
        "DhGroup.from_private_key(name, key).")
        .def_static(
            "create",
            [](const std::string& name, RandomSource& rng) { return DhGroup::Create(name, rng); },
            "name"_a,
            "rng"_a,
            "A fresh key pair whose private key comes from rng.")
        .def_static(
            "from_seed",
            [](const std::string& name, uint64_t seed)
            {
                SeededRandomSource rng(seed);
                return DhGroup::Create(name, rng);
            },
            "name"_a,
            "seed"_a,
            "A reproducible key pair: create(name, SeededRandomSource(seed)).")
        .def_static(
            "from_private_key",
            [](const std::string& name, const ByteInput& key)
            { return DhGroup::FromPrivateKey(name, key); },
            "name"_a,
            "private_key"_a,
            "A key pair from a given private key (big-endian; X25519: RFC 7748's 32 octets).")
        .def_property_readonly(
            "info", &DhGroup::Info, py::return_value_policy::reference, "DhGroupInfo of the group.")
        .def_property_readonly(
            "public_value",
            [](const DhGroup& g) { return ToPy(g.PublicValue()); },
            "The KE payload's Key Exchange Data.")
        .def_property_readonly(
            "private_key",
            [](const DhGroup& g) { return ToPy(g.PrivateKey()); },
            "The private key (teaching only: never show a real one).")
        .def(
            "compute_shared_secret",
            [](const DhGroup& g, const ByteInput& peer)
            { return ToPy(g.ComputeSharedSecret(peer)); },
            "peer_public"_a,
            "g^ir from the peer's KE data; CryptoError for invalid values.")
        .def("__repr__",
             [](const DhGroup& g) { return "<DhGroup " + std::string(g.Info().name) + ">"; });
}

} // namespace ipseclab::python
