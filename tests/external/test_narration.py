"""The narration (--steps, narration.jsonl) says what the RFCs say, per failure kind (issue 21):
failure replies are refusals, SK_a is absent with an AEAD cipher, AH's mutable fields are RFC
4302's full list, the rekey deletes the old SA before its inbound half goes, the attacker's verbs
are English, manual-keys takes --steps, and narration.jsonl holds what --steps prints."""
import json
import re

import pytest

from scenario_checks import run_scenario


def steps_of(tmp_path, name, *options):
    out = tmp_path / name
    return out, run_scenario(name, out, "--steps", *options)


def line_with(text, needle):
    lines = [l for l in text.splitlines() if needle in l]
    assert lines, f"no line with {needle!r}"
    return lines[0]


def test_wrong_psk_reply_is_a_refusal(tmp_path):
    _, text = steps_of(tmp_path, "ike-failures", "--case=wrong-psk")
    reply = line_with(text, "sends IKE_AUTH response 1 [ SK { N(AUTHENTICATION_FAILED) } ]")
    assert "a refusal" in reply and "RFC 7296 2.21.2" in reply
    assert "the Child SA it accepted" not in reply and "responder's identity and AUTH" not in reply


def test_proposal_mismatch_reply_is_a_refusal_in_clear(tmp_path):
    _, text = steps_of(tmp_path, "ike-failures", "--case=proposal-mismatch")
    reply = line_with(text, "sends IKE_SA_INIT response 0 [ N(NO_PROPOSAL_CHOSEN) ]")
    assert "a refusal in clear" in reply
    assert "picks one proposal" not in reply


def test_lossy_wan_and_dead_peer(tmp_path):
    _, text = steps_of(tmp_path, "ike-failures", "--case=lossy-wan")
    assert "no answer: retransmits" in text
    _, text = steps_of(tmp_path, "ike-failures", "--case=dead-peer")
    check = line_with(text, "sends INFORMATIONAL request 2 [ SK { } ]")
    assert "liveness check the peer must answer" in check
    assert "delete" not in check


def test_sk_a_with_and_without_aead(tmp_path):
    _, text = steps_of(tmp_path, "site-to-site")  # aes256gcm16-prfsha256-ecp256
    assert "no SK_ai, SK_ar: the cipher is an AEAD" in line_with(text, "derives SKEYSEED")
    assert "SK_e (an AEAD cipher: no SK_a)" in line_with(text, "IKE phase 1 complete")
    assert "SK_a and SK_e" not in text
    _, text = steps_of(tmp_path, "site-to-site", "--ikeProposal=aes128-sha256-modp2048",
                       "--out=" + str(tmp_path / "cbc"))
    assert "SK_d, SK_ai, SK_ar, SK_ei" in line_with(text, "derives SKEYSEED")
    assert "SK_d, SK_a, SK_e and SK_p" in line_with(text, "IKE phase 1 complete")


def test_ah_mutable_fields_are_rfc_4302s(tmp_path):
    _, text = steps_of(tmp_path, "tamper")
    outcome = text[text.index("== Outcome =="):]
    assert "DSCP/ECN, flags, fragment offset, TTL, header checksum" in outcome
    assert "RFC 4302 3.3.3.1.1.1" in outcome


def test_attacker_verbs(tmp_path):
    _, text = steps_of(tmp_path, "tamper")
    assert "the attacker tampers with a packet" in text
    _, text = steps_of(tmp_path, "replay-attack")
    assert "the attacker captures a packet" in text and "the attacker replays a packet" in text
    for typo in ("replayes", "tamperes", "capturees"):
        assert typo not in text


def test_rekey_delete_order(tmp_path):
    _, text = steps_of(tmp_path, "rekey")
    told = line_with(text, "RFC 7296 2.8")
    # the INFORMATIONAL deletes the old SA first; only the inbound half lingers afterwards
    assert told.index("deletes the old SA with an INFORMATIONAL") < told.index(
        "keeps the old inbound SA")
    assert "stays" not in told


def test_manual_keys_takes_steps(tmp_path):
    out, text = steps_of(tmp_path, "manual-keys", "--tamper=3")
    assert re.search(r"^Step 1 \[t=", text, re.M)
    assert "ICV BAD" in text
    # the stream is the same with or without --steps (no events added by the narration)
    plain = tmp_path / "plain"
    run_scenario("manual-keys", plain, "--tamper=3")
    assert (out / "events.jsonl").read_bytes() == (plain / "events.jsonl").read_bytes()


def test_narration_file_is_what_steps_prints(tmp_path):
    out, text = steps_of(tmp_path, "site-to-site")
    told = [json.loads(l) for l in (out / "narration.jsonl").read_text().splitlines()]
    printed = re.findall(r"^Step (\d+) \[t=[0-9.]+s\] (?:(\S+): )?(.*)$", text, re.M)
    sentences = [n for n in told if "title" not in n]
    assert len(sentences) == len(printed)
    for n, (number, who, sentence) in zip(sentences, printed):
        assert n["step"] == int(number) and n["text"] == sentence and n["node_name"] == (who or "")
    events = [json.loads(l) for l in (out / "events.jsonl").read_text().splitlines()]
    assert all(0 <= n["seq"] < len(events) and events[n["seq"]]["seq"] == n["seq"] for n in told)
    # without --steps the file is the same (the visualizer shows it either way)
    quiet = tmp_path / "quiet"
    run_scenario("site-to-site", quiet)
    assert (quiet / "narration.jsonl").read_bytes() == (out / "narration.jsonl").read_bytes()


@pytest.mark.parametrize("name", ["site-to-site", "ah-vs-nat", "tamper"])
def test_new_outputs_are_byte_identical(tmp_path, name):
    a, b = tmp_path / "a", tmp_path / "b"
    run_scenario(name, a)
    run_scenario(name, b)
    for f in ("events.jsonl", "narration.jsonl", "topology.json"):
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_keymat_with_pfs(tmp_path):
    _, text = steps_of(tmp_path, "site-to-site", "--childRekey=1.5", "--pfs=x25519",
                       "--duration=3")
    keymat = [l for l in text.splitlines() if "derives the Child SA keys" in l]
    assert "KEYMAT = prf+(SK_d, Ni | Nr)" in keymat[0]  # the first Child SA, in IKE_AUTH
    assert any("KEYMAT = prf+(SK_d, g^ir (new, PFS) | Ni | Nr)" in l for l in keymat[2:])


def test_empty_answer_to_an_ike_sa_delete_is_not_a_liveness_answer(tmp_path):
    _, text = steps_of(tmp_path, "site-to-site", "--childRekey=1.5", "--ikeRekey=2",
                       "--duration=5")
    empty = [l for l in text.splitlines() if "INFORMATIONAL response" in l and "SK { }" in l]
    assert empty
    assert all("the empty answer to the delete of the IKE SA" in l for l in empty)
    assert "the peer is alive" not in text
