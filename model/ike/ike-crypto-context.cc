#include "ike/ike-crypto-context.h"

#include "ike/ike-error.h"
#include "ike/ike-wire-io.h"

namespace ipseclab
{

IkeCryptoContext::IkeCryptoContext(const IkeProposal& proposal, ByteSpan skEi, ByteSpan skAi,
                                   ByteSpan skEr, ByteSpan skAr)
    : m_proposal(proposal)
{
    if (!proposal.encryption || proposal.encryption->mode == CipherMode::Null)
    {
        throw IkeEncodeError("the IKE SA needs an encryption algorithm other than null");
    }
    if (!proposal.encryption->IsAead() && !proposal.integrity)
    {
        throw IkeEncodeError("a CBC IKE SA needs an integrity algorithm");
    }
    m_initiator = MakeDirection(skEi, skAi);
    m_responder = MakeDirection(skEr, skAr);
}

IkeCryptoContext::IkeCryptoContext(const IkeProposal& proposal, const IkeSaKeys& keys)
    : IkeCryptoContext(proposal, keys.skEi, keys.skAi, keys.skEr, keys.skAr)
{
}

IkeCryptoContext::Direction
IkeCryptoContext::MakeDirection(ByteSpan encryptionKey, ByteSpan integrityKey) const
{
    Direction d;
    if (IsAead())
    {
        d.aead = std::make_unique<AeadCipher>(*m_proposal.encryption, encryptionKey);
    }
    else
    {
        d.cbc = std::make_unique<CbcCipher>(*m_proposal.encryption, encryptionKey);
        d.integrity = std::make_unique<Integrity>(*m_proposal.integrity, integrityKey);
    }
    return d;
}

size_t
IkeCryptoContext::IcvSize() const
{
    return IsAead() ? m_proposal.encryption->icvSize : m_proposal.integrity->icvSize;
}

size_t
IkeCryptoContext::BlockSize() const
{
    // RFC 7296 §3.14: align to the cipher's block size; stream-like AEADs need none.
    return IsAead() ? 1 : 16;
}

size_t
IkeCryptoContext::PaddingLength(size_t innerSize) const
{
    size_t block = BlockSize();
    return (block - (innerSize + 1) % block) % block;
}

size_t
IkeCryptoContext::SkBodySize(size_t innerSize) const
{
    return IvSize() + innerSize + PaddingLength(innerSize) + 1 + IcvSize();
}

void
IkeCryptoContext::Protect(bool fromInitiator, Bytes& message, ByteSpan inner, RandomSource& rng,
                          IkeSkTrace* trace)
{
    Direction& d = fromInitiator ? m_initiator : m_responder;
    size_t padLength = PaddingLength(inner.size());
    size_t ivAt = message.size();
    message.resize(ivAt + IvSize());
    rng.Fill(message.data() + ivAt, IvSize());
    size_t plainAt = message.size();
    PutBytes(message, inner);
    message.insert(message.end(), padLength, 0); // any value is allowed; zeros are reproducible
    message.push_back(static_cast<uint8_t>(padLength));
    size_t plainSize = message.size() - plainAt;
    if (trace)
    {
        trace->iv.assign(message.begin() + ivAt, message.begin() + plainAt);
        trace->plaintext.assign(message.begin() + plainAt, message.end());
        trace->padLength = padLength;
    }
    size_t icvAt = message.size();
    message.resize(icvAt + IcvSize());
    uint8_t* m = message.data();
    ByteSpan iv(m + ivAt, IvSize());
    ByteSpan plain(m + plainAt, plainSize);
    if (d.aead)
    {
        d.aead->Seal(iv, {ByteSpan(m, ivAt)}, plain, m + plainAt, m + icvAt);
    }
    else
    {
        d.cbc->Encrypt(iv, plain, m + plainAt);
        d.integrity->Compute({ByteSpan(m, icvAt)}, m + icvAt);
    }
    if (trace)
    {
        trace->ciphertext.assign(message.begin() + plainAt, message.begin() + icvAt);
        trace->icv.assign(message.begin() + icvAt, message.end());
        trace->icvOk = true;
    }
}

std::optional<Bytes>
IkeCryptoContext::Unprotect(bool fromInitiator, ByteSpan message, size_t skBodyOffset,
                            IkeSkTrace* trace)
{
    Direction& d = fromInitiator ? m_initiator : m_responder;
    const std::string where = "Encrypted payload";
    if (skBodyOffset > message.size())
    {
        throw IkeParseError("SK body beyond the message", skBodyOffset, where);
    }
    size_t bodySize = message.size() - skBodyOffset;
    if (bodySize < IvSize() + 1 + IcvSize())
    {
        throw IkeParseError("SK body of " + std::to_string(bodySize) +
                                " octets cannot hold IV, pad length and a " +
                                std::to_string(IcvSize()) + "-octet ICV",
                            skBodyOffset,
                            where);
    }
    size_t cipherAt = skBodyOffset + IvSize();
    size_t icvAt = message.size() - IcvSize();
    size_t cipherSize = icvAt - cipherAt;
    if (cipherSize % BlockSize() != 0)
    {
        throw IkeParseError("ciphertext of " + std::to_string(cipherSize) +
                                " octets is not a multiple of the block size " +
                                std::to_string(BlockSize()),
                            cipherAt,
                            where);
    }
    ByteSpan iv = message.subspan(skBodyOffset, IvSize());
    ByteSpan ciphertext = message.subspan(cipherAt, cipherSize);
    ByteSpan icv = message.subspan(icvAt);
    if (trace)
    {
        trace->iv.assign(iv.begin(), iv.end());
        trace->ciphertext.assign(ciphertext.begin(), ciphertext.end());
        trace->icv.assign(icv.begin(), icv.end());
    }
    Bytes plain(cipherSize);
    bool ok;
    if (d.aead)
    {
        ok = d.aead->Open(iv, {message.first(skBodyOffset)}, ciphertext, icv, plain.data());
    }
    else
    {
        ok = d.integrity->Verify({message.first(icvAt)}, icv);
        if (ok)
        {
            d.cbc->Decrypt(iv, ciphertext, plain.data());
        }
    }
    if (trace)
    {
        trace->icvOk = ok;
    }
    if (!ok)
    {
        return std::nullopt;
    }
    size_t padLength = plain.back();
    if (padLength + 1 > plain.size())
    {
        throw IkeParseError("pad length " + std::to_string(padLength) + " exceeds the " +
                                std::to_string(plain.size() - 1) + " decrypted octets",
                            icvAt - 1,
                            where);
    }
    if (trace)
    {
        trace->plaintext = plain;
        trace->padLength = padLength;
    }
    plain.resize(plain.size() - padLength - 1);
    return plain;
}

} // namespace ipseclab
