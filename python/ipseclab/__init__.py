"""IPsec Lab from Python: real IPsec crypto, ESP/AH packets and the replay window.

Everything runs on the same C++ code (and OpenSSL) that the simulated nodes use, so a packet
built here is byte for byte what the simulator puts on the wire.

Areas (see ``help(ipseclab.<name>)`` for each):

* algorithm registry: ``encryption_algorithms()``, ``find_encryption()``,
  ``parse_esp_proposal()``, ``parse_ah_proposal()``, ``parse_ike_proposal()``, ...
* keyed transforms: ``EspTransform``, ``Integrity``, ``AeadCipher``, ``CbcCipher``,
  ``Prf``, ``prf_plus()``
* IKEv2 key schedule: ``derive_ike_sa_keys()``, ``derive_rekeyed_ike_sa_keys()``,
  ``derive_child_sa_keys()``, ``compute_shared_key_auth()``, ``KeyLengths``
* Diffie-Hellman: ``DhGroup``; random sources ``SeededRandomSource``,
  ``FixedRandomSource``, ``FunctionRandomSource``
* anti-replay: ``ReplayWindow`` (``check``/``accept``/``receive``, ``snapshot()``,
  ``infer_seq_high()``)
* packets: ``esp_seal()``/``esp_open()``, ``ah_seal()``/``ah_open()``,
  ``ah_ipv4_packet()``, ``Ipv4Fields``
* SPD selectors: ``Ipv4Prefix``, ``PortRange``, ``FlowKey``, ``TrafficSelector``
* scenario runs: ``scenarios()``, ``run()`` -> ``Result``, ``metrics``, ``sweep()`` ->
  ``SweepTable`` (docs/python.md, "Running scenarios")

Byte arguments accept ``bytes``, ``bytearray`` and ``memoryview``; results are ``bytes``.
Errors: ``CryptoError`` (a ``ValueError``) for bad algorithm names, key sizes and malformed
input; ``ValueError`` for other bad values; ``TypeError`` for wrong argument types.
"""

from . import _core
from ._core import *  # noqa: F401,F403  (the C++ names are the API)
from ._helpers import ah_ipv4_packet, as_dict, feed_replay_window
from . import metrics, stats  # noqa: E402  (scenario runs, metrics, sweeps: pure Python)
from .runner import (Result, ScenarioError, ScenarioTimeout, run, scenario_options,
                     scenarios)
from .sweep import SweepError, SweepTable, sweep
from .builder import Scenario  # noqa: E402  (building a scenario: docs/python.md)

__version__ = "0.1.0"

__all__ = sorted(
    [name for name in dir(_core) if not name.startswith("_")]
    + ["ah_ipv4_packet", "as_dict", "feed_replay_window"]
    + ["Result", "ScenarioError", "ScenarioTimeout", "run", "scenario_options", "scenarios",
       "SweepError", "SweepTable", "sweep", "metrics", "stats", "Scenario"]
)
