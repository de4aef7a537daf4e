#!/usr/bin/python3
"""Golden outputs: every scenario and its main variants, run with a fixed seed, must write the same
octets as the manifest records (events.jsonl, pcaps, key files, summary, narration, topology and
what the program prints). Refactoring must leave them byte-identical; a change of behaviour
updates the manifest in the same commit, and the diff of outputs.sha256 shows what changed.

  outputs.py check  BUILD_DIR   # exit 1 and list the files that differ
  outputs.py update BUILD_DIR   # rewrite outputs.sha256
"""
import concurrent.futures
import hashlib
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
MANIFEST = HERE / "outputs.sha256"
CUSTOM = HERE / "custom"

# (variant name, scenario program, options). The main variants: each option that switches a
# different code path on (authentication, PFS, rekeys, collisions, loss, attacks, NAT, AH).
VARIANTS = [
    ("ah-vs-nat", "ah-vs-nat", []),
    ("host-to-host", "host-to-host", []),
    ("host-to-host-no-ipsec", "host-to-host", ["--ipsec=false"]),
    ("host-to-host-chacha", "host-to-host",
     ["--ikeProposal=chacha20poly1305-prfsha512-x25519", "--espProposal=chacha20poly1305"]),
    ("hostile-peer", "hostile-peer", []),
    ("ike-failures", "ike-failures", ["--case=all"]),
    ("manual-keys", "manual-keys", []),
    ("manual-keys-tamper", "manual-keys", ["--tamper=3", "--replayWindow=32"]),
    ("rekey", "rekey", []),
    ("rekey-collision", "rekey", ["--collision=true"]),
    ("rekey-pfs-loss", "rekey", ["--espProposal=aes128gcm16-x25519", "--wanLoss=0.05"]),
    ("rekey-impair", "rekey",
     ["--steps=true", "--impair=drop:exchange=CREATE_CHILD_SA,response,occurrence=1;"
      "delay:esp,from=gwB,by=30ms,count=3;duplicate:ike,exchange=INFORMATIONAL,occurrence=1;"
      "corrupt:esp,from=gwB,octet=40,occurrence=50;reorder:esp,from=gwB,behind=3,occurrence=100;"
      "replay:esp,from=gwB,after=1s,occurrence=150;block:from=gwB,at=8s,until=8.2s"]),
    ("remote-access", "remote-access", []),
    ("replay-attack", "replay-attack", []),
    ("replay-attack-no-window", "replay-attack", ["--replayWindow=0"]),
    ("site-to-site", "site-to-site", []),
    ("site-to-site-steps", "site-to-site", ["--steps=true"]),
    ("site-to-site-ecdsa", "site-to-site", ["--auth=ecdsa"]),
    ("site-to-site-rsa", "site-to-site", ["--auth=rsa", "--cryptoTime=true"]),
    ("site-to-site-rekeys", "site-to-site",
     ["--duration=8", "--childRekey=2", "--ikeRekey=3", "--pfs=x25519"]),
    ("site-to-site-collision", "site-to-site", ["--collision=true", "--childRekey=3"]),
    ("site-to-site-cbc", "site-to-site",
     ["--ikeProposal=aes128-sha256-modp2048", "--espProposal=aes128-sha1"]),
    ("site-to-site-loss", "site-to-site", ["--wanLoss=0.2"]),
    ("site-to-site-attacks", "site-to-site", ["--attack=forged-delete,malformed,forged-auth-failed"]),
    ("site-to-site-flood", "site-to-site", ["--attack=init-flood", "--floodCount=300"]),
    ("tamper", "tamper", []),
    ("tamper-cbc", "tamper", ["--espProposal=aes256-sha512", "--ahProposal=sha1"]),
    ("custom-vpn", "custom", [f"--config={CUSTOM / 'vpn.json'}"]),
    ("custom-manual", "custom", [f"--config={CUSTOM / 'manual.json'}"]),
    ("custom-road-warrior", "custom", [f"--config={CUSTOM / 'road-warrior.json'}"]),
]


def run_variant(scenarios, root, variant):
    name, program, options = variant
    result = subprocess.run([str(scenarios / program), f"--out={name}", *options], cwd=root,
                            capture_output=True, timeout=600)
    (root / name).mkdir(exist_ok=True)
    (root / name / "exit-and-output").write_bytes(
        b"exit %d\n" % result.returncode + result.stdout + b"\n--- stderr\n" + result.stderr)
    hashes = {}
    for path in sorted((root / name).rglob("*")):
        if path.is_file():
            hashes[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def run_all(build, root):
    """Runs every variant into root (one directory each), as many at once as there are cores;
    returns {path relative to root: sha256}."""
    scenarios = pathlib.Path(build).resolve() / "scenarios"
    jobs = int(os.environ.get("IPSECLAB_JOBS", os.cpu_count() or 2))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda v: run_variant(scenarios, root, v), VARIANTS))
    hashes = {}
    for result in results:
        hashes.update(result)
    return hashes


def compute(build):
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        return run_all(build, pathlib.Path(tmp))


def read_manifest():
    recorded = {}
    for line in MANIFEST.read_text().splitlines():
        digest, path = line.split(None, 1)
        recorded[path] = digest
    return recorded


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("check", "update"):
        sys.exit(__doc__)
    hashes = compute(sys.argv[2])
    if sys.argv[1] == "update":
        MANIFEST.write_text("".join(f"{d}  {p}\n" for p, d in sorted(hashes.items())))
        print(f"{MANIFEST}: {len(hashes)} files of {len(VARIANTS)} variants")
        return
    recorded = read_manifest()
    changed = sorted(p for p in hashes.keys() & recorded.keys() if hashes[p] != recorded[p])
    missing = sorted(recorded.keys() - hashes.keys())
    new = sorted(hashes.keys() - recorded.keys())
    for label, paths in (("changed", changed), ("no longer written", missing), ("new", new)):
        for path in paths:
            print(f"{label}: {path}")
    if changed or missing or new:
        print(f"{len(changed) + len(missing) + len(new)} of {len(recorded)} golden outputs differ;"
              " if the change of behaviour is intended, run: tests/golden/outputs.py update build")
        sys.exit(1)
    print(f"{len(hashes)} outputs of {len(VARIANTS)} variants byte-identical to {MANIFEST.name}")


if __name__ == "__main__":
    main()
