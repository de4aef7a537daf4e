"""Anti-replay window scenarios (RFC 4303 3.4.3) and ESN inference (Appendix A2.2)."""

import pytest

import ipseclab

V = ipseclab.ReplayWindow.Verdict
SUBSPACE = 1 << 32


def test_in_order():
    w = ipseclab.ReplayWindow()
    assert (w.size, w.top) == (64, 0)
    assert all(w.receive(s) == V.OK for s in range(1, 1001))
    assert w.top == 1000 and w.counters.accepted == 1000


def test_out_of_order_inside_window():
    w = ipseclab.ReplayWindow(64)
    verdicts = [w.receive(s) for s in (10, 7, 9, 1, 11, 8)]
    assert verdicts == [V.OK, V.OK_IN_WINDOW, V.OK_IN_WINDOW, V.OK_IN_WINDOW, V.OK,
                        V.OK_IN_WINDOW]
    assert w.top == 11


def test_duplicates():
    w = ipseclab.ReplayWindow(64)
    assert w.receive(5) == V.OK
    assert w.receive(5) == V.DUPLICATE
    assert w.receive(3) == V.OK_IN_WINDOW
    for s in range(6, 61):
        w.receive(s)
    assert w.receive(3) == V.DUPLICATE and w.receive(30) == V.DUPLICATE
    assert w.receive(4) == V.OK_IN_WINDOW
    assert w.counters.duplicates == 3
    assert V.DUPLICATE.label == "duplicate" and not V.DUPLICATE.accepted


def test_too_old_and_left_edge():
    w = ipseclab.ReplayWindow(32)
    assert w.receive(100) == V.OK
    assert w.receive(68) == V.TOO_OLD and w.receive(1) == V.TOO_OLD
    assert w.counters.too_old == 2 and w.top == 100
    assert w.check(69) == V.OK_IN_WINDOW


def test_window_zero_and_sequence_zero():
    w = ipseclab.ReplayWindow(0)
    assert [w.receive(s) for s in (5, 5, 1, 1 << 20, 3)] == [
        V.OK, V.OK_UNCHECKED, V.OK_UNCHECKED, V.OK, V.OK_UNCHECKED]
    assert w.counters.accepted == 5 and w.snapshot().bitmap == ""
    assert w.receive(0) == V.ZERO_SEQUENCE
    assert ipseclab.ReplayWindow(64).receive(0).label == "zero-sequence"


def test_check_then_accept_as_rfc4303():
    w = ipseclab.ReplayWindow(64)
    w.receive(10)
    w.receive(8)
    before = w.snapshot().bitmap
    for s in (0, 1, 8, 9, 10, 11, 500, 1 << 40):
        w.check(s)  # packets whose ICV fails: checked, never accepted
    assert w.snapshot().bitmap == before and w.counters.accepted == 2
    assert w.check(9) == V.OK_IN_WINDOW
    assert w.accept(9) == V.OK_IN_WINDOW
    assert w.accept(9) == V.DUPLICATE  # accept re-checks: a caller cannot corrupt the window
    w.record_drop(V.TOO_OLD)
    assert w.counters.too_old == 1


def test_snapshot_and_feed_helper():
    w = ipseclab.ReplayWindow(8)
    for s in (10, 8, 3):
        w.receive(s)
    snap = w.snapshot()
    assert (snap.top, snap.size, snap.bitmap) == (10, 8, "10100001")
    rows = ipseclab.feed_replay_window(4, [2, 2, 1])
    assert rows == [(2, "accepted", "1000"), (2, "duplicate", "1000"),
                    (1, "accepted-in-window", "1100")]
    w.reset()
    assert w.top == 0 and w.check(10) == V.OK


def test_size_limits():
    assert ipseclab.ReplayWindow(ipseclab.ReplayWindow.MAX_SIZE).size == 65536
    with pytest.raises(ValueError):
        ipseclab.ReplayWindow(ipseclab.ReplayWindow.MAX_SIZE + 1)
    with pytest.raises(TypeError):
        ipseclab.ReplayWindow(-1)


def test_esn_inference():
    w = ipseclab.ReplayWindow(64)
    assert w.infer_seq_high(1) == 1
    w.receive(5 * SUBSPACE + 1000)  # Case A
    assert w.infer_seq_high(2000) == 5 * SUBSPACE + 2000
    assert w.infer_seq_high(937) == 5 * SUBSPACE + 937
    assert w.infer_seq_high(936) == 6 * SUBSPACE + 936
    b = ipseclab.ReplayWindow(64)
    b.receive(7 * SUBSPACE + 10)  # Case B: window spans two subspaces
    bl = (10 - 64 + 1) % SUBSPACE
    assert b.infer_seq_high(bl) == 6 * SUBSPACE + bl
    assert b.infer_seq_high(5) == 7 * SUBSPACE + 5
    late = b.infer_seq_high(0xFFFFFFF0)
    assert late >> 32 == 6 and b.receive(late) == V.OK_IN_WINDOW
    assert b.check(b.infer_seq_high(0xFFFFFFF0)) == V.DUPLICATE


def test_esn_wrap_with_esp():
    """A receiver infers the high half, then the ICV (which covers it) confirms it."""
    key = bytes(20)
    w = ipseclab.ReplayWindow(64)
    w.receive(SUBSPACE - 10)
    seq = SUBSPACE + 3
    packet = ipseclab.esp_seal("aes128gcm16", key, spi=1, seq=seq, esn=True, payload=b"x",
                               next_header=17, iv=seq.to_bytes(8, "big"))
    _, seq_low = ipseclab.esp_peek_header(packet)
    full = w.infer_seq_high(seq_low)
    assert full == seq
    assert w.check(full).accepted
    assert ipseclab.esp_open("aes128gcm16", key, packet=packet, seq_high=full >> 32).ok
    assert w.accept(full) == V.OK
