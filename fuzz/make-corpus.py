#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made from the lab's own outputs.

usage: make-corpus.py MAKE_SEEDS SCENARIOS_DIR OUT_DIR

- MAKE_SEEDS (build-fuzz/make-seeds) writes the structured seeds: messages and packets sealed
  with the targets' fixed keys, certificates and keys of a small CA;
- the scenarios site-to-site (PSK and ECDSA certificates), remote-access (NAT-T, CP) and
  rekey (CREATE_CHILD_SA, DELETE) give every IKE message they send (ike_message), and their
  event streams, whole and cut into pieces (event_stream);
- the custom-scenario configurations of tests/golden/custom/ (custom_config).
Deterministic: the same build gives the same corpus.
"""
import json
import pathlib
import subprocess
import sys
import tempfile

SCENARIOS = [("site-to-site", []), ("site-to-site", ["--auth=ecdsa"]),
             ("remote-access", []), ("rekey", ["--duration=4", "--childRekey=1.5"])]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    make_seeds, scenarios, out = (pathlib.Path(a) for a in sys.argv[1:])
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(make_seeds), str(out)], check=True)
    written = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, (name, options) in enumerate(SCENARIOS):
            run_dir = pathlib.Path(tmp) / str(number)
            subprocess.run([str(scenarios / name), "--out=%s" % run_dir, *options], check=True,
                           capture_output=True)
            text = (run_dir / "events.jsonl").read_text()
            events = [json.loads(line) for line in text.splitlines()]
            ike = out / "ike_message"
            ike.mkdir(exist_ok=True)
            seen = set()
            for e in events:
                if e["layer"] == "ike" and e["kind"] == "message-sent" and "bytes" in e:
                    octets = bytes.fromhex(e["bytes"])
                    if octets not in seen:
                        seen.add(octets)
                        (ike / ("%s-%d-%d" % (name, number, len(seen)))).write_bytes(octets)
                        written += 1
            stream = out / "event_stream"
            stream.mkdir(exist_ok=True)
            lines = text.splitlines(keepends=True)
            for start in range(0, min(len(lines), 400), 40):
                (stream / ("%s-%d-%d.jsonl" % (name, number, start))).write_text(
                    "".join(lines[start:start + 40]))
                written += 1
    # UDP 4500 carries what the other targets read: a keepalive, IKE behind the non-ESP
    # marker, ESP.
    encap = out / "udp_encap"
    encap.mkdir(exist_ok=True)
    (encap / "keepalive").write_bytes(b"\xff")
    for name, source in (("ike", "ike_message"), ("esp", "esp_open")):
        for number, seed in enumerate(sorted((out / source).iterdir())[:4]):
            octets = seed.read_bytes()
            if source == "esp_open":
                octets = octets[1:]  # the transform selector octet of esp_open
            (encap / ("%s-%d" % (name, number))).write_bytes(
                (b"\x00" * 4 if name == "ike" else b"") + octets)
            written += 1
    # The custom-scenario loader: the configurations the Python builder writes.
    custom = out / "custom_config"
    custom.mkdir(exist_ok=True)
    for config in sorted((pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" /
                          "custom").glob("*.json")):
        (custom / config.name).write_bytes(config.read_bytes())
        written += 1
    print("make-corpus: %d scenario seeds in %s" % (written, out))


if __name__ == "__main__":
    main()
