"""ESP and AH on bytes: round trips for every transform, tampering, ESN, traces, IPv4 header."""

import pytest

import ipseclab
from vectors import AH_ALGORITHMS, ESP_TRANSFORMS


def keys(enc, integ, seed=7):
    rng = ipseclab.SeededRandomSource(seed)
    return rng.get(enc), rng.get(integ)


@pytest.mark.parametrize("proposal,enc,integ,iv,block,icv", ESP_TRANSFORMS)
@pytest.mark.parametrize("esn", [False, True])
def test_esp_round_trip_and_tamper(proposal, enc, integ, iv, block, icv, esn):
    enc_key, integ_key = keys(enc, integ)
    seq = (3 << 32) | 9 if esn else 9
    for size in (0, 1, 13, 64, 1400):
        payload = bytes(range(256)) * 6
        payload = payload[:size]
        packet = ipseclab.esp_seal(proposal, enc_key, integ_key=integ_key, spi=0x1001, seq=seq,
                                   payload=payload, next_header=17, iv=bytes(range(iv)), esn=esn)
        assert ipseclab.esp_peek_header(packet) == (0x1001, 9)
        assert (len(packet) - 8 - iv - icv) % block == 0
        seq_high = 3 if esn else None
        opened = ipseclab.esp_open(proposal, enc_key, integ_key=integ_key, packet=packet,
                                   seq_high=seq_high)
        assert opened and opened.status == "ok"
        assert (opened.payload, opened.next_header) == (payload, 17)
        if enc and size >= 13:
            assert payload not in packet[8 + iv:]
    # One flipped bit anywhere fails (ICV failure, or malformed never happens for same length).
    transform = ipseclab.EspTransform(proposal, enc_key, integ_key)
    for bit in range(0, len(packet) * 8, 11):
        bad = bytearray(packet)
        bad[bit // 8] ^= 1 << (bit % 8)
        assert ipseclab.esp_open(transform, packet=bad, seq_high=seq_high).status == "icv-failure"
    other = None if esn else 0
    if esn:
        assert not ipseclab.esp_open(transform, packet=packet, seq_high=4)
    assert ipseclab.esp_open(transform, packet=packet, seq_high=other).status == "icv-failure"


@pytest.mark.parametrize("proposal,enc,integ,iv,block,icv", ESP_TRANSFORMS)
def test_esp_transform_object(proposal, enc, integ, iv, block, icv):
    enc_key, integ_key = keys(enc, integ)
    t = ipseclab.EspTransform(proposal, enc_key, integ_key)
    assert (t.iv_size, t.block_size, t.icv_size, t.name) == (iv, block, icv, proposal)
    assert t.is_aead == (integ == 0)
    header, plain = bytes.fromhex("1234567800000009"), bytes(block * 5)
    ct, tag = t.seal(header, bytes(iv), plain)
    assert t.open(header, bytes(iv), ct, tag) == plain
    assert t.open(header, bytes(iv), ct, bytes(len(tag))) is None


def test_esp_trace_shows_each_step():
    sealed = ipseclab.esp_seal_trace("aes128-sha1", bytes(16), integ_key=bytes(20), spi=1, seq=1,
                                     payload=b"abc", next_header=17, iv=bytes(16))
    assert sealed.plaintext == b"abc" + bytes(range(1, 12)) + b"\x0b\x11"
    assert sealed.pad_length == 11
    assert sealed.packet == bytes.fromhex("0000000100000001") + sealed.iv + sealed.ciphertext + \
        sealed.icv
    opened = ipseclab.esp_open("aes128-sha1", bytes(16), integ_key=bytes(20), packet=sealed.packet)
    assert opened.plaintext == sealed.plaintext and opened.icv == sealed.icv


def test_esp_tfc_padding_and_transform_overload():
    t = ipseclab.EspTransform("aes128gcm16", bytes(20))
    packet = ipseclab.esp_seal(t, spi=5, seq=2, payload=b"x", next_header=4, iv=bytes(8),
                               tfc_padding=10)
    opened = ipseclab.esp_open(t, packet=packet)
    assert opened.payload == b"x" + bytes(10)  # TFC stays: only the inner header knows it


def test_esp_bad_padding_and_malformed():
    # null-sha256: the trailer is readable, so corrupt it and recompute a valid ICV.
    t = ipseclab.EspTransform("null-sha256", b"", bytes(32))
    header = bytes.fromhex("0000000100000001")
    ct, icv = t.seal(header, b"", b"abcd\x01\x03\x02\x11")
    packet = header + ct + icv
    assert ipseclab.esp_open(t, packet=packet).status == "bad-padding"
    assert ipseclab.esp_open(t, packet=packet[:10]).status == "malformed"
    assert ipseclab.esp_open(t, packet=b"").status == "malformed"
    assert ipseclab.esp_peek_header(b"1234567") is None


def outer(**extra):
    fields = dict(src="192.0.2.1", dst="192.0.2.2", identification=0x1234, ttl=64, tos=0)
    fields.update(extra)
    return fields


@pytest.mark.parametrize("proposal,key_size,icv_size", AH_ALGORITHMS)
@pytest.mark.parametrize("esn", [False, True])
def test_ah_round_trip_and_tamper(proposal, key_size, icv_size, esn):
    key = ipseclab.SeededRandomSource(3).get(key_size)
    payload = b"\x00\x35\x00\x35\x00\x0c\x00\x00data"
    seq = (1 << 32) | 5 if esn else 5
    datagram = ipseclab.ah_ipv4_packet(proposal, key, outer=outer(), spi=0x2002, seq=seq,
                                       payload=payload, next_header=17, esn=esn)
    header = ipseclab.Ipv4Fields.from_bytes(datagram)
    assert (header.protocol, header.total_length) == (51, len(datagram))
    assert ipseclab.internet_checksum(datagram[:20]) == 0
    ah = datagram[20:]
    assert len(ah) == ipseclab.ah_packet_size(proposal, len(payload))
    peek = ipseclab.ah_peek_header(ah)
    assert (peek["spi"], peek["seq_low"], peek["next_header"]) == (0x2002, 5, 17)
    seq_high = 1 if esn else None
    opened = ipseclab.ah_open(proposal, key, outer=header, packet=ah, seq_high=seq_high)
    assert opened.ok and opened.payload == payload and opened.next_header == 17
    assert len(opened.icv) == icv_size and opened.received[:icv_size] == opened.icv
    # Mutable fields do not count; immutable ones and every octet of AH|payload do.
    changed = header.copy()
    changed.ttl, changed.tos, changed.checksum = 1, 0xb8, 0
    assert ipseclab.ah_open(proposal, key, outer=changed, packet=ah, seq_high=seq_high)
    changed = header.copy()
    changed.identification ^= 1
    assert not ipseclab.ah_open(proposal, key, outer=changed, packet=ah, seq_high=seq_high)
    integ = ipseclab.Integrity(proposal, key)
    for bit in range(0, len(ah) * 8, 5):
        bad = bytearray(ah)
        bad[bit // 8] ^= 1 << (bit % 8)
        assert ipseclab.ah_open(integ, outer=header, packet=bad, seq_high=seq_high).status in (
            "icv-failure", "malformed")


def test_ah_trace_icv_input():
    out = ipseclab.Ipv4Fields(outer(protocol=51, total_length=20 + 24 + 3, ttl=9, tos=4))
    sealed = ipseclab.ah_seal_trace("sha1", bytes(20), outer=out, spi=1, seq=1, payload=b"abc",
                                    next_header=6)
    assert sealed.icv_input[:20] == ipseclab.ah_immutable_ipv4_header(out)
    assert sealed.icv_input[8] == 0 and sealed.icv_input[1] == 0  # TTL and TOS zeroed
    assert sealed.icv == sealed.full_mac[:12] and sealed.packet[12:24] == sealed.icv
    assert ipseclab.Integrity("sha1", bytes(20)).compute(sealed.icv_input) == sealed.icv


def test_ipv4_fields():
    f = ipseclab.Ipv4Fields(src="10.0.0.1", dst=0x0A000002, protocol=17, total_length=28)
    assert (f.src, f.dst, f.ttl) == ("10.0.0.1", "10.0.0.2", 64)
    raw = f.to_bytes()
    assert raw[0] == 0x45 and ipseclab.internet_checksum(raw) == 0
    parsed = ipseclab.Ipv4Fields.from_bytes(raw + bytes(8))
    assert parsed.to_bytes() == raw and parsed.checksum == int.from_bytes(raw[10:12], 'big')
    assert f.to_dict()["dst"] == "10.0.0.2"
    assert ipseclab.parse_ipv4_address("1.2.3.4") == 0x01020304
    assert ipseclab.ipv4_address_to_string(0x01020304) == "1.2.3.4"
    udp = bytes.fromhex("00350035000c0000") + b"data"
    assert 0 < ipseclab.udp_checksum("10.0.0.1", "10.0.0.2", udp) <= 0xFFFF
