"""docs/custom-scenario.schema.json: a valid JSON Schema that the committed configurations of
the Python builder (tests/golden/custom/) satisfy, whose $defs list the builder's keyword
tables, and that rejects what the loader rejects (unknown keys, bad enums, out-of-range)."""
import json
import pathlib

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "custom-scenario.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_the_schema_is_a_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("config", sorted((ROOT / "tests" / "golden" / "custom").glob("*.json")) +
                         [ROOT / "tests" / "custom-engine" / "every-key.json"],
                         ids=lambda p: p.name)
def test_golden_and_every_key_configurations_are_valid(config):
    VALIDATOR.validate(json.loads(config.read_text()))


def properties(name):
    return set(SCHEMA["$defs"][name]["properties"])


def test_the_builders_keyword_tables_are_the_schemas():
    from ipseclab import builder
    assert set(builder._IKE_FIELDS) | {"initiator", "responder", "psk", "proposals",
                                       "esp_proposals", "local_ts", "remote_ts"} == \
        properties("ike")
    assert set(builder._MANUAL_FIELDS) | {"a", "b"} == properties("manual_sa")
    assert builder._ROOT_KEYS == properties("root")


@pytest.mark.parametrize("change", [
    lambda c: c.update(colour="red"),
    lambda c: c["links"][0].update(type="wifi"),
    lambda c: c["links"][0].update(loss=2),
    lambda c: c["links"][0].update(rate="lots"),
    lambda c: c["links"][0].update(delay="1 ms"),
    lambda c: c["ike"][0].update(replay_window=70000),
    lambda c: c["ike"][0].pop("psk"),
    lambda c: c.update(traffic=[{"type": "tcp", "from": "x", "to": "y"}]),
    lambda c: c.update(attackers=[{"type": "tamper", "link": "l", "bursts": [1]}]),
])
def test_what_the_loader_rejects_the_schema_rejects(change):
    config = {"nodes": ["x", "y"],
              "links": [{"name": "l", "nodes": ["x", "y"], "subnet": "10.0.0.0/30"}],
              "ike": [{"initiator": "x", "responder": "y", "psk": "k"}], "duration": 2}
    VALIDATOR.validate(config)
    change(config)
    assert not VALIDATOR.is_valid(config)
