#!/usr/bin/python3
"""Tutorial 9: the simulated node meets a real strongSwan gateway.

Makes a network namespace of its own with a TAP (the gateway's side is 192.0.2.1, the
simulated node 192.0.2.2), starts charon there with gateway-psk.conf or gateway-cert.conf,
runs `live-peer --role=initiator` in the same namespace, shows what strongSwan says
(swanctl --list-sas) and what the lab says, and removes everything again (also on errors).
Needs root, /dev/net/tun and strongSwan (./lab setup installs it)."""
import argparse
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("IPSECLAB_BUILD_DIR", ROOT / "build"))
os.environ.setdefault("IPSECLAB_SCENARIOS", str(BUILD / "scenarios"))
sys.path.insert(0, str(ROOT / "tests" / "interop"))
import strongswan as sw  # noqa: E402  (the namespace, charon and live-peer helpers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--auth", choices=["psk", "ecdsa", "rsa"], default="psk")
    parser.add_argument("--out", default="results/09-real-gateway")
    parser.add_argument("--duration", type=float, default=8)
    parser.add_argument("lab_options", nargs="*", help="more live-peer options (--ikeProposals=..)")
    args = parser.parse_args()
    reason = sw.unavailable()
    if reason:
        sys.exit(f"meet.py: cannot run here: {reason}")
    out = (ROOT / args.out / args.auth).resolve()
    conf = pathlib.Path(__file__).parent / ("gateway-psk.conf" if args.auth == "psk"
                                            else "gateway-cert.conf")
    ns = sw.Namespace(out / "gateway")
    try:
        if args.auth == "psk":
            ns.load(conf.read_text())
        lab = sw.live_peer(ns, out, "--role=initiator", f"--auth={args.auth}", "--probes=8",
                           "--interval=0.5", *args.lab_options, duration=args.duration)
        if args.auth != "psk":
            deadline = time.time() + 5
            while not (out / "pki" / "peer.key").exists() and time.time() < deadline:
                time.sleep(0.05)
            ns.load(conf.read_text(), out / "pki")
        time.sleep(min(4, args.duration / 2))
        print("--- strongSwan on the Linux side: swanctl --list-sas ---")
        print(ns.swanctl("--list-sas"))
        lab.wait(timeout=args.duration + 30)
        print("--- the simulated node: live-peer ---")
        print((ns.dir / "live-peer.out").read_text())
        print(f"outputs of the simulated node in {os.path.relpath(out, ROOT)}/, charon's log in "
              f"{os.path.relpath(ns.dir, ROOT)}/charon.log")
        return lab.returncode
    finally:
        ns.close()


if __name__ == "__main__":
    sys.exit(main())
