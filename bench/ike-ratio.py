#!/usr/bin/python3
"""IKE SAs per wall second with one responder and many initiators, and the Diffie-Hellman share.

Usage: /usr/bin/python3 bench/ike-ratio.py <build-dir>/bench/ike-bench [--groups x25519,...]
       [--initiators N] [--reps R] [--seconds S] [-- extra ike-bench options]

Method (docs/benchmarks.md, "IKE"): each repetition runs ike-bench once (--repeat=1: one
responder and N initiators on a CSMA LAN, PSK, one Child SA each; only Simulator::Run is timed;
ike-bench also times DhGroup key generation and shared secret in-process) and right after it
`openssl speed -seconds S -mr <alg>` for the same group. A handshake does 4 DH operations (each
side one key generation and one shared secret), so

    DH share (openssl)    = 4 x N x (seconds per openssl derive) / wall time of the run
    DH share (in-process) = 2 x N x (keygen + shared secret in DhGroup) / wall time of the run

`openssl speed` times the derivation only (keys are made before the loop); counting key
generations at the derivation cost is exact for X25519 (both a scalar multiplication) and an
upper bound for ECP (fixed-base key generation is cheaper). For modp2048 there is no OpenSSL
baseline for the same group: `openssl speed ffdh2048` uses RFC 7919 ffdhe2048 with a short
(225-bit) private exponent, IKE group 14 is the RFC 3526 prime, and the lab uses a full-length
exponent; the in-process timing is the baseline and ffdh2048 is printed for reference only.
Medians over the repetitions; the last line is `ike handshakes/s = N (dh share X%)` for the
first group. stdlib only.
"""
import argparse
import json
import re
import statistics
import subprocess
import sys

# group -> (openssl speed algorithm, same group and same private-key length as the lab?)
OPENSSL = {
    "x25519": ("ecdhx25519", True),
    "ecp256": ("ecdhp256", True),
    "ecp384": ("ecdhp384", True),
    "modp2048": ("ffdh2048", False),
}


def log(msg):
    print(msg, flush=True)


def run_ike_bench(bench, group, initiators, extra):
    cmd = [bench, "--group=" + group, "--initiators=%d" % initiators, "--repeat=1"] + extra
    log("  $ " + " ".join(cmd))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    result = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
        else:
            log("    " + line.rstrip())
    if proc.wait() != 0 or result is None:
        raise RuntimeError("ike-bench failed (exit %d) for %s" % (proc.returncode, group))
    return result


def openssl_derive_seconds(alg, seconds):
    """Seconds per shared-secret derivation that `openssl speed -mr <alg>` reports."""
    cmd = ["openssl", "speed", "-mr", "-seconds", str(seconds), alg]
    out = subprocess.run(cmd, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        # +F5:<index>:<bits>:<ops per second>:<seconds per op> (ECDH), +F8:... (FFDH)
        m = re.match(r"\+F\d+:\d+:\d+:([0-9.]+):([0-9.]+)", line)
        if m and float(m.group(1)) > 0:
            return 1.0 / float(m.group(1))
    raise RuntimeError("no result from %s:\n%s%s" % (" ".join(cmd), out.stdout, out.stderr))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bench", help="path to ike-bench")
    ap.add_argument("--groups", default="x25519",
                    help="comma-separated: x25519,ecp256,ecp384,modp2048 (default x25519)")
    ap.add_argument("--initiators", type=int, default=200)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=1, help="openssl speed -seconds")
    ap.add_argument("extra", nargs="*", help="further ike-bench options (after --)")
    a = ap.parse_args()
    groups = [g for g in a.groups.split(",") if g]
    for g in groups:
        if g not in OPENSSL:
            ap.error("unknown group %r (known: %s)" % (g, ", ".join(OPENSSL)))
    if a.reps < 1 or a.initiators < 1:
        ap.error("--reps and --initiators must be positive")

    summary = {}
    for group in groups:
        alg, same = OPENSSL[group]
        rates, share_ossl, share_inproc, ossl_us, keygen_us, derive_us = [], [], [], [], [], []
        cpu_share_ossl, cpu_share_inproc = [], []
        for rep in range(1, a.reps + 1):
            log("[%s rep %d/%d] ike-bench, %d initiators ..." % (group, rep, a.reps, a.initiators))
            r = run_ike_bench(a.bench, group, a.initiators, a.extra)
            t = openssl_derive_seconds(alg, a.seconds)
            wall = r["wall_s"]
            rates.append(r["handshakes_per_s"])
            share_ossl.append(r["dh_ops"] * t / wall)
            share_inproc.append(r["dh_share_inprocess"])
            # The same against process CPU time of the run (steadier on a loaded machine).
            cpu_share_ossl.append(r["dh_ops"] * t / r["cpu_s"])
            cpu_share_inproc.append(r["dh_share_inprocess"] * wall / r["cpu_s"])
            ossl_us.append(t * 1e6)
            keygen_us.append(r["keygen_us"])
            derive_us.append(r["derive_us"])
            log("  rep %d: %.1f handshakes/s (%.3f s wall); openssl %s %.1f us/op -> DH share "
                "%.1f%%; in-process keygen %.1f + derive %.1f us -> DH share %.1f%%"
                % (rep, rates[-1], wall, alg, ossl_us[-1], 100 * share_ossl[-1],
                   keygen_us[-1], derive_us[-1], 100 * share_inproc[-1]))
        med = statistics.median
        # The headline share: openssl when it measures the same group, else the in-process one.
        share = med(share_ossl) if same else med(share_inproc)
        summary[group] = (med(rates), share)
        log("")
        log("%s (%d initiators, median of %d):" % (group, a.initiators, a.reps))
        log("  handshakes per wall second      %.1f" % med(rates))
        log("  openssl speed %-10s        %.1f us per derive -> DH share %.1f%%%s"
            % (alg, med(ossl_us), 100 * med(share_ossl),
               "" if same else "  (NOT the same group: reference only)"))
        log("  in-process DhGroup              keygen %.1f us + derive %.1f us -> DH share %.1f%%"
            % (med(keygen_us), med(derive_us), 100 * med(share_inproc)))
        log("  DH share of cpu time (not wall)  openssl %.1f%%, in-process %.1f%%"
            % (100 * med(cpu_share_ossl), 100 * med(cpu_share_inproc)))
        log("  lab/openssl per DH op           %.2f x"
            % ((med(keygen_us) + med(derive_us)) / 2 / med(ossl_us)))
        log("")

    log("summary: " + ", ".join("%s %.1f/s (dh %.1f%%)" % (g, r, 100 * s)
                                for g, (r, s) in summary.items()))
    rate, share = summary[groups[0]]
    print("ike handshakes/s = %.0f (dh share %.0f%%)" % (rate, 100 * share), flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, json.JSONDecodeError) as e:
        print("ike-ratio: " + str(e), file=sys.stderr)
        sys.exit(1)
