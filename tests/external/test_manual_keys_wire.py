"""The octets the simulator puts on the wire, judged by independent tools.

Runs the manual-keys scenario (every ESP transform, AH, transport and tunnel mode), then:
- tshark decrypts every ESP packet with the exported esp_sa keys, finds every ICV good and the
  inner packet as it was sent (tshark 4.0 has no ChaCha20-Poly1305 for ESP: scapy checks those);
- scapy verifies every AH packet and decrypts ESP of each family;
- a flipped octet makes both tools fail, and an attacker flipping octets in the simulation gets
  every such packet dropped with reason icv-failure;
- the same seed and run give byte-identical outputs; another run gives other keys.
"""
import json
import os
import pathlib
import subprocess

import pytest
from scapy.all import PcapReader, wrpcap
from scapy.layers.inet import IP
from scapy.layers.ipsec import AH, ESP, IPSecIntegrityError, SecurityAssociation

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
SCHEMA = pathlib.Path(__file__).resolve().parents[2] / "docs" / "events.schema.json"

SCAPY_AUTH = {"sha1": "HMAC-SHA1-96", "sha256": "SHA2-256-128", "sha384": "SHA2-384-192",
              "sha512": "SHA2-512-256"}


def run_scenario(out, *options):
    result = subprocess.run([str(SCENARIOS / "manual-keys"), f"--out={out}", *options],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def read_events(out):
    with open(out / "events.jsonl") as f:
        return [json.loads(line) for line in f]


def installed_sas(events):
    """SPI -> the sad/install event of the inbound side (it has the keys and the proposal)."""
    return {e["spi"]: e for e in events
            if e["layer"] == "sad" and e["kind"] == "install" and e["direction"] == "inbound"}


def ip_packets(pcap):
    with PcapReader(str(pcap)) as reader:
        return [p[IP] for p in reader if IP in p]


def tshark_esp(pcap, keys_dir):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(keys_dir))
    result = subprocess.run(
        ["tshark", "-r", str(pcap), "-o", "esp.enable_encryption_decode:TRUE",
         "-o", "esp.enable_authentication_check:TRUE", "-Y", "esp",
         "-T", "fields", "-E", "separator=\t", "-E", "occurrence=l",
         "-e", "esp.spi", "-e", "esp.sequence", "-e", "esp.icv_good", "-e", "esp.icv_bad",
         "-e", "udp.srcport", "-e", "udp.dstport"],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = []
    for line in result.stdout.splitlines():
        spi, seq, good, bad, sport, dport = (line.split("\t") + [""] * 6)[:6]
        rows.append({"spi": int(spi, 16), "seq": int(seq), "good": good, "bad": bad,
                     "sport": sport, "dport": dport})
    return rows


def scapy_sa(install):
    spi = install["spi"]
    key = bytes.fromhex(install["encryption_key"])
    integ = bytes.fromhex(install["integrity_key"])
    algorithms = install["algorithms"]
    if install["protocol"] == "ah":
        return SecurityAssociation(AH, spi=spi, auth_algo=SCAPY_AUTH[algorithms["integrity"]],
                                   auth_key=integ)
    encryption = algorithms["encryption"]
    if "gcm" in encryption:
        crypt = "AES-GCM"
    elif encryption.startswith("chacha20"):
        crypt = "CHACHA20-POLY1305"
    elif encryption == "null":
        crypt = "NULL"
    else:
        crypt = "AES-CBC"
    auth = SCAPY_AUTH.get(algorithms.get("integrity"), "NULL")
    return SecurityAssociation(ESP, spi=spi, crypt_algo=crypt, crypt_key=key or None,
                               auth_algo=auth, auth_key=integ or None,
                               tunnel_header=None)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("manual-keys")
    run_scenario(out)
    keys = tmp_path_factory.mktemp("wireshark-profile")
    (keys / "esp_sa").write_bytes((out / "esp_sa").read_bytes())
    return out, keys, read_events(out)


def test_events_follow_the_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    out, _, events = run
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    for e in events:
        errors = [x.message for x in validator.iter_errors(e)]
        assert not errors, (e["layer"], e["kind"], errors)


def test_tshark_decrypts_every_esp_packet_with_good_icv(run):
    out, keys, events = run
    sas = installed_sas(events)
    sent = {(e["spi"], e["sn"]): e["flow"] for e in events
            if e["layer"] == "esp" and e["kind"] == "encap"}
    rows = tshark_esp(out / "wan.pcap", keys)
    checked = 0
    for row in rows:
        install = sas[row["spi"]]
        if install["algorithms"]["encryption"].startswith("chacha20"):
            continue  # tshark 4.0 cannot; scapy checks these below
        assert row["good"] == "1" and row["bad"] in ("", "0"), row
        flow = sent[(row["spi"], row["seq"])]
        assert (int(row["sport"]), int(row["dport"])) == (flow["src_port"], flow["dst_port"])
        checked += 1
    families = {sas[r["spi"]]["algorithms"]["encryption"] for r in rows}
    assert {"aes128gcm16", "aes256gcm16", "aes128", "aes256", "null"} <= families
    assert checked >= 40


def test_scapy_verifies_every_ah_and_decrypts_every_esp(run):
    out, _, events = run
    sas = installed_sas(events)
    ah = esp = 0
    for packet in ip_packets(out / "wan.pcap"):
        if AH in packet:
            scapy_sa(sas[packet[AH].spi]).decrypt(packet)  # raises on a bad ICV
            ah += 1
        elif ESP in packet:
            inner = scapy_sa(sas[packet[ESP].spi]).decrypt(packet)
            assert inner is not None
            esp += 1
    assert ah == 24 and esp == 54


def flip_last_octet(packet):
    raw = bytearray(bytes(packet))
    raw[-1] ^= 0x01
    return IP(bytes(raw))


def test_a_flipped_octet_fails_tshark_and_scapy(run, tmp_path):
    out, keys, events = run
    sas = installed_sas(events)
    packets = [p for p in ip_packets(out / "wan.pcap") if AH in p or ESP in p]
    flipped = [flip_last_octet(p) for p in packets]
    for packet in flipped:
        spi = packet[AH].spi if AH in packet else packet[ESP].spi
        with pytest.raises(IPSecIntegrityError):
            scapy_sa(sas[spi]).decrypt(packet)
    pcap = tmp_path / "flipped.pcap"
    wrpcap(str(pcap), [p for p in flipped if ESP in p])
    rows = tshark_esp(pcap, keys)
    non_chacha = [r for r in rows
                  if not sas[r["spi"]]["algorithms"]["encryption"].startswith("chacha20")]
    assert non_chacha and all(r["bad"] == "1" and r["good"] in ("", "0") for r in non_chacha)


def test_simulator_drops_tampered_packets_with_icv_failure(tmp_path):
    stdout = run_scenario(tmp_path, "--tamper=1")
    events = read_events(tmp_path)
    tampered = [e for e in events if e["layer"] == "attacker" and e["kind"] == "tamper"]
    drops = [e for e in events if e["kind"] == "drop"]
    assert tampered, stdout
    assert len(drops) == len(tampered)
    assert {d["reason"] for d in drops} == {"icv-failure"}
    summary = json.loads((tmp_path / "summary.json").read_text())
    total = sum(n["drops"]["icv-failure"] for n in summary["nodes"])
    assert total == len(tampered)


OUTPUTS = ["events.jsonl", "wan.pcap", "lan-a.pcap", "lan-b.pcap", "esp_sa", "summary.json"]


def test_same_seed_and_run_give_identical_outputs(tmp_path):
    run_scenario(tmp_path / "one", "--seed=3", "--run=2")
    run_scenario(tmp_path / "two", "--seed=3", "--run=2")
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    run_scenario(tmp_path / "three", "--seed=3", "--run=3")
    assert (tmp_path / "one" / "esp_sa").read_bytes() != (tmp_path / "three" / "esp_sa").read_bytes()
