#include "crypto/ike-key-schedule.h"

namespace ipseclab
{

namespace
{

// Takes the next n octets of keymat.
class Splitter
{
  public:
    explicit Splitter(const Bytes& keymat)
        : m_keymat(keymat)
    {
    }

    Bytes Take(size_t n)
    {
        Bytes out(m_keymat.begin() + m_offset, m_keymat.begin() + m_offset + n);
        m_offset += n;
        return out;
    }

  private:
    const Bytes& m_keymat;
    size_t m_offset = 0;
};

void
ExpandIkeKeys(const Prf& prf, IkeSaKeys& keys, ByteSpan ni, ByteSpan nr, ByteSpan spiI,
              ByteSpan spiR, KeyLengths lengths)
{
    CheckSize("IKE SPIi", 8, spiI.size());
    CheckSize("IKE SPIr", 8, spiR.size());
    keys.prfPlusSeed = Concat({ni, nr, spiI, spiR});
    size_t p = prf.PreferredKeySize();
    size_t total = p + 2 * lengths.integrity + 2 * lengths.encryption + 2 * p;
    keys.keymat = PrfPlus(prf, keys.skeyseed, keys.prfPlusSeed, total);
    Splitter s(keys.keymat);
    keys.skD = s.Take(p);
    keys.skAi = s.Take(lengths.integrity);
    keys.skAr = s.Take(lengths.integrity);
    keys.skEi = s.Take(lengths.encryption);
    keys.skEr = s.Take(lengths.encryption);
    keys.skPi = s.Take(p);
    keys.skPr = s.Take(p);
}

void
CheckNonces(ByteSpan ni, ByteSpan nr)
{
    // RFC 7296 §2.10: nonces are 16 to 256 octets.
    for (auto [name, n] : {std::pair{"Ni", ni}, std::pair{"Nr", nr}})
    {
        if (n.size() < 16 || n.size() > 256)
        {
            throw CryptoError(std::string(name) + ": a nonce must be 16 to 256 octets, got " +
                              std::to_string(n.size()));
        }
    }
}

} // namespace

KeyLengths
KeyLengths::For(const EncryptionAlgorithm& encryption, const IntegrityAlgorithm* integrity)
{
    return KeyLengths{encryption.KeymatSize(),
                      (integrity && !encryption.IsAead()) ? integrity->keySize : 0};
}

KeyLengths
KeyLengths::For(const IkeProposal& proposal)
{
    return For(*proposal.encryption, proposal.integrity);
}

KeyLengths
KeyLengths::For(const EspProposal& proposal)
{
    return For(*proposal.encryption, proposal.integrity);
}

KeyLengths
KeyLengths::For(const AhProposal& proposal)
{
    return KeyLengths{0, proposal.integrity->keySize};
}

IkeSaKeys
DeriveIkeSaKeys(const Prf& prf, ByteSpan ni, ByteSpan nr, ByteSpan gir, ByteSpan spiI,
                ByteSpan spiR, KeyLengths lengths)
{
    CheckNonces(ni, nr);
    if (gir.empty())
    {
        throw CryptoError("SKEYSEED: empty g^ir");
    }
    IkeSaKeys keys;
    keys.skeyseedInput = Concat({ni, nr});
    keys.skeyseed = prf.Compute(keys.skeyseedInput, {gir});
    ExpandIkeKeys(prf, keys, ni, nr, spiI, spiR, lengths);
    return keys;
}

IkeSaKeys
DeriveRekeyedIkeSaKeys(const Prf& oldPrf, ByteSpan oldSkD, const Prf& newPrf, ByteSpan ni,
                       ByteSpan nr, ByteSpan gir, ByteSpan spiI, ByteSpan spiR, KeyLengths lengths)
{
    CheckNonces(ni, nr);
    IkeSaKeys keys;
    keys.skeyseedInput = Concat({gir, ni, nr});
    keys.skeyseed = oldPrf.Compute(oldSkD, {keys.skeyseedInput});
    ExpandIkeKeys(newPrf, keys, ni, nr, spiI, spiR, lengths);
    return keys;
}

ChildSaKeys
DeriveChildSaKeys(const Prf& prf, ByteSpan skD, ByteSpan ni, ByteSpan nr, KeyLengths lengths,
                  ByteSpan gir)
{
    CheckNonces(ni, nr);
    ChildSaKeys keys;
    keys.seed = Concat({gir, ni, nr});
    keys.keymat = PrfPlus(prf, skD, keys.seed, 2 * (lengths.encryption + lengths.integrity));
    Splitter s(keys.keymat);
    keys.encryptionInitiator = s.Take(lengths.encryption);
    keys.integrityInitiator = s.Take(lengths.integrity);
    keys.encryptionResponder = s.Take(lengths.encryption);
    keys.integrityResponder = s.Take(lengths.integrity);
    return keys;
}

Bytes
BuildSignedOctets(const Prf& prf, ByteSpan realMessage, ByteSpan peerNonce, ByteSpan skP,
                  ByteSpan restOfIdPayload)
{
    Bytes maced = prf.Compute(skP, {restOfIdPayload});
    return Concat({realMessage, peerNonce, maced});
}

SharedKeyAuth
ComputeSharedKeyAuth(const Prf& prf, ByteSpan sharedSecret, ByteSpan realMessage,
                     ByteSpan peerNonce, ByteSpan skP, ByteSpan restOfIdPayload)
{
    static const std::string_view kKeyPad = "Key Pad for IKEv2";
    SharedKeyAuth a;
    a.keyPadKey = prf.Compute(
        sharedSecret, {ByteSpan(reinterpret_cast<const uint8_t*>(kKeyPad.data()), kKeyPad.size())});
    a.macedId = prf.Compute(skP, {restOfIdPayload});
    a.signedOctets = Concat({realMessage, peerNonce, a.macedId});
    a.auth = prf.Compute(a.keyPadKey, {a.signedOctets});
    return a;
}

} // namespace ipseclab
