"""Bad input never crashes: CryptoError/ValueError/TypeError with clear messages."""

import array

import pytest

import ipseclab


def test_crypto_error_is_value_error():
    assert issubclass(ipseclab.CryptoError, ValueError)


@pytest.mark.parametrize("call,needles", [
    (lambda: ipseclab.Integrity("sha256", bytes(20)), ["sha256 integrity key", "expected 32",
                                                       "got 20"]),
    (lambda: ipseclab.Integrity("md5", bytes(16)), ["'md5'", "sha256"]),
    (lambda: ipseclab.CbcCipher("aes256", bytes(16)), ["expected 32", "got 16"]),
    (lambda: ipseclab.CbcCipher("aes128gcm16", bytes(20)), ["not a CBC"]),
    (lambda: ipseclab.AeadCipher("aes128gcm16", bytes(16)), ["expected 20", "got 16"]),
    (lambda: ipseclab.AeadCipher("aes128", bytes(16)), ["not an AEAD"]),
    (lambda: ipseclab.EspTransform("aes512-sha256", bytes(16), bytes(32)), ["'aes512'"]),
    (lambda: ipseclab.EspTransform("aes128gcm16", bytes(20), bytes(20)), ["integrity key"]),
    (lambda: ipseclab.EspTransform("null-sha1", b"", b""), ["expected 20"]),
    (lambda: ipseclab.Prf("prfmd5"), ["'prfmd5'"]),
    (lambda: ipseclab.DhGroup.from_private_key("ecp256", bytes(31)), ["expected 32"]),
    (lambda: ipseclab.DhGroup.from_private_key("ecp256", bytes(32)), ["1..n-1"]),
    (lambda: ipseclab.DhGroup.from_seed("modp1536", 1), ["'modp1536'"]),
    (lambda: ipseclab.DhGroup.create("x25519", ipseclab.FixedRandomSource(b"")), ["exhausted"]),
    (lambda: ipseclab.parse_esp_proposal(""), []),
    (lambda: ipseclab.parse_ike_proposal("aes128"), []),
    (lambda: ipseclab.derive_ike_sa_keys("prfsha256", bytes(8), bytes(32), b"g", bytes(8),
                                         bytes(8), (16, 32)), ["Ni", "got 8"]),
    (lambda: ipseclab.derive_ike_sa_keys("prfsha256", bytes(32), bytes(32), b"g", bytes(4),
                                         bytes(8), (16, 32)), ["SPIi", "expected 8"]),
    (lambda: ipseclab.derive_ike_sa_keys("prfsha256", bytes(32), bytes(32), b"", bytes(8),
                                         bytes(8), (16, 32)), ["empty g^ir"]),
])
def test_crypto_errors(call, needles):
    with pytest.raises(ipseclab.CryptoError) as info:
        call()
    for needle in needles:
        assert needle in str(info.value)


def test_bad_sizes_in_transforms():
    cbc = ipseclab.CbcCipher("aes128", bytes(16))
    with pytest.raises(ipseclab.CryptoError, match="multiple of 16"):
        cbc.encrypt(bytes(16), bytes(17))
    with pytest.raises(ipseclab.CryptoError, match="IV"):
        cbc.decrypt(bytes(8), bytes(16))
    aead = ipseclab.AeadCipher("chacha20poly1305", bytes(36))
    with pytest.raises(ipseclab.CryptoError, match="expected 8"):
        aead.seal(bytes(12), bytes(16))
    with pytest.raises(ipseclab.CryptoError, match="ICV"):
        aead.open(bytes(8), bytes(16), bytes(8))
    esp = ipseclab.EspTransform("aes128-sha256", bytes(16), bytes(32))
    with pytest.raises(ipseclab.CryptoError, match="ESP header"):
        esp.seal(bytes(7), bytes(16), bytes(32))
    with pytest.raises(ipseclab.CryptoError, match="not a multiple"):
        esp.seal(bytes(8), bytes(16), bytes(33))
    with pytest.raises(ipseclab.CryptoError, match="ESP IV"):
        ipseclab.esp_seal(esp, spi=1, seq=1, payload=b"", next_header=17, iv=bytes(8))


def test_empty_inputs_are_fine_or_clear():
    assert len(ipseclab.Integrity("sha1", bytes(20)).compute(b"")) == 12
    assert ipseclab.Integrity("sha1", bytes(20)).compute([]) == \
        ipseclab.Integrity("sha1", bytes(20)).compute(b"")
    assert ipseclab.CbcCipher("aes128", bytes(16)).encrypt(bytes(16), b"") == b""
    assert ipseclab.prf_plus("prfsha256", b"", b"", 0) == b""
    assert ipseclab.esp_open("aes128gcm16", bytes(20), packet=b"").status == "malformed"
    assert ipseclab.ah_open("sha256", bytes(32), outer={}, packet=b"").status == "malformed"
    with pytest.raises(ValueError):
        ipseclab.Ipv4Fields.from_bytes(b"")
    with pytest.raises(ipseclab.CryptoError):
        ipseclab.DhGroup.from_seed("x25519", 1).compute_shared_secret(b"")


def test_huge_lengths_are_refused():
    with pytest.raises(ValueError, match="limit"):
        ipseclab.prf_plus("prfsha256", b"k", b"s", 2**64 - 1)
    with pytest.raises(ValueError, match="limit"):
        ipseclab.SeededRandomSource(1).get(2**40)
    with pytest.raises(ValueError, match="limit"):
        ipseclab.derive_ike_sa_keys("prfsha256", bytes(32), bytes(32), b"", bytes(8), bytes(8),
                                    (2**63, 0))
    with pytest.raises(ValueError, match="limit"):
        ipseclab.esp_seal("aes128gcm16", bytes(20), spi=1, seq=1, payload=b"", next_header=17,
                          iv=bytes(8), tfc_padding=2**62)
    with pytest.raises(ValueError, match="esn=True"):
        ipseclab.esp_seal("aes128gcm16", bytes(20), spi=1, seq=2**32, payload=b"",
                          next_header=17, iv=bytes(8))
    with pytest.raises(TypeError):
        ipseclab.esp_seal("aes128gcm16", bytes(20), spi=2**32, seq=1, payload=b"",
                          next_header=17, iv=bytes(8))
    with pytest.raises(TypeError):
        ipseclab.ReplayWindow().check(2**64)


@pytest.mark.parametrize("bad", ["text", 5, None, [1, 2, 3], 1.5, array.array("i", [1, 2])])
def test_wrong_byte_types(bad):
    with pytest.raises(TypeError):
        ipseclab.Integrity("sha256", bad)
    with pytest.raises(TypeError):
        ipseclab.esp_open("aes128gcm16", bytes(20), packet=bad)


def test_byte_like_types_accepted():
    key = bytes(32)
    icv = ipseclab.Integrity("sha256", key).compute(b"data")
    for kind in (bytes, bytearray, lambda b: memoryview(bytes(b)), lambda b: array.array("B", b)):
        assert ipseclab.Integrity("sha256", kind(key)).compute(kind(b"data")) == icv
    # A non-contiguous view is refused, not misread.
    with pytest.raises(TypeError):
        ipseclab.Integrity("sha256", memoryview(bytes(64))[::2])
    assert isinstance(icv, bytes)


def test_wrong_argument_types():
    with pytest.raises(TypeError):
        ipseclab.find_encryption(12)
    with pytest.raises(TypeError):
        ipseclab.esp_seal("aes128gcm16", bytes(20), spi="1", seq=1, payload=b"",
                          next_header=17, iv=bytes(8))
    with pytest.raises(TypeError):
        ipseclab.esp_seal("aes128gcm16", bytes(20), spi=1, seq=1, payload=b"",
                          next_header=256, iv=bytes(8))
    with pytest.raises(TypeError):
        ipseclab.Integrity("sha256", bytes(32)).compute([b"ok", "not bytes"])
    with pytest.raises(TypeError):
        ipseclab.derive_ike_sa_keys("prfsha256", bytes(32), bytes(32), b"", bytes(8), bytes(8),
                                    "16,32")
    with pytest.raises(ValueError):
        ipseclab.KeyLengths((1, 2, 3))
    with pytest.raises(TypeError):
        ipseclab.Ipv4Fields(src=1.5)
    with pytest.raises(ValueError):
        ipseclab.Ipv4Fields(ttl=300)
    with pytest.raises(ValueError):
        ipseclab.Ipv4Fields(colour="red")
    with pytest.raises(ValueError):
        ipseclab.Ipv4Fields(src=-1)
    with pytest.raises(ValueError):
        ipseclab.FunctionRandomSource(lambda: "x").get(4)


def test_callback_exceptions_propagate():
    def broken():
        raise KeyError("from python")
    with pytest.raises(KeyError):
        ipseclab.DhGroup.create("x25519", ipseclab.FunctionRandomSource(broken))


def test_docstrings_everywhere():
    for name in ipseclab.__all__:
        obj = getattr(ipseclab, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name
