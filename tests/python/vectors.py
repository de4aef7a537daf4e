"""Published test vectors, the same values as tests/crypto/*.cc (see those files for sources)."""

H = bytes.fromhex

# RFC 4231 4.2-4.8: (case, key, data, sha256, sha384, sha512); case 5 is truncated to 128 bits.
RFC4231 = [
    (1, b"\x0b" * 20, b"Hi There",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
     "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
     "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4"
     "be9d914eeb61f1702e696c203a126854"),
    (2, b"Jefe", b"what do ya want for nothing?",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fd"
     "caeab1a34d4a6b4b636e070a38bce737"),
    (3, b"\xaa" * 20, b"\xdd" * 50,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
     "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
     "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807"
     "b946a337bee8942674278859e13292fb"),
    (4, bytes(range(1, 26)), b"\xcd" * 50,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
     "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
     "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063"
     "a5f19741120c4f2de2adebeb10a298dd"),
    (5, b"\x0c" * 20, b"Test With Truncation", "a3b6167473100ee06e0c796c2955552b",
     "3abf34c3503b2a23a46efc619baef897", "415fad6271580a531d4179bc891d87a6"),
    (6, b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
     "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
     "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e52"
     "95e64f73f63f0aec8b915a985d786598"),
    (7, b"\xaa" * 131,
     b"This is a test using a larger than block-size key and a larger than block-size data. "
     b"The key needs to be hashed before being used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
     "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
     "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15"
     "134676fb6de0446065c97440fa8c6a58"),
]

# RFC 4868 2.7.1 style: integrity-sized keys of 0x0b over "Hi There", truncated ICVs.
RFC4868_ICV = [
    ("sha256", 32, "198a607eb44bfbc69903a0f1cf2bbdc5"),
    ("sha384", 48, "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973"),
    ("sha512", 64, "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"),
]

# RFC 2202 3 (HMAC-SHA-1).
RFC2202 = [
    (1, b"\x0b" * 20, b"Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"),
    (2, b"Jefe", b"what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
    (3, b"\xaa" * 20, b"\xdd" * 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
    (4, H("0102030405060708090a0b0c0d0e0f10111213141516171819"), b"\xcd" * 50,
     "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
    (6, b"\xaa" * 80, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
    (7, b"\xaa" * 80, b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
     "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
]

# RFC 3602 4, cases 1, 2, 4: (key, iv, plaintext, ciphertext).
RFC3602 = [
    ("06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41", b"Single block msg",
     "e353779c1079aeb82708942dbe77181a"),
    ("c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58", H(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
     "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1"),
    ("56e47a38c5598974bc46903dba290349", "8ce82eefbea0da3c44699ed7db51b7d9", H(
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"),
     "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
     "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55"),
]

# RFC 3602 ESP packet cases 5-8: (key, payload, next header, packet = SPI|Seq|IV|ciphertext).
RFC3602_ESP = [
    ("90d382b410eeba7ad938c46cec1a82bf",
     "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
     "202122232425262728292a2b2c2d2e2f3031323334353637", 1,
     "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849"
     "a4870b66cc6b9965330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c"
     "538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6"),
    ("90d382b410eeba7ad938c46cec1a82bf", "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
     1,
     "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109"
     "689bb379d2d750c0d915dca346a89f75"),
    ("0123456789abcdef0123456789abcdef",
     "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b"
     "0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233"
     "34353637", 4,
     "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c"
     "237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b"
     "8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d"),
    ("0123456789abcdef0123456789abcdef",
     "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffff"
     "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 4,
     "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048f"
     "e45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de"
     "435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892"),
]

GCM_PLAIN = H("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf"
              "0e2449a6b525b16aedf5aa0de657ba637b391aafd255")
GCM_AAD = H("feedfacedeadbeeffeedfacedeadbeefabaddad2")

# McGrew & Viega GCM cases 3, 4, 15, 16 (IV split as salt | 8-octet IV); RFC 8439 2.8.2.
AEAD = [
    ("GCM 3", "aes128gcm16", "feffe9928665731c6d6a8f9467308308cafebabe", "facedbaddecaf888", b"",
     GCM_PLAIN,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
     "1ba30b396a0aac973d58e091473f59854d5c2af327cd64a62cf35abd2ba6fab4"),
    ("GCM 4", "aes128gcm16", "feffe9928665731c6d6a8f9467308308cafebabe", "facedbaddecaf888",
     GCM_AAD, GCM_PLAIN[:60],
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
     "1ba30b396a0aac973d58e0915bc94fbc3221a5db94fae95ae7121a47"),
    ("GCM 15", "aes256gcm16",
     "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308cafebabe", "facedbaddecaf888",
     b"", GCM_PLAIN,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
     "c5f61e6393ba7a0abcc9f662898015adb094dac5d93471bdec1a502270e3cc6c"),
    ("GCM 16", "aes256gcm16",
     "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308cafebabe", "facedbaddecaf888",
     GCM_AAD, GCM_PLAIN[:60],
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
     "c5f61e6393ba7a0abcc9f66276fc6ece0f4e1768cddf8853bb2d551b"),
    ("RFC 8439 2.8.2", "chacha20poly1305",
     "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f07000000", "4041424344454647",
     H("50515253c0c1c2c3c4c5c6c7"),
     b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
     b"sunscreen would be it.",
     "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
     "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
     "3ff4def08e4b7a9de576d26586cec64b61161ae10b594f09e26a7e902ecbd0600691"),
]

# draft-mcgrew-gcm-test-01 4, first packet (ESN high 0x87654321, seq low 0).
MCGREW_ESP = dict(
    key=H("4c80cdefbb5d10da906ac73c3613a6342e443b68"), header=H("0000432100000000"),
    seq_high=0x87654321, iv=H("4956ed7e3b244cfe"),
    plain=H("45000048699a000080114db7c0a80102c0a801010a9bf15638d301000001000000000000"
            "045f736970045f756470037369700963796265726369747902646b000021000101020201"),
    sealed=H("fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34cfa2436f14a3f3cf"
             "65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce61bc17d768fd9732459018148f6cbe72"
             "2fd04796562dfdb4"))

# RFC 7634 Appendix A ESP example (plaintext with padding 01 02, pad length 2, next header 4).
RFC7634_ESP = dict(
    key=H("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3"),
    header=H("0102030400000005"), iv=H("1011121314151617"),
    plain=H("45000054a6f200004001e778c6336405c000020508005b7a3a080000553bec100007362708090a0b"
            "0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334"
            "35363701020204"),
    sealed=H("24039428b97f417e3c13753a4f05087b67c352e6a7fab1b982d466ef407ae5c614ee8099d52844eb"
             "61aa95dfab4c02f72aa71e7c4c4f64c9befe2facc638e8f3cbec163fac469b502773f6fb94e664da"
             "9165b82829f641e076aaa8266b7fb0f7b11b369907e1ad43"))

# aes128-sha256 ESP packet with ESN high 1, computed independently by tests/crypto/gen-vectors.py.
CBC_HMAC_ESP = dict(
    enc_key=H("202122232425262728292a2b2c2d2e2f"),
    integ_key=H("303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f"),
    spi=0xC0FFEE01, seq=(1 << 32) | 7, iv=H("e0e1e2e3e4e5e6e7e8e9eaebecedeeef"),
    payload=b"IPsec Lab ESP packet", next_header=4,
    packet=H("c0ffee0100000007e0e1e2e3e4e5e6e7e8e9eaebecedeeef817d25e8876acff7c2894a5c3ca1ed52"
             "f3bc73dc36f295c74ce483bfc8160fbb8465951d0262f4911c5b8bc0b96051e2"))

# RFC 5903 8/9 (ECP-256/384) and RFC 7748 6.1 (X25519): (group, i, g^i, r, g^r, g^ir).
DH = [
    ("ecp256", "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
     "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
     "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
     "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
     "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
     "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
     "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"),
    ("ecp384",
     "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194",
     "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa"
     "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c",
     "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc",
     "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571"
     "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c",
     "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746"),
    ("x25519", "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
     "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
     "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
     "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
     "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"),
]

# Every ESP transform: (proposal, enc key, integ key, iv, block, icv) sizes.
ESP_TRANSFORMS = [
    ("aes128gcm16", 20, 0, 8, 4, 16), ("aes256gcm16", 36, 0, 8, 4, 16),
    ("chacha20poly1305", 36, 0, 8, 4, 16), ("aes128-sha1", 16, 20, 16, 16, 12),
    ("aes128-sha256", 16, 32, 16, 16, 16), ("aes256-sha384", 32, 48, 16, 16, 24),
    ("aes256-sha512", 32, 64, 16, 16, 32), ("null-sha256", 0, 32, 0, 4, 16),
    ("null-sha1", 0, 20, 0, 4, 12),
]

AH_ALGORITHMS = [("sha1", 20, 12), ("sha256", 32, 16), ("sha384", 48, 24), ("sha512", 64, 32)]
