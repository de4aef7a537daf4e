"""Captures made by another implementation: scapy builds ESP (AES-CBC + HMAC-SHA-256, AES-GCM)
and AH (HMAC-SHA-1) with known keys, on Ethernet, Linux cooked and raw-IP link types, in pcap
and pcapng, with a replay, a tampered packet and one left of the window. `explain` must give
every verdict a receiver with that window would, and name the SPI it has no key for."""
import json
import os
import pathlib
import subprocess

import pytest
from scapy.all import Ether, wrpcap, wrpcapng
from scapy.layers.inet import IP, UDP
from scapy.layers.ipsec import AH, ESP, SecurityAssociation
from scapy.layers.l2 import CookedLinux

BUILD = pathlib.Path(os.environ.get("IPSECLAB_BUILD_DIR", "build")).resolve()
EXPLAIN = BUILD / "scenarios" / "explain" / "explain"
A, B = "198.51.100.1", "198.51.100.2"
CBC_KEY, HMAC_KEY = bytes(range(16)), bytes(range(32, 64))
GCM_KEY = bytes(range(100, 120))  # 16-octet key and 4-octet salt (RFC 4106)
AH_KEY = bytes(range(1, 21))

# The sequence numbers sent on each SA; (sn, tamper). Window 4: 3 again is a replay, 6 is
# tampered (ICV fails, the window stays), 2 after 7 is left of the window.
SEQUENCE = [(1, False), (2, False), (3, False), (3, False), (5, False), (6, True), (7, False),
            (2, False)]


def packets(link):
    cbc = SecurityAssociation(ESP, spi=0x1000, crypt_algo="AES-CBC", crypt_key=CBC_KEY,
                              auth_algo="SHA2-256-128", auth_key=HMAC_KEY)
    gcm = SecurityAssociation(ESP, spi=0x2000, crypt_algo="AES-GCM", crypt_key=GCM_KEY)
    ah = SecurityAssociation(AH, spi=0x3000, auth_algo="HMAC-SHA1-96", auth_key=AH_KEY)
    nokey = SecurityAssociation(ESP, spi=0x4000, crypt_algo="AES-CBC", crypt_key=CBC_KEY,
                                auth_algo="SHA2-256-128", auth_key=HMAC_KEY)
    out = []
    for sa, src, dst in ((cbc, A, B), (gcm, B, A), (ah, A, B), (nokey, A, B)):
        for sn, tamper in SEQUENCE:
            inner = IP(src=src, dst=dst, id=sn) / UDP(sport=1000 + sn, dport=9) / (b"x" * 40)
            p = sa.encrypt(inner, seq_num=sn)
            raw = bytearray(bytes(p))
            if tamper:
                raw[-1] ^= 0x01  # last octet of the ICV... or of the payload for AH
            ip = IP(bytes(raw))
            out.append(link(ip))
    return out


def key_dir(tmp_path):
    d = tmp_path / "keys"
    d.mkdir()
    (d / "esp_sa").write_text(
        f'"IPv4","{A}","{B}","0x00001000","AES-CBC [RFC3602]","0x{CBC_KEY.hex()}",'
        f'"HMAC-SHA-256-128 [RFC4868]","0x{HMAC_KEY.hex()}"\n'
        f'"IPv4","*","*","0x00002000","AES-GCM with 16 octet ICV [RFC4106]",'
        f'"0x{GCM_KEY.hex()}","NULL",""\n')
    # Wireshark has no AH table: AH keys come as the lab's own sad/install event.
    (d / "events.jsonl").write_text(json.dumps({
        "v": 1, "seq": 0, "t": 0.0, "node": 0, "node_name": "", "layer": "sad",
        "kind": "install", "spi": 0x3000, "direction": "inbound", "protocol": "ah",
        "mode": "tunnel", "algorithms": {"integrity": "sha1"}, "lifetimes": {},
        "integrity_key": AH_KEY.hex(), "encryption_key": ""}) + "\n")
    return d


LINKS = {
    "ethernet-pcapng": (lambda ip: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / ip,
                        wrpcapng),
    "cooked-pcap": (lambda ip: CookedLinux(pkttype=0, lladdrtype=1, lladdrlen=6, proto=0x0800)
                    / ip, lambda path, pkts: wrpcap(path, pkts, linktype=113)),
    "raw-pcap": (lambda ip: ip, lambda path, pkts: wrpcap(path, pkts, linktype=101)),
}


@pytest.mark.parametrize("link", sorted(LINKS))
def test_scapy_capture(tmp_path, link):
    make, write = LINKS[link]
    pcap = tmp_path / "scapy.cap"
    write(str(pcap), packets(make))
    out = tmp_path / "out"
    r = subprocess.run([str(EXPLAIN), str(pcap), "--keys", str(key_dir(tmp_path)),
                        "--replayWindow", "4", "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text())
    spis = {s["spi"]: s for s in summary["spis"]}
    for spi in (0x1000, 0x2000, 0x3000):
        s = spis[spi]
        assert s["packets"] == 8
        assert (s["icv_ok"], s["icv_failed"], s["replayed"], s["too_old"]) == (5, 1, 1, 1), s
        assert s["window"] == 4 and s["window_assumed"]
    assert spis[0x4000]["key"] == "" and spis[0x4000]["packets"] == 8
    assert any("0x00004000" in m for m in summary["missing_keys"])
    evs = [json.loads(line) for line in (out / "events.jsonl").open()]
    failed = [(e["spi"], e["sn"]) for e in evs if e["kind"] == "decap" and not e["icv_ok"]]
    assert sorted(failed) == [(0x1000, 6), (0x2000, 6), (0x3000, 6)]
    drops = sorted((e["spi"], e["sn"], e["reason"]) for e in evs if e["kind"] == "drop")
    assert drops == sorted([(s, 3, "replayed") for s in (0x1000, 0x2000, 0x3000)] +
                           [(s, 6, "icv-failure") for s in (0x1000, 0x2000, 0x3000)] +
                           [(s, 2, "too-old") for s in (0x1000, 0x2000, 0x3000)])
    # Transport mode (no tunnel header given to scapy): the decrypted payload is the UDP segment.
    plain = [e for e in evs if e["kind"] == "decap" and e["spi"] == 0x1000 and e["icv_ok"]]
    assert UDP(bytes.fromhex(plain[0]["plaintext"])).sport == 1001
    assert plain[0]["mode"] == "transport" and plain[0]["next_header"] == 17
