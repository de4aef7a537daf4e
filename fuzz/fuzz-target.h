// One fuzz target: IPSECLAB_FUZZ_TARGET(name) { ... return 0; } defines the body once. Built
// with IPSECLAB_LIBFUZZER (one executable per target, clang -fsanitize=fuzzer) it is the
// libFuzzer entry point; otherwise it registers itself, so that the regression test
// (tests/fuzz) runs every committed input of fuzz/regressions/NAME through the same body.
//
// A body may let the lab's own clear errors escape (IkeParseError, CryptoError, PkiError,
// std::invalid_argument: bad input is rejected, that is the point); anything else, a sanitizer
// report, or an uncaught exception of another type, is a finding.
#ifndef IPSECLAB_FUZZ_TARGET_H
#define IPSECLAB_FUZZ_TARGET_H

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ipseclab::fuzz
{

using Body = int (*)(const uint8_t* data, size_t size);

struct Target
{
    std::string name;
    Body body;
};

/// The registered targets (regression builds).
std::vector<Target>& Registry();

struct Registrar
{
    Registrar(const char* name, Body body) { Registry().push_back({name, body}); }
};

/// Runs body; the lab's clear errors count as a handled rejection (returns 0).
inline int
RunExpectingClearErrors(Body body, const uint8_t* data, size_t size)
{
    try
    {
        return body(data, size);
    }
    catch (const std::runtime_error&) // IkeParseError, CryptoError, PkiError, ...
    {
        return 0;
    }
    catch (const std::invalid_argument&)
    {
        return 0;
    }
}

} // namespace ipseclab::fuzz

#ifdef IPSECLAB_LIBFUZZER
#define IPSECLAB_FUZZ_REGISTER(name)                                                  \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)           \
    {                                                                                 \
        return ipseclab::fuzz::RunExpectingClearErrors(&FuzzBody_##name, data, size); \
    }
#else
#define IPSECLAB_FUZZ_REGISTER(name) \
    static const ipseclab::fuzz::Registrar kRegistrar_##name(#name, &FuzzBody_##name);
#endif

#define IPSECLAB_FUZZ_TARGET(name)                                \
    static int FuzzBody_##name(const uint8_t* data, size_t size); \
    IPSECLAB_FUZZ_REGISTER(name)                                  \
    static int FuzzBody_##name(const uint8_t* data, size_t size)

#endif
