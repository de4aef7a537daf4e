"""What the scenario tests share: running a scenario program, reading its event stream, and
asking tshark (with the scenario's exported key files) how many packets match a filter."""
import json
import os
import pathlib
import subprocess

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
ROOT = pathlib.Path(os.environ.get("IPSECLAB_ROOT", pathlib.Path(__file__).resolve().parents[2]))
SCHEMA = ROOT / "docs" / "events.schema.json"


def run_scenario(name, out, *options, expect=0, timeout=120):
    """Runs scenario `name` into `out`; asserts its exit code; returns its stdout."""
    result = subprocess.run([str(SCENARIOS / name), f"--out={out}", *options],
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == expect, result.stdout + result.stderr
    return result.stdout


def read_events(out):
    """The event stream of a run as a list of dicts."""
    return [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]


def tshark_count(out, pcap, display_filter, keys=True):
    """Packets of out/pcap matching display_filter; with keys, tshark decrypts ESP and IKE with
    the esp_sa and ikev2_decryption_table the scenario wrote into out."""
    (out / "no-keys").mkdir(exist_ok=True)
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(out if keys else out / "no-keys"))
    options = ["-o", "esp.enable_encryption_decode:TRUE",
               "-o", "esp.enable_authentication_check:TRUE"] if keys else []
    result = subprocess.run(["tshark", "-r", str(out / pcap), *options, "-Y", display_filter],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return len(result.stdout.splitlines())
