"""Build a scenario in Python: nodes, links, routes, IPsec, traffic and attackers.

``Scenario`` collects a topology and an IPsec set-up, checks every argument as it is given
(``TypeError``/``ValueError`` naming it), writes it as JSON (``to_json()``) and runs it with the
``custom`` scenario program (``run()`` returns the same :class:`ipseclab.Result` as
``ipseclab.run``, plus ``report``: custom.json as a dict, and ``flows``)::

    s = ipseclab.Scenario("my-vpn", duration=5)
    a = s.lan("10.1.0.0/24", hosts=2, name="a")          # csma LAN, hosts a0, a1
    b = s.lan("10.2.0.0/24", hosts=2, name="b")
    gwa, gwb = s.gateway("gwA", lan=a), s.gateway("gwB", lan=b)
    s.wan(gwa, gwb, rate="100Mbps", delay="10ms", loss=0.01)
    s.ike(gwa, gwb, psk="secret", proposals=["aes256gcm16-prfsha256-ecp256"],
          esp=["aes128gcm16"], rekey_time=2)
    s.udp_echo(a.hosts[0], b.hosts[0], count=10)
    s.replay_attacker(on=(gwa, gwb), capture=5, at=[1.5])
    result = s.run(seed=1, run=1)

The JSON schema is documented in docs/python.md ("Building a scenario in Python").
"""

import copy
import ipaddress
import json
import math
import os
import re
import tempfile

from . import runner

__all__ = ["Scenario", "Node", "Link", "Lan"]

# The format is docs/custom-scenario.schema.json (tests/custom-engine checks that these tables
# are its keys and that every configuration written here is valid). The same rules as the
# custom program's loader (scenarios/custom-engine/): names become pcap file names; times have
# no spaces ("10ms"); rates are from 1 kbps to 1000 Gbps.
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
_TIME_RE = re.compile(r"^([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?(s|ms|us|ns|min|h|d)?$")
_RATE_UNITS = {"bps": 1, "kbps": 1e3, "Kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9, "Bps": 8,
               "KBps": 8e3, "MBps": 8e6, "GBps": 8e9}
_RATE_RE = re.compile(r"^[0-9]+(\.[0-9]+)?(bps|kbps|Kbps|Mbps|Gbps|Bps|KBps|MBps|GBps)$")

# IKE fields passed through unchanged (JSON name: type).
_IKE_FIELDS = {
    "name": str, "initiator_address": str, "responder_address": str, "initiator_id": str,
    "responder_id": str, "ike_rekey_time": float, "over_time": float, "ike_rand_time": float,
    "dpd_delay": float, "dpd_action": str, "retransmit_timeout": float,
    "retransmit_tries": int, "force_encap": bool, "request_virtual_ip": bool, "pool": str,
    "responder_remote": str, "keepalive": float, "child_name": str, "mode": str,
    "rekey_time": float, "life_time": float, "rand_time": float, "delete_delay": float,
    "replay_window": int, "esn": bool, "rekey_packets": int, "rekey_bytes": int,
    "tfc_pad_to": int, "start_action": str, "start_time": float,
    "cookie_threshold": int, "half_open_limit": int,
}
# The top level of a configuration.
_ROOT_KEYS = frozenset({"name", "duration", "routing", "nodes", "links", "routes", "manual_sas",
                        "ike", "nats", "traffic", "attackers", "pcaps", "description"})
_MANUAL_FIELDS = {
    "protocol": str, "mode": str, "esp_proposal": str, "ah_proposal": str, "address_a": str,
    "address_b": str, "traffic_a": str, "traffic_b": str, "ip_protocol": (int, str),
    "port_b": int, "spi_a_to_b": int, "spi_b_to_a": int, "reqid": int, "replay_window": int,
    "esn": bool, "udp_encap": bool, "tfc_pad_to": int, "priority": int,
    "soft_seconds": float, "hard_seconds": float,
}


class Node:
    """A node of a :class:`Scenario` (use it, or its name, wherever a node is expected)."""

    def __init__(self, scenario, name):
        self._scenario = scenario
        self.name = name

    def __repr__(self):
        return "<Node %s>" % self.name

    def __str__(self):
        return self.name


class Link:
    """A link: ``name``, ``type`` ("p2p"/"csma"), ``nodes`` (names), ``subnet``."""

    def __init__(self, spec):
        self._spec = spec

    name = property(lambda self: self._spec["name"])
    type = property(lambda self: self._spec["type"])
    nodes = property(lambda self: list(self._spec["nodes"]))
    subnet = property(lambda self: self._spec.get("subnet"))

    def __repr__(self):
        return "<Link %s %s %s>" % (self.name, self.type, self.nodes)

    def __str__(self):
        return self.name


class Lan(Link):
    """A CSMA LAN made by :meth:`Scenario.lan`: ``hosts`` (Nodes), ``gateway`` (Node or None)."""

    def __init__(self, spec, hosts):
        super().__init__(spec)
        self.hosts = hosts
        self.gateway = None


def _check_name(what, name):
    if not isinstance(name, str):
        raise TypeError("%s must be a str, got %s" % (what, type(name).__name__))
    if not _NAME_RE.match(name):
        raise ValueError("%s %r: use letters, digits, '_', '.', '-' (starting with a letter)"
                         % (what, name))
    return name


def _number(what, value, minimum=None, maximum=None, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if hasattr(value, "__index__"):
            value = int(value)
        elif hasattr(value, "__float__") and not isinstance(value, (str, bytes)):
            value = float(value)
        else:
            raise TypeError("%s must be a number, got %s" % (what, type(value).__name__))
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("%s must be finite, got %r" % (what, value))
    if integer and value != int(value):
        raise ValueError("%s must be a whole number, got %r" % (what, value))
    if minimum is not None and value < minimum:
        raise ValueError("%s must be at least %s, got %r" % (what, minimum, value))
    if maximum is not None and value > maximum:
        raise ValueError("%s must be at most %s, got %r" % (what, maximum, value))
    return int(value) if integer else value


def _time(what, value):
    """Seconds (number) or an ns-3 time string ("10ms"): returned as JSON wants it."""
    if isinstance(value, str):
        if not _TIME_RE.match(value):
            if value.strip().startswith("-"):
                raise ValueError("%s must not be negative, got %r" % (what, value))
            raise ValueError("%s: not a time: %r (use e.g. '10ms', '1.5s' or seconds)"
                             % (what, value))
        return value.strip()
    return _number(what, value, minimum=0)


def _rate(what, value):
    if not isinstance(value, str):
        raise TypeError("%s must be a str such as '100Mbps', got %s" % (what, type(value).__name__))
    match = _RATE_RE.match(value)
    if not match:
        raise ValueError("%s: not a data rate: %r (use e.g. '100Mbps', '1Gbps')" % (what, value))
    bps = float(value[:match.start(2)]) * _RATE_UNITS[match.group(2)]
    if not 1e3 <= bps <= 1e12:
        raise ValueError("%s: data rate %r must be from 1kbps to 1000Gbps" % (what, value))
    return value


def _prefix(what, value):
    if not isinstance(value, str):
        raise TypeError("%s must be a str such as '10.1.0.0/24', got %s"
                        % (what, type(value).__name__))
    try:
        return str(ipaddress.IPv4Network(value, strict=True))
    except ValueError as e:
        raise ValueError("%s: bad prefix %r: %s" % (what, value, e)) from None


def _address(what, value):
    if not isinstance(value, str):
        raise TypeError("%s must be a str, got %s" % (what, type(value).__name__))
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError as e:
        raise ValueError("%s: bad IPv4 address %r: %s" % (what, value, e)) from None


def _selector(what, value):
    if not isinstance(value, str):
        raise TypeError("%s must be a str, got %s" % (what, type(value).__name__))
    base = value.split("[", 1)[0]
    if base not in ("dynamic", "any"):
        try:
            ipaddress.IPv4Network(base, strict=True)
        except ValueError as e:
            raise ValueError("%s: bad traffic selector %r: %s" % (what, value, e)) from None
    return value


def _proposals(what, value, parse):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value:
        raise TypeError("%s must be a proposal string or a non-empty list of them" % what)
    out = []
    for p in value:
        if not isinstance(p, str):
            raise TypeError("%s: proposals are str, got %s" % (what, type(p).__name__))
        if parse is not None:
            try:
                parse(p)
            except ValueError as e:
                raise ValueError("%s: bad proposal %r: %s" % (what, p, e)) from None
        out.append(p)
    return out


def _parser(name):
    try:
        from . import _core
        return getattr(_core, name)
    except (ImportError, AttributeError):   # pure-Python use: the program checks them
        return None


def _fields(kind, table, given):
    out = {}
    for key, value in given.items():
        if key not in table:
            raise TypeError("%s: unknown argument %r; valid: %s"
                            % (kind, key, ", ".join(sorted(table))))
        if value is None:
            continue
        want = table[key]
        if want is bool:
            if not isinstance(value, bool):
                raise TypeError("%s: %s must be True/False, got %r" % (kind, key, value))
        elif want is int:
            value = _number("%s: %s" % (kind, key), value, minimum=0, integer=True)
        elif want is float:
            value = _number("%s: %s" % (kind, key), value, minimum=0)
        elif want is str:
            if not isinstance(value, str):
                raise TypeError("%s: %s must be a str, got %s" % (kind, key, type(value).__name__))
        elif isinstance(value, bool) or not isinstance(value, want):
            raise TypeError("%s: %s has the wrong type %s" % (kind, key, type(value).__name__))
        out[key] = value
    return out


class Scenario:
    """A topology and IPsec set-up, run by the ``custom`` scenario program.

    ``Scenario(name="custom", duration=5.0, routing="static")``; ``routing="global"`` has ns-3
    compute routes (``Ipv4GlobalRoutingHelper``) in addition to the static ones.
    """

    def __init__(self, name="custom", duration=5.0, routing="static"):
        self.name = _check_name("scenario name", name)
        self.duration = _number("duration", duration, minimum=0.001)
        if self.duration <= 0:
            raise ValueError("duration must be positive")
        if routing not in ("static", "global"):
            raise ValueError("routing must be 'static' or 'global', got %r" % (routing,))
        self.routing = routing
        self._nodes = {}        # name -> {"name", "ipsec"}
        self._node_objects = {}
        self._links = []        # JSON dicts
        self._link_objects = {}
        self._routes = []
        self._manual = []
        self._ike = []
        self._nats = []
        self._traffic = []
        self._attackers = []
        self._lans = {}         # gateway name -> Lan
        self._wan_count = 0
        self._auto_subnet = 0

    # ---------------------------------------------------------------- references

    def _node(self, what, node):
        if isinstance(node, Node):
            if node._scenario is not self:
                raise ValueError("%s: node %s belongs to another Scenario" % (what, node.name))
            return node.name
        if not isinstance(node, str):
            raise TypeError("%s must be a Node or a node name, got %s"
                            % (what, type(node).__name__))
        if node not in self._nodes:
            raise ValueError("%s: unknown node %r (nodes: %s)"
                             % (what, node, ", ".join(self._nodes) or "none"))
        return node

    def _link(self, what, link):
        if isinstance(link, Link):
            link = link.name
        if isinstance(link, tuple) and len(link) == 2:
            a, b = self._node(what, link[0]), self._node(what, link[1])
            for spec in self._links:
                if a in spec["nodes"] and b in spec["nodes"]:
                    return spec["name"]
            raise ValueError("%s: %s and %s share no link" % (what, a, b))
        if not isinstance(link, str):
            raise TypeError("%s must be a Link, a link name or a (node, node) pair, got %s"
                            % (what, type(link).__name__))
        if link not in self._link_objects:
            raise ValueError("%s: unknown link %r (links: %s)"
                             % (what, link, ", ".join(self._link_objects) or "none"))
        return link

    def _new_name(self, name, what):
        _check_name(what, name)
        if name in self._nodes or name in self._link_objects:
            raise ValueError("%s %r is already used (nodes and links share names)" % (what, name))
        return name

    def _links_of(self, node):
        return [s for s in self._links if node in s["nodes"]]

    # ---------------------------------------------------------------- topology

    def node(self, name, ipsec=False):
        """A new node (``ipsec=True`` installs IPsec even without SAs or IKE)."""
        self._new_name(name, "node name")
        if not isinstance(ipsec, bool):
            raise TypeError("ipsec must be True/False")
        self._nodes[name] = {"name": name, "ipsec": ipsec}
        self._node_objects[name] = Node(self, name)
        return self._node_objects[name]

    def link(self, *nodes, type="p2p", name=None, subnet=None, addresses=None, rate=None,
             delay=None, loss=0.0, pcap=False):
        """A link between nodes: ``type`` "p2p" (exactly 2) or "csma" (2 or more).

        Addresses: ``subnet="10.0.0.0/24"`` numbers the nodes .1, .2, ... in order, or
        ``addresses=["10.0.0.1/24", ...]`` (one per node). ``rate`` ("100Mbps"), ``delay``
        ("10ms" or seconds), ``loss`` (packet loss rate on receive, 0..1), ``pcap`` (write
        NAME.pcap).
        """
        if len(nodes) == 1 and isinstance(nodes[0], (list, tuple)):
            nodes = tuple(nodes[0])
        names = [self._node("link node", n) for n in nodes]
        if type not in ("p2p", "csma"):
            raise ValueError("link type must be 'p2p' or 'csma', got %r" % (type,))
        if len(set(names)) != len(names):
            raise ValueError("a node appears twice on the link: %s" % names)
        if type == "p2p" and len(names) != 2:
            raise ValueError("a p2p link joins exactly 2 nodes, got %d" % len(names))
        if len(names) < 2:
            raise ValueError("a link needs at least 2 nodes")
        if name is None:
            name = "link%d" % (len(self._links) + 1)
        self._new_name(name, "link name")
        spec = {"name": name, "type": type, "nodes": names}
        if rate is not None:
            spec["rate"] = _rate("rate", rate)
        if delay is not None:
            spec["delay"] = _time("delay", delay)
        loss = _number("loss", loss, minimum=0, maximum=1)
        if loss:
            spec["loss"] = loss
        if subnet is not None and addresses is not None:
            raise ValueError("give subnet or addresses, not both")
        if addresses is not None:
            if not isinstance(addresses, (list, tuple)) or len(addresses) != len(names):
                raise ValueError("addresses: one 'a.b.c.d/len' per node (%d)" % len(names))
            nets = set()
            for a in addresses:
                try:
                    nets.add(ipaddress.IPv4Interface(a).network)
                except (ValueError, TypeError) as e:
                    raise ValueError("addresses: bad address %r: %s" % (a, e)) from None
            if len(nets) != 1:
                raise ValueError("addresses: all must be in one subnet, got %s" % sorted(map(str, nets)))
            spec["addresses"] = list(addresses)
        else:
            if subnet is None:
                self._auto_subnet += 1
                if self._auto_subnet > 255:
                    raise ValueError("too many automatic subnets: give subnet=")
                subnet = "172.16.%d.0/24" % (self._auto_subnet - 1)
            spec["subnet"] = _prefix("subnet", subnet)
            net = ipaddress.IPv4Network(spec["subnet"])
            room = net.num_addresses - (0 if net.prefixlen >= 31 else 2)
            if len(names) > room:
                raise ValueError("subnet %s has room for %d nodes, the link has %d"
                                 % (subnet, room, len(names)))
        if not isinstance(pcap, bool):
            raise TypeError("pcap must be True/False")
        if pcap:
            spec["pcap"] = True
        self._links.append(spec)
        self._link_objects[name] = Link(spec)
        return self._link_objects[name]

    def lan(self, subnet, hosts=2, name=None, rate="1Gbps", delay="5us", pcap=True):
        """A CSMA LAN with ``hosts`` new hosts (a number: NAME0, NAME1, ...; or a list of
        names), numbered .1, .2, ... from ``subnet``. Add its gateway with :meth:`gateway`."""
        subnet = _prefix("subnet", subnet)
        if name is None:
            name = "lan%d" % (len(self._lans) + len(self._links) + 1)
        self._new_name(name, "LAN name")
        if isinstance(hosts, bool):
            raise TypeError("hosts must be a number or a list of names")
        if isinstance(hosts, int):
            if hosts < 1:
                raise ValueError("hosts must be at least 1, got %d" % hosts)
            hosts = ["%s%d" % (name, i) for i in range(hosts)]
        if not isinstance(hosts, (list, tuple)) or not hosts:
            raise TypeError("hosts must be a number or a list of names")
        for h in hosts:
            self._new_name(h, "host name")
        net = ipaddress.IPv4Network(subnet)
        if len(hosts) + 1 > net.num_addresses - 2:
            raise ValueError("subnet %s is too small for %d hosts and a gateway"
                             % (subnet, len(hosts)))
        nodes = [self.node(h) for h in hosts]
        if len(nodes) == 1:
            # A CSMA link needs 2 nodes: the spec is completed by gateway(); until then it is
            # kept aside.
            pass
        spec = {"name": name, "type": "csma", "nodes": [n.name for n in nodes],
                "subnet": subnet, "rate": _rate("rate", rate), "delay": _time("delay", delay)}
        if pcap:
            spec["pcap"] = True
        self._links.append(spec)
        lan = Lan(spec, nodes)
        self._link_objects[name] = lan
        return lan

    def gateway(self, name, lan, ipsec=False):
        """A new node joining ``lan`` last (address .N+1); every host of the LAN gets a default
        route to it. :meth:`wan` then joins gateways."""
        if not isinstance(lan, Lan):
            lan = self._link_objects.get(self._link("lan", lan))
            if not isinstance(lan, Lan):
                raise TypeError("lan must be a LAN made by Scenario.lan()")
        if lan.gateway is not None:
            raise ValueError("LAN %s already has gateway %s" % (lan.name, lan.gateway.name))
        gw = self.node(name, ipsec=ipsec)
        lan._spec["nodes"].append(gw.name)
        lan.gateway = gw
        self._lans[gw.name] = lan
        for h in lan.hosts:
            self._routes.append({"node": h.name, "to": "default", "via": gw.name})
        return gw

    def wan(self, a, b, rate="100Mbps", delay="10ms", loss=0.0, subnet=None, name=None,
            pcap=True):
        """A point-to-point link between two gateways (default subnet 192.0.2.4k/30); each
        gets a default route to the other unless it has one already."""
        a, b = self._node("wan end", a), self._node("wan end", b)
        if name is None:
            name = "wan" if self._wan_count == 0 else "wan%d" % (self._wan_count + 1)
        if subnet is None:
            if self._wan_count >= 64:
                raise ValueError("too many WANs: give subnet=")
            subnet = "192.0.2.%d/30" % (4 * self._wan_count)
        link = self.link(a, b, type="p2p", name=name, subnet=subnet, rate=rate, delay=delay,
                         loss=loss, pcap=pcap)
        self._wan_count += 1
        for me, peer in ((a, b), (b, a)):
            if not any(r["node"] == me and r["to"] == "default" for r in self._routes):
                self._routes.append({"node": me, "to": "default", "via": peer})
        return link

    def route(self, node, via, to="default"):
        """A static route on ``node``: to ``to`` (a prefix or "default") via ``via`` (a
        neighbour node: its address on a shared link, or an address on one of node's links)."""
        node = self._node("route node", node)
        if isinstance(via, (Node,)) or (isinstance(via, str) and via in self._nodes):
            via = self._node("via", via)
        else:
            via = _address("via", via)
        if to not in ("default", "any"):
            to = _prefix("to", to)
        self._routes.append({"node": node, "to": to, "via": via})

    def nat(self, node, inside, outside, udp_timeout=30.0):
        """A NAPT router on ``node`` between the ``inside`` and ``outside`` links."""
        node = self._node("nat node", node)
        inside, outside = self._link("inside", inside), self._link("outside", outside)
        if inside == outside:
            raise ValueError("inside and outside must be different links")
        for label, l in (("inside", inside), ("outside", outside)):
            if node not in self._link_objects[l].nodes:
                raise ValueError("%s: %s is not on link %s" % (label, node, l))
        self._nats.append({"node": node, "inside": inside, "outside": outside,
                           "udp_timeout": _number("udp_timeout", udp_timeout, minimum=0.001)})

    # ---------------------------------------------------------------- IPsec

    def manual_sa(self, a, b, **fields):
        """A hand-keyed SA pair between ``a`` and ``b`` (ManualSaPairConfig): ``protocol``
        ("esp", "ah", "esp+ah"), ``mode`` ("transport"/"tunnel"), ``esp_proposal``,
        ``ah_proposal``, ``address_a``/``address_b`` (address or link name; default: the
        shared link), ``traffic_a``/``traffic_b`` (prefixes, tunnel mode), ``ip_protocol``,
        ``port_b``, ``spi_a_to_b``, ``spi_b_to_a``, ``replay_window``, ``esn``, ``udp_encap``,
        ``tfc_pad_to``, ..."""
        a, b = self._node("manual_sa a", a), self._node("manual_sa b", b)
        if a == b:
            raise ValueError("manual_sa: a and b must be different nodes")
        spec = {"a": a, "b": b}
        spec.update(_fields("manual_sa", _MANUAL_FIELDS, fields))
        for key in ("traffic_a", "traffic_b"):
            if key in spec:
                _prefix(key, spec[key])
        if "esp_proposal" in spec:
            _proposals("esp_proposal", spec["esp_proposal"], _parser("parse_esp_proposal"))
        if "ah_proposal" in spec:
            _proposals("ah_proposal", spec["ah_proposal"], _parser("parse_ah_proposal"))
        for key in ("spi_a_to_b", "spi_b_to_a"):
            if key in spec and not 256 <= spec[key] <= 0xFFFFFFFF:
                raise ValueError("%s must be in 256..2**32-1 (0..255 are reserved)" % key)
        self._manual.append(spec)
        return spec

    def ike(self, initiator, responder, psk, proposals=None, esp=None, local_ts=None,
            remote_ts=None, **fields):
        """An IKEv2 connection (both ends): ``initiator`` starts it (``start_action`` "start"
        at ``start_time`` 0.2 s; or "trap", "none"). ``proposals`` (IKE), ``esp`` (ESP
        proposals), ``local_ts``/``remote_ts`` (the initiator's view; default: the gateways'
        LANs, else "dynamic"), and swanctl-like fields: ``rekey_time``, ``life_time``,
        ``rand_time``, ``delete_delay``, ``ike_rekey_time``, ``dpd_delay``, ``mode``,
        ``request_virtual_ip``, ``pool``, ``replay_window``, ``esn``, ``keepalive``,
        ``initiator_address``/``responder_address`` (address or link name), ..."""
        ini, res = self._node("initiator", initiator), self._node("responder", responder)
        if ini == res:
            raise ValueError("ike: initiator and responder must be different nodes")
        if not isinstance(psk, str) or not psk:
            raise (TypeError if not isinstance(psk, str) else ValueError)(
                "psk must be a non-empty str")
        spec = {"initiator": ini, "responder": res, "psk": psk}
        if proposals is not None:
            spec["proposals"] = _proposals("proposals", proposals, _parser("parse_ike_proposal"))
        spec["esp_proposals"] = _proposals("esp", esp if esp is not None else ["aes128gcm16"],
                                           _parser("parse_esp_proposal"))
        extra = _fields("ike", _IKE_FIELDS, fields)
        spec.update(extra)
        if "pool" in spec:
            _prefix("pool", spec["pool"])
        for key in ("initiator_address", "responder_address"):
            if key in spec and spec[key] not in self._link_objects:
                _address(key, spec[key])
        if local_ts is None:
            local_ts = self._lans[ini].subnet if ini in self._lans else "dynamic"
        if remote_ts is None:
            remote_ts = self._lans[res].subnet if res in self._lans else "dynamic"
        spec["local_ts"] = _selector("local_ts", local_ts)
        spec["remote_ts"] = _selector("remote_ts", remote_ts)
        spec.setdefault("name", "conn%d" % len(self._ike))
        self._ike.append(spec)
        return spec

    # ---------------------------------------------------------------- traffic, attackers

    def _flow(self, kind, src, dst, count, interval, size, start, port, name, to_address):
        spec = {"type": kind, "from": self._node("from", src), "to": self._node("to", dst),
                "count": _number("count", count, minimum=1, integer=True),
                "interval": _number("interval", interval, minimum=1e-6),
                "size": _number("size", size, minimum=1, maximum=65000, integer=True),
                "start": _number("start", start, minimum=0)}
        if spec["from"] == spec["to"]:
            raise ValueError("%s: from and to must be different nodes" % kind)
        if port is not None:
            spec["port"] = _number("port", port, minimum=1, maximum=65535, integer=True)
        if name is not None:
            spec["name"] = name if isinstance(name, str) else str(name)
        if to_address is not None:
            spec["to_address"] = to_address
        if spec["start"] >= self.duration:
            raise ValueError("%s starts at %s s, after the end (duration %s s)"
                             % (kind, spec["start"], self.duration))
        self._traffic.append(spec)
        return spec

    def udp_echo(self, src, dst, count=10, interval=0.1, size=256, start=1.0, port=7,
                 name=None, to_address=None, from_virtual_ip=None):
        """UDP echo requests from ``src`` to ``dst`` (an echo server on ``port``); counts the
        replies. A source with a virtual IP (``request_virtual_ip``) sends from it."""
        spec = self._flow("udp-echo", src, dst, count, interval, size, start, port, name,
                          to_address)
        if from_virtual_ip is not None:
            if not isinstance(from_virtual_ip, bool):
                raise TypeError("from_virtual_ip must be True/False")
            spec["from_virtual_ip"] = from_virtual_ip
        return spec

    def udp_stream(self, src, dst, count=100, interval=0.01, size=512, start=1.0, port=9000,
                   name=None, to_address=None):
        """A constant UDP stream: ``count`` datagrams of ``size`` octets, ``interval`` apart."""
        return self._flow("udp-stream", src, dst, count, interval, size, start, port, name,
                          to_address)

    def _attack_link(self, on):
        link = self._link("on", on)
        at = None
        if isinstance(on, tuple):
            at = self._node("on", on[1])
        return link, at

    def replay_attacker(self, on, capture=5, at=(1.5,), protocol="esp", spacing="1ms",
                        recorder=None):
        """Records the first ``capture`` ESP (or AH) datagrams arriving at ``recorder`` (default:
        the second node of ``on=(a, b)``, or the last node of a link) and replays them all at
        each time in ``at``; the anti-replay window should drop every copy."""
        link, default_at = self._attack_link(on)
        spec = {"type": "replay", "link": link,
                "capture": _number("capture", capture, minimum=1, integer=True),
                "protocol": protocol, "spacing": _time("spacing", spacing)}
        if protocol not in ("esp", "ah"):
            raise ValueError("protocol must be 'esp' or 'ah', got %r" % (protocol,))
        if isinstance(at, (int, float, str)) and not isinstance(at, bool):
            at = [at]
        if not isinstance(at, (list, tuple)) or not at:
            raise TypeError("at must be a time or a non-empty list of times")
        spec["bursts"] = [_time("at", t) for t in at]
        who = recorder if recorder is not None else default_at
        if who is not None:
            spec["at"] = self._node("recorder", who)
            if spec["at"] not in self._link_objects[link].nodes:
                raise ValueError("recorder %s is not on link %s" % (spec["at"], link))
        self._attackers.append(spec)
        return spec

    def tamper(self, on, at=None, protocol="esp", offset=-1, xor=1, every=1, skip=0):
        """Changes an octet (``offset`` from the IP header, or from the end if negative) of every
        ``every``-th datagram of ``protocol`` ("esp", "ah", "any") arriving at ``at``."""
        link, default_at = self._attack_link(on)
        if protocol not in ("esp", "ah", "any"):
            raise ValueError("protocol must be 'esp', 'ah' or 'any', got %r" % (protocol,))
        spec = {"type": "tamper", "link": link, "protocol": protocol,
                "offset": _number("offset", offset, minimum=-65535, maximum=65535, integer=True),
                "xor": _number("xor", xor, minimum=1, maximum=255, integer=True),
                "every": _number("every", every, minimum=0, integer=True),
                "skip": _number("skip", skip, minimum=0, integer=True)}
        who = at if at is not None else default_at
        if who is not None:
            spec["at"] = self._node("at", who)
        self._attackers.append(spec)
        return spec

    def eavesdropper(self, on, secrets=(), at=None):
        """A passive sniffer on a link; reports (eavesdropper-LINK.json) which ``secrets`` it saw."""
        link, default_at = self._attack_link(on)
        if isinstance(secrets, str):
            secrets = [secrets]
        if not all(isinstance(s, str) for s in secrets):
            raise TypeError("secrets must be strings")
        spec = {"type": "eavesdrop", "link": link}
        if secrets:
            spec["secrets"] = list(secrets)
        who = at if at is not None else default_at
        if who is not None:
            spec["at"] = self._node("at", who)
        self._attackers.append(spec)
        return spec

    _IKE_ATTACKS = ("forged-delete", "forged-auth-failed", "init-flood", "replay-request")

    def ike_forger(self, on, attacks=("forged-delete",), at=None, delete_at=1.5,
                   flood_count=1000, flood_proposal="aes128-sha256-x25519"):
        """An attacker on link ``on`` that forges IKE towards the responder ``at`` (default: the
        second node of ``on=(a, b)``, or the last node of a link): "forged-delete" (a cleartext
        DELETE of the IKE SA at ``delete_at``), "forged-auth-failed" (a cleartext
        AUTHENTICATION_FAILED answer to IKE_AUTH), "init-flood" (``flood_count`` IKE_SA_INIT
        from spoofed addresses from 0.05 s, offering ``flood_proposal``: only requests the
        responder accepts, from any address (``responder_remote="any"``), make half-open IKE SAs
        until COOKIEs engage), "replay-request" (the last
        protected request again, from another address, at ``delete_at``). The daemon must drop
        every forgery with its reason (summary: ``messages_dropped``)."""
        link, default_at = self._attack_link(on)
        if isinstance(attacks, str):
            attacks = [attacks]
        if not isinstance(attacks, (list, tuple)) or not attacks:
            raise TypeError("attacks must be an attack name or a non-empty list of them")
        for a in attacks:
            if a not in self._IKE_ATTACKS:
                raise ValueError("unknown attack %r; known: %s" % (a, ", ".join(self._IKE_ATTACKS)))
        spec = {"type": "ike-forger", "link": link, "attacks": list(attacks),
                "delete_at": _time("delete_at", delete_at),
                "flood_count": _number("flood_count", flood_count, minimum=1, maximum=100000,
                                       integer=True),
                "flood_proposal": _proposals("flood_proposal", flood_proposal,
                                             _parser("parse_ike_proposal"))[0]}
        who = at if at is not None else default_at
        if who is not None:
            spec["at"] = self._node("at", who)
            if spec["at"] not in self._link_objects[link].nodes:
                raise ValueError("at: %s is not on link %s" % (spec["at"], link))
        self._attackers.append(spec)
        return spec

    def pcap(self, link):
        """Write LINK.pcap (p2p: the first node's side; csma: promiscuous)."""
        self._link_objects[self._link("pcap", link)]._spec["pcap"] = True

    # ---------------------------------------------------------------- JSON, running

    def to_dict(self):
        for spec in self._links:
            if len(spec["nodes"]) < 2:
                raise ValueError("link %s has fewer than 2 nodes (a LAN needs its gateway())"
                                 % spec["name"])
        d = {"name": self.name, "duration": self.duration, "routing": self.routing,
             "nodes": [dict(n) if n["ipsec"] else n["name"] for n in self._nodes.values()],
             "links": self._links, "routes": self._routes}
        for key, value in (("manual_sas", self._manual), ("ike", self._ike),
                           ("nats", self._nats), ("traffic", self._traffic),
                           ("attackers", self._attackers)):
            if value:
                d[key] = value
        return copy.deepcopy(d)

    def to_json(self, indent=2):
        """The configuration the ``custom`` program reads (``--config=FILE``)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, d):
        """A Scenario from a configuration dict (as ``to_dict()`` returns). The parts are taken
        as they are; the ``custom`` program checks them when run."""
        if not isinstance(d, dict):
            raise TypeError("expected a dict")
        known = _ROOT_KEYS
        unknown = set(d) - known
        if unknown:
            raise ValueError("unknown keys: %s (known: %s)" % (sorted(unknown), sorted(known)))
        s = cls(d.get("name", "custom"), d.get("duration", 5.0), d.get("routing", "static"))
        for n in d.get("nodes", []):
            if isinstance(n, str):
                s.node(n)
            else:
                s.node(n["name"], ipsec=bool(n.get("ipsec", False)))
        for spec in d.get("links", []):
            spec = copy.deepcopy(spec)
            s._links.append(spec)
            s._link_objects[spec["name"]] = Link(spec)
        s._routes = copy.deepcopy(d.get("routes", []))
        s._manual = copy.deepcopy(d.get("manual_sas", []))
        s._ike = copy.deepcopy(d.get("ike", []))
        s._nats = copy.deepcopy(d.get("nats", []))
        s._traffic = copy.deepcopy(d.get("traffic", []))
        s._attackers = copy.deepcopy(d.get("attackers", []))
        for name in d.get("pcaps", []):
            s.pcap(name)
        return s

    @classmethod
    def from_json(cls, text):
        """A Scenario from ``to_json()`` text (or a path to such a file)."""
        if isinstance(text, os.PathLike) or (isinstance(text, str) and
                                             not text.lstrip().startswith("{")):
            with open(text, encoding="utf-8") as f:
                text = f.read()
        return cls.from_dict(json.loads(text))

    def run(self, seed=1, run=1, out=None, steps=False, progress=False,
            timeout=runner.DEFAULT_TIMEOUT, attributes=None):
        """Runs the scenario with the ``custom`` program; returns an :class:`ipseclab.Result`
        (as ``ipseclab.run``) with two more attributes: ``report`` (custom.json: per IKE
        connection, flow, attacker and NAT) and ``flows`` ({name: (sent, received)}).
        ``out`` keeps the outputs there (and the configuration as scenario.json)."""
        text = self.to_json()
        tmp = None
        try:
            if out is not None:
                os.makedirs(os.fspath(out), exist_ok=True)
                config = os.path.abspath(os.path.join(os.fspath(out), "scenario.json"))
            else:
                tmp = tempfile.TemporaryDirectory(prefix="ipseclab-config-")
                config = os.path.join(tmp.name, "scenario.json")
            with open(config, "w", encoding="utf-8") as f:
                f.write(text)
            result = runner.run("custom", seed=seed, run=run, out=out, progress=progress,
                                timeout=timeout, attributes=attributes, config=config,
                                steps=bool(steps))
        finally:
            if tmp is not None:
                tmp.cleanup()
        path = os.path.join(result.out_dir, "custom.json")
        result.report = {}
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                result.report = json.load(f)
        result.flows = {f["name"]: (f["sent"], f["received"])
                        for f in result.report.get("flows", [])}
        return result
