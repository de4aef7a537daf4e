// Shared fixtures of the PKI tests: keys and CAs are made once per process (RSA key
// generation costs tens of milliseconds) from fixed seeds.
#ifndef IPSECLAB_TESTS_PKI_TEST_UTIL_H
#define IPSECLAB_TESTS_PKI_TEST_UTIL_H

#include "crypto/random-source.h"
#include "pki/certificate-authority.h"
#include "pki/pki-error.h"

#include <gtest/gtest.h>
#include <initializer_list>
#include <string_view>

namespace ipseclab::test
{

constexpr int64_t kDay = 86400;

inline const PrivateKey&
TestKey(KeyType type)
{
    static const PrivateKey rsa = []
    {
        SeededRandomSource rng(101);
        return PrivateKey::Generate(KeyType::Rsa2048, rng);
    }();
    static const PrivateKey p256 = []
    {
        SeededRandomSource rng(102);
        return PrivateKey::Generate(KeyType::EcdsaP256, rng);
    }();
    static const PrivateKey p384 = []
    {
        SeededRandomSource rng(103);
        return PrivateKey::Generate(KeyType::EcdsaP384, rng);
    }();
    return type == KeyType::Rsa2048 ? rsa : type == KeyType::EcdsaP256 ? p256 : p384;
}

/// The lab's root CA (ECDSA P-256), valid 10 years from kPkiEpoch.
inline const CertificateAuthority&
TestCa()
{
    static const CertificateAuthority ca = []
    {
        SeededRandomSource rng(1);
        return CertificateAuthority::Create(
            "C=CH, O=IPsec Lab, CN=Lab Root CA", KeyType::EcdsaP256, rng);
    }();
    return ca;
}

/// An RSA root CA, to exercise sha256WithRSAEncryption certificate signatures.
inline const CertificateAuthority&
TestRsaCa()
{
    static const CertificateAuthority ca = []
    {
        SeededRandomSource rng(2);
        return CertificateAuthority::Create(
            "C=CH, O=IPsec Lab, CN=Lab RSA Root CA", KeyType::Rsa2048, rng);
    }();
    return ca;
}

/// "moon": the gateway certificate of the lab, one year from kPkiEpoch.
inline Certificate
MoonCertificate(const CertificateAuthority& ca = TestCa(), KeyType keyType = KeyType::EcdsaP256)
{
    return ca.Issue("C=CH, O=IPsec Lab, CN=moon.lab.example",
                    {SubjectAltName::Dns("moon.lab.example"),
                     SubjectAltName::Ipv4("192.0.2.1"),
                     SubjectAltName::Email("admin@lab.example")},
                    TestKey(keyType).GetPublicKey(),
                    Validity::Days(365),
                    42);
}

/// Runs f and checks it throws PkiError whose message contains every needle.
template <typename F>
void
ExpectPkiError(F&& f, std::initializer_list<std::string_view> needles)
{
    try
    {
        f();
        ADD_FAILURE() << "expected PkiError";
    }
    catch (const PkiError& e)
    {
        std::string what = e.what();
        for (auto n : needles)
        {
            EXPECT_NE(what.find(n), std::string::npos)
                << "message '" << what << "' lacks '" << n << "'";
        }
    }
}

} // namespace ipseclab::test

#endif
