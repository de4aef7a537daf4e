#include "crypto/esp-transform.h"

#include <cstring>

namespace ipseclab
{

namespace
{

constexpr size_t kHeaderSize = 8;

void
BigEndian32(uint32_t v, uint8_t* out)
{
    out[0] = static_cast<uint8_t>(v >> 24);
    out[1] = static_cast<uint8_t>(v >> 16);
    out[2] = static_cast<uint8_t>(v >> 8);
    out[3] = static_cast<uint8_t>(v);
}

} // namespace

EspTransform::EspTransform(std::string_view proposal, ByteSpan encryptionKey, ByteSpan integrityKey)
    : EspTransform(ParseEspProposal(proposal), encryptionKey, integrityKey)
{
}

EspTransform::EspTransform(const EspProposal& proposal, ByteSpan encryptionKey,
                           ByteSpan integrityKey)
    : EspTransform(*proposal.encryption, proposal.integrity, encryptionKey, integrityKey)
{
}

EspTransform::EspTransform(const EncryptionAlgorithm& encryption,
                           const IntegrityAlgorithm* integrity, ByteSpan encryptionKey,
                           ByteSpan integrityKey)
    : m_encryption(&encryption)
    , m_integrityAlg(integrity)
{
    if (encryption.IsAead())
    {
        if (integrity)
        {
            throw CryptoError("ESP: AEAD " + std::string(encryption.name) +
                              " must not be combined with integrity " +
                              std::string(integrity->name));
        }
        m_aead = std::make_unique<AeadCipher>(encryption, encryptionKey);
    }
    else
    {
        if (encryption.mode == CipherMode::Null)
        {
            if (!integrity)
            {
                throw CryptoError("ESP: null encryption needs an integrity algorithm");
            }
            CheckSize("null encryption key", 0, encryptionKey.size());
        }
        else
        {
            m_cbc = std::make_unique<CbcCipher>(encryption, encryptionKey);
        }
        if (integrity)
        {
            m_integrity = std::make_unique<Integrity>(*integrity, integrityKey);
        }
    }
    if (!m_integrity)
    {
        CheckSize(Name() + " integrity key", 0, integrityKey.size());
    }
}

size_t
EspTransform::IcvSize() const
{
    if (m_aead)
    {
        return m_aead->TagSize();
    }
    return m_integrity ? m_integrity->IcvSize() : 0;
}

size_t
EspTransform::PaddingLength(size_t payloadLength) const
{
    size_t withTrailer = payloadLength + 2;
    return (BlockSize() - withTrailer % BlockSize()) % BlockSize();
}

std::string
EspTransform::Name() const
{
    std::string name(m_encryption->name);
    if (m_integrityAlg)
    {
        name += "-";
        name += m_integrityAlg->name;
    }
    return name;
}

void
EspTransform::CheckCommon(ByteSpan header, ByteSpan iv, size_t length) const
{
    // Error strings are built only on failure: nothing is allocated per packet.
    if (header.size() != kHeaderSize)
    {
        CheckSize("ESP header (SPI | sequence number)", kHeaderSize, header.size());
    }
    if (iv.size() != IvSize())
    {
        CheckSize(Name() + " IV", IvSize(), iv.size());
    }
    if (m_cbc && length % m_cbc->BlockSize() != 0)
    {
        throw CryptoError(Name() + ": encrypted part of " + std::to_string(length) +
                          " octets is not a multiple of the 16-octet block");
    }
}

void
EspTransform::Seal(ByteSpan header, std::optional<uint32_t> seqHigh, ByteSpan iv,
                   ByteSpan plaintext, uint8_t* out, uint8_t* icv)
{
    CheckCommon(header, iv, plaintext.size());
    uint8_t high[4];
    if (seqHigh)
    {
        BigEndian32(*seqHigh, high);
    }
    if (m_aead)
    {
        ByteSpan spi = header.first(4);
        ByteSpan seq = header.subspan(4);
        if (seqHigh)
        {
            m_aead->Seal(iv, {spi, ByteSpan(high, 4), seq}, plaintext, out, icv);
        }
        else
        {
            m_aead->Seal(iv, {header}, plaintext, out, icv);
        }
        return;
    }
    if (m_cbc)
    {
        m_cbc->Encrypt(iv, plaintext, out);
    }
    else if (out != plaintext.data() && !plaintext.empty())
    {
        std::memmove(out, plaintext.data(), plaintext.size());
    }
    if (m_integrity)
    {
        ByteSpan ciphertext(out, plaintext.size());
        ByteSpan tail = seqHigh ? ByteSpan(high, 4) : ByteSpan();
        m_integrity->Compute({header, iv, ciphertext, tail}, icv);
    }
}

bool
EspTransform::Open(ByteSpan header, std::optional<uint32_t> seqHigh, ByteSpan iv,
                   ByteSpan ciphertext, ByteSpan icv, uint8_t* out)
{
    CheckCommon(header, iv, ciphertext.size());
    if (icv.size() != IcvSize())
    {
        CheckSize(Name() + " ICV", IcvSize(), icv.size());
    }
    uint8_t high[4];
    if (seqHigh)
    {
        BigEndian32(*seqHigh, high);
    }
    if (m_aead)
    {
        ByteSpan spi = header.first(4);
        ByteSpan seq = header.subspan(4);
        if (seqHigh)
        {
            return m_aead->Open(iv, {spi, ByteSpan(high, 4), seq}, ciphertext, icv, out);
        }
        return m_aead->Open(iv, {header}, ciphertext, icv, out);
    }
    // Verify before decrypting (RFC 4303 §3.4.4): a forged packet costs no decryption.
    if (m_integrity)
    {
        ByteSpan tail = seqHigh ? ByteSpan(high, 4) : ByteSpan();
        if (!m_integrity->Verify({header, iv, ciphertext, tail}, icv))
        {
            return false;
        }
    }
    if (m_cbc)
    {
        m_cbc->Decrypt(iv, ciphertext, out);
    }
    else if (out != ciphertext.data() && !ciphertext.empty())
    {
        std::memmove(out, ciphertext.data(), ciphertext.size());
    }
    return true;
}

} // namespace ipseclab
