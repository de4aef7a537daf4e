#!/usr/bin/python3
"""Writes model/events/event-kinds.h from docs/events.schema.json: every (layer, kind) pair with
its required and allowed fields, so that C++ can check each event against the schema as it is
emitted (event-contract.h). The schema is the one home; ctest fails when the header is stale.

usage: make-event-kinds.py docs/events.schema.json > model/events/event-kinds.h"""
import json
import sys

ENVELOPE = ["v", "seq", "t", "node", "node_name", "layer", "kind"]


def c_name(layer, kind):
    return f"{layer}_{kind}".replace("-", "_")


def c_list(names):
    """One name per line with a trailing comma, as clang-format keeps it."""
    return "{\n" + "".join(f'    "{n}",\n' for n in names) + "    nullptr,\n}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    pairs = [(a["properties"]["layer"]["const"], a["properties"]["kind"]["const"])
             for a in schema["anyOf"]]
    out = ["// Generated from docs/events.schema.json by model/events/make-event-kinds.py: do not",
           "// edit. Every event kind with its required and allowed fields (beyond the envelope).",
           "#ifndef IPSECLAB_EVENT_KINDS_H", "#define IPSECLAB_EVENT_KINDS_H", "",
           "// (generated: one name per line, as the generator writes it)", "// clang-format off",
           "namespace ipseclab", "{", "namespace event_kinds", "{", ""]
    for layer, kind in pairs:
        d = schema["$defs"][f"{layer}.{kind}"]
        fields = [n for n in d["propertyNames"]["enum"] if n not in ENVELOPE]
        out.append(f"inline const char* const k_{c_name(layer, kind)}_required[] = "
                   f"{c_list(d.get('required', []))};")
        out.append(f"inline const char* const k_{c_name(layer, kind)}_allowed[] = "
                   f"{c_list(fields)};")
        out.append("")
    out += ["", "struct KindSpec", "{", "    const char* layer;", "    const char* kind;",
            "    const char* const* required; ///< nullptr-terminated",
            "    const char* const* allowed;  ///< nullptr-terminated", "};", "",
            "inline const KindSpec kKinds[] = {"]
    for layer, kind in pairs:
        n = c_name(layer, kind)
        out.append(f'    {{"{layer}", "{kind}", k_{n}_required, k_{n}_allowed}},')
    out += ["};", "", "} // namespace event_kinds", "} // namespace ipseclab",
            "// clang-format on", "", "#endif", ""]
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
