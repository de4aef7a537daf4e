#!/usr/bin/python3
"""Compare IPsec Lab's ESP transforms with OpenSSL doing the same work, in one run.

Usage: /usr/bin/python3 bench/crypto-ratio.py <build-dir>/bench/crypto-bench [--reps N]
       [--sizes 64,512,1400] [--seconds S]

Method (see docs/crypto.md): each repetition runs crypto-bench (seal + open of one packet
per iteration, CPU time) and then `openssl speed` for the same passes: the cipher once
encrypting and once decrypting over the encrypted part (`-evp <cipher> [-aead]`, AEADs in
OpenSSL's per-record mode: new IV, AAD, tag for every operation), and for CBC/NULL + HMAC
two HMAC passes over header | IV | ciphertext (`-hmac <digest>`). The baseline time per
packet is the sum of bytes / throughput over those passes. Each repetition gives a paired
ratio lab / openssl; the script prints the median over repetitions. As a second, same-process
baseline crypto-bench also times the plain EVP call sequence for the same passes ("evp/...");
its ratio is printed in the table. stdlib only.
"""
import argparse
import json
import re
import statistics
import subprocess
import sys

CIPHERS = {
    "aes128gcm16": ("aes-128-gcm", True),
    "aes256gcm16": ("aes-256-gcm", True),
    "chacha20poly1305": ("chacha20-poly1305", True),
    "aes128": ("aes-128-cbc", False),
    "aes256": ("aes-256-cbc", False),
    "null": (None, False),
}
HMACS = {"sha1": "sha1", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512"}


def log(msg):
    print(msg, flush=True)


def run_bench(bench, sizes, min_time):
    pattern = "^(esp|evp)/.*/(%s)$" % "|".join(str(s) for s in sizes)
    out = subprocess.run(
        [bench, "--benchmark_filter=" + pattern, "--benchmark_format=json",
         "--benchmark_min_time=%g" % min_time],
        check=True, capture_output=True, text=True).stdout
    results = {}
    evp = {}
    for b in json.loads(out)["benchmarks"]:
        kind, transform, size = b["name"].split("/")
        scale = {"ns": 1.0, "us": 1e3, "ms": 1e6}[b.get("time_unit", "ns")]
        if kind == "evp":
            evp[(transform, int(size))] = b["cpu_time"] * scale
            continue
        results[(transform, int(size))] = {
            "ns": b["cpu_time"] * scale,
            "cipher_bytes": int(round(b["cipher_bytes"])),
            "hmac_bytes": int(round(b["hmac_bytes"])),
        }
    for key, ns in evp.items():
        results[key]["evp_ns"] = ns
    return results


_speed_cache = {}


def openssl_throughput(args, nbytes, seconds):
    """Bytes per second that `openssl speed -mr <args> -bytes n` reports."""
    cmd = ["openssl", "speed", "-mr", "-seconds", str(seconds), "-bytes", str(nbytes)] + args
    out = subprocess.run(cmd, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        m = re.match(r"\+F:\d+:[^:]+:([0-9.]+)", line)
        if m:
            return float(m.group(1))
    raise RuntimeError("no result from %s:\n%s%s" % (" ".join(cmd), out.stdout, out.stderr))


def baseline_ns(transform, r, seconds, memo):
    """OpenSSL's time for the cipher and HMAC passes of one seal + open."""
    parts = transform.split("-")
    cipher, aead = CIPHERS[parts[0]]
    ns = 0.0
    if cipher:
        for direction in ([], ["-decrypt"]):
            key = (cipher, aead, tuple(direction), r["cipher_bytes"])
            if key not in memo:
                args = direction + ["-evp", cipher] + (["-aead"] if aead else [])
                memo[key] = openssl_throughput(args, r["cipher_bytes"], seconds)
            ns += r["cipher_bytes"] / memo[key] * 1e9
    if len(parts) > 1:
        key = ("hmac", parts[1], r["hmac_bytes"])
        if key not in memo:
            memo[key] = openssl_throughput(["-hmac", HMACS[parts[1]]], r["hmac_bytes"], seconds)
        ns += 2 * r["hmac_bytes"] / memo[key] * 1e9
    return ns


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bench", help="path to crypto-bench")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sizes", default="1400", help="payload sizes, e.g. 64,512,1400")
    ap.add_argument("--seconds", type=int, default=1, help="openssl speed -seconds")
    ap.add_argument("--min-time", type=float, default=0.5, help="benchmark_min_time")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]

    ratios = {}
    evp_ratios = {}
    lab = {}
    base = {}
    for rep in range(1, a.reps + 1):
        log("[rep %d/%d] crypto-bench %s ..." % (rep, a.reps, ",".join(map(str, sizes))))
        results = run_bench(a.bench, sizes, a.min_time)
        memo = {}
        for (transform, size), r in sorted(results.items()):
            b = baseline_ns(transform, r, a.seconds, memo)
            key = (transform, size)
            ratios.setdefault(key, []).append(r["ns"] / b)
            evp_ratios.setdefault(key, []).append(r["ns"] / r["evp_ns"])
            lab.setdefault(key, []).append(r["ns"])
            base.setdefault(key, []).append(b)
            log("[rep %d/%d] %-18s %5dB lab %7.0f ns  openssl speed %7.0f ns (%.2f)"
                "  raw EVP loop %7.0f ns (%.2f)"
                % (rep, a.reps, transform, size, r["ns"], b, r["ns"] / b, r["evp_ns"],
                   r["ns"] / r["evp_ns"]))

    log("")
    log("medians; 'vs speed' = lab / openssl speed, 'vs EVP' = lab / raw EVP loop in crypto-bench")
    log("%-18s %6s %9s %11s %9s %7s" % ("transform", "bytes", "lab ns", "openssl ns", "vs speed",
                                         "vs EVP"))
    for key in sorted(ratios):
        log("%-18s %6d %9.0f %11.0f %9.2f %7.2f" % (key[0], key[1], statistics.median(lab[key]),
                                                    statistics.median(base[key]),
                                                    statistics.median(ratios[key]),
                                                    statistics.median(evp_ratios[key])))
    log("")
    for key in sorted(ratios, key=lambda k: (k[1], k[0])):
        print("crypto ratio lab/openssl %s %dB = %.2f"
              % (key[0], key[1], statistics.median(ratios[key])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
