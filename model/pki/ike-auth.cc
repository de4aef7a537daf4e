#include "pki/ike-auth.h"

#include "pki/pki-error.h"
#include "pki/signature.h"

#include <algorithm>

namespace ipseclab
{

namespace
{

// RFC 7427 Appendix A.1.2: sha256WithRSAEncryption, parameters NULL (15 octets).
const uint8_t kSha256WithRsa[] = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};
// RFC 7427 Appendix A.4.3: ecdsa-with-SHA256, parameters absent (12 octets).
const uint8_t kEcdsaWithSha256[] = {
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};

bool
IsEcdsa(KeyType type)
{
    return type == KeyType::EcdsaP256 || type == KeyType::EcdsaP384;
}

bool
Equal(ByteSpan a, ByteSpan b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

AuthCheck
Fail(std::string reason)
{
    return AuthCheck{false, std::move(reason)};
}

AuthCheck
Result(bool ok)
{
    return ok ? AuthCheck{true, "ok"} : Fail("signature does not verify");
}

} // namespace

std::string
SignatureMethodName(IkeAuthMethod method)
{
    switch (method)
    {
    case IkeAuthMethod::RsaSignature:
        return "RSA Digital Signature (1)";
    case IkeAuthMethod::EcdsaSha256P256:
        return "ECDSA with SHA-256 on the P-256 curve (9)";
    case IkeAuthMethod::DigitalSignature:
        return "Digital Signature (14)";
    default:
        break; // not one handled here
    }
    return "UNKNOWN(" + std::to_string(static_cast<int>(method)) + ")";
}

ByteSpan
Sha256WithRsaEncryptionAlgorithmId()
{
    return ByteSpan(kSha256WithRsa);
}

ByteSpan
EcdsaWithSha256AlgorithmId()
{
    return ByteSpan(kEcdsaWithSha256);
}

std::vector<uint16_t>
SupportedSignatureHashes()
{
    return {kSignatureHashSha256};
}

Bytes
EncodeSignatureHashAlgorithms(const std::vector<uint16_t>& hashes)
{
    Bytes out;
    for (uint16_t id : hashes)
    {
        out.push_back(static_cast<uint8_t>(id >> 8));
        out.push_back(static_cast<uint8_t>(id & 0xff));
    }
    return out;
}

std::vector<uint16_t>
DecodeSignatureHashAlgorithms(ByteSpan data)
{
    if (data.size() % 2 != 0)
    {
        throw PkiError("SIGNATURE_HASH_ALGORITHMS: " + std::to_string(data.size()) +
                       " octets, not a list of 2-octet hash ids");
    }
    std::vector<uint16_t> hashes;
    for (size_t i = 0; i < data.size(); i += 2)
    {
        hashes.push_back(static_cast<uint16_t>(data[i] << 8 | data[i + 1]));
    }
    return hashes;
}

Bytes
SignAuthData(IkeAuthMethod method, const PrivateKey& key, ByteSpan signedOctets, RandomSource& rng)
{
    KeyType type = key.GetType();
    switch (method)
    {
    case IkeAuthMethod::RsaSignature:
        if (type != KeyType::Rsa2048)
        {
            throw PkiError(SignatureMethodName(method) + " needs an RSA key, not " +
                           ToString(type));
        }
        return SignData(key, HashAlgorithm::Sha1, signedOctets, rng);
    case IkeAuthMethod::EcdsaSha256P256:
        if (type != KeyType::EcdsaP256)
        {
            throw PkiError(SignatureMethodName(method) + " needs an ECDSA P-256 key, not " +
                           ToString(type));
        }
        return SignData(key, HashAlgorithm::Sha256, signedOctets, rng, EcdsaEncoding::Raw);
    case IkeAuthMethod::DigitalSignature:
    {
        ByteSpan algorithm =
            IsEcdsa(type) ? EcdsaWithSha256AlgorithmId() : Sha256WithRsaEncryptionAlgorithmId();
        Bytes signature = SignData(key, HashAlgorithm::Sha256, signedOctets, rng);
        Bytes out{static_cast<uint8_t>(algorithm.size())};
        out.insert(out.end(), algorithm.begin(), algorithm.end());
        out.insert(out.end(), signature.begin(), signature.end());
        return out;
    }
    default:
        break; // not one handled here
    }
    throw PkiError("unsupported signature auth method " + std::to_string(static_cast<int>(method)));
}

AuthCheck
VerifyAuthData(IkeAuthMethod method, const PublicKey& key, ByteSpan signedOctets, ByteSpan authData)
{
    KeyType type = key.GetType();
    switch (method)
    {
    case IkeAuthMethod::RsaSignature:
        if (type != KeyType::Rsa2048)
        {
            return Fail(SignatureMethodName(method) + " with a " + ToString(type) + " key");
        }
        return Result(VerifyData(key, HashAlgorithm::Sha1, signedOctets, authData));
    case IkeAuthMethod::EcdsaSha256P256:
        if (type != KeyType::EcdsaP256)
        {
            return Fail(SignatureMethodName(method) + " with a " + ToString(type) + " key");
        }
        if (authData.size() != 64)
        {
            return Fail("ECDSA P-256 signature of " + std::to_string(authData.size()) +
                        " octets, expected 64 (r | s)");
        }
        return Result(
            VerifyData(key, HashAlgorithm::Sha256, signedOctets, authData, EcdsaEncoding::Raw));
    case IkeAuthMethod::DigitalSignature:
    {
        if (authData.empty() || authData.size() < 1u + authData[0])
        {
            return Fail("RFC 7427 AUTH data shorter than its AlgorithmIdentifier length");
        }
        ByteSpan algorithm = authData.subspan(1, authData[0]);
        ByteSpan signature = authData.subspan(1u + authData[0]);
        if (Equal(algorithm, Sha256WithRsaEncryptionAlgorithmId()))
        {
            if (type != KeyType::Rsa2048)
            {
                return Fail("sha256WithRSAEncryption with a " + ToString(type) + " key");
            }
        }
        else if (Equal(algorithm, EcdsaWithSha256AlgorithmId()))
        {
            if (!IsEcdsa(type))
            {
                return Fail("ecdsa-with-SHA256 with a " + ToString(type) + " key");
            }
        }
        else
        {
            return Fail("unsupported signature AlgorithmIdentifier " + ToHex(algorithm));
        }
        return Result(VerifyData(key, HashAlgorithm::Sha256, signedOctets, signature));
    }
    default:
        break; // not one handled here
    }
    return Fail("unsupported auth method " + std::to_string(static_cast<int>(method)));
}

} // namespace ipseclab
