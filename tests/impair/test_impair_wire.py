"""Every impairment kind on the wire of the rekey scenario: its effect in the pcap (read with
scapy) and its link/impair event, and the same seed giving byte-identical outputs.

Rules aim at gwB -> gwA, so wan.pcap (gwA's WAN side) shows what arrives after the impairment;
the same run without rules is the reference."""
import json
import os
import subprocess
import tempfile

import pytest
from scapy.all import ESP, IP, UDP, PPP, rdpcap  # noqa: F401

BUILD = os.environ.get("IPSECLAB_BUILD", os.path.join(os.path.dirname(__file__), "../../build"))
REKEY = os.path.join(BUILD, "scenarios", "rekey")
BASE = ["--duration=4", "--ikeRekey=0", "--rate=50"]


def run(out, impair="", base=BASE):
    args = [REKEY, f"--out={out}"] + base + ([f"--impair={impair}"] if impair else [])
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    events = [json.loads(line) for line in open(os.path.join(out, "events.jsonl"))]
    return events, rdpcap(os.path.join(out, "wan.pcap"))


def arrived(pcap, dst="192.0.2.1"):
    """(time, protocol, ESP (SPI, SN) or IKE (exchange, response, message ID), raw) of what reached gwA."""
    out = []
    for p in pcap:
        if IP not in p or p[IP].dst != dst:
            continue
        raw = bytes(p[IP])
        if p[IP].proto == 50:
            out.append((float(p.time), "esp", (int.from_bytes(raw[20:24], "big"),
                                               int.from_bytes(raw[24:28], "big")), raw))
        elif UDP in p and 500 in (p[UDP].sport, p[UDP].dport):
            ike = bytes(p[UDP].payload)
            out.append((float(p.time), "ike", (ike[18], ike[19] & 0x20 != 0,
                                               int.from_bytes(ike[20:24], "big")), raw))
    return out


def impairs(events):
    return [e for e in events if e["layer"] == "link" and e["kind"] == "impair"]


@pytest.fixture(scope="module")
def reference():
    with tempfile.TemporaryDirectory() as d:
        events, pcap = run(d)
        yield arrived(pcap), events


def esp_sns(packets):
    return [sn for _, kind, sn, _ in packets if kind == "esp"]


def test_no_rule_no_event(reference):
    assert impairs(reference[1]) == []


@pytest.mark.parametrize("kind", ["drop", "block", "duplicate", "delay", "reorder", "replay",
                                  "corrupt"])
def test_esp_impairment_on_the_wire(reference, kind):
    rules = {
        "drop": "drop:esp,from=gwB,occurrence=20",
        "block": "block:esp,from=gwB,at=2s,until=2.1s",
        "duplicate": "duplicate:esp,from=gwB,occurrence=20",
        "delay": "delay:esp,from=gwB,by=100ms,occurrence=20",
        "reorder": "reorder:esp,from=gwB,behind=3,occurrence=20",
        "replay": "replay:esp,from=gwB,after=500ms,occurrence=20",
        "corrupt": "corrupt:esp,from=gwB,octet=40,xor=0x01,occurrence=20",
    }
    ref = esp_sns(reference[0])
    with tempfile.TemporaryDirectory() as d:
        events, pcap = run(d, rules[kind])
        got_packets = arrived(pcap)
    got = esp_sns(got_packets)
    ev = impairs(events)
    assert ev and all(e["action"] == kind and e["from"] == "gwB" and e["to"] == "gwA"
                      and e["link"] == "wan" for e in ev)
    first = ev[0]
    sn = (first["spi"], first["sn"])
    if kind == "drop":
        assert len(ev) == 1 and sn not in got and len(got) == len(ref) - 1
    elif kind == "block":
        blocked = {(e["spi"], e["sn"]) for e in ev}
        assert len(blocked) >= 4 and not blocked & set(got)
        assert all(2.0 <= e["t"] < 2.1 for e in ev)
    elif kind in ("duplicate", "replay"):
        assert got.count(sn) == 2 and len(got) == len(ref) + 1
        times = [t for t, k, s, _ in got_packets if k == "esp" and s == sn]
        gap = times[1] - times[0]
        assert (gap > 0.49) if kind == "replay" else (0 < gap < 0.001)
        drops = [e for e in events if e["layer"] == "esp" and e["kind"] == "drop"]
        assert any(e.get("reason") in ("replay", "duplicate", "too-old") for e in drops) or \
            any(e["layer"] == "replay" for e in events)
    elif kind == "delay":
        t_ref = [t for t, k, s, _ in reference[0] if k == "esp" and s == sn][0]
        t_got = [t for t, k, s, _ in got_packets if k == "esp" and s == sn][0]
        assert abs((t_got - t_ref) - 0.1) < 1e-6
        assert got.index(sn) > ref.index(sn)  # later packets overtook it
    elif kind == "reorder":
        assert first["behind"] == 3
        i = got.index(sn)
        assert got[i - 3:i] == [(sn[0], sn[1] + k) for k in (1, 2, 3)]
    elif kind == "corrupt":
        raw_ref = [r for _, k, s, r in reference[0] if k == "esp" and s == sn][0]
        raw_got = [r for _, k, s, r in got_packets if k == "esp" and s == sn][0]
        diff = [i for i in range(len(raw_ref)) if raw_ref[i] != raw_got[i]]
        assert diff == [40] and raw_ref[40] ^ raw_got[40] == 1
        assert first["before"] == raw_ref[40] and first["after"] == raw_got[40]
        assert any(e["kind"] == "drop" and e.get("reason") == "icv-failure" for e in events)


def test_ike_aim_by_exchange_response_and_occurrence(reference):
    """gwB's first CREATE_CHILD_SA request is lost: gwB retransmits it and it
    arrives at gwA a retransmission timeout later (not the dropped copy)."""
    rule = "drop:from=gwB,exchange=CREATE_CHILD_SA,request,occurrence=1"
    with tempfile.TemporaryDirectory() as d:
        events, pcap = run(d, rule, ["--duration=8", "--ikeRekey=0", "--rate=50"])
    ev = impairs(events)
    assert len(ev) == 1
    e = ev[0]
    assert (e["exchange"], e["response"], e["from"], e["match"]) == \
        ("CREATE_CHILD_SA", False, "gwB", 1)
    key = (36, False, e["message_id"])
    t_got = min(t for t, k, m, _ in arrived(pcap) if k == "ike" and m == key)
    assert t_got - e["t"] > 1  # not the dropped copy: the retransmission
    assert any(x["kind"] == "retransmit" and x["node_name"] == "gwB" and
               e["t"] < x["t"] < t_got for x in events)


def test_same_seed_same_octets():
    rule = "reorder:esp,behind=uniform:1:6,p=0.2;delay:esp,jitter=5ms,p=0.3"
    digests = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as d:
            run(d, rule)
            digests.append([open(os.path.join(d, f), "rb").read()
                            for f in ("wan.pcap", "events.jsonl")])
    assert digests[0] == digests[1]


def test_bad_rule_is_one_line_and_exit_2():
    done = subprocess.run([REKEY, "--impair=drop:exchange=NOPE"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--impair" in done.stderr and "NOPE" in done.stderr
