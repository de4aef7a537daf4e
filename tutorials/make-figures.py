#!/usr/bin/python3
"""Render the tutorials' figures with the visualizer from the tutorials' own runs.

Usage: /usr/bin/python3 tutorials/make-figures.py [--build DIR] [--work DIR] [--figures ROOT]

Each figure: run a scenario (the same command the tutorial runs, with --out), find the event
index that shows the point of the figure in events.jsonl (e.g. the first esp/decap with
icv_ok false), then `ipseclab-viz DIR --render VIEW --at N -o tutorials/NN-.../figures/F.png`.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def events(d):
    with open(os.path.join(d, "events.jsonl")) as f:
        return [json.loads(line) for line in f]


def first(evs, pred, what):
    for e in evs:
        if pred(e):
            return e["seq"]
    raise SystemExit(f"make-figures: no event for {what}")


def is_(e, layer, kind, **fields):
    return e["layer"] == layer and e["kind"] == kind and all(e.get(k) == v for k, v in fields.items())


# (tutorial dir, figure name, scenario + options, output subdir, view, event picker)
FIGURES = [
    ("01-confidentiality", "inspector-esp-transport", ["host-to-host"], "h2h", "inspector",
     lambda ev: first(ev, lambda e: is_(e, "esp", "encap"), "first esp/encap")),
    ("02-integrity", "inspector-icv-failure", ["tamper"], "tamper", "inspector",
     lambda ev: first(ev, lambda e: is_(e, "esp", "decap", icv_ok=False), "esp/decap icv_ok false")),
    ("02-integrity", "inspector-ah-source-changed", ["tamper"], "tamper", "inspector",
     lambda ev: [e["seq"] for e in ev if is_(e, "ah", "decap", icv_ok=False)][3]),
    ("03-authentication", "sequence-wrong-psk", ["ike-failures", "--case=wrong-psk"], "failures/wrong-psk",
     "sequence", None),
    ("04-anti-replay", "replay-duplicate", ["replay-attack"], "replay", "replay",
     lambda ev: first(ev, lambda e: is_(e, "replay", "check", verdict="replayed"), "replayed")),
    ("04-anti-replay", "replay-too-old", ["replay-attack"], "replay", "replay",
     lambda ev: first(ev, lambda e: is_(e, "replay", "check", verdict="too-old"), "too-old")),
    ("05-ike-phases", "sequence-phase1-phase2", ["site-to-site", "--steps"], "s2s", "sequence",
     lambda ev: first(ev, lambda e: is_(e, "ike", "child-sa-installed", node_name="gwA"), "child SA")),
    ("05-ike-phases", "keys", ["site-to-site", "--steps"], "s2s", "keys",
     lambda ev: first(ev, lambda e: is_(e, "ike", "child-sa-installed", node_name="gwA"), "child SA")),
    ("06-ah-vs-esp", "inspector-ah-through-nat", ["ah-vs-nat"], "ahnat", "inspector",
     lambda ev: first(ev, lambda e: is_(e, "ah", "decap", icv_ok=False), "ah/decap icv_ok false")),
    ("06-ah-vs-esp", "topology-ah-vs-nat", ["ah-vs-nat"], "ahnat", "topology",
     lambda ev: first(ev, lambda e: is_(e, "ah", "drop"), "ah/drop")),
    ("07-tunnel-vs-transport", "inspector-tunnel", ["site-to-site"], "s2s-plain", "inspector",
     lambda ev: first(ev, lambda e: is_(e, "esp", "encap"), "first esp/encap")),
    ("07-tunnel-vs-transport", "inspector-remote-access", ["remote-access"], "ra", "inspector",
     lambda ev: first(ev, lambda e: is_(e, "esp", "encap", node_name="laptop"), "laptop esp/encap")),
    ("08-rekeying", "charts-rekey", ["rekey"], "rekey", "charts", lambda ev: -1),
    ("08-rekeying", "sequence-collision", ["rekey", "--collision", "--duration=4"], "collision",
     "sequence", lambda ev: first(ev, lambda e: is_(e, "ike", "collision"), "ike/collision")),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.environ.get("IPSECLAB_BUILD_DIR", os.path.join(ROOT, "build")))
    ap.add_argument("--work", default=os.path.join(ROOT, "results", "tutorial-figures"))
    ap.add_argument("--figures", default=os.path.join(ROOT, "tutorials"),
                    help="root under which NN-name/figures/ are written")
    a = ap.parse_args()
    viz = os.path.join(a.build, "visualizer", "ipseclab-viz")
    done = {}
    for tut, name, cmd, sub, view, pick in FIGURES:
        out = os.path.join(a.work, sub)
        key = (sub, tuple(cmd))
        if key not in done:
            prog = os.path.join(a.build, "scenarios", cmd[0])
            # ike-failures writes each case into a subdirectory of --out
            run_out = os.path.dirname(out) if cmd[0] == "ike-failures" else out
            r = subprocess.run([prog, f"--out={run_out}"] + cmd[1:], capture_output=True, text=True)
            if not os.path.exists(os.path.join(out, "events.jsonl")):
                sys.exit(f"make-figures: {cmd} failed:\n{r.stdout}{r.stderr}")
            done[key] = events(out)
        ev = done[key]
        if pick is None:  # the last IKE message of the run
            at = [e["seq"] for e in ev if e["layer"] == "ike" and e["kind"].startswith("message-")][-1]
        else:
            at = pick(ev)
        fig_dir = os.path.join(a.figures, tut, "figures")
        os.makedirs(fig_dir, exist_ok=True)
        png = os.path.join(fig_dir, name + ".png")
        subprocess.run([viz, out, "--render", view, "--at", str(at), "-o", png], check=True,
                       capture_output=True)
        print(f"{os.path.relpath(png, ROOT) if png.startswith(ROOT) else png}: {view} at #{at} of {' '.join(cmd)}")


if __name__ == "__main__":
    main()
