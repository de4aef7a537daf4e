// Byte arguments and results of the Python module: any C-contiguous buffer of single octets
// (bytes, bytearray, memoryview, array('B')) comes in, bytes goes out. The input is copied so the
// C++ side never holds a view into a Python object that could change or go away.
#ifndef IPSECLAB_PYTHON_BYTE_INPUT_H
#define IPSECLAB_PYTHON_BYTE_INPUT_H

#include "crypto/crypto-common.h"

#include <cstring>
#include <pybind11/pybind11.h>
#include <string_view>

namespace ipseclab::python
{

/// An owned copy of a bytes-like argument; converts to ByteSpan where the C++ API wants one.
struct ByteInput
{
    Bytes data;

    operator ByteSpan() const { return ByteSpan(data); }
    size_t size() const { return data.size(); }
};

/// Bytes -> Python bytes (never a list of ints).
inline pybind11::bytes
ToPy(ByteSpan data)
{
    return pybind11::bytes(reinterpret_cast<const char*>(data.data()), data.size());
}

/// Reject values that would make the C++ side allocate absurd amounts (a clear ValueError
/// instead of a MemoryError or a very long loop).
inline void
CheckLimit(std::string_view what, size_t value, size_t limit)
{
    if (value > limit)
    {
        throw pybind11::value_error(std::string(what) + ": " + std::to_string(value) +
                                    " is larger than the limit " + std::to_string(limit));
    }
}

} // namespace ipseclab::python

namespace pybind11::detail
{

template <>
struct type_caster<ipseclab::python::ByteInput>
{
    PYBIND11_TYPE_CASTER(ipseclab::python::ByteInput, const_name("bytes"));

    bool load(handle src, bool /* convert */)
    {
        // str is not a buffer, so text never passes as octets by accident.
        if (!src || !PyObject_CheckBuffer(src.ptr()))
        {
            return false;
        }
        Py_buffer view;
        if (PyObject_GetBuffer(src.ptr(), &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0)
        {
            PyErr_Clear();
            return false;
        }
        std::string_view format = view.format ? view.format : "B";
        bool octets = view.itemsize == 1 && (format == "B" || format == "b" || format == "c");
        if (octets)
        {
            auto* p = static_cast<const uint8_t*>(view.buf);
            value.data.assign(p, p + view.len);
        }
        PyBuffer_Release(&view);
        return octets;
    }

    static handle cast(const ipseclab::python::ByteInput& src, return_value_policy, handle)
    {
        return ipseclab::python::ToPy(src.data).release();
    }
};

} // namespace pybind11::detail

#endif
