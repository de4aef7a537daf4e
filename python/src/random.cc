// Random sources: the core never reads OS randomness, so Python chooses fixed or seeded octets.
#include "bindings.h"
#include "byte-input.h"
#include "crypto/random-source.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{

namespace
{
constexpr size_t kMaxRandomRequest = size_t{1} << 24; // 16 MiB per get()
} // namespace

void
BindRandom(py::module_& m)
{
    py::class_<RandomSource>(
        m, "RandomSource", "Base class of the random sources (keys, IVs, DH private keys).")
        .def(
            "get",
            [](RandomSource& r, size_t length)
            {
                CheckLimit("random octets", length, kMaxRandomRequest);
                return ToPy(r.Get(length));
            },
            "length"_a,
            "The next `length` octets as bytes.");

    py::class_<FixedRandomSource, RandomSource>(
        m,
        "FixedRandomSource",
        "Hands out the given octets in order; CryptoError once they run out.\n\n"
        "A test with a known IV or private key gets a known packet.")
        .def(py::init([](const ByteInput& data) { return FixedRandomSource(data.data); }), "data"_a)
        .def_property_readonly("remaining", &FixedRandomSource::Remaining, "Octets left.");

    py::class_<SeededRandomSource, RandomSource>(
        m,
        "SeededRandomSource",
        "Deterministic generator: block i = SHA-256(seed | i as 8 octets big-endian).\n\n"
        "The seed is an int (0 .. 2**64-1) or bytes. Same seed, same octets.")
        .def(py::init<uint64_t>(), "seed"_a)
        .def(py::init([](const ByteInput& seed) { return SeededRandomSource(ByteSpan(seed)); }),
             "seed"_a);

    py::class_<FunctionRandomSource, RandomSource>(
        m,
        "FunctionRandomSource",
        "Octets from a Python callable returning 32-bit ints, most significant octet first\n"
        "(like the simulator's ns-3 random streams).")
        .def(py::init(
                 [](py::function next)
                 {
                     // Checked here so a wrong return value is a clear ValueError.
                     return FunctionRandomSource(
                         [next]()
                         {
                             py::object value = next();
                             if (!py::isinstance<py::int_>(value) ||
                                 value.cast<py::int_>() < py::int_(0) ||
                                 value.cast<py::int_>() > py::int_(0xffffffffULL))
                             {
                                 throw py::value_error(
                                     "FunctionRandomSource: the callable must return "
                                     "an int 0 .. 2**32-1, got " +
                                     std::string(py::repr(value)));
                             }
                             return value.cast<uint32_t>();
                         });
                 }),
             "next"_a);
}

} // namespace ipseclab::python
