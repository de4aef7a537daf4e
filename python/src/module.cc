// ipseclab._core: the pure C++ rooms of IPsec Lab (crypto, sa, datapath) for Python.
#include "bindings.h"
#include "crypto/crypto-common.h"

namespace py = pybind11;

PYBIND11_MODULE(_core, m)
{
    m.doc() = "IPsec Lab core: OpenSSL-backed IPsec crypto, ESP/AH codecs and the replay window.";
    // CryptoError is a ValueError: bad names, key sizes and malformed input are value errors.
    // std::invalid_argument maps to ValueError and std::out_of_range to IndexError (pybind11).
    auto& cryptoError =
        py::register_exception<ipseclab::CryptoError>(m, "CryptoError", PyExc_ValueError);
    cryptoError.attr("__doc__") =
        "A failure of the crypto core: unknown algorithm name, wrong key or IV size, malformed\n"
        "input, invalid DH value. A subclass of ValueError; the message says what and why.";

    using namespace ipseclab::python;
    BindAlgorithms(m);
    BindRandom(m);
    BindCiphers(m);
    BindKeySchedule(m);
    BindDh(m);
    BindReplayWindow(m);
    BindIpv4(m);
    BindEsp(m);
    BindAh(m);
    BindSelectors(m);
}
