// Seal + open of one ESP packet per iteration for each transform family, with the keyed
// contexts created once per SA as in the simulation. crypto-ratio.py compares these times
// with `openssl speed` doing the same cipher and HMAC passes.
#include "crypto/dh-group.h"
#include "crypto/esp-transform.h"
#include "crypto/random-source.h"

#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <string>

namespace
{

using namespace ipseclab;

const char* const kTransforms[] = {
    "aes128gcm16",
    "aes256gcm16",
    "chacha20poly1305",
    "aes128-sha256",
    "aes256-sha256",
    "aes128-sha1",
    "aes256-sha512",
    "null-sha256",
};
const size_t kSizes[] = {64, 512, 1400};

void
SealOpen(benchmark::State& state, std::string proposal, size_t payload)
{
    EspProposal p = ParseEspProposal(proposal);
    SeededRandomSource rng(1);
    Bytes encKey = rng.Get(p.encryption->KeymatSize());
    Bytes integKey = rng.Get(p.integrity ? p.integrity->keySize : 0);
    EspTransform sender(p, encKey, integKey);
    EspTransform receiver(p, encKey, integKey);
    // Encrypted part = payload rounded up to the cipher's alignment, as ESP padding does.
    size_t block = sender.BlockSize();
    size_t length = (payload + block - 1) / block * block;
    Bytes plain = rng.Get(length);
    Bytes iv = rng.Get(sender.IvSize());
    Bytes header{0x00, 0x00, 0x43, 0x21, 0x00, 0x00, 0x00, 0x01};
    Bytes wire(length);
    Bytes back(length);
    Bytes icv(sender.IcvSize());
    for (auto _ : state)
    {
        sender.Seal(header, std::nullopt, iv, plain, wire.data(), icv.data());
        bool ok = receiver.Open(header, std::nullopt, iv, wire, icv, back.data());
        benchmark::DoNotOptimize(ok);
        benchmark::ClobberMemory();
        if (!ok)
        {
            state.SkipWithError("open failed");
            break;
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * length));
    // Read by crypto-ratio.py to run openssl speed on the same sizes.
    state.counters["cipher_bytes"] = static_cast<double>(length);
    state.counters["hmac_bytes"] = static_cast<double>(p.integrity ? 8 + iv.size() + length : 0);
}

// The same passes as SealOpen written directly against EVP in the simplest way (one
// context per direction, IV re-set per packet, HMAC re-initialised per packet): a
// baseline measured in the same process, next to `openssl speed`.
void
RawEvp(benchmark::State& state, std::string proposal, size_t payload)
{
    EspProposal p = ParseEspProposal(proposal);
    const EncryptionAlgorithm& e = *p.encryption;
    size_t length = (payload + e.blockSize - 1) / e.blockSize * e.blockSize;
    Bytes key(e.keySize, 0x42), iv(16, 0x24), aad(8, 0x11), tag(16);
    Bytes plain(length, 0x55), wire(length), back(length);
    EVP_CIPHER* cipher = e.openssl.empty()
                             ? nullptr
                             : EVP_CIPHER_fetch(nullptr, std::string(e.openssl).c_str(), nullptr);
    EVP_CIPHER_CTX* enc = EVP_CIPHER_CTX_new();
    EVP_CIPHER_CTX* dec = EVP_CIPHER_CTX_new();
    if (cipher)
    {
        EVP_EncryptInit_ex(enc, cipher, nullptr, key.data(), e.IsAead() ? nullptr : iv.data());
        EVP_DecryptInit_ex(dec, cipher, nullptr, key.data(), e.IsAead() ? nullptr : iv.data());
        EVP_CIPHER_CTX_set_padding(enc, 0);
        EVP_CIPHER_CTX_set_padding(dec, 0);
    }
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* hmac = EVP_MAC_CTX_new(mac);
    Bytes hkey(p.integrity ? p.integrity->keySize : 0, 0x33);
    if (p.integrity)
    {
        std::string digest(p.integrity->digest);
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
            OSSL_PARAM_construct_end()};
        EVP_MAC_init(hmac, hkey.data(), hkey.size(), params);
    }
    int len = 0;
    uint8_t md[EVP_MAX_MD_SIZE];
    size_t mdLen = 0;
    auto runHmac = [&](const Bytes& data)
    {
        EVP_MAC_init(hmac, nullptr, 0, nullptr);
        EVP_MAC_update(hmac, aad.data(), 8);
        EVP_MAC_update(hmac, iv.data(), 16);
        EVP_MAC_update(hmac, data.data(), data.size());
        EVP_MAC_final(hmac, md, &mdLen, sizeof(md));
    };
    for (auto _ : state)
    {
        if (cipher)
        {
            EVP_EncryptInit_ex(enc, nullptr, nullptr, nullptr, iv.data());
            if (e.IsAead())
            {
                EVP_EncryptUpdate(enc, nullptr, &len, aad.data(), 8);
            }
            EVP_EncryptUpdate(enc, wire.data(), &len, plain.data(), static_cast<int>(length));
            EVP_EncryptFinal_ex(enc, wire.data() + length, &len);
            if (e.IsAead())
            {
                EVP_CIPHER_CTX_ctrl(enc, EVP_CTRL_AEAD_GET_TAG, 16, tag.data());
            }
        }
        if (p.integrity)
        {
            runHmac(cipher ? wire : plain);
            runHmac(cipher ? wire : plain);
        }
        if (cipher)
        {
            EVP_DecryptInit_ex(dec, nullptr, nullptr, nullptr, iv.data());
            if (e.IsAead())
            {
                EVP_CIPHER_CTX_ctrl(dec, EVP_CTRL_AEAD_SET_TAG, 16, tag.data());
                EVP_DecryptUpdate(dec, nullptr, &len, aad.data(), 8);
            }
            EVP_DecryptUpdate(dec, back.data(), &len, wire.data(), static_cast<int>(length));
            benchmark::DoNotOptimize(EVP_DecryptFinal_ex(dec, back.data() + length, &len));
        }
        benchmark::ClobberMemory();
    }
    EVP_MAC_CTX_free(hmac);
    EVP_MAC_free(mac);
    EVP_CIPHER_CTX_free(enc);
    EVP_CIPHER_CTX_free(dec);
    EVP_CIPHER_free(cipher);
}

void
KeyAgreement(benchmark::State& state, std::string group)
{
    SeededRandomSource rng(2);
    auto a = DhGroup::Create(group, rng);
    auto b = DhGroup::Create(group, rng);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(a->ComputeSharedSecret(b->PublicValue()));
    }
}

} // namespace

int
main(int argc, char** argv)
{
    for (const char* t : kTransforms)
    {
        for (size_t n : kSizes)
        {
            benchmark::RegisterBenchmark(
                ("esp/" + std::string(t) + "/" + std::to_string(n)).c_str(),
                SealOpen,
                std::string(t),
                n);
            benchmark::RegisterBenchmark(
                ("evp/" + std::string(t) + "/" + std::to_string(n)).c_str(),
                RawEvp,
                std::string(t),
                n);
        }
    }
    for (const char* g : {"x25519", "ecp256", "ecp384", "modp2048"})
    {
        benchmark::RegisterBenchmark(("dh/" + std::string(g)).c_str(), KeyAgreement, std::string(g))
            ->Unit(benchmark::kMicrosecond);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
    {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
