#include "ike-core/ike-config.h"

#include "crypto/algorithms.h"
#include "ike/ike-proposals.h"
#include "pki/distinguished-name.h"
#include "sa/replay-window.h"
#include "util/limits.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ipseclab
{

namespace
{

template <typename Enum, size_t N>
Enum
ParseName(const std::string& text, const char* what, const std::pair<const char*, Enum> (&names)[N])
{
    std::string known;
    for (const auto& [name, value] : names)
    {
        if (text == name)
        {
            return value;
        }
        known += known.empty() ? name : std::string(", ") + name;
    }
    throw std::invalid_argument("unknown " + std::string(what) + " '" + text +
                                "' (known: " + known + ")");
}

const std::pair<const char*, AuthMethod> kAuth[] = {{"psk", AuthMethod::Psk},
                                                    {"pubkey", AuthMethod::Pubkey}};
const std::pair<const char*, StartAction> kStart[] = {
    {"none", StartAction::None}, {"trap", StartAction::Trap}, {"start", StartAction::Start}};
const std::pair<const char*, DpdAction> kDpd[] = {
    {"clear", DpdAction::Clear}, {"restart", DpdAction::Restart}, {"trap", DpdAction::Trap}};
const std::pair<const char*, SendCert> kSendCert[] = {
    {"always", SendCert::Always}, {"ifasked", SendCert::IfAsked}, {"never", SendCert::Never}};

} // namespace

const char*
ToString(SendCert mode)
{
    for (const auto& [name, value] : kSendCert)
    {
        if (value == mode)
        {
            return name;
        }
    }
    return "unknown";
}

SendCert
ParseSendCert(const std::string& text)
{
    return ParseName(text, "send_cert", kSendCert);
}

const char*
ToString(AuthMethod method)
{
    return method == AuthMethod::Psk ? "psk" : "pubkey";
}

const char*
ToString(StartAction action)
{
    switch (action)
    {
    case StartAction::None:
        return "none";
    case StartAction::Trap:
        return "trap";
    case StartAction::Start:
        return "start";
    }
    return "unknown";
}

const char*
ToString(DpdAction action)
{
    switch (action)
    {
    case DpdAction::Clear:
        return "clear";
    case DpdAction::Restart:
        return "restart";
    case DpdAction::Trap:
        return "trap";
    }
    return "unknown";
}

AuthMethod
ParseAuthMethod(const std::string& text)
{
    return ParseName(text, "auth method", kAuth);
}

StartAction
ParseStartAction(const std::string& text)
{
    return ParseName(text, "start_action", kStart);
}

DpdAction
ParseDpdAction(const std::string& text)
{
    return ParseName(text, "dpd_action", kDpd);
}

TsSide
ParseTsSide(const std::string& text, uint32_t dynamicAddress)
{
    TsSide side;
    std::string prefix = text;
    std::string extra;
    const auto open = text.find('[');
    if (open != std::string::npos)
    {
        if (text.back() != ']')
        {
            throw std::invalid_argument("traffic selector '" + text + "': missing ']'");
        }
        prefix = text.substr(0, open);
        extra = text.substr(open + 1, text.size() - open - 2);
    }
    if (prefix == "dynamic" || prefix.empty())
    {
        side.prefix = Ipv4Prefix::Host(dynamicAddress);
    }
    else
    {
        side.prefix = Ipv4Prefix::Parse(prefix);
    }
    if (!extra.empty())
    {
        const auto slash = extra.find('/');
        side.protocol = ParseProtocol(extra.substr(0, slash));
        if (slash != std::string::npos)
        {
            side.ports = PortRange::Parse(extra.substr(slash + 1));
        }
    }
    return side;
}

std::vector<TsSide>
ParseTsList(const std::string& text, uint32_t dynamicAddress)
{
    std::vector<TsSide> out;
    size_t start = 0;
    while (start <= text.size())
    {
        size_t comma = text.find(',', start);
        std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (item.empty() && comma != std::string::npos)
        {
            throw std::invalid_argument("traffic selector list '" + text + "': empty entry");
        }
        out.push_back(ParseTsSide(item, dynamicAddress));
        start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    }
    return out;
}

double
ChildConfig::EffectiveLifeTime() const
{
    return lifeTime > 0 ? lifeTime : rekeyTime * 1.1;
}

double
ChildConfig::EffectiveRandTime() const
{
    return randTime > 0 ? randTime : EffectiveLifeTime() - rekeyTime;
}

uint64_t
ChildConfig::EffectiveLifeBytes() const
{
    return lifeBytes > 0 ? lifeBytes : rekeyBytes + rekeyBytes / 10;
}

uint64_t
ChildConfig::LifeKilobytes() const
{
    return (EffectiveLifeBytes() + 1023) / 1024;
}

double
IkeConfig::IkeLifeTime() const
{
    return rekeyTime > 0 ? rekeyTime + EffectiveOverTime() : 0;
}

double
IkeConfig::EffectiveOverTime() const
{
    return overTime > 0 ? overTime : rekeyTime * 0.1;
}

double
IkeConfig::EffectiveRandTime() const
{
    return randTime > 0 ? randTime : EffectiveOverTime();
}

void
IkeConfig::Validate() const
{
    auto fail = [this](const std::string& what)
    {
        throw std::invalid_argument("connection '" + name + "': " + what);
    };
    if (version != 1 && version != 2)
    {
        fail("version = " + std::to_string(version) + ": must be 1 (IKEv1) or 2 (IKEv2)");
    }
    if (aggressive && version != 1)
    {
        fail("aggressive = yes is IKEv1 Aggressive Mode and needs version = 1");
    }
    if (localAddress == 0)
    {
        fail("local address is not set");
    }
    if ((localAuth == AuthMethod::Psk || remoteAuth == AuthMethod::Psk) && psk.empty())
    {
        fail("auth psk needs a shared secret (psk)");
    }
    if (localAuth == AuthMethod::Pubkey)
    {
        if (!certificate || !privateKey)
        {
            fail("local auth pubkey needs a certificate and its private key");
        }
        if (privateKey->GetPublicKey() != certificate->GetPublicKey())
        {
            fail("the private key does not belong to the certificate '" +
                 certificate->GetSubjectDn() + "'");
        }
        const KeyType keyType = privateKey->GetType();
        if (signatureMethod == 1 && keyType != KeyType::Rsa2048)
        {
            fail("signature method 1 (RSA digital signature) needs an RSA key, not " +
                 ToString(keyType));
        }
        else if (signatureMethod == 9 && keyType != KeyType::EcdsaP256)
        {
            fail("signature method 9 (ECDSA SHA-256 P-256) needs a P-256 key, not " +
                 ToString(keyType));
        }
        else if (signatureMethod != 1 && signatureMethod != 9 && signatureMethod != 14)
        {
            fail("signature method " + std::to_string(signatureMethod) +
                 " is not supported (1, 9 or 14)");
        }
    }
    for (const std::string* id : {&localId, &remoteId})
    {
        // "C=CH, O=Lab, CN=moon" is an ID_DER_ASN1_DN ("@..." is always an FQDN).
        if (!id->empty() && id->front() != '@' && id->find('=') != std::string::npos)
        {
            try
            {
                DnToDer(*id);
            }
            catch (const std::exception& e)
            {
                fail("identity '" + *id + "' is not a distinguished name: " + e.what());
            }
        }
    }
    if (remoteAuth == AuthMethod::Pubkey && trustedCas.empty())
    {
        fail("remote auth pubkey needs at least one trusted CA certificate (trustedCas)");
    }
    for (const auto& ca : trustedCas)
    {
        if (!ca.IsCa())
        {
            fail("trusted CA '" + ca.GetSubjectDn() + "' is not a CA certificate");
        }
    }
    if (ikeProposals.empty())
    {
        fail("no IKE proposals");
    }
    // Several algorithms per type and `default` as in swanctl.conf; CryptoError names the bad
    // part (an IKE proposal without a DH group, say).
    ParseProposalTexts(ikeProposals, IkeProtocolId::Ike);
    // Times: finite, not negative, within kMaxSeconds; intervals where 0 means "never" are
    // either 0 or at least kMinIntervalSeconds (a smaller one rekeys or probes endlessly).
    enum class Span
    {
        ZeroIsNever, ///< 0, or at least kMinIntervalSeconds
        NonNegative,
        Positive,
    };
    auto seconds = [&fail](const std::string& field, double v, Span span)
    {
        const bool inRange = std::isfinite(v) && v >= 0 && v <= kMaxSeconds;
        const bool ok = inRange && (span != Span::Positive || v > 0) &&
                        (span != Span::ZeroIsNever || v == 0 || v >= kMinIntervalSeconds);
        if (!ok)
        {
            std::ostringstream s;
            s << field << " = " << v << " s: must be ";
            if (span == Span::ZeroIsNever)
            {
                s << "0 (never) or from " << kMinIntervalSeconds << " to " << kMaxSeconds;
            }
            else
            {
                s << (span == Span::Positive ? "more than 0" : "from 0") << " to " << kMaxSeconds;
            }
            fail(s.str() + " seconds");
        }
    };
    seconds("rekey_time", rekeyTime, Span::ZeroIsNever);
    seconds("over_time", overTime, Span::NonNegative);
    seconds("rand_time", randTime, Span::NonNegative);
    seconds("dpd_delay", dpdDelay, Span::ZeroIsNever);
    seconds("retransmit_timeout", retransmitTimeout, Span::Positive);
    seconds("half_open_timeout", halfOpenTimeout, Span::Positive);
    seconds("keepalive interval", natKeepaliveInterval, Span::Positive);
    if (!(retransmitBase >= 1 && retransmitBase <= 10) || retransmitTries == 0 ||
        retransmitTries > 50)
    {
        fail("retransmission needs a base from 1 to 10 and 1 to 50 tries");
    }
    if (children.empty())
    {
        fail("no child SA (children) configured");
    }
    if (children.size() > 64)
    {
        fail("more than 64 children in one connection");
    }
    for (const auto& c : children)
    {
        if (c.espProposals.empty())
        {
            fail("child '" + c.name + "' has no ESP proposals");
        }
        ParseProposalTexts(c.espProposals, IkeProtocolId::Esp);
        const std::string child = "child '" + c.name + "': ";
        seconds(child + "rekey_time", c.rekeyTime, Span::ZeroIsNever);
        seconds(child + "life_time", c.lifeTime, Span::NonNegative);
        seconds(child + "rand_time", c.randTime, Span::NonNegative);
        seconds(child + "delete delay", c.deleteDelay, Span::NonNegative);
        seconds(child + "start time", c.startTime, Span::NonNegative);
        if (c.replayWindow > ReplayWindow::kMaxSize)
        {
            fail(child + "replay_window " + std::to_string(c.replayWindow) + " is above " +
                 std::to_string(ReplayWindow::kMaxSize));
        }
        if (c.rekeyBytes > 0 && c.lifeBytes > 0 && c.lifeBytes <= c.rekeyBytes)
        {
            fail(child + "life_bytes must be larger than rekey_bytes");
        }
        if (c.rekeyTime > 0 && c.EffectiveLifeTime() <= c.rekeyTime)
        {
            fail("child '" + c.name + "': life_time must be larger than rekey_time");
        }
        if (c.EffectiveRandTime() < 0 || (c.rekeyTime > 0 && c.EffectiveRandTime() >= c.rekeyTime))
        {
            fail("child '" + c.name + "': rand_time must be between 0 and rekey_time");
        }
        ParseTsList(c.localTs, localAddress);
        ParseTsList(c.remoteTs, remoteAddress ? remoteAddress : 1);
    }
}

} // namespace ipseclab
