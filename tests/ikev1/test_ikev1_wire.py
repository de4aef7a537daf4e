"""Wire judges for the IKEv1 codec and key schedule (run by ctest as ikev1-wire-judges).

ikev1-wire-fixture writes Main Mode MM1..MM6 and Quick Mode QM1 with the key table; here scapy
wraps them in UDP/500 (and its ISAKMP layer decodes our header and payloads), tshark decrypts
MM5, MM6 and QM1 with ikev1_decryption_table alone, and Python's hmac recomputes the
encryption key and HASH_I/HASH_R/HASH(1) from the captured payloads.
"""
import hashlib
import hmac
import os
import shutil
import subprocess

import pytest

scapy_all = pytest.importorskip("scapy.all")
isakmp = pytest.importorskip("scapy.layers.isakmp")
FIXTURE = os.environ.get("IKEV1_WIRE_FIXTURE")
CKY_I = bytes.fromhex("0123456789abcdef")
CKY_R = bytes.fromhex("fedcba9876543210")


def prf(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


@pytest.fixture(scope="module")
def capture(tmp_path_factory):
    if not FIXTURE:
        pytest.fail("IKEV1_WIRE_FIXTURE not set (run through ctest)")
    out = tmp_path_factory.mktemp("ikev1")
    subprocess.run([FIXTURE, str(out)], check=True)
    messages = []
    for line in (out / "messages.txt").read_text().splitlines():
        who, hexs = line.split()
        messages.append((who, bytes.fromhex(hexs)))
    values = dict(line.split() for line in (out / "values.txt").read_text().splitlines())
    values = {k: bytes.fromhex(v) for k, v in values.items()}
    packets = []
    for who, wire in messages:
        src, dst = ("192.0.2.1", "192.0.2.2") if who == "i" else ("192.0.2.2", "192.0.2.1")
        packets.append(
            scapy_all.IP(src=src, dst=dst) / scapy_all.UDP(sport=500, dport=500) / scapy_all.Raw(wire)
        )
    scapy_all.wrpcap(str(out / "ike.pcap"), packets)
    config = out / "wireshark"
    config.mkdir()
    shutil.copy(out / "ikev1_decryption_table", config / "ikev1_decryption_table")
    return out, messages, values


def payloads(layer):
    """Scapy's payload chain below an ISAKMP header, as a list of layers."""
    found = []
    p = layer.payload
    while p is not None and not isinstance(p, scapy_all.NoPayload):
        if isinstance(p, scapy_all.Raw) or isinstance(p, scapy_all.Padding):
            break
        found.append(p)
        p = p.payload
    return found


def test_scapy_decodes_header_and_payloads(capture):
    _, messages, values = capture
    mm1 = isakmp.ISAKMP(messages[0][1])
    assert mm1.init_cookie == CKY_I and mm1.resp_cookie == bytes(8)
    assert mm1.exch_type == 2 and mm1.version == 0x10 and mm1.length == len(messages[0][1])
    sa, vid = payloads(mm1)
    assert isinstance(sa, isakmp.ISAKMP_payload_SA) and sa.DOI == 1 and sa.situation == 1
    proposal = sa.prop
    assert proposal.proto == 1 and proposal.trans_nb == 1
    transform = proposal.trans
    assert transform.id == 1  # KEY_IKE
    attrs = dict(transform.transforms)
    assert attrs == {
        "Encryption": "AES-CBC",
        "KeyLength": 128,
        "Hash": "SHA2-256",
        "Authentication": "PSK",
        "GroupDesc": "2048MODPgr",
        "LifeType": "Seconds",
        "LifeDuration": 28800,
    }
    assert isinstance(vid, isakmp.ISAKMP_payload_VendorID) and vid.load == bytes([0x5A]) * 16
    mm3 = isakmp.ISAKMP(messages[2][1])
    ke, nonce = payloads(mm3)
    assert isinstance(ke, isakmp.ISAKMP_payload_KE) and ke.load == values["gxi"]
    assert isinstance(nonce, isakmp.ISAKMP_payload_Nonce) and nonce.load == bytes([0xA1]) * 32
    mm5 = isakmp.ISAKMP(messages[4][1])
    assert mm5.flags == 1 and mm5.next_payload == 5 and mm5.length == len(messages[4][1])


def tshark(out):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(out / "wireshark"))
    return subprocess.run(
        ["tshark", "-r", str(out / "ike.pcap"), "-V"], env=env, capture_output=True, text=True,
        check=True,
    ).stdout


def frames(text):
    return text.split("\nFrame ")


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")
def test_tshark_decrypts_main_and_quick_mode(capture):
    out, _, values = capture
    text = tshark(out)
    assert "Malformed" not in text
    parts = frames(text)
    assert len(parts) == 7
    mm5, mm6, qm1 = parts[4], parts[5], parts[6]
    assert "ID_IPV4_ADDR: 192.0.2.1" in mm5 and "Hash DATA: " + values["hash_i"].hex() in mm5
    assert "ID_IPV4_ADDR: 192.0.2.2" in mm6 and "Hash DATA: " + values["hash_r"].hex() in mm6
    assert "Quick Mode" in qm1 and "Hash DATA: " + values["qm_hash1"].hex() in qm1
    assert "Encapsulation-Mode" in qm1 or "Encapsulation Mode" in qm1
    assert "c0ffee01" in qm1.lower()
    assert qm1.count("ID_IPV4_SUBNET") >= 2


def test_python_recomputes_keys_and_hashes(capture):
    """RFC 2409 §5 from the captured payloads: SKEYID_e, the key, HASH_I, HASH_R, HASH(1)."""
    _, messages, values = capture
    mm1, mm3, mm4 = (isakmp.ISAKMP(messages[i][1]) for i in (0, 2, 3))
    sai_b = bytes(payloads(mm1)[0])[4:payloads(mm1)[0].length]
    gxi, ni = (p.load for p in payloads(mm3))
    gxr, nr = (p.load for p in payloads(mm4))
    gxy = values["gxy"]
    skeyid = prf(values["psk"], ni + nr)
    d = prf(skeyid, gxy + CKY_I + CKY_R + b"\x00")
    a = prf(skeyid, d + gxy + CKY_I + CKY_R + b"\x01")
    e = prf(skeyid, a + gxy + CKY_I + CKY_R + b"\x02")
    assert e == values["skeyid_e"] and e[:16] == values["key"]
    idii_b = bytes([1, 17, 1, 244, 192, 0, 2, 1])
    idir_b = bytes([1, 17, 1, 244, 192, 0, 2, 2])
    assert prf(skeyid, gxi + gxr + CKY_I + CKY_R + sai_b + idii_b) == values["hash_i"]
    assert prf(skeyid, gxr + gxi + CKY_R + CKY_I + sai_b + idir_b) == values["hash_r"]
    # HASH(1): decrypt QM1 with the Appendix B IVs, then prf(SKEYID_a, M-ID | after HASH).
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    last_phase1 = messages[5][1][-16:]  # MM6's last ciphertext block
    mid = messages[6][1][20:24]
    qiv = hashlib.sha256(last_phase1 + mid).digest()[:16]
    dec = Cipher(algorithms.AES(values["key"]), modes.CBC(qiv)).decryptor()
    plain = dec.update(messages[6][1][28:]) + dec.finalize()
    hash_len = int.from_bytes(plain[2:4], "big")
    assert plain[4:hash_len] == values["qm_hash1"]
    chain_end = len(plain) - plain[-1] - 1
    assert prf(a, mid + plain[hash_len:chain_end]) == values["qm_hash1"]
