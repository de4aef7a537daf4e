"""Published vectors through the Python API: HMAC, AES-CBC, AEAD, ESP transforms, DH, IKE keys."""

import pytest

import ipseclab
from vectors import (AEAD, CBC_HMAC_ESP, DH, MCGREW_ESP, RFC2202, RFC3602, RFC3602_ESP,
                     RFC4231, RFC4868_ICV, RFC7634_ESP, H)


@pytest.mark.parametrize("case", RFC4231, ids=lambda c: f"rfc4231-{c[0]}")
def test_rfc4231_hmac_through_prf(case):
    _, key, data, *digests = case
    for prf, want in zip(("prfsha256", "prfsha384", "prfsha512"), digests):
        got = ipseclab.Prf(prf).compute(key, data)
        assert got[: len(want) // 2].hex() == want


@pytest.mark.parametrize("name,key_size,icv", RFC4868_ICV)
def test_rfc4868_truncated_icv(name, key_size, icv):
    integ = ipseclab.Integrity(name, b"\x0b" * key_size)
    assert integ.compute(b"Hi There").hex() == icv
    assert integ.compute([b"Hi ", bytearray(b"There")]).hex() == icv  # parts
    assert integ.verify(memoryview(b"Hi There"), bytes.fromhex(icv))
    full = integ.compute_full(b"Hi There")
    assert len(full) == integ.algorithm.full_size and full[: integ.icv_size].hex() == icv


@pytest.mark.parametrize("case", RFC2202, ids=lambda c: f"rfc2202-{c[0]}")
def test_rfc2202_sha1(case):
    _, key, data, digest = case
    assert ipseclab.Prf("prfsha1").compute(key, data).hex() == digest
    if len(key) == 20:
        assert ipseclab.Integrity("sha1", key).compute(data).hex() == digest[:24]


def test_integrity_rejects_every_flipped_bit():
    integ = ipseclab.Integrity("sha256", b"\x11" * 32)
    icv = integ.compute(b"payload")
    for bit in range(len(icv) * 8):
        bad = bytearray(icv)
        bad[bit // 8] ^= 1 << (bit % 8)
        assert not integ.verify(b"payload", bad)
    assert not integ.verify(b"payload", icv[:15])
    assert not integ.verify(b"Payload", icv)


@pytest.mark.parametrize("key,iv,plain,cipher", RFC3602)
def test_rfc3602_cbc(key, iv, plain, cipher):
    cbc = ipseclab.CbcCipher("aes128", H(key))
    assert cbc.encrypt(H(iv), plain).hex() == cipher
    assert cbc.decrypt(H(iv), H(cipher)) == plain


@pytest.mark.parametrize("key,payload,next_header,packet", RFC3602_ESP)
def test_rfc3602_esp_packets(key, payload, next_header, packet):
    """Cases 5-8 are confidentiality-only ESP: the codec must rebuild them exactly."""
    packet = H(packet)
    esp = ipseclab.EspTransform.confidentiality_only("aes128", H(key))
    spi, seq = ipseclab.esp_peek_header(packet)
    built = ipseclab.esp_seal(esp, spi=spi, seq=seq, payload=H(payload),
                              next_header=next_header, iv=packet[8:24])
    assert built == packet
    opened = ipseclab.esp_open(esp, packet=packet)
    assert opened.ok and opened.payload == H(payload) and opened.next_header == next_header


@pytest.mark.parametrize("case", AEAD, ids=lambda c: c[0])
def test_aead_vectors(case):
    _, name, key, iv, aad, plain, expected = case
    aead = ipseclab.AeadCipher(name, H(key))
    ct, tag = aead.seal(H(iv), plain, aad)
    assert (ct + tag).hex() == expected
    assert aead.open(H(iv), ct, tag, aad) == plain
    if len(aad) > 4:
        assert aead.open(H(iv), ct, tag, [aad[:4], aad[4:]]) == plain
    bad_tag = tag[:-1] + bytes([tag[-1] ^ 0x80])
    assert aead.open(H(iv), ct, bad_tag, aad) is None
    assert aead.open(H(iv), bytes([ct[0] ^ 1]) + ct[1:], tag, aad) is None
    assert aead.open(H(iv), ct, tag, aad + b"\0") is None


def test_mcgrew_gcm_esp_packet_with_esn():
    v = MCGREW_ESP
    esp = ipseclab.EspTransform("aes128gcm16", v["key"])
    ct, icv = esp.seal(v["header"], v["iv"], v["plain"], seq_high=v["seq_high"])
    assert ct + icv == v["sealed"]
    assert esp.open(v["header"], v["iv"], ct, icv, seq_high=v["seq_high"]) == v["plain"]
    assert esp.open(v["header"], v["iv"], ct, icv) is None  # ESN high half missing
    # Through the codec: the plaintext's trailer says pad length and next header.
    plain = v["plain"]
    payload = plain[: len(plain) - 2 - plain[-2]]
    packet = ipseclab.esp_seal("aes128gcm16", v["key"], spi=0x4321, seq=v["seq_high"] << 32,
                               esn=True, payload=payload, next_header=plain[-1], iv=v["iv"])
    assert packet == v["header"] + v["iv"] + v["sealed"]


def test_rfc7634_esp_example():
    v = RFC7634_ESP
    esp = ipseclab.EspTransform("chacha20poly1305", v["key"])
    assert (esp.iv_size, esp.block_size, esp.icv_size, esp.is_aead) == (8, 4, 16, True)
    ct, icv = esp.seal(v["header"], v["iv"], v["plain"])
    assert ct + icv == v["sealed"]
    packet = ipseclab.esp_seal("chacha20poly1305", v["key"], spi=0x01020304, seq=5,
                               payload=v["plain"][:-4], next_header=4, iv=v["iv"])
    assert packet == v["header"] + v["iv"] + v["sealed"]


def test_cbc_hmac_esp_packet_with_esn():
    v = CBC_HMAC_ESP
    rng = ipseclab.FixedRandomSource(v["iv"])
    packet = ipseclab.esp_seal("aes128-sha256", v["enc_key"], integ_key=v["integ_key"],
                               spi=v["spi"], seq=v["seq"], esn=True, payload=v["payload"],
                               next_header=v["next_header"], iv=rng.get(16))
    assert packet == v["packet"]
    assert rng.remaining == 0
    opened = ipseclab.esp_open("aes128-sha256", v["enc_key"], integ_key=v["integ_key"],
                               packet=packet, seq_high=1)
    assert opened.ok and opened.payload == v["payload"]
    assert ipseclab.esp_open("aes128-sha256", v["enc_key"], integ_key=v["integ_key"],
                             packet=packet).status == "icv-failure"


@pytest.mark.parametrize("group,i,gi,r,gr,gir", DH, ids=lambda v: v if isinstance(v, str) and
                         len(v) < 10 else "")
def test_dh_published_vectors(group, i, gi, r, gr, gir):
    a = ipseclab.DhGroup.from_private_key(group, H(i))
    b = ipseclab.DhGroup.from_private_key(group, H(r))
    assert a.public_value.hex() == gi and b.public_value.hex() == gr
    assert a.compute_shared_secret(H(gr)).hex() == gir
    assert b.compute_shared_secret(H(gi)).hex() == gir
    assert a.private_key.hex() == i and a.info.name == group


@pytest.mark.parametrize("group", ["modp2048", "ecp256", "ecp384", "x25519", "curve25519"])
def test_dh_agreement_and_reproducibility(group):
    a = ipseclab.DhGroup.from_seed(group, 1)
    b = ipseclab.DhGroup.create(group, ipseclab.SeededRandomSource(2))
    assert ipseclab.DhGroup.from_seed(group, 1).public_value == a.public_value
    assert len(a.public_value) == a.info.public_size
    s = a.compute_shared_secret(b.public_value)
    assert s == b.compute_shared_secret(a.public_value) and len(s) == a.info.shared_size
    again = ipseclab.DhGroup.from_private_key(group, a.private_key)
    assert again.public_value == a.public_value


def test_random_sources():
    assert ipseclab.SeededRandomSource(5).get(40) == ipseclab.SeededRandomSource(5).get(40)
    assert ipseclab.SeededRandomSource(b"seed").get(8) != ipseclab.SeededRandomSource(5).get(8)
    words = iter([0x01020304, 0x05060708])
    assert ipseclab.FunctionRandomSource(lambda: next(words)).get(6) == bytes(range(1, 7))
    fixed = ipseclab.FixedRandomSource(b"abc")
    assert fixed.get(2) == b"ab" and fixed.remaining == 1
    with pytest.raises(ipseclab.CryptoError, match="exhausted"):
        fixed.get(2)


# IKEv2 key schedule: values from tests/crypto/gen-vectors.py (Python hmac/hashlib).
NI, NR = bytes(range(0x10, 0x30)), bytes(range(0x40, 0x60))
GIR, SPI_I, SPI_R = b"\xa5" * 32, H("0011223344556677"), H("8899aabbccddeeff")


def test_prf_plus_is_chained_prf_blocks():
    prf, key, seed = ipseclab.Prf("prfsha256"), b"\x0b" * 32, b"seed"
    t1 = prf.compute(key, [seed, b"\x01"])
    t2 = prf.compute(key, [t1, seed, b"\x02"])
    t3 = prf.compute(key, [t2, seed, b"\x03"])
    assert ipseclab.prf_plus(prf, key, seed, 96) == t1 + t2 + t3
    assert ipseclab.prf_plus("prfsha256", key, seed, 70) == (t1 + t2 + t3)[:70]
    assert len(ipseclab.prf_plus(prf, key, seed, 255 * 32)) == 255 * 32
    with pytest.raises(ipseclab.CryptoError, match="255"):
        ipseclab.prf_plus(prf, key, seed, 255 * 32 + 1)


def test_ike_sa_keys():
    lengths = ipseclab.KeyLengths.for_ike("aes128-sha256-x25519")
    k = ipseclab.derive_ike_sa_keys("prfsha256", NI, NR, GIR, SPI_I, SPI_R, lengths)
    assert k.skeyseed_input == NI + NR
    assert k.skeyseed.hex() == "ec1e7d09e575f224df18fd2b8e4be755f7865b7917a24b28202c0f13a918fc8e"
    assert k.prf_plus_seed == NI + NR + SPI_I + SPI_R
    assert k.keymat.hex().startswith("6c2f94cf3630efc0171b5b2e1a6c9aa56d9c7f8d5af47bd52fc3462cfd")
    assert k.keymat.hex().endswith("034884ab53551c8d91317898c9632714")
    assert k.sk_d + k.sk_ai + k.sk_ar + k.sk_ei + k.sk_er + k.sk_pi + k.sk_pr == k.keymat
    assert (len(k.sk_d), len(k.sk_ai), len(k.sk_ei), len(k.sk_pr)) == (32, 32, 16, 32)
    d = ipseclab.as_dict(k)
    assert set(d) >= {"skeyseed", "sk_d", "sk_ai", "sk_ar", "sk_ei", "sk_er", "sk_pi", "sk_pr"}


def test_aead_ike_sa_has_no_integrity_keys():
    proposal = ipseclab.parse_ike_proposal("aes256gcm16-prfsha384-ecp384")
    prf = ipseclab.Prf(proposal.prf.name)
    k = ipseclab.derive_ike_sa_keys(prf, NI, NR, GIR, SPI_I, SPI_R,
                                    ipseclab.KeyLengths.for_ike(str(proposal)))
    assert k.sk_ai == b"" and k.sk_ar == b"" and len(k.sk_ei) == 36 and len(k.sk_d) == 48


def test_child_sa_keys():
    ike = ipseclab.derive_ike_sa_keys("prfsha256", NI, NR, GIR, SPI_I, SPI_R, (16, 32))
    c = ipseclab.derive_child_sa_keys("prfsha256", ike.sk_d, NI, NR,
                                      ipseclab.KeyLengths.for_esp("aes128gcm16"))
    assert c.keymat.hex() == ("447a29c9f169cf3091c4ee4d73734eac8a7440261bd0a3bf11874e396eb47415"
                              "1d5f9932553a908f")
    assert c.encryption_initiator == c.keymat[:20] and c.encryption_responder == c.keymat[20:]
    assert c.integrity_initiator == b""
    gir2 = b"\x5a" * 32
    pfs = ipseclab.derive_child_sa_keys("prfsha256", ike.sk_d, NI, NR, (16, 32), gir=gir2)
    assert pfs.seed == gir2 + NI + NR
    assert pfs.keymat.hex().startswith("06ac7cd278c2f4576ba6522045def3e3")
    assert (pfs.encryption_initiator + pfs.integrity_initiator + pfs.encryption_responder
            + pfs.integrity_responder) == pfs.keymat


def test_rekeyed_ike_sa():
    prf = ipseclab.Prf("prfsha256")
    old = ipseclab.derive_ike_sa_keys(prf, NI, NR, GIR, SPI_I, SPI_R, (16, 32))
    gir2 = b"\x5a" * 32
    k = ipseclab.derive_rekeyed_ike_sa_keys(prf, old.sk_d, prf, NI, NR, gir2, SPI_I, SPI_R,
                                            (16, 32))
    assert k.skeyseed_input == gir2 + NI + NR
    assert k.skeyseed.hex() == "4d292f4eb965cccc1a237c0ede6d0207f2d5467045fb805b6db563f3cf45427a"
    assert k.keymat == ipseclab.prf_plus(prf, k.skeyseed, k.prf_plus_seed, len(k.keymat))


def test_shared_key_auth():
    prf = ipseclab.Prf("prfsha256")
    ike = ipseclab.derive_ike_sa_keys(prf, NI, NR, GIR, SPI_I, SPI_R, (16, 32))
    real, rest_of_id = bytes(range(64)), H("01000000c0000201")
    a = ipseclab.compute_shared_key_auth(prf, b"lab-secret", real, NR, ike.sk_pi, rest_of_id)
    assert a.auth.hex() == "ee8fd5b6723bac59ba9b2fd01bdf53c99e64507e1525077a7b315663677ad543"
    assert a.signed_octets == ipseclab.build_signed_octets(prf, real, NR, ike.sk_pi, rest_of_id)
    assert a.signed_octets == real + NR + a.maced_id
    assert a.key_pad_key == prf.compute(b"lab-secret", b"Key Pad for IKEv2")
