// AEAD vectors: McGrew & Viega's GCM test cases 3, 4 (AES-128) and 15, 16 (AES-256), with
// the 12-octet IV split into salt | 8-octet IV as ESP does; RFC 8439 §2.8.2
// ChaCha20-Poly1305 (= RFC 7634 Appendix A's AEAD construction).
#include "crypto/aead-cipher.h"
#include "test-util.h"

namespace ipseclab::test
{
namespace
{

const char* kGcmPlain = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c9595"
                        "6809532fcf0e2449a6b525"
                        "b16aedf5aa0de657ba637b391aafd255";
const char* kGcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

struct AeadCase
{
    const char* name;
    const char* algorithm;
    const char* keyWithSalt;
    const char* iv;
    const char* aad;
    Bytes plain;
    const char* cipherAndTag;
};

std::vector<AeadCase>
Cases()
{
    Bytes plain60 = H(kGcmPlain);
    plain60.resize(60);
    return {
        {"GCM test case 3",
         "aes128gcm16",
         "feffe9928665731c6d6a8f9467308308cafebabe",
         "facedbaddecaf888",
         "",
         H(kGcmPlain),
         "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aa"
         "c84aa05"
         "1ba30b396a0aac973d58e091473f59854d5c2af327cd64a62cf35abd2ba6fab4"},
        {"GCM test case 4",
         "aes128gcm16",
         "feffe9928665731c6d6a8f9467308308cafebabe",
         "facedbaddecaf888",
         kGcmAad,
         plain60,
         "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aa"
         "c84aa05"
         "1ba30b396a0aac973d58e0915bc94fbc3221a5db94fae95ae7121a47"},
        {"GCM test case 15",
         "aes256gcm16",
         "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308cafebabe",
         "facedbaddecaf888",
         "",
         H(kGcmPlain),
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b105"
         "6828838"
         "c5f61e6393ba7a0abcc9f662898015adb094dac5d93471bdec1a502270e3cc6c"},
        {"GCM test case 16",
         "aes256gcm16",
         "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308cafebabe",
         "facedbaddecaf888",
         kGcmAad,
         plain60,
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b105"
         "6828838"
         "c5f61e6393ba7a0abcc9f66276fc6ece0f4e1768cddf8853bb2d551b"},
        {"RFC 8439 2.8.2",
         "chacha20poly1305",
         "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f07000000",
         "4041424344454647",
         "50515253c0c1c2c3c4c5c6c7",
         ToBytes("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
                 "the future, sunscreen would be it."),
         "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69d"
         "a92728b"
         "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4"
         "831d7bc"
         "3ff4def08e4b7a9de576d26586cec64b61161ae10b594f09e26a7e902ecbd0600691"},
    };
}

TEST(AeadCipher, PublishedVectors)
{
    for (const auto& c : Cases())
    {
        SCOPED_TRACE(c.name);
        AeadCipher aead(c.algorithm, H(c.keyWithSalt));
        Bytes expected = H(c.cipherAndTag);
        Bytes aad = H(c.aad);
        Bytes out(c.plain.size());
        Bytes tag(aead.TagSize());
        aead.Seal(H(c.iv), {aad}, c.plain, out.data(), tag.data());
        EXPECT_EQ(ToHex(Concat({out, tag})), ToHex(expected));

        Bytes back(out.size());
        EXPECT_TRUE(aead.Open(H(c.iv), {aad}, out, tag, back.data()));
        EXPECT_EQ(back, c.plain);

        // AAD given in pieces authenticates the same octets.
        if (aad.size() > 4)
        {
            EXPECT_TRUE(aead.Open(H(c.iv),
                                  {ByteSpan(aad).first(4), ByteSpan(aad).subspan(4)},
                                  out,
                                  tag,
                                  back.data()));
        }
        // Any flipped bit in ciphertext, tag or AAD fails.
        Bytes badTag = tag;
        badTag[15] ^= 0x80;
        EXPECT_FALSE(aead.Open(H(c.iv), {aad}, out, badTag, back.data()));
        Bytes badCt = out;
        badCt[0] ^= 1;
        EXPECT_FALSE(aead.Open(H(c.iv), {aad}, badCt, tag, back.data()));
        Bytes badAad = aad;
        badAad.push_back(0);
        EXPECT_FALSE(aead.Open(H(c.iv), {badAad}, out, tag, back.data()));
        // In place.
        Bytes inPlace = c.plain;
        aead.Seal(H(c.iv), {aad}, inPlace, inPlace.data(), tag.data());
        EXPECT_EQ(inPlace, out);
        EXPECT_TRUE(aead.Open(H(c.iv), {aad}, inPlace, tag, inPlace.data()));
        EXPECT_EQ(inPlace, c.plain);
    }
}

TEST(AeadCipher, Errors)
{
    ExpectCryptoError([] { AeadCipher("aes128gcm16", Bytes(16)); },
                      {"aes128gcm16 key (key | salt)", "expected 20", "got 16"});
    ExpectCryptoError([] { AeadCipher("aes128", Bytes(16)); }, {"not an AEAD"});
    AeadCipher aead("chacha20poly1305", Bytes(36));
    Bytes out(16), tag(16);
    ExpectCryptoError([&] { aead.Seal(Bytes(12), {}, Bytes(16), out.data(), tag.data()); },
                      {"IV", "expected 8", "got 12"});
    ExpectCryptoError([&] { aead.Open(Bytes(8), {}, Bytes(16), Bytes(8), out.data()); },
                      {"ICV", "expected 16", "got 8"});
}

} // namespace
} // namespace ipseclab::test
