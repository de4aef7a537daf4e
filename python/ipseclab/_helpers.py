"""Pythonic helpers over the C++ core: dict views, a whole AH datagram, replay runs."""

from . import _core


def as_dict(obj):
    """Return the read-only properties of an ipseclab object as a dict (nested objects too).

    Works for registry entries (``find_encryption('aes128gcm16')``), parsed proposals,
    ``IkeSaKeys``, ``ChildSaKeys``, ``SharedKeyAuth``, ``EspOpened``, ``AhOpened``,
    ``ReplaySnapshot``, counters, ...  ``None``, numbers, strings and bytes are returned as
    they are.
    """
    if obj is None or isinstance(obj, (bool, int, float, str, bytes)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [as_dict(item) for item in obj]
    if isinstance(obj, _core.Ipv4Fields):
        return obj.to_dict()
    names = [n for n in dir(type(obj))
             if not n.startswith("_") and isinstance(getattr(type(obj), n), property)]
    return {n: as_dict(getattr(obj, n)) for n in names}


def ah_ipv4_packet(proposal, key, *, outer, spi, seq, payload, next_header, esn=False):
    """Return a whole IPv4 datagram protected by AH: IPv4 header | AH header | payload.

    ``outer`` (``Ipv4Fields`` or dict) gives addresses, identification, TTL, ...; this sets
    its protocol to 51 and its total length, computes the ICV over it (ah_seal) and writes
    the header with a correct checksum. ``proposal`` is an AH proposal ('sha256') or an
    ``Integrity``.
    """
    header = _core.Ipv4Fields(outer) if isinstance(outer, dict) else outer.copy()
    if isinstance(proposal, _core.Integrity):
        integrity = proposal
        size = _core.ah_header_size(integrity.icv_size) + len(payload)
        header.protocol = 51
        header.total_length = 20 + size
        ah = _core.ah_seal(integrity, outer=header, spi=spi, seq=seq, payload=payload,
                           next_header=next_header, esn=esn)
    else:
        header.protocol = 51
        header.total_length = 20 + _core.ah_packet_size(proposal, len(payload))
        ah = _core.ah_seal(proposal, key, outer=header, spi=spi, seq=seq, payload=payload,
                           next_header=next_header, esn=esn)
    return header.to_bytes() + ah


def feed_replay_window(window, sequence_numbers):
    """Receive each sequence number in turn (check, then accept, as for a good ICV).

    ``window`` is a ``ReplayWindow`` or a window size. Returns a list of
    ``(seq, verdict label, snapshot bitmap)`` tuples, one per packet, for printing tables.
    """
    if not isinstance(window, _core.ReplayWindow):
        window = _core.ReplayWindow(window)
    rows = []
    for seq in sequence_numbers:
        verdict = window.receive(seq)
        rows.append((seq, verdict.label, window.snapshot().bitmap))
    return rows
