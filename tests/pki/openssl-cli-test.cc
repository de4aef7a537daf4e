// An independent judge: the openssl command line must accept what the lab makes.
#include "pki-test-util.h"
#include "pki/ike-auth.h"
#include "pki/trust-store.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace ipseclab::test
{
namespace
{

struct ShellRun
{
    int status;
    std::string output;
};

ShellRun
Shell(const std::string& command)
{
    ShellRun run{-1, {}};
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
    {
        return run;
    }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    {
        run.output.append(buffer, n);
    }
    int status = pclose(pipe);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

class OpensslCli : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        if (Shell("openssl version").status != 0)
        {
            GTEST_SKIP() << "openssl command line not installed";
        }
        const char* base = std::getenv("TMPDIR");
        std::string templ = std::string(base ? base : "/tmp") + "/pki-test-XXXXXX";
        ASSERT_NE(mkdtemp(templ.data()), nullptr);
        m_dir = templ;
    }

    void TearDown() override
    {
        if (!m_dir.empty())
        {
            Shell("rm -rf '" + m_dir + "'");
        }
    }

    std::string Write(const std::string& name, const std::string& content)
    {
        std::string path = m_dir + "/" + name;
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

    std::string Write(const std::string& name, const Bytes& content)
    {
        return Write(name, std::string(content.begin(), content.end()));
    }

    std::string m_dir;
};

TEST_F(OpensslCli, VerifiesTheChainAtTheGivenTime)
{
    for (const CertificateAuthority* ca : {&TestCa(), &TestRsaCa()})
    {
        KeyType eeKey = ca == &TestCa() ? KeyType::EcdsaP256 : KeyType::Rsa2048;
        Certificate moon = MoonCertificate(*ca, eeKey);
        std::string caPem = Write("ca.pem", ca->GetCertificate().ToPem());
        std::string eePem = Write("ee.pem", moon.ToPem());
        int64_t t = kPkiEpoch + 10 * kDay;
        ShellRun ok = Shell("openssl verify -x509_strict -CAfile " + caPem + " -attime " +
                            std::to_string(t) + " " + eePem);
        EXPECT_EQ(ok.status, 0) << ok.output;
        EXPECT_NE(ok.output.find("ee.pem: OK"), std::string::npos) << ok.output;

        ShellRun late = Shell("openssl verify -CAfile " + caPem + " -attime " +
                              std::to_string(moon.GetNotAfter() + kDay) + " " + eePem);
        EXPECT_NE(late.status, 0);
        EXPECT_NE(late.output.find("certificate has expired"), std::string::npos) << late.output;
    }
}

TEST_F(OpensslCli, ShowsTheExtensions)
{
    std::string eePem = Write("ee.pem", MoonCertificate().ToPem());
    ShellRun text = Shell("openssl x509 -in " + eePem + " -noout -text");
    ASSERT_EQ(text.status, 0) << text.output;
    for (const char* needle : {"Version: 3 (0x2)",
                               "Serial Number: 42 (0x2a)",
                               "ecdsa-with-SHA256",
                               "Not Before: Jan  1 00:00:00 2025 GMT",
                               "Not After : Jan  1 00:00:00 2026 GMT",
                               "Subject: C = CH, O = IPsec Lab, CN = moon.lab.example",
                               "CA:FALSE",
                               "Digital Signature",
                               "DNS:moon.lab.example",
                               "IP Address:192.0.2.1",
                               "email:admin@lab.example",
                               "X509v3 Authority Key Identifier"})
    {
        EXPECT_NE(text.output.find(needle), std::string::npos) << needle << "\n" << text.output;
    }
    ShellRun root = Shell("openssl x509 -in " + Write("ca.pem", TestCa().GetCertificate().ToPem()) +
                          " -noout -text");
    EXPECT_NE(root.output.find("CA:TRUE"), std::string::npos) << root.output;
    EXPECT_NE(root.output.find("Certificate Sign, CRL Sign"), std::string::npos) << root.output;
}

TEST_F(OpensslCli, ChecksAndReadsTheKeys)
{
    for (KeyType type : {KeyType::Rsa2048, KeyType::EcdsaP256, KeyType::EcdsaP384})
    {
        std::string key = Write("key.pem", TestKey(type).ToPem());
        ShellRun check = Shell("openssl pkey -in " + key + " -check -noout");
        EXPECT_EQ(check.status, 0) << ToString(type) << ": " << check.output;
        // OpenSSL's re-encoding of our key (PKCS#8 PEM) is byte-identical to ours.
        ShellRun pem = Shell("openssl pkey -in " + key + " -out " + m_dir + "/again.pem");
        ASSERT_EQ(pem.status, 0) << pem.output;
        std::ifstream in(m_dir + "/again.pem", std::ios::binary);
        std::string theirs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        EXPECT_EQ(theirs, TestKey(type).ToPem()) << ToString(type);
    }
}

// Method 1 is PKCS#1 v1.5 with SHA-1: `openssl dgst -sha1 -sign` gives the same octets.
// Method 14's signatures verify with `openssl dgst -sha256 -verify`.
TEST_F(OpensslCli, AuthSignaturesAgreeWithOpenssl)
{
    Bytes data = ToBytes("IKE SignedOctets for the openssl command line");
    std::string dataPath = Write("octets.bin", data);
    SeededRandomSource rng(21);

    std::string rsaKey = Write("rsa.pem", TestKey(KeyType::Rsa2048).ToPem());
    ShellRun sign =
        Shell("openssl dgst -sha1 -sign " + rsaKey + " -out " + m_dir + "/m1.sig " + dataPath);
    ASSERT_EQ(sign.status, 0) << sign.output;
    std::ifstream in(m_dir + "/m1.sig", std::ios::binary);
    Bytes theirs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(theirs,
              SignAuthData(IkeAuthMethod::RsaSignature, TestKey(KeyType::Rsa2048), data, rng));

    for (KeyType type : {KeyType::Rsa2048, KeyType::EcdsaP256, KeyType::EcdsaP384})
    {
        Bytes auth = SignAuthData(IkeAuthMethod::DigitalSignature, TestKey(type), data, rng);
        Bytes signature(auth.begin() + 1 + auth[0], auth.end());
        std::string sig = Write("m14.sig", signature);
        std::string pub = Write("pub.pem", TestKey(type).GetPublicKey().ToPem());
        ShellRun verify =
            Shell("openssl dgst -sha256 -verify " + pub + " -signature " + sig + " " + dataPath);
        EXPECT_EQ(verify.status, 0) << ToString(type) << ": " << verify.output;
        EXPECT_NE(verify.output.find("Verified OK"), std::string::npos) << verify.output;
    }
}

} // namespace
} // namespace ipseclab::test
