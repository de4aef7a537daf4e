#!/usr/bin/python3
"""Independent expected values for the tests that have no published vector.

Run with /usr/bin/python3 (stdlib hmac/hashlib; python3-cryptography for the ESP packet).
The outputs are pasted into ike-key-schedule-test.cc and esp-transform-test.cc; this file
documents how they were made. It re-implements RFC 7296 §2.13-2.15/2.17-2.18 and
RFC 4303/3602/4868 from the RFC text, sharing no code with the C++ under test.
"""
import hashlib
import hmac

H = hashlib.sha256


def prf(key, data):
    return hmac.new(key, data, H).digest()


def prf_plus(key, seed, length):
    out, t, n = b"", b"", 1
    while len(out) < length:
        t = prf(key, t + seed + bytes([n]))
        out += t
        n += 1
    return out[:length]


ni = bytes(range(0x10, 0x30))          # 32 octets
nr = bytes(range(0x40, 0x60))          # 32 octets
gir = bytes([0xA5]) * 32               # stands in for an x25519 g^ir
spi_i = bytes.fromhex("0011223344556677")
spi_r = bytes.fromhex("8899aabbccddeeff")

# IKE SA, aes128-sha256-prfsha256: SK_e 16, SK_a 32, SK_d/SK_p 32.
skeyseed = prf(ni + nr, gir)
keymat = prf_plus(skeyseed, ni + nr + spi_i + spi_r, 32 + 2 * 32 + 2 * 16 + 2 * 32)
print("skeyseed", skeyseed.hex())
print("ike_keymat", keymat.hex())
sk_d = keymat[:32]

# Child SA aes128gcm16 (20 octets each way), without and with PFS.
print("child_keymat", prf_plus(sk_d, ni + nr, 2 * 20).hex())
gir2 = bytes([0x5A]) * 32
print("child_keymat_pfs", prf_plus(sk_d, gir2 + ni + nr, 2 * (16 + 32)).hex())

# Rekeyed IKE SA: SKEYSEED = prf(SK_d old, g^ir new | Ni | Nr).
print("rekey_skeyseed", prf(sk_d, gir2 + ni + nr).hex())

# Shared-key AUTH.
secret = b"lab-secret"
sk_pi = keymat[32 + 64 + 32: 32 + 64 + 32 + 32]
real_message = bytes(range(0, 64))
rest_of_id = bytes.fromhex("01000000c0000201")  # ID_IPV4_ADDR, 192.0.2.1
key_pad = prf(secret, b"Key Pad for IKEv2")
signed = real_message + nr + prf(sk_pi, rest_of_id)
print("auth", prf(key_pad, signed).hex())

# ESP aes128-sha256 with ESN, RFC 4303 layout, via python3-cryptography's AES.
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

enc_key = bytes(range(0x20, 0x30))
integ_key = bytes(range(0x30, 0x50))
iv = bytes(range(0xE0, 0xF0))
header = bytes.fromhex("c0ffee01") + (7).to_bytes(4, "big")
seq_high = (1).to_bytes(4, "big")
payload = b"IPsec Lab ESP packet"          # 20 octets, next header 4 (IPv4)
pad_len = (16 - (len(payload) + 2) % 16) % 16
plaintext = payload + bytes(range(1, pad_len + 1)) + bytes([pad_len, 4])
e = Cipher(algorithms.AES(enc_key), modes.CBC(iv)).encryptor()
ct = e.update(plaintext) + e.finalize()
icv = hmac.new(integ_key, header + iv + ct + seq_high, H).digest()[:16]
print("esp_packet", (header + iv + ct + icv).hex())
