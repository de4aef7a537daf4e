#!/usr/bin/python3
"""Independent RFC 2409 section 5 values for tests/ikev1/ikev1-key-schedule-test.cc.

Computes every derivation with Python's hmac/hashlib from the fixed inputs below and prints
"hash name hex" lines; ikev1-vectors.txt is this script's output (ctest checks they agree, and
the gtest checks the C++ key schedule against the file). Rerun: ./ikev1-vectors.py > ikev1-vectors.txt
"""
import hashlib
import hmac

NI = bytes(range(16))
NR = bytes(range(0x10, 0x30))
GXI = bytes((i * 7 + 1) & 0xFF for i in range(128))
GXR = bytes((i * 13 + 5) & 0xFF for i in range(128))
GXY = bytes((i * 29 + 3) & 0xFF for i in range(128))
CKY_I = bytes.fromhex("0123456789abcdef")
CKY_R = bytes.fromhex("fedcba9876543210")
PSK = b"secret"
SAI_B = bytes(range(40))
IDII_B = bytes([1, 17, 1, 244, 192, 0, 2, 1])
IDIR_B = bytes([1, 17, 1, 244, 192, 0, 2, 2])
LAST_BLOCK = bytes([0x55] * 16)
MID = bytes.fromhex("12345678")
AFTER_HASH = bytes(range(60))
SPI = bytes.fromhex("c0ffee01")
GQMXY = bytes([0x77] * 32)
ESP = bytes([3])


def expand(prf, key, first, seed, length):
    """K1 = prf(key, first), Kn = prf(key, Kn-1 | seed): Appendix B and KEYMAT expansion."""
    out, k = b"", prf(key, first)
    while True:
        out += k
        if len(out) >= length:
            return out[:length]
        k = prf(key, k + seed)


def vectors(name):
    digest = getattr(hashlib, name)
    prf = lambda key, data: hmac.new(key, data, digest).digest()  # noqa: E731
    skeyid = prf(PSK, NI + NR)
    d = prf(skeyid, GXY + CKY_I + CKY_R + b"\x00")
    a = prf(skeyid, d + GXY + CKY_I + CKY_R + b"\x01")
    e = prf(skeyid, a + GXY + CKY_I + CKY_R + b"\x02")
    seed = ESP + SPI + NI + NR
    pfs_seed = GQMXY + seed
    return [
        ("skeyid_psk", skeyid),
        ("skeyid_sig", prf(NI + NR, GXY)),
        ("skeyid_d", d),
        ("skeyid_a", a),
        ("skeyid_e", e),
        ("enc_key_16", e[:16]),
        ("enc_key_32", e[:32] if len(e) >= 32 else expand(prf, e, b"\x00", b"", 32)),
        ("hash_i", prf(skeyid, GXI + GXR + CKY_I + CKY_R + SAI_B + IDII_B)),
        ("hash_r", prf(skeyid, GXR + GXI + CKY_R + CKY_I + SAI_B + IDIR_B)),
        ("iv_phase1", digest(GXI + GXR).digest()[:16]),
        ("iv_phase2", digest(LAST_BLOCK + MID).digest()[:16]),
        ("qm_hash1", prf(a, MID + AFTER_HASH)),
        ("qm_hash2", prf(a, MID + NI + AFTER_HASH)),
        ("qm_hash3", prf(a, b"\x00" + MID + NI + NR)),
        ("keymat_36", expand(prf, d, seed, seed, 36)),
        ("keymat_pfs_36", expand(prf, d, pfs_seed, pfs_seed, 36)),
    ]


if __name__ == "__main__":
    for hash_name in ("sha1", "sha256"):
        for key, value in vectors(hash_name):
            print(hash_name, key, value.hex())
