// The CA helper and the Certificate wrapper: fields, extensions, determinism, errors.
#include "pki-test-util.h"
#include "pki/certificate.h"
#include "pki/distinguished-name.h"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

namespace ipseclab::test
{
namespace
{

TEST(CertificateAuthority, RootIsSelfSignedV3Ca)
{
    const Certificate& root = TestCa().GetCertificate();
    EXPECT_TRUE(root.IsCa());
    EXPECT_EQ(root.GetSubjectDn(), "C=CH, O=IPsec Lab, CN=Lab Root CA");
    EXPECT_EQ(root.GetIssuerDn(), root.GetSubjectDn());
    EXPECT_EQ(root.GetSerial(), 1u);
    EXPECT_EQ(root.GetNotBefore(), kPkiEpoch);
    EXPECT_EQ(root.GetNotAfter(), kPkiEpoch + 3650 * kDay);
    EXPECT_EQ(X509_get_version(root.Native()), 2) << "v3";
    EXPECT_EQ(X509_get_signature_nid(root.Native()), NID_ecdsa_with_SHA256);
    EXPECT_EQ(X509_get_key_usage(root.Native()),
              static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    EXPECT_EQ(root.GetPublicKey(), TestCa().GetPrivateKey().GetPublicKey());
    EXPECT_EQ(X509_check_issued(root.Native(), root.Native()), X509_V_OK);
}

TEST(CertificateAuthority, IssuesEndEntityWithSans)
{
    Certificate moon = MoonCertificate();
    EXPECT_FALSE(moon.IsCa());
    EXPECT_EQ(moon.GetSubjectDn(), "C=CH, O=IPsec Lab, CN=moon.lab.example");
    EXPECT_EQ(moon.GetIssuerDn(), "C=CH, O=IPsec Lab, CN=Lab Root CA");
    EXPECT_EQ(moon.GetSerial(), 42u);
    EXPECT_EQ(moon.GetNotBefore(), kPkiEpoch);
    EXPECT_EQ(moon.GetNotAfter(), kPkiEpoch + 365 * kDay);
    EXPECT_EQ(moon.GetPublicKey(), TestKey(KeyType::EcdsaP256).GetPublicKey());
    std::vector<SubjectAltName> expected{SubjectAltName::Dns("moon.lab.example"),
                                         SubjectAltName::Ipv4("192.0.2.1"),
                                         SubjectAltName::Email("admin@lab.example")};
    EXPECT_EQ(moon.GetSubjectAltNames(), expected);
    X509* x = moon.Native();
    EXPECT_EQ(X509_get_key_usage(x), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE));
    EXPECT_EQ(X509_get_extension_flags(x) & EXFLAG_CA, 0u);
    EXPECT_NE(X509_get0_authority_key_id(x), nullptr);
    EXPECT_EQ(X509_check_issued(TestCa().GetCertificate().Native(), x), X509_V_OK);
}

TEST(CertificateAuthority, RsaCaSignsWithSha256WithRsa)
{
    Certificate moon = MoonCertificate(TestRsaCa(), KeyType::Rsa2048);
    EXPECT_EQ(X509_get_signature_nid(moon.Native()), NID_sha256WithRSAEncryption);
    EXPECT_EQ(moon.GetPublicKey().GetType(), KeyType::Rsa2048);
}

TEST(CertificateAuthority, SameSeedGivesByteIdenticalCertificates)
{
    for (KeyType type : {KeyType::EcdsaP256, KeyType::EcdsaP384, KeyType::Rsa2048})
    {
        SeededRandomSource a(99);
        SeededRandomSource b(99);
        auto caA = CertificateAuthority::Create("CN=Root", type, a);
        auto caB = CertificateAuthority::Create("CN=Root", type, b);
        EXPECT_EQ(caA.GetCertificate().GetDer(), caB.GetCertificate().GetDer()) << ToString(type);
        PublicKey key = TestKey(KeyType::EcdsaP256).GetPublicKey();
        Certificate eeA =
            caA.Issue("CN=sun", {SubjectAltName::Dns("sun")}, key, Validity::Days(30), 7);
        Certificate eeB =
            caB.Issue("CN=sun", {SubjectAltName::Dns("sun")}, key, Validity::Days(30), 7);
        EXPECT_EQ(eeA.GetDer(), eeB.GetDer()) << ToString(type);
        // Issuing does not depend on what was issued before (no hidden state).
        caA.Issue("CN=other", {}, key, Validity::Days(30), 8);
        EXPECT_EQ(
            caA.Issue("CN=sun", {SubjectAltName::Dns("sun")}, key, Validity::Days(30), 7).GetDer(),
            eeB.GetDer());
    }
}

TEST(CertificateAuthority, ValidityIsTakenAsGiven)
{
    Validity v{kPkiEpoch + 1000, kPkiEpoch + 2000};
    Certificate c =
        TestCa().Issue("CN=short", {}, TestKey(KeyType::EcdsaP256).GetPublicKey(), v, 3);
    EXPECT_EQ(c.GetNotBefore(), kPkiEpoch + 1000);
    EXPECT_EQ(c.GetNotAfter(), kPkiEpoch + 2000);
    // Beyond 2049 the time is a GeneralizedTime; still exact.
    Validity late{2524608000, 2524608000 + kDay}; // 2050-01-01
    Certificate l =
        TestCa().Issue("CN=late", {}, TestKey(KeyType::EcdsaP256).GetPublicKey(), late, 4);
    EXPECT_EQ(l.GetNotBefore(), 2524608000);
}

TEST(Certificate, PemAndDerRoundTrip)
{
    Certificate moon = MoonCertificate();
    std::string pem = moon.ToPem();
    EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
    EXPECT_EQ(Certificate::FromPem(pem), moon);
    EXPECT_EQ(Certificate::FromDer(moon.GetDer()).ToPem(), pem);
}

TEST(Certificate, MalformedInputIsAClearError)
{
    Bytes der = MoonCertificate().GetDer();
    Bytes longer = der;
    longer.push_back(0);
    ExpectPkiError([&] { Certificate::FromDer(longer); }, {"1 trailing octets"});
    Bytes shorter(der.begin(), der.end() - 1);
    ExpectPkiError([&] { Certificate::FromDer(shorter); }, {"not a DER X.509 certificate"});
    ExpectPkiError([] { Certificate::FromDer(Bytes{}); }, {"not a DER X.509 certificate"});
    ExpectPkiError([] { Certificate::FromPem("-----BEGIN CERTIFICATE-----\nAAAA\n"); },
                   {"no PEM 'CERTIFICATE' block"});
}

TEST(CertificateAuthority, BadRequestsAreClearErrors)
{
    PublicKey key = TestKey(KeyType::EcdsaP256).GetPublicKey();
    const auto& ca = TestCa();
    ExpectPkiError([&] { ca.Issue("CN=x", {}, key, Validity::Days(1), 0); },
                   {"serial must be at least 1"});
    ExpectPkiError(
        [&] {
            ca.Issue("CN=x", {}, key, Validity{kPkiEpoch, kPkiEpoch}, 1);
        },
        {"notAfter", "must follow notBefore"});
    ExpectPkiError([&] { ca.Issue("CN", {}, key, Validity::Days(1), 1); },
                   {"is not attribute=value"});
    ExpectPkiError([&] { ca.Issue("", {}, key, Validity::Days(1), 1); }, {"DN"});
    ExpectPkiError([&] { ca.Issue("XYZ=1", {}, key, Validity::Days(1), 1); },
                   {"attribute 'XYZ' rejected"});
    ExpectPkiError([] { SubjectAltName::Ipv4("192.0.2.300"); }, {"not an IPv4 address"});
    ExpectPkiError([&]
                   { ca.Issue("CN=x", {SubjectAltName::Dns("a b")}, key, Validity::Days(1), 1); },
                   {"printable ASCII"});
    ExpectPkiError(
        [&] { ca.Issue("CN=x", {SubjectAltName::Email("nobody")}, key, Validity::Days(1), 1); },
        {"needs '@'"});
    // A CA needs its own key and a CA certificate.
    ExpectPkiError([&] { CertificateAuthority(ca.GetCertificate(), TestKey(KeyType::EcdsaP256)); },
                   {"does not belong"});
    ExpectPkiError([&] { CertificateAuthority(MoonCertificate(), TestKey(KeyType::EcdsaP256)); },
                   {"is not a CA certificate"});
}

TEST(CertificateAuthority, LoadedFromPemIssuesTheSame)
{
    const auto& ca = TestCa();
    CertificateAuthority loaded(Certificate::FromPem(ca.GetCertificate().ToPem()),
                                PrivateKey::FromPem(ca.GetPrivateKey().ToPem()));
    EXPECT_EQ(MoonCertificate(loaded).GetDer(), MoonCertificate(ca).GetDer());
}

TEST(DistinguishedName, ParsesBothSpellings)
{
    EXPECT_EQ(DnToDer("C=CH, O=Lab, CN=moon"), DnToDer("/C=CH/O=Lab/CN=moon"));
    EXPECT_EQ(DnFromDer(DnToDer(" C = CH ,O=Lab,CN=moon ")), "C=CH, O=Lab, CN=moon");
    EXPECT_EQ(DnFromDer(DnToDer("O=Lab\\, Inc., CN=moon")), "O=Lab\\, Inc., CN=moon");
    ExpectPkiError([] { DnFromDer(Bytes{0x30, 0x05}); }, {"not a DER distinguished name"});
    ExpectPkiError([] { DnToDer("CN=a\\"); }, {"escapes nothing"});
}

} // namespace
} // namespace ipseclab::test
