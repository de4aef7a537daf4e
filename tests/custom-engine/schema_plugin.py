"""A pytest plugin (-p schema_plugin): every configuration ipseclab.Scenario writes while the
tests run (Scenario.to_dict, which to_json and run() use) must satisfy
docs/custom-scenario.schema.json. Configurations the tests write by hand are not the builder's
and are not checked."""
import json
import pathlib

import jsonschema

SCHEMA = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" /
                     "custom-scenario.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
checked = []


def pytest_configure(config):
    from ipseclab import builder
    to_dict = builder.Scenario.to_dict

    def checked_to_dict(self):
        d = to_dict(self)
        errors = sorted(VALIDATOR.iter_errors(d), key=lambda e: list(e.path))
        assert not errors, "the builder wrote a configuration the schema rejects: %s at %s" % (
            errors[0].message, "/".join(map(str, errors[0].path)))
        checked.append(d)
        return d

    builder.Scenario.to_dict = checked_to_dict


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line("schema_plugin: %d builder configurations valid" % len(checked))
