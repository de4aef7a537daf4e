"""Bad inputs get one clear line and exit status 2, never a crash: unreadable, truncated and
non-capture files, an unknown link type, bad key tables; wrong keys are ICV failures reported
per SPI (and IKE messages that fail their ICV), not errors."""
import json
import os
import pathlib
import struct
import subprocess

import pytest

BUILD = pathlib.Path(os.environ.get("IPSECLAB_BUILD_DIR", "build")).resolve()
EXPLAIN = BUILD / "scenarios" / "explain" / "explain"


def explain(*args):
    return subprocess.run([str(EXPLAIN), *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("s2s")
    subprocess.run([str(BUILD / "scenarios" / "site-to-site"), f"--out={out}"], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def pcap_header(linktype):
    return struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype)


@pytest.mark.parametrize("content,message", [
    (b"", "too short"),
    (b"hello, not a capture", "not a capture"),
    (pcap_header(1)[:20], "truncated capture"),
    (pcap_header(147), "unknown link type 147"),
    (pcap_header(1) + struct.pack("<IIII", 0, 0, 100, 100) + b"x" * 10, "truncated capture"),
    (b"\x0a\x0d\x0d\x0a" + b"\x00" * 8, "byte-order magic"),
])
def test_bad_capture(tmp_path, content, message):
    f = tmp_path / "bad.pcap"
    f.write_bytes(content)
    r = explain(f, "--out", tmp_path / "out")
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr and len(r.stderr.splitlines()) == 1


def test_missing_file(tmp_path):
    r = explain(tmp_path / "nothing.pcap")
    assert r.returncode == 2 and "cannot open" in r.stderr


def test_truncated_real_capture(tmp_path, run):
    data = (run / "wan.pcap").read_bytes()
    f = tmp_path / "cut.pcap"
    f.write_bytes(data[:len(data) // 2])
    r = explain(f, "--keys", run, "--out", tmp_path / "out")
    assert r.returncode == 2 and "truncated capture" in r.stderr


@pytest.mark.parametrize("line,message", [
    ('"IPv4","*","*","0x1234","NULL","","NULL",""', "8 hex digits"),
    ('"IPv4","*","*","0x00001234","ROT13","0x00","NULL",""', "unknown encryption algorithm"),
    ('"IPv4","*","*","0x00001234","AES-CBC [RFC3602]","0x0011","NULL",""', "does not fit"),
    ('"IPv4","*","*"', "needs 8 fields"),
])
def test_bad_key_table(tmp_path, run, line, message):
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "esp_sa").write_text(line + "\n")
    r = explain(run / "wan.pcap", "--keys", keys, "--out", tmp_path / "out")
    assert r.returncode == 2 and message in r.stderr and "esp_sa line 1" in r.stderr


def test_no_key_files(tmp_path, run):
    r = explain(run / "wan.pcap", "--keys", tmp_path, "--out", tmp_path / "out")
    assert r.returncode == 2 and "no esp_sa" in r.stderr


def flip(hex_key):
    return "%02x" % (int(hex_key[:2], 16) ^ 1) + hex_key[2:]


def test_wrong_keys(tmp_path, run):
    """Every ESP key and the IKE SK_e keys changed by one bit: every packet fails its ICV,
    reported per SPI, and every encrypted IKE message fails its integrity check."""
    keys = tmp_path / "keys"
    keys.mkdir()
    esp = []
    for line in (run / "esp_sa").read_text().splitlines():
        f = line.split(",")
        f[5] = '"0x' + flip(f[5].strip('"')[2:]) + '"'
        esp.append(",".join(f))
    (keys / "esp_sa").write_text("\n".join(esp) + "\n")
    ike = []
    for line in (run / "ikev2_decryption_table").read_text().splitlines():
        f = line.split(",")
        f[2], f[3] = flip(f[2]), flip(f[3])
        ike.append(",".join(f))
    (keys / "ikev2_decryption_table").write_text("\n".join(ike) + "\n")
    out = tmp_path / "out"
    r = explain(run / "wan.pcap", "--keys", keys, "--out", out)
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert len(summary["spis"]) == 2
    for s in summary["spis"]:
        assert s["packets"] > 0 and s["icv_ok"] == 0 and s["icv_failed"] == s["packets"]
    assert "ICV failed" in r.stdout
    assert summary["ike"]["integrity_failed"] == 2 and summary["ike"]["decrypted"] == 0
    evs = [json.loads(line) for line in (out / "events.jsonl").open()]
    assert sum(e["kind"] == "message-dropped" for e in evs) == 2


def test_bad_arguments(tmp_path, run):
    assert explain().returncode == 2
    assert explain(run / "wan.pcap", "--frobnicate").returncode == 2
    r = explain(run / "wan.pcap", "--replayWindow", "lots")
    assert r.returncode == 2 and "--replayWindow takes 0..4096, not lots" in r.stderr
