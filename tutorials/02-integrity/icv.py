"""Tutorial 2: compute and check an ESP ICV by hand (HMAC-SHA-256-128), then tamper."""
import ipseclab

enc_key = bytes(range(16))            # AES-128 key
integ_key = bytes(range(32, 64))      # HMAC-SHA-256 key
t = ipseclab.esp_seal_trace("aes128-sha256", enc_key, integ_key=integ_key, spi=0x1001, seq=1,
                            payload=b"pay 10 EUR to bob", next_header=17, iv=bytes(16))
pkt = t.packet
print("ESP packet:", len(pkt), "octets = header 8 + IV", len(t.iv), "+ ciphertext",
      len(t.ciphertext), "+ ICV", len(t.icv))

# The ICV covers the ESP header (SPI, sequence number), the IV and the ciphertext.
covered = pkt[:-len(t.icv)]
integ = ipseclab.Integrity("sha256", integ_key)
full = integ.compute_full(covered)
print("HMAC-SHA-256 output:", len(full), "octets")
print("ICV on the wire    :", t.icv.hex())
print("first 16 of HMAC   :", full[:16].hex())
print("ICV = HMAC truncated to 128 bits:", full[:16] == t.icv)

r = ipseclab.esp_open("aes128-sha256", enc_key, integ_key=integ_key, packet=pkt)
print("receiver, intact  :", r.status, r.payload)
bad = bytearray(pkt)
bad[30] ^= 0x01                        # one bit of the ciphertext
r = ipseclab.esp_open("aes128-sha256", enc_key, integ_key=integ_key, packet=bytes(bad))
print("receiver, 1 bit flipped:", r.status)
