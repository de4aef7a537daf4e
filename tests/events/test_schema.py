"""Validates a sample event stream (written by ipseclab-write-sample-events through the real
EventStream) against docs/events.schema.json, and the key files against tshark.

ctest passes IPSECLAB_WRITE_SAMPLE_EVENTS (the tool) and IPSECLAB_DOCS_DIR.
"""
import copy
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess

import jsonschema
import pytest

DOCS = pathlib.Path(os.environ.get("IPSECLAB_DOCS_DIR",
                                   pathlib.Path(__file__).resolve().parents[2] / "docs"))
TOOL = os.environ.get("IPSECLAB_WRITE_SAMPLE_EVENTS")
ENVELOPE = ["v", "seq", "t", "node", "node_name", "layer", "kind"]


@pytest.fixture(scope="module")
def schema():
    with open(DOCS / "events.schema.json", encoding="utf-8") as f:
        s = json.load(f)
    jsonschema.Draft202012Validator.check_schema(s)
    return s


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


def write_sample(directory):
    if not TOOL:
        pytest.skip("IPSECLAB_WRITE_SAMPLE_EVENTS is not set (run through ctest)")
    subprocess.run([TOOL, str(directory)], check=True)
    return directory


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def lines(sample):
    return (sample / "events.jsonl").read_bytes().decode("utf-8").splitlines()


def test_every_event_is_valid(lines, validator):
    assert lines
    for line in lines:
        event = json.loads(line)
        errors = [e.message for e in validator.iter_errors(event)]
        assert not errors, f"{line}\n{errors}"


def test_envelope_order_seq_and_time(lines):
    previous_t = -1.0
    for index, line in enumerate(lines):
        pairs = json.loads(line, object_pairs_hook=lambda p: p)
        assert [k for k, _ in pairs[:7]] == ENVELOPE
        event = dict(pairs)
        assert event["seq"] == index
        assert re.search(r'"t":-?\d+\.\d{9},', line)
        assert event["t"] >= previous_t
        previous_t = event["t"]


def test_sample_kinds_are_documented(lines, schema):
    """The sample has one event of each data-plane kind; test_real_streams.py covers the rest."""
    documented = {name for name in schema["$defs"] if name != "hex"}
    seen = {"{layer}.{kind}".format(**json.loads(line)) for line in lines}
    assert seen <= documented, seen - documented
    data_plane = {n for n in documented if n.split(".")[0] in ("esp", "ah", "spd", "sad", "replay")}
    assert data_plane <= seen, data_plane - seen


def test_output_is_byte_identical(sample, tmp_path):
    again = write_sample(tmp_path)
    for name in ["events.jsonl", "esp_sa", "ikev2_decryption_table"]:
        assert (sample / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.parametrize("mutate", [
    lambda e: e.pop("icv"),
    lambda e: e.update(icv="DEADBEEF"),
    lambda e: e.update(icv="abc"),
    lambda e: e.update(spi=2**32),
    lambda e: e.update(mode="bridge"),
    lambda e: e.update(undocumented=1),
    lambda e: e.update(v=2),
    lambda e: e.pop("node_name"),
    lambda e: e.update(layer="ipsec"),
])
def test_schema_rejects_bad_events(lines, validator, mutate):
    encap = next(json.loads(l) for l in lines if '"layer":"esp","kind":"encap"' in l)
    assert validator.is_valid(encap)
    bad = copy.deepcopy(encap)
    mutate(bad)
    assert not validator.is_valid(bad)


def test_schema_rejects_unknown_drop_reason(lines, validator):
    drop = next(json.loads(l) for l in lines if '"kind":"drop"' in l)
    drop["reason"] = "bad-luck"
    assert not validator.is_valid(drop)


def test_unknown_kinds_are_rejected(validator):
    event = {"v": 1, "seq": 0, "t": 0.0, "node": 3, "node_name": "", "layer": "link",
             "kind": "tx", "anything": [1, 2]}
    assert not validator.is_valid(event)


def tshark_errors(config_dir, pcap):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(config_dir))
    result = subprocess.run(["tshark", "-r", str(pcap), "-o", "esp.enable_encryption_decode:TRUE",
                             "-T", "fields", "-e", "data.data"],
                            capture_output=True, text=True, env=env, check=False)
    errors = [l for l in result.stderr.splitlines() if "Running as user" not in l]
    return result, errors


@pytest.fixture
def empty_pcap(tmp_path):
    path = tmp_path / "empty.pcap"
    path.write_bytes(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    return path


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is not installed")
def test_tshark_loads_key_files(sample, empty_pcap):
    result, errors = tshark_errors(sample, empty_pcap)
    assert result.returncode == 0 and not errors, errors


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is not installed")
def test_tshark_decrypts_esp_with_the_esp_sa_line(sample, tmp_path):
    ipsec = pytest.importorskip("scapy.layers.ipsec")
    from scapy.all import IP, UDP, Raw, wrpcap
    line = (sample / "esp_sa").read_text().splitlines()[0]
    fields = [f.strip('"') for f in line.split(",")]
    assert fields[4] == "AES-GCM with 16 octet ICV [RFC4106]"
    sa = ipsec.SecurityAssociation(ipsec.ESP, spi=int(fields[3], 16), crypt_algo="AES-GCM",
                                   crypt_key=bytes.fromhex(fields[5][2:]), auth_algo="NULL")
    packet = sa.encrypt(IP(src="192.0.2.1", dst="192.0.2.2") / UDP(sport=1, dport=9) /
                        Raw(b"hello-ipsec"))
    pcap = tmp_path / "esp.pcap"
    wrpcap(str(pcap), [packet])
    result, errors = tshark_errors(sample, pcap)
    assert not errors, errors
    assert result.stdout.strip() == b"hello-ipsec".hex()
