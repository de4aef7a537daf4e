"""IKEv2 as the simulator puts it on the wire, judged by tshark with the exported keys.

Runs the site-to-site scenario (IKEv2 between two gateways, ESP tunnel) with short lifetimes so
that IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA (Child and IKE rekeys) and INFORMATIONAL (deletes)
all appear, for an AEAD and a CBC+HMAC IKE proposal, then checks that tshark
- decodes every IKE message without a malformed-packet or error expert item,
- decrypts every SK payload (isakmp.enc.decrypted) and finds no incorrect integrity checksum,
- decrypts every ESP packet of every Child SA with a good ICV;
and that the event stream follows the schema and two identical runs are byte-identical.
"""
import json
import os
import pathlib
import subprocess

import pytest

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
SCHEMA = pathlib.Path(__file__).resolve().parents[2] / "docs" / "events.schema.json"

CASES = {
    "cbc-hmac": ["--ikeProposal=aes128-sha256-x25519", "--espProposal=aes256-sha512"],
    "aead": ["--ikeProposal=aes256gcm16-prfsha384-ecp384", "--espProposal=aes128gcm16"],
    "certificates": ["--auth=ecdsa", "--ikeProposal=aes128gcm16-prfsha256-x25519"],
}


def run_site_to_site(out, *options):
    result = subprocess.run(
        [str(SCENARIOS / "site-to-site"), f"--out={out}", "--childRekey=1.5", "--ikeRekey=2",
         "--duration=5", *options], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def count(out, display_filter):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(out))  # esp_sa, ikev2_decryption_table
    result = subprocess.run(
        ["tshark", "-r", str(out / "wan.pcap"), "-o", "esp.enable_encryption_decode:TRUE",
         "-o", "esp.enable_authentication_check:TRUE", "-Y", display_filter],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return len(result.stdout.splitlines())


@pytest.fixture(scope="module", params=sorted(CASES))
def run(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    run_site_to_site(out, *CASES[request.param])
    return out


def test_every_ike_message_decodes_decrypts_and_verifies(run):
    assert count(run, "isakmp.exchangetype == 34") == 2
    encrypted = count(run, "isakmp.exchangetype != 34")
    assert encrypted >= 10, "IKE_AUTH, CREATE_CHILD_SA and INFORMATIONAL exchanges expected"
    assert count(run, "isakmp.exchangetype == 36") >= 4, "Child and IKE rekeys"
    assert count(run, "isakmp.exchangetype == 37") >= 4, "deletes"
    assert count(run, "isakmp.exchangetype != 34 && !isakmp.enc.decrypted") == 0
    assert count(run, "isakmp.ikev2.integrity_checksum") == 0
    assert count(run, "_ws.malformed || _ws.expert.severity >= 6291456") == 0


def test_every_esp_packet_of_every_child_sa_decrypts_with_good_icv(run):
    assert count(run, "esp") >= 40
    assert count(run, "esp && !(esp.icv_good == 1)") == 0
    spis = {line.split(",")[3] for line in (run / "esp_sa").read_text().splitlines()}
    assert len(spis) >= 6, "the rekeys installed new Child SAs, each exported"


def test_ike_keys_are_exported_for_every_ike_sa(run):
    lines = (run / "ikev2_decryption_table").read_text().splitlines()
    assert len(lines) >= 2, "the first IKE SA and its rekeyed successor"


def test_events_follow_the_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    kinds = set()
    with open(run / "events.jsonl") as f:
        for line in f:
            event = json.loads(line)
            kinds.add((event["layer"], event["kind"]))
            errors = [e.message for e in validator.iter_errors(event)]
            assert not errors, (event["layer"], event["kind"], errors)
    for kind in ["message-sent", "message-received", "key-derived", "sa-established",
                 "child-sa-installed", "rekey-start", "rekey-done", "delete"]:
        assert ("ike", kind) in kinds


def test_certificates_authenticate_both_gateways(tmp_path):
    run_site_to_site(tmp_path, "--auth=rsa", "--childRekey=0", "--ikeRekey=0")
    verdicts = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()
                if '"auth-verdict"' in line]
    assert len(verdicts) == 2 and all(v["ok"] for v in verdicts)
    assert {v["subject"] for v in verdicts} == {"C=CH, O=IPsec Lab, CN=gw-a.example",
                                                "C=CH, O=IPsec Lab, CN=gw-b.example"}
    assert count(tmp_path, "isakmp.exchangetype != 34 && !isakmp.enc.decrypted") == 0


def test_same_options_give_byte_identical_outputs(tmp_path):
    run_site_to_site(tmp_path / "one", "--seed=5", "--run=7")
    run_site_to_site(tmp_path / "two", "--seed=5", "--run=7")
    for name in ["events.jsonl", "wan.pcap", "lan-a.pcap", "esp_sa", "ikev2_decryption_table",
                 "summary.json"]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    run_site_to_site(tmp_path / "three", "--seed=5", "--run=8")
    assert ((tmp_path / "one" / "ikev2_decryption_table").read_bytes() !=
            (tmp_path / "three" / "ikev2_decryption_table").read_bytes())
