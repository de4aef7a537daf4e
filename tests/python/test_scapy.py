"""scapy as an independent judge: it decrypts/verifies what ipseclab builds, and vice versa."""

import logging

import pytest

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
scapy_ipsec = pytest.importorskip("scapy.layers.ipsec")
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.ipsec import AH, ESP, SecurityAssociation  # noqa: E402
from scapy.packet import Raw  # noqa: E402

import ipseclab  # noqa: E402

SRC, DST = "192.0.2.1", "192.0.2.2"
INNER = bytes(UDP(sport=4000, dport=5000) / Raw(b"judged by scapy"))

# (our proposal, scapy crypt_algo, scapy auth_algo, enc key size, integ key size, iv size)
ESP_CASES = [
    ("aes128gcm16", "AES-GCM", None, 20, 0, 8),
    ("aes256gcm16", "AES-GCM", None, 36, 0, 8),
    ("chacha20poly1305", "CHACHA20-POLY1305", None, 36, 0, 8),
    ("aes128-sha1", "AES-CBC", "HMAC-SHA1-96", 16, 20, 16),
    ("aes128-sha256", "AES-CBC", "SHA2-256-128", 16, 32, 16),
    ("aes256-sha512", "AES-CBC", "SHA2-512-256", 32, 64, 16),
    ("null-sha256", "NULL", "SHA2-256-128", 0, 32, 0),
]


def scapy_sa(crypt, auth, enc_key, integ_key, spi, esn=False, esn_high=0):
    return SecurityAssociation(ESP, spi=spi, crypt_algo=crypt, crypt_key=enc_key or None,
                               auth_algo=auth, auth_key=integ_key or None, esn_en=esn,
                               esn=esn_high)


def ids(case):
    return case[0]


@pytest.mark.parametrize("case", ESP_CASES, ids=ids)
def test_scapy_decrypts_our_esp(case):
    proposal, crypt, auth, enc_size, integ_size, iv_size = case
    rng = ipseclab.SeededRandomSource(11)
    enc_key, integ_key, iv = rng.get(enc_size), rng.get(integ_size), rng.get(iv_size)
    esp = ipseclab.esp_seal(proposal, enc_key, integ_key=integ_key, spi=0x1001, seq=7,
                            payload=INNER, next_header=17, iv=iv)
    wire = IP(bytes(IP(src=SRC, dst=DST, proto=50) / Raw(esp)))
    assert wire.haslayer(ESP) and wire[ESP].spi == 0x1001 and wire[ESP].seq == 7
    plain = scapy_sa(crypt, auth, enc_key, integ_key, 0x1001).decrypt(wire)
    assert bytes(plain[UDP]) == INNER


@pytest.mark.parametrize("case", ESP_CASES, ids=ids)
def test_we_open_scapy_esp(case):
    proposal, crypt, auth, enc_size, integ_size, _ = case
    rng = ipseclab.SeededRandomSource(12)
    enc_key, integ_key = rng.get(enc_size), rng.get(integ_size)
    sa = scapy_sa(crypt, auth, enc_key, integ_key, 0x2002)
    sa.seq_num = 42
    original = IP(bytes(IP(src=SRC, dst=DST) / UDP(sport=4000, dport=5000) / Raw(b"x" * 33)))
    sealed = sa.encrypt(original)
    packet = bytes(sealed[ESP])
    assert ipseclab.esp_peek_header(packet) == (0x2002, 42)
    opened = ipseclab.esp_open(proposal, enc_key, integ_key=integ_key, packet=packet)
    assert opened.ok and opened.next_header == 17
    assert opened.payload == bytes(original[UDP])
    tampered = bytearray(packet)
    tampered[-1] ^= 1
    assert ipseclab.esp_open(proposal, enc_key, integ_key=integ_key,
                             packet=tampered).status == "icv-failure"


def test_scapy_esn_aead():
    """ESN with AES-GCM (scapy 2.5 puts the high half in the AAD; for HMAC it never adds it,
    so CBC+HMAC with ESN cannot be judged by scapy)."""
    enc_key = bytes(range(20))
    seq = (5 << 32) | 3
    esp = ipseclab.esp_seal("aes128gcm16", enc_key, spi=9, seq=seq, esn=True, payload=INNER,
                            next_header=17, iv=seq.to_bytes(8, "big"))
    raw = bytes(IP(src=SRC, dst=DST, proto=50) / Raw(esp))
    sa = scapy_sa("AES-GCM", None, enc_key, b"", 9, esn=True, esn_high=5)
    assert bytes(sa.decrypt(IP(raw))[UDP]) == INNER
    with pytest.raises(scapy_ipsec.IPSecIntegrityError):
        scapy_sa("AES-GCM", None, enc_key, b"", 9, esn=True, esn_high=6).decrypt(IP(raw))


@pytest.mark.parametrize("proposal,auth,key_size", [
    ("sha1", "HMAC-SHA1-96", 20), ("sha256", "SHA2-256-128", 32),
    ("sha384", "SHA2-384-192", 48), ("sha512", "SHA2-512-256", 64)])
def test_scapy_verifies_our_ah(proposal, auth, key_size):
    key = ipseclab.SeededRandomSource(13).get(key_size)
    datagram = ipseclab.ah_ipv4_packet(
        proposal, key, outer=dict(src=SRC, dst=DST, identification=0x4242, ttl=17, tos=0x10),
        spi=0x3003, seq=9, payload=INNER, next_header=17)
    wire = IP(datagram)
    assert wire.haslayer(AH) and wire[AH].spi == 0x3003
    sa = SecurityAssociation(AH, spi=0x3003, auth_algo=auth, auth_key=key)
    assert bytes(IP(bytes(sa.decrypt(wire)))[UDP]) == INNER  # raises IPSecIntegrityError on a bad ICV
    bad = bytearray(datagram)
    bad[-1] ^= 1
    with pytest.raises(scapy_ipsec.IPSecIntegrityError):
        sa.decrypt(IP(bytes(bad)))


def test_we_verify_scapy_ah():
    key = bytes(range(32))
    sa = SecurityAssociation(AH, spi=0x3004, auth_algo="SHA2-256-128", auth_key=key)
    sa.seq_num = 5
    original = IP(bytes(IP(src=SRC, dst=DST, id=77, ttl=30) / UDP(sport=1, dport=2)
                        / Raw(b"ah from scapy")))
    sealed = IP(bytes(sa.encrypt(original)))
    outer = ipseclab.Ipv4Fields.from_bytes(bytes(sealed))
    opened = ipseclab.ah_open("sha256", key, outer=outer, packet=bytes(sealed)[20:])
    assert opened.ok and opened.next_header == 17
    assert opened.payload == bytes(original[UDP])
    outer.identification ^= 1
    assert ipseclab.ah_open("sha256", key, outer=outer, packet=bytes(sealed)[20:]).status == \
        "icv-failure"
