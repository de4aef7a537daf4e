// Path validation at a given time, with readable reasons.
#include "pki-test-util.h"
#include "pki/trust-store.h"

#include <gtest/gtest.h>

namespace ipseclab::test
{
namespace
{

TrustStore
LabTrust()
{
    TrustStore store;
    store.AddRoot(TestCa().GetCertificate());
    return store;
}

TEST(TrustStore, AcceptsAnIssuedCertificate)
{
    VerifyResult r = LabTrust().Verify(MoonCertificate(), {}, kPkiEpoch + kDay);
    EXPECT_TRUE(r.ok) << r.reason;
    EXPECT_EQ(r.reason, "ok");
    EXPECT_EQ(r.code, 0);
}

TEST(TrustStore, AcceptsRsaChains)
{
    TrustStore store;
    store.AddRoot(TestRsaCa().GetCertificate());
    VerifyResult r =
        store.Verify(MoonCertificate(TestRsaCa(), KeyType::Rsa2048), {}, kPkiEpoch + kDay);
    EXPECT_TRUE(r.ok) << r.reason;
}

TEST(TrustStore, RejectsAnUntrustedRoot)
{
    TrustStore other;
    other.AddRoot(TestRsaCa().GetCertificate());
    VerifyResult r = other.Verify(MoonCertificate(), {}, kPkiEpoch + kDay);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.reason, "unable to get local issuer certificate");
    EXPECT_EQ(TrustStore().Verify(MoonCertificate(), {}, kPkiEpoch).reason,
              "unable to get local issuer certificate");
}

TEST(TrustStore, RejectsExpiredAndNotYetValid)
{
    TrustStore store = LabTrust();
    Certificate moon = MoonCertificate();
    // OpenSSL counts the notAfter second itself as expired (RFC 5280 4.1.2.5 would not).
    EXPECT_TRUE(store.Verify(moon, {}, moon.GetNotAfter() - 1).ok);
    VerifyResult expired = store.Verify(moon, {}, moon.GetNotAfter());
    EXPECT_FALSE(expired.ok);
    EXPECT_EQ(expired.reason, "certificate has expired");
    EXPECT_EQ(expired.depth, 0);
    VerifyResult early = store.Verify(moon, {}, moon.GetNotBefore() - 1);
    EXPECT_FALSE(early.ok);
    EXPECT_EQ(early.reason, "certificate is not yet valid");
}

TEST(TrustStore, RejectsATamperedCertificate)
{
    Bytes der = MoonCertificate().GetDer();
    der[der.size() - 5] ^= 0x01; // inside the signature value
    VerifyResult r = LabTrust().Verify(Certificate::FromDer(der), {}, kPkiEpoch + kDay);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.reason, "certificate signature failure");
}

TEST(TrustStore, FollowsIntermediates)
{
    SeededRandomSource rng(5);
    PrivateKey subKey = PrivateKey::Generate(KeyType::EcdsaP256, rng);
    Certificate sub = TestCa().IssueIntermediate(
        "C=CH, O=IPsec Lab, CN=Lab Sub CA", subKey.GetPublicKey(), Validity::Days(1000), 2);
    CertificateAuthority subCa(sub, subKey);
    Certificate carol = subCa.Issue("CN=carol",
                                    {SubjectAltName::Email("carol@lab.example")},
                                    TestKey(KeyType::EcdsaP384).GetPublicKey(),
                                    Validity::Days(90),
                                    1);
    TrustStore store = LabTrust();
    VerifyResult ok = store.Verify(carol, {sub}, kPkiEpoch + kDay);
    EXPECT_TRUE(ok.ok) << ok.reason;
    VerifyResult missing = store.Verify(carol, {}, kPkiEpoch + kDay);
    EXPECT_FALSE(missing.ok);
    EXPECT_EQ(missing.reason, "unable to get local issuer certificate");
    // pathLenConstraint 0: the sub CA cannot certify another CA.
    Certificate subSub =
        subCa.IssueIntermediate("CN=Deeper", subKey.GetPublicKey(), Validity::Days(90), 3);
    CertificateAuthority deeper(subSub, subKey);
    Certificate dave = deeper.Issue(
        "CN=dave", {}, TestKey(KeyType::EcdsaP256).GetPublicKey(), Validity::Days(90), 1);
    VerifyResult tooLong = store.Verify(dave, {sub, subSub}, kPkiEpoch + kDay);
    EXPECT_FALSE(tooLong.ok);
    EXPECT_EQ(tooLong.reason, "path length constraint exceeded");
}

TEST(TrustStore, OnlyCasAreRoots)
{
    TrustStore store;
    ExpectPkiError([&] { store.AddRoot(MoonCertificate()); }, {"is not a CA certificate"});
    EXPECT_TRUE(store.GetRoots().empty());
}

} // namespace
} // namespace ipseclab::test
