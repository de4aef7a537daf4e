"""Algorithm registry and proposal parsing."""

import pytest

import ipseclab


def test_encryption_descriptors():
    gcm = ipseclab.find_encryption("aes256gcm16")
    assert (gcm.iana_id, gcm.key_length_bits, gcm.keymat_size) == (20, 256, 36)
    assert (gcm.iv_size, gcm.icv_size, gcm.is_aead, gcm.mode) == (8, 16, True, "gcm")
    assert gcm.wireshark_esp == "AES-GCM with 16 octet ICV [RFC4106]"
    cbc = ipseclab.find_encryption("aes128")
    assert (cbc.iana_id, cbc.block_size, cbc.mode) == (12, 16, "cbc")
    assert ipseclab.find_encryption("chacha20poly1305").iana_id == 28
    assert ipseclab.find_encryption_by_id(12, 256).name == "aes256"
    names = [a.name for a in ipseclab.encryption_algorithms()]
    assert {"null", "aes128", "aes256", "aes128gcm16", "aes256gcm16", "chacha20poly1305"} <= set(names)


def test_integrity_prf_dh():
    sha1 = ipseclab.find_integrity("sha1")
    assert (sha1.iana_id, sha1.key_size, sha1.icv_size, sha1.full_size) == (2, 20, 12, 20)
    assert ipseclab.find_integrity_by_id(12).name == "sha256"
    assert [p.iana_id for p in ipseclab.prf_algorithms() if p.name == "prfsha256"] == [5]
    assert ipseclab.find_prf_by_id(7).name == "prfsha512"
    assert ipseclab.find_dh_group("ecp256").public_size == 64
    assert ipseclab.find_dh_group("curve25519").name == "x25519"
    assert ipseclab.find_dh_group_by_id(31).kind == "x25519"
    assert {g.iana_id for g in ipseclab.dh_groups()} >= {14, 19, 20, 31}


def test_proposals():
    p = ipseclab.parse_esp_proposal("aes128-sha256-x25519-esn")
    assert (p.encryption.name, p.integrity.name, p.dh_group.name, p.esn) == (
        "aes128", "sha256", "x25519", True)
    g = ipseclab.parse_esp_proposal("aes128gcm16")
    assert g.integrity is None and g.dh_group is None and g.esn is None
    assert str(g) == "aes128gcm16"
    ah = ipseclab.parse_ah_proposal("sha256-modp2048")
    assert (ah.integrity.name, ah.dh_group.iana_id) == ("sha256", 14)
    ike = ipseclab.parse_ike_proposal("aes256gcm16-prfsha384-ecp384")
    assert (ike.encryption.name, ike.integrity, ike.prf.name, ike.dh_group.name) == (
        "aes256gcm16", None, "prfsha384", "ecp384")


def test_as_dict_and_key_lengths():
    d = ipseclab.as_dict(ipseclab.parse_esp_proposal("aes256-sha384"))
    assert d["encryption"]["name"] == "aes256" and d["integrity"]["icv_size"] == 24
    assert d["dh_group"] is None
    assert tuple(ipseclab.KeyLengths.for_esp("aes128gcm16")) == (20, 0)
    assert tuple(ipseclab.KeyLengths.for_ah("sha256")) == (0, 32)
    assert ipseclab.KeyLengths.for_ike("aes128-sha256-x25519") == ipseclab.KeyLengths(16, 32)


def test_registry_objects_are_shared_and_safe():
    # Static C++ tables: repeated lookups are fine and never freed by Python.
    for _ in range(1000):
        ipseclab.find_encryption("aes128")
    assert repr(ipseclab.find_prf("prfsha256")) == "<PrfAlgorithm prfsha256 iana_id=5>"


@pytest.mark.parametrize("name", ["des", "", "AES-128", "aes128gcm16 "])
def test_unknown_names(name):
    with pytest.raises(ipseclab.CryptoError, match="known"):
        ipseclab.find_encryption(name)
