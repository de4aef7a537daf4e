// Every fuzz target over its committed inputs (fuzz/regressions/TARGET/*): the seeds, edge
// cases and every input a fuzzer ever crashed on. Each must be handled: decoded, or rejected
// with one of the lab's clear errors (fuzz-target.h); a crash or another exception fails.
#include "fuzz-target.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace
{

std::vector<std::filesystem::path>
InputsOf(const std::string& target)
{
    std::vector<std::filesystem::path> files;
    const std::filesystem::path dir = std::filesystem::path(IPSECLAB_FUZZ_REGRESSIONS) / target;
    if (std::filesystem::is_directory(dir))
    {
        for (const auto& entry : std::filesystem::directory_iterator(dir))
        {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

class FuzzRegression : public ::testing::TestWithParam<ipseclab::fuzz::Target>
{
};

} // namespace

TEST_P(FuzzRegression, EveryCommittedInputIsHandled)
{
    const auto& target = GetParam();
    const auto inputs = InputsOf(target.name);
    ASSERT_FALSE(inputs.empty()) << "no inputs in fuzz/regressions/" << target.name
                                 << " (make-corpus.py writes the seeds there)";
    for (const auto& file : inputs)
    {
        std::ifstream in(file, std::ios::binary);
        const std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
        SCOPED_TRACE(file.string());
        EXPECT_EQ(ipseclab::fuzz::RunExpectingClearErrors(target.body, data.data(), data.size()),
                  0);
        // Every prefix too: truncation is the most common malformation on the wire.
        for (size_t n = 0; n < data.size(); n += 1 + data.size() / 64)
        {
            ipseclab::fuzz::RunExpectingClearErrors(target.body, data.data(), n);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzRegression, ::testing::ValuesIn(ipseclab::fuzz::Registry()),
                         [](const auto& info) { return info.param.name; });
