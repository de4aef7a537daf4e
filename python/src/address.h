// IPv4 addresses from Python: an int (host order) or a dotted quad string.
#ifndef IPSECLAB_PYTHON_ADDRESS_H
#define IPSECLAB_PYTHON_ADDRESS_H

#include "sa/ipv4-prefix.h"

#include <pybind11/pybind11.h>

namespace ipseclab::python
{

inline uint32_t
AddressFrom(const pybind11::handle& value)
{
    if (pybind11::isinstance<pybind11::str>(value))
    {
        return ParseIpv4Address(value.cast<std::string>());
    }
    if (pybind11::isinstance<pybind11::int_>(value) &&
        !pybind11::isinstance<pybind11::bool_>(value))
    {
        unsigned long long v = PyLong_AsUnsignedLongLong(value.ptr());
        if (PyErr_Occurred())
        {
            PyErr_Clear(); // negative or beyond 64 bits
            v = ~0ULL;
        }
        if (v > 0xffffffffULL)
        {
            throw pybind11::value_error("IPv4 address out of range 0 .. 2**32-1: " +
                                        std::string(pybind11::str(value)));
        }
        return static_cast<uint32_t>(v);
    }
    throw pybind11::type_error("IPv4 address must be a dotted quad str or an int, got " +
                               std::string(pybind11::str(pybind11::type::of(value))));
}

} // namespace ipseclab::python

#endif
