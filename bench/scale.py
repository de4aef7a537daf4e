#!/usr/bin/python3
"""Scale benchmark: ike-bench at 1k, 10k and 100k initiators, one after the other in one run.

Usage: /usr/bin/python3 bench/scale.py <build-dir>/bench/ike-bench [--sizes=1000,10000,100000]
       [any ike-bench option, e.g. --scheduler=heap]

Each size runs in its own process (so peak RSS is that size's), with --repeat=1 --dh=0 unless
given. Prints a table (handshakes per wall and per CPU second of Simulator::Run, peak RSS,
memory per tunnel) and the line `scale ratio handshakes/s 100k vs 1k = X.XX` (wall; the CPU
ratio follows, since the machine is shared). docs/benchmarks.md ("Scale") explains the method.
"""
import json
import subprocess
import sys
import time

TARGET_RATIO = 0.80
TARGET_TUNNEL_KIB = 8.0


def label(n):
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def run_size(bench, n, extra):
    args = [bench, f"--initiators={n}"] + extra
    print(f"[scale] {n} initiators: {' '.join(args)}", flush=True)
    t0 = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    result = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
        else:
            print("    " + line.rstrip(), flush=True)  # ike-bench's progress lines
    if proc.wait() != 0 or result is None:
        sys.exit(f"scale: ike-bench failed at {n} initiators (exit {proc.returncode})")
    result["process_wall_s"] = time.monotonic() - t0
    return result


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bench = sys.argv[1]
    sizes = [1000, 10000, 100000]
    extra = []
    for a in sys.argv[2:]:
        if a.startswith("--sizes="):
            sizes = [int(x) for x in a.split("=", 1)[1].split(",") if x]
        else:
            extra.append(a)
    if len(sizes) < 2 or any(n <= 0 for n in sizes):
        sys.exit("scale: --sizes needs at least two positive sizes")
    for default in ("--repeat=1", "--dh=0", "--group=x25519"):
        if not any(a.split("=")[0] == default.split("=")[0] for a in extra):
            extra.append(default)
    results = [run_size(bench, n, extra) for n in sizes]

    print()
    print("| initiators | Run wall s | Run CPU s | handshakes/wall s | handshakes/CPU s "
          "| peak RSS MiB | heap per tunnel KiB | RSS per tunnel KiB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        n = r["initiators"]
        print(f"| {n:,} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {n / r['wall_s']:,.0f} "
              f"| {n / r['cpu_s']:,.0f} | {r['peak_rss_kib'] / 1024:,.0f} "
              f"| {r['heap_per_tunnel_b'] / 1024:.2f} | {r['rss_per_tunnel_b'] / 1024:.2f} |")
    first, last = results[0], results[-1]
    wall_ratio = (last["initiators"] / last["wall_s"]) / (first["initiators"] / first["wall_s"])
    cpu_ratio = (last["initiators"] / last["cpu_s"]) / (first["initiators"] / first["cpu_s"])
    a, b = label(last["initiators"]), label(first["initiators"])
    print(f"scale ratio handshakes/s {a} vs {b} = {wall_ratio:.2f}"
          f" (goal >= {TARGET_RATIO:.2f}: {'met' if wall_ratio >= TARGET_RATIO else 'not met'})")
    print(f"scale ratio handshakes/cpu s {a} vs {b} = {cpu_ratio:.2f}")
    kib = last["heap_per_tunnel_b"] / 1024
    print(f"memory per tunnel at {a} (heap growth while the tunnels came up, both ends, no ns-3 "
          f"nodes) = {kib:.2f} KiB (goal < {TARGET_TUNNEL_KIB:.0f} KiB: "
          f"{'met' if kib < TARGET_TUNNEL_KIB else 'not met'})")


if __name__ == "__main__":
    main()
