// Wireshark key files: exact line formats, deduplication, files on disk.
#include "events/key-file.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdlib.h>
#include <unistd.h>

using namespace ipseclab;

namespace
{

std::vector<uint8_t>
Seq(uint8_t first, std::size_t length)
{
    std::vector<uint8_t> bytes(length);
    for (std::size_t i = 0; i < length; ++i)
    {
        bytes[i] = static_cast<uint8_t>(first + i);
    }
    return bytes;
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

TEST(EspSaLine, AesGcm)
{
    EspSaKey key;
    key.spi = 0x1001;
    key.encryptionAlgorithm = "AES-GCM with 16 octet ICV [RFC4106]";
    key.encryptionKey = Seq(0x00, 20); // 16-octet key + 4-octet salt
    EXPECT_EQ(FormatEspSaLine(key),
              "\"IPv4\",\"*\",\"*\",\"0x00001001\",\"AES-GCM with 16 octet ICV [RFC4106]\","
              "\"0x000102030405060708090a0b0c0d0e0f10111213\",\"NULL\",\"\"");
}

TEST(EspSaLine, AesCbcWithHmacAndAddresses)
{
    EspSaKey key;
    key.src = "10.0.0.1";
    key.dst = "10.0.0.2";
    key.spi = 0xC0FFEE02;
    key.encryptionAlgorithm = "AES-CBC [RFC3602]";
    key.encryptionKey = Seq(0xa0, 16);
    key.authenticationAlgorithm = "HMAC-SHA-256-128 [RFC4868]";
    key.authenticationKey = Seq(0xf0, 4);
    EXPECT_EQ(FormatEspSaLine(key),
              "\"IPv4\",\"10.0.0.1\",\"10.0.0.2\",\"0xc0ffee02\",\"AES-CBC [RFC3602]\","
              "\"0xa0a1a2a3a4a5a6a7a8a9aaabacadaeaf\",\"HMAC-SHA-256-128 [RFC4868]\","
              "\"0xf0f1f2f3\"");
}

TEST(EspSaLine, QuotesAndBackslashesAreEscapedLikeWireshark)
{
    EXPECT_EQ(QuoteUatString("a\"b\\c\n"), "\"a\\x22b\\x5cc\\x0a\"");
}

TEST(Ikev2Line, BareHexAndQuotedAlgorithms)
{
    Ikev2SaKey key;
    key.spiI = 0x0123456789abcdefULL;
    key.spiR = 0x1ULL;
    key.skEi = {0x11, 0x12};
    key.skEr = {0x21, 0x22};
    key.encryptionAlgorithm = "AES-CBC-128 [RFC3602]";
    key.skAi = {0x31};
    key.skAr = {0x41};
    key.integrityAlgorithm = "HMAC_SHA2_256_128 [RFC4868]";
    EXPECT_EQ(FormatIkev2Line(key),
              "0123456789abcdef,0000000000000001,1112,2122,"
              "\"AES-CBC-128 [RFC3602]\",31,41,"
              "\"HMAC_SHA2_256_128 [RFC4868]\"");
}

TEST(KeyFileSet, DeduplicatesInInsertionOrderAndWritesBothFiles)
{
    KeyFileSet files;
    EspSaKey a;
    a.spi = 2;
    EspSaKey b;
    b.spi = 1;
    files.AddEspSa(a);
    files.AddEspSa(b);
    files.AddEspSa(a);
    ASSERT_EQ(files.GetEspSa().GetLines().size(), 2u);
    EXPECT_NE(files.GetEspSa().GetLines()[0].find("0x00000002"), std::string::npos);

    char dirTemplate[] = "/tmp/ipseclab-keyfile-XXXXXX";
    ASSERT_NE(mkdtemp(dirTemplate), nullptr);
    std::string dir = dirTemplate;
    EXPECT_EQ(files.WriteTo(dir), "");
    EXPECT_EQ(ReadFile(dir + "/esp_sa"),
              files.GetEspSa().GetLines()[0] + "\n" + files.GetEspSa().GetLines()[1] + "\n");
    EXPECT_EQ(ReadFile(dir + "/ikev2_decryption_table"), "");
    std::remove((dir + "/esp_sa").c_str());
    std::remove((dir + "/ikev2_decryption_table").c_str());
    rmdir(dir.c_str());

    EXPECT_NE(files.WriteTo("/nonexistent-dir/x"), "");
}
