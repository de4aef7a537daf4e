#!/usr/bin/python3
"""Writes the custom-scenario configurations the golden-output test runs, with the Python builder
(so the builder's output is part of what stays byte-identical). Run from the repository root:
  /usr/bin/python3 tests/golden/make-custom-configs.py build tests/golden/custom"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(sys.argv[1]) / "python"))
import ipseclab  # noqa: E402


def vpn():
    s = ipseclab.Scenario("vpn", duration=5)
    a, b = s.lan("10.1.0.0/24", hosts=2, name="a"), s.lan("10.2.0.0/24", hosts=2, name="b")
    gwa, gwb = s.gateway("gwA", lan=a), s.gateway("gwB", lan=b)
    s.wan(gwa, gwb, rate="100Mbps", delay="10ms")
    s.ike(gwa, gwb, psk="secret", proposals=["aes256gcm16-prfsha256-ecp256"],
          esp=["aes128gcm16"], rekey_time=2)
    s.udp_echo(a.hosts[0], b.hosts[0], count=10)
    s.udp_stream(a.hosts[1], b.hosts[1], count=50, interval=0.02)
    s.replay_attacker(on=(gwa, gwb), capture=5, at=[2.5, 3.5])
    return s


def manual():
    s = ipseclab.Scenario("manual", duration=3)
    x, y = s.node("x"), s.node("y")
    s.link(x, y, subnet="10.9.0.0/30", pcap=True, name="wire")
    s.manual_sa(x, y, protocol="esp", mode="transport", esp_proposal="aes128-sha256")
    s.udp_echo(x, y, count=5)
    return s


def road_warrior():
    s = ipseclab.Scenario("road-warrior", duration=8)
    home = s.lan("192.168.1.0/24", hosts=["laptop"], name="home")
    nat = s.gateway("homeNat", lan=home)
    office = s.lan("10.2.0.0/24", hosts=["server"], name="office")
    gw = s.gateway("gateway", lan=office)
    s.wan(nat, gw, subnet="198.51.100.0/24", name="internet")
    s.nat(nat, inside=home, outside="internet", udp_timeout=5)
    s.ike("laptop", gw, psk="rw", request_virtual_ip=True, pool="10.3.0.0/24",
          responder_address="internet", keepalive=2)
    s.udp_echo("laptop", "server", count=5)
    return s


out = pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for name, build in (("vpn", vpn), ("manual", manual), ("road-warrior", road_warrior)):
    (out / f"{name}.json").write_text(build().to_json() + "\n")
