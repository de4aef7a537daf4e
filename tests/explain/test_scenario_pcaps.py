"""The lab's own scenario pcaps explained back: the IKE ladder, the ESP/AH SPIs and the ICV
verdicts of `explain` must be those of the scenario's own events.jsonl (docs/explain.md).

The capture is one device's (gwA's WAN side, or the scenario's wan.pcap); the scenario's events
that device could see are compared: IKE messages sent or received by the capturing node, and the
decap verdicts of every ESP/AH packet on that link (by SPI and sequence number)."""
import json
import os
import pathlib
import subprocess

import pytest

BUILD = pathlib.Path(os.environ.get("IPSECLAB_BUILD_DIR", "build")).resolve()
EXPLAIN = BUILD / "scenarios" / "explain" / "explain"

# (name, scenario, options, capture file): variants that put IKE, ESP and AH on the captured link.
VARIANTS = [
    ("site-to-site", "site-to-site", [], "wan.pcap"),
    ("site-to-site-cbc", "site-to-site",
     ["--ikeProposal=aes128-sha256-modp2048", "--espProposal=aes128-sha1"], "wan.pcap"),
    ("site-to-site-rekeys", "site-to-site",
     ["--duration=8", "--childRekey=2", "--ikeRekey=3", "--pfs=x25519"], "wan.pcap"),
    ("rekey", "rekey", [], "wan.pcap"),
    ("replay-attack", "replay-attack", [], "wan.pcap"),
    ("tamper", "tamper", [], "wan-b.pcap"),  # gwB's side: after the attacker
    ("tamper-cbc", "tamper", ["--espProposal=aes256-sha512", "--ahProposal=sha1"], "wan-b.pcap"),
    ("manual-keys", "manual-keys", [], "wan.pcap"),
    ("host-to-host-chacha", "host-to-host",
     ["--ikeProposal=chacha20poly1305-prfsha512-x25519", "--espProposal=chacha20poly1305"],
     None),
]


def events(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def ladder(evs, kinds=("message-sent",)):
    """(exchange, message ID, I flag, R flag, SPIi) of IKE messages, in time order, once each."""
    out = []
    for e in evs:
        if e["layer"] == "ike" and e["kind"] in kinds:
            key = (e["exchange"], e["message_id"], e["initiator"], e["response"], e["spi_i"],
                   e["bytes"])
            if key not in out:
                out.append(key)
    return out


def verdicts(evs):
    """{(layer, SPI, sn): [icv_ok, ...]} of every decap."""
    out = {}
    for e in evs:
        if e["layer"] in ("esp", "ah") and e["kind"] == "decap":
            out.setdefault((e["layer"], e["spi"], e["sn"]), []).append(e["icv_ok"])
    return out


def run_variant(tmp_path, scenario, options, capture):
    out = tmp_path / "run"
    subprocess.run([str(BUILD / "scenarios" / scenario), f"--out={out}"] + options, check=True,
                   stdout=subprocess.DEVNULL)
    pcap = out / capture if capture else sorted(out.glob("*.pcap"))[0]
    exp = tmp_path / "explained"
    subprocess.run([str(EXPLAIN), str(pcap), "--keys", str(out), "--out", str(exp)], check=True,
                   stdout=subprocess.DEVNULL)
    return events(out / "events.jsonl"), events(exp / "events.jsonl"), exp


@pytest.mark.parametrize("name,scenario,options,capture", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_explained_back(tmp_path, name, scenario, options, capture):
    own, explained, exp = run_variant(tmp_path, scenario, options, capture)
    assert all(e.get("origin") == "capture" for e in explained)
    # The ladder: every IKE message the capture holds is one the scenario sent, in order.
    mine = ladder(explained)
    theirs = [m for m in ladder(own, ("message-sent", "message-received")) if m in mine]
    assert mine == theirs, "explained ladder differs from the scenario's"
    sent = ladder(own)
    assert set(mine) <= set(sent)
    # Every IKE message decrypted and its ICV verified (the keys are the run's own).
    summary = json.loads((exp / "summary.json").read_text())
    assert summary["ike"]["integrity_failed"] == 0
    assert summary["ike"]["not_decrypted"] == 0
    assert summary["missing_keys"] == []
    # SPIs and ICV verdicts: each packet the scenario decapsulated that is in the capture got
    # the same verdict, and every SPI the explanation found is one the scenario used.
    v_own, v_mine = verdicts(own), verdicts(explained)
    assert v_mine, "no ESP/AH packet explained"
    common = set(v_own) & set(v_mine)
    assert common, "no packet in common"
    for k in common:
        assert set(v_mine[k]) <= set(v_own[k]), f"{k}: explained {v_mine[k]}, scenario {v_own[k]}"
    spis_own = {(e["layer"], e["spi"]) for e in own if e["kind"] in ("encap", "decap")}
    assert {(k[0], k[1]) for k in v_mine} <= spis_own
    # Child SAs negotiated in the capture are the scenario's.
    children_own = {(e["spi_in"], e["spi_out"]) for e in own if e["kind"] == "child-sa-installed"}
    children = {(e["spi_in"], e["spi_out"]) for e in explained if e["kind"] == "child-sa-installed"}
    assert children <= children_own
