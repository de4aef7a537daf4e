// One Bind* function per area of the ipseclab._core module (one source file each).
#ifndef IPSECLAB_PYTHON_BINDINGS_H
#define IPSECLAB_PYTHON_BINDINGS_H

#include <pybind11/pybind11.h>

namespace ipseclab::python
{

void BindAlgorithms(pybind11::module_& m);
void BindRandom(pybind11::module_& m);
void BindCiphers(pybind11::module_& m);
void BindKeySchedule(pybind11::module_& m);
void BindDh(pybind11::module_& m);
void BindReplayWindow(pybind11::module_& m);
void BindIpv4(pybind11::module_& m);
void BindEsp(pybind11::module_& m);
void BindAh(pybind11::module_& m);
void BindSelectors(pybind11::module_& m);

} // namespace ipseclab::python

#endif
