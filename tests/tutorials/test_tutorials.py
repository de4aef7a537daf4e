"""Runs every command of the tutorials and checks the output they quote.

In tutorials/*/README.md and then the same tutorial's answers.md, a fenced block tagged ```sh is
run (bash -e, repository root as cwd, ./lab using the build directory under test); the blocks of
one tutorial run in order, README first (the answer key's checks read its results). An ```output
block right after a ```sh block lists lines that must appear in that block's output (stdout and
stderr, ANSI colours removed), in order; a quoted line may be part of a longer line (trailing
spaces ignored), and a line "..." stands for any number of lines left out. So an answer key
proves what it states against the outputs it cites.
"""
import glob
import os
import re
import subprocess
import sys

import pytest

ROOT = os.environ.get("IPSECLAB_ROOT",
                      os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BUILD = os.environ.get("IPSECLAB_BUILD", os.path.join(ROOT, "build"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FENCE = re.compile(r"^```(\S*)\s*$")


def blocks(path):
    """[(tag, text, line)] of the fenced blocks of a markdown file."""
    out, tag, buf, start = [], None, [], 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = FENCE.match(line.rstrip("\n"))
            if tag is None and m:
                tag, buf, start = m.group(1), [], n
            elif tag is not None and line.rstrip("\n") == "```":
                out.append((tag, "".join(buf), start))
                tag = None
            elif tag is not None:
                buf.append(line)
    assert tag is None, f"{path}: unterminated block from line {start}"
    return out


def steps(path):
    """[(command text, expected lines or None, line)] in file order."""
    bs, res = blocks(path), []
    for i, (tag, text, line) in enumerate(bs):
        if tag == "sh":
            expect = None
            if i + 1 < len(bs) and bs[i + 1][0] == "output":
                expect = bs[i + 1][1].splitlines()
            res.append((text, expect, line))
        elif tag == "output":
            assert i > 0 and bs[i - 1][0] == "sh", f"{path}:{line}: output block without sh block"
    return res


def check_output(expect, output):
    """Ordered match of the quoted lines; returns an error message or None."""
    lines = [l.rstrip() for l in ANSI.sub("", output).splitlines()]
    pos = 0
    for want in expect:
        w = want.rstrip()
        if w.strip() == "...":
            continue
        while pos < len(lines) and w not in lines[pos] and not (w == "" and lines[pos] == ""):
            pos += 1
        if pos == len(lines):
            return f"quoted line not found (in order): {want!r}"
        pos += 1
    return None


TUTORIALS = sorted(glob.glob(os.path.join(ROOT, "tutorials", "*", "README.md")))


def env():
    e = dict(os.environ)
    e["IPSECLAB_BUILD_DIR"] = BUILD
    e["PATH"] = "/usr/bin:" + e.get("PATH", "")
    return e


def test_there_are_eight_tutorials_with_answers():
    assert len(TUTORIALS) >= 8, TUTORIALS
    for t in TUTORIALS:
        assert os.path.exists(os.path.join(os.path.dirname(t), "answers.md")), t
        assert steps(t), f"{t}: no ```sh block"


ANSWER_CHECKS = {"01-confidentiality": 2, "02-integrity": 1, "03-authentication": 2,
                 "04-anti-replay": 2, "05-ike-phases": 1, "06-ah-vs-esp": 1,
                 "07-tunnel-vs-transport": 1}


def test_answer_keys_cite_outputs():
    """The corrected answers carry their checks (issue 21): at least these many sh+output pairs."""
    for t in TUTORIALS:
        name = os.path.basename(os.path.dirname(t))
        answers = os.path.join(os.path.dirname(t), "answers.md")
        checked = [s for s in steps(answers) if s[1] is not None]
        assert len(checked) >= ANSWER_CHECKS.get(name, 0), (name, len(checked))


def test_no_hard_coded_build_directory():
    """Commands reach the build through ./lab or $IPSECLAB_BUILD_DIR, never a literal build/."""
    for t in TUTORIALS:
        for f in (t, os.path.join(os.path.dirname(t), "answers.md")):
            for text, _, line in steps(f):
                bare = re.sub(r"\$\{IPSECLAB_BUILD_DIR:-build\}", "", text)
                assert not re.search(r"(^|[\s\"'=])build/", bare), f"{f}:{line}: {text}"


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: os.path.basename(os.path.dirname(p)))
def test_tutorial(path):
    answers = os.path.join(os.path.dirname(path), "answers.md")
    for text, expect, line, rel in [(*s, os.path.relpath(f, ROOT))
                                    for f in (path, answers) if os.path.exists(f)
                                    for s in steps(f)]:
        r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", text], cwd=ROOT, env=env(),
                           capture_output=True, text=True, timeout=600)
        out = r.stdout + r.stderr
        assert r.returncode == 0, f"{rel}:{line}: exit {r.returncode}\n$ {text}\n{out[-4000:]}"
        if expect is not None:
            err = check_output(expect, out)
            assert err is None, f"{rel}:{line}: {err}\n$ {text}\n--- output ---\n{out[-6000:]}"


def test_figures_script(tmp_path):
    """make-figures.py runs and renders every figure (into a temporary directory)."""
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tutorials", "make-figures.py"),
                        "--build", BUILD, "--work", str(tmp_path / "work"),
                        "--figures", str(tmp_path / "fig")],
                       cwd=ROOT, env=env(), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    made = sorted(os.path.relpath(p, tmp_path / "fig")
                  for p in glob.glob(str(tmp_path / "fig" / "*" / "figures" / "*.png")))
    committed = sorted(os.path.relpath(p, os.path.join(ROOT, "tutorials"))
                       for p in glob.glob(os.path.join(ROOT, "tutorials", "*", "figures", "*.png")))
    assert made == committed
    for t in TUTORIALS:  # every figure a tutorial shows exists
        for fig in re.findall(r"\]\((figures/[^)]+\.png)\)", open(t, encoding="utf-8").read()):
            assert os.path.exists(os.path.join(os.path.dirname(t), fig)), (t, fig)
