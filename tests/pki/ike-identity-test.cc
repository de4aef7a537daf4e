// Certificate versus IKE identity (ID_IPV4_ADDR, ID_FQDN, ID_RFC822_ADDR, ID_DER_ASN1_DN).
#include "pki-test-util.h"
#include "pki/ike-identity.h"

#include <gtest/gtest.h>

namespace ipseclab::test
{
namespace
{

IdentityMatch
Match(IkeIdType type, std::string_view text)
{
    return MatchIdentity(MoonCertificate(), type, IdentityData(type, text));
}

TEST(IkeIdentity, MatchingIdentities)
{
    EXPECT_EQ(Match(IkeIdType::Ipv4Addr, "192.0.2.1").reason,
              "matches subjectAltName IP:192.0.2.1");
    EXPECT_EQ(Match(IkeIdType::Fqdn, "moon.lab.example").reason,
              "matches subjectAltName DNS:moon.lab.example");
    EXPECT_TRUE(Match(IkeIdType::Fqdn, "MOON.Lab.Example").ok) << "DNS names ignore case";
    EXPECT_TRUE(Match(IkeIdType::Rfc822Addr, "admin@lab.example").ok);
    EXPECT_TRUE(Match(IkeIdType::Rfc822Addr, "admin@LAB.example").ok);
    EXPECT_TRUE(Match(IkeIdType::DerAsn1Dn, "C=CH, O=IPsec Lab, CN=moon.lab.example").ok);
    EXPECT_TRUE(Match(IkeIdType::DerAsn1Dn, "C=CH, O=ipsec lab, CN=MOON.lab.example").ok)
        << "RFC 5280 7.1 comparison folds case";
}

TEST(IkeIdentity, WrongIdentitiesAreRejectedWithAReason)
{
    IdentityMatch ip = Match(IkeIdType::Ipv4Addr, "192.0.2.2");
    EXPECT_FALSE(ip.ok);
    EXPECT_EQ(ip.reason,
              "ID_IPV4_ADDR '192.0.2.2' is not among the subjectAltNames of "
              "'C=CH, O=IPsec Lab, CN=moon.lab.example'");
    EXPECT_FALSE(Match(IkeIdType::Fqdn, "sun.lab.example").ok);
    EXPECT_FALSE(Match(IkeIdType::Fqdn, "192.0.2.1").ok) << "an FQDN is not an IP SAN";
    EXPECT_FALSE(Match(IkeIdType::Rfc822Addr, "Admin@lab.example").ok) << "local part exact";
    EXPECT_FALSE(Match(IkeIdType::Fqdn, "moon.lab.example.evil").ok);
    IdentityMatch dn = Match(IkeIdType::DerAsn1Dn, "C=CH, O=IPsec Lab, CN=sun.lab.example");
    EXPECT_FALSE(dn.ok);
    EXPECT_EQ(dn.reason,
              "ID_DER_ASN1_DN 'C=CH, O=IPsec Lab, CN=sun.lab.example' is not the subject "
              "'C=CH, O=IPsec Lab, CN=moon.lab.example'");
    // The CN alone is not an FQDN match: only subjectAltNames count (RFC 4945 3.1.2).
    Certificate noSan = TestCa().Issue("CN=moon.lab.example",
                                       {},
                                       TestKey(KeyType::EcdsaP256).GetPublicKey(),
                                       Validity::Days(1),
                                       9);
    EXPECT_FALSE(
        MatchIdentity(noSan, IkeIdType::Fqdn, IdentityData(IkeIdType::Fqdn, "moon.lab.example"))
            .ok);
}

TEST(IkeIdentity, MalformedIdentityDataIsAMismatch)
{
    Certificate moon = MoonCertificate();
    EXPECT_EQ(MatchIdentity(moon, IkeIdType::Ipv4Addr, Bytes{192, 0, 2}).reason,
              "ID_IPV4_ADDR of 3 octets");
    EXPECT_EQ(MatchIdentity(moon, IkeIdType::DerAsn1Dn, Bytes{0x30, 0x10, 0x31}).reason,
              "ID_DER_ASN1_DN is not a DER distinguished name");
    EXPECT_FALSE(MatchIdentity(moon, static_cast<IkeIdType>(11), Bytes{1}).ok);
    ExpectPkiError([] { IdentityData(IkeIdType::Ipv4Addr, "moon"); }, {"not an IPv4 address"});
}

} // namespace
} // namespace ipseclab::test
