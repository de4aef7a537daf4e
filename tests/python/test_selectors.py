"""SPD selectors: prefixes, port ranges, flow keys and traffic selector matching."""

import pytest

import ipseclab


def test_prefix():
    p = ipseclab.Ipv4Prefix("10.1.0.0/16")
    assert (p.address, p.length, str(p)) == ("10.1.0.0", 16, "10.1.0.0/16")
    assert p.contains("10.1.200.3") and not p.contains("10.2.0.1")
    assert p.contains(0x0A010001)
    assert str(ipseclab.Ipv4Prefix("any")) == "any"
    with pytest.raises(ValueError, match="10.1.0.5/16"):
        ipseclab.Ipv4Prefix("10.1.0.5/16")


def test_ports():
    r = ipseclab.PortRange("1000-2000")
    assert r.contains(1500) and not r.contains(999)
    assert ipseclab.PortRange("any").is_any
    assert ipseclab.PortRange.icmp_type(8) == ipseclab.PortRange(0x0800, 0x08FF)
    with pytest.raises(ValueError):
        ipseclab.PortRange(10, 5)


def test_traffic_selector_matches_both_directions():
    s = ipseclab.TrafficSelector("10.1.0.0/24", "10.2.0.0/24", "udp", "any", "53")
    out = ipseclab.FlowKey("10.1.0.5", "10.2.0.9", "udp", 40000, 53)
    back = ipseclab.FlowKey("10.2.0.9", "10.1.0.5", 17, 53, 40000)
    assert s.matches(out, "outbound") and s.matches(back, "inbound")
    assert not s.matches(out, ipseclab.Direction.INBOUND)
    assert not s.matches(ipseclab.FlowKey("10.1.0.5", "10.2.0.9", "tcp", 40000, 53))
    assert "udp" in str(s)


def test_icmp_selector():
    s = ipseclab.TrafficSelector(remote="10.2.0.0/16", protocol="icmp",
                                 remote_ports=ipseclab.PortRange.icmp_type(8))
    assert s.matches(ipseclab.FlowKey.icmp("10.1.0.1", "10.2.3.4", 8, 0))
    assert not s.matches(ipseclab.FlowKey.icmp("10.1.0.1", "10.2.3.4", 0, 0))


def test_selector_errors():
    with pytest.raises(ValueError):
        ipseclab.FlowKey("10.0.0.300", "10.0.0.1")
    with pytest.raises(ValueError):
        ipseclab.parse_protocol("sctpp")
    with pytest.raises(ValueError):
        ipseclab.TrafficSelector().matches(ipseclab.FlowKey(1, 2), "sideways")
    assert ipseclab.parse_protocol("esp") == 50 and ipseclab.protocol_to_string(51) == "ah"
