"""Validates the real event streams of every scenario variant the golden-output test runs (not a
sample) against docs/events.schema.json: every event valid, every (layer, kind) documented in the
schema with a closed field list, and in docs/events.md. Run through ctest (IPSECLAB_BUILD_DIR)."""
import collections
import json
import os
import pathlib
import sys
import tempfile

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "golden"))
import outputs  # noqa: E402  (the variant table lives in one place)

ENVELOPE = ["v", "seq", "t", "node", "node_name", "layer", "kind"]
# Kinds no variant reaches, each with the reason; every other documented kind must appear.
NOT_REACHED = {
    ("app", "probe-sent"): "live-peer only (a TAP to strongSwan; tests/interop validates it)",
    ("app", "probe-echo"): "live-peer only (tests/interop)",
    ("ike", "invalid-ke"): "a peer that wants another DH group (tests/ikev2)",
    ("ike", "child-failed"): "a refused Child SA on a live IKE SA (tests/ikev2)",
    ("ike", "child-start"): "a second Child SA on an IKE SA (tests/ikev2)",
    ("spd", "drop"): "data-plane unit tests",
    ("spd", "match"): "data-plane unit tests",
    ("sad", "sequence-overflow"): "needs 2^32 packets (tests/ipsec sets the counter)",
    ("nat", "drop"): "NAT unit tests",
}


@pytest.fixture(scope="module")
def schema():
    s = json.loads((ROOT / "docs" / "events.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(s)
    return s


@pytest.fixture(scope="module")
def streams():
    build = pathlib.Path(os.environ.get("IPSECLAB_BUILD_DIR", ROOT / "build")).resolve()
    with tempfile.TemporaryDirectory(prefix="streams-") as tmp:
        root = pathlib.Path(tmp)
        outputs.run_all(build, root)
        yield {str(p.relative_to(root)): [json.loads(line) for line in p.read_text().splitlines()]
               for p in sorted(root.rglob("events.jsonl"))}


def documented_pairs(schema):
    return {(a["properties"]["layer"]["const"], a["properties"]["kind"]["const"])
            for a in schema["anyOf"]}


def test_every_kind_is_strict(schema):
    for layer, kind in documented_pairs(schema):
        definition = schema["$defs"][f"{layer}.{kind}"]
        names = definition["propertyNames"]["enum"]
        assert names[:len(ENVELOPE)] == ENVELOPE, (layer, kind)
        assert set(names[len(ENVELOPE):]) == set(definition["properties"]), (layer, kind)
        assert set(definition.get("required", [])) <= set(definition["properties"]), (layer, kind)


def test_every_kind_is_in_the_guide(schema):
    guide = (ROOT / "docs" / "events.md").read_text()
    missing = [f"{l}/{k}" for l, k in sorted(documented_pairs(schema)) if f"`{l}/{k}`" not in guide
               and f", `{l}/{k}`" not in guide]
    assert not missing, f"kinds in the schema but not in docs/events.md: {missing}"


def kind_validators(schema):
    """One validator per (layer, kind): the envelope and that kind's definition. The same
    verdict as the whole schema for a documented kind (the anyOf only names the kinds), without
    trying all 65 if/then branches on each of the streams' events."""
    base = {k: v for k, v in schema.items() if k not in ("allOf", "anyOf")}
    return {pair: jsonschema.Draft202012Validator(
                dict(base, allOf=[{"$ref": f"#/$defs/{pair[0]}.{pair[1]}"}]))
            for pair in documented_pairs(schema)}


def test_real_streams_are_valid(schema, streams):
    validators = kind_validators(schema)
    errors = collections.Counter()
    for name, events in streams.items():
        assert events, name
        for event in events:
            assert list(event)[:len(ENVELOPE)] == ENVELOPE, (name, event)
            validator = validators.get((event["layer"], event["kind"]))
            assert validator, f"{name}: undocumented kind {event['layer']}/{event['kind']}"
            for error in validator.iter_errors(event):
                errors[f"{event['layer']}/{event['kind']}: {error.message[:160]}"] += 1
    assert not errors, "\n".join(f"{n}x {e}" for e, n in errors.most_common(30))


def test_one_kind_validator_judges_like_the_whole_schema(schema):
    """The shortcut above must not be weaker: an event breaking its kind's rules fails both."""
    whole = jsonschema.Draft202012Validator(schema)
    validators = kind_validators(schema)
    event = {"v": 1, "seq": 0, "t": 0.0, "node": 0, "node_name": "gwA", "layer": "ike",
             "kind": "retransmit", "exchange": "IKE_AUTH", "message_id": 1, "attempt": 1,
             "timeout_s": 1.0, "spi_i": "0123456789abcdef", "spi_r": "fedcba9876543210"}
    for bad in (dict(event, tries=3), dict(event, attempt=0), {k: v for k, v in event.items()
                                                               if k != "exchange"}, event):
        assert whole.is_valid(bad) == validators[("ike", "retransmit")].is_valid(bad)


def test_every_documented_kind_is_reached(schema, streams):
    seen = {(e["layer"], e["kind"]) for events in streams.values() for e in events}
    assert seen <= documented_pairs(schema)
    unreached = sorted(documented_pairs(schema) - seen - NOT_REACHED.keys())
    assert not unreached, f"documented kinds no variant emits (add a variant or a reason): {unreached}"
    assert not (NOT_REACHED.keys() & seen), "NOT_REACHED lists kinds a variant does reach"
