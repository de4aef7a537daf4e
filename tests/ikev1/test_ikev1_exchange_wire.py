"""tshark judges the IKEv1 exchanges (ctest ikev1-exchange-judges).

ikev1-exchange-fixture runs Main Mode + Quick Mode (PFS, client IDs) and Aggressive Mode +
Quick Mode between two in-memory peers; tshark, given only ikev1_decryption_table, must decrypt
every encrypted message (MM5, MM6, AM3, QM1..QM3) and show the HASHes the peers computed.
"""
import os
import shutil
import subprocess

import pytest

scapy_all = pytest.importorskip("scapy.all")
FIXTURE = os.environ.get("IKEV1_EXCHANGE_FIXTURE")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    if not FIXTURE:
        pytest.fail("IKEV1_EXCHANGE_FIXTURE not set (run through ctest)")
    out = tmp_path_factory.mktemp("ikev1x")
    subprocess.run([FIXTURE, str(out)], check=True)
    result = {}
    for mode in ("main", "aggressive"):
        d = out / mode
        messages = [(l.split()[0], bytes.fromhex(l.split()[1]))
                    for l in (d / "messages.txt").read_text().splitlines()]
        values = {k: bytes.fromhex(v) for k, v in
                  (l.split() for l in (d / "values.txt").read_text().splitlines())}
        packets = []
        for who, wire in messages:
            src, dst = ("192.0.2.1", "192.0.2.2") if who == "i" else ("192.0.2.2", "192.0.2.1")
            packets.append(scapy_all.IP(src=src, dst=dst) / scapy_all.UDP(sport=500, dport=500)
                           / scapy_all.Raw(wire))
        scapy_all.wrpcap(str(d / "ike.pcap"), packets)
        (d / "wireshark").mkdir()
        shutil.copy(d / "ikev1_decryption_table", d / "wireshark" / "ikev1_decryption_table")
        env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(d / "wireshark"))
        text = subprocess.run(["tshark", "-r", str(d / "ike.pcap"), "-V"], env=env,
                              capture_output=True, text=True, check=True).stdout
        result[mode] = (messages, values, text.split("\nFrame "))
    return result


def hash_line(value):
    return "Hash DATA: " + value.hex()


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")
def test_main_and_quick_mode_decrypt(runs):
    messages, values, frames = runs["main"]
    assert len(messages) == 9 and len(frames) == 9
    assert all("Malformed" not in f for f in frames)
    mm5, mm6, qm1, qm2, qm3 = frames[4:]
    assert "ID_IPV4_ADDR: 192.0.2.1" in mm5 and hash_line(values["HASH_I"]) in mm5
    assert "ID_IPV4_ADDR: 192.0.2.2" in mm6 and hash_line(values["HASH_R"]) in mm6
    assert hash_line(values["HASH_1_"]) in qm1 and qm1.count("ID_IPV4_SUBNET") >= 2
    assert "Key Exchange" in qm1 and "Key Exchange" in qm2  # PFS
    assert hash_line(values["HASH_2_"]) in qm2 and "c2000002" in qm2.lower()
    assert hash_line(values["HASH_3_"]) in qm3


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")
def test_aggressive_mode_decrypts(runs):
    messages, values, frames = runs["aggressive"]
    assert len(messages) == 6 and len(frames) == 6
    assert all("Malformed" not in f for f in frames)
    am2, am3 = frames[1], frames[2]
    assert "Aggressive" in am2 and hash_line(values["HASH_R"]) in am2  # in the clear
    assert hash_line(values["HASH_I"]) in am3
    assert hash_line(values["HASH_3_"]) in frames[5]
