// A connection as strongSwan's swanctl.conf describes one: who talks to whom, how they prove
// it, which algorithms they accept, what traffic the Child SA carries and when it is rekeyed.
// Field names and defaults follow swanctl.conf so users recognise them. It is the same for
// both IKE versions (swanctl's `version`): an engine reads what its version needs.
#ifndef IPSECLAB_IKE_CORE_IKE_CONFIG_H
#define IPSECLAB_IKE_CORE_IKE_CONFIG_H

#include "pki/certificate.h"
#include "pki/keys.h"
#include "sa/selector.h"
#include "sa/spd-entry.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ipseclab
{

enum class AuthMethod : uint8_t
{
    Psk,    ///< pre-shared key (RFC 7296 2.15, AUTH method 2)
    Pubkey, ///< certificate and signature (RSA or ECDSA)
};

enum class StartAction : uint8_t
{
    None,  ///< wait for the peer
    Trap,  ///< start on the first packet that matches the policy (an "acquire")
    Start, ///< start at a given time
};

enum class DpdAction : uint8_t
{
    Clear,   ///< delete the SAs
    Restart, ///< delete and connect again
    Trap,    ///< delete and re-install the trap policy
};

/// swanctl's send_cert: when this side sends its certificate.
enum class SendCert : uint8_t
{
    Always,  ///< in every IKE_AUTH
    IfAsked, ///< only when the peer sent a CERTREQ (swanctl's default)
    Never,
};

const char* ToString(SendCert mode);
SendCert ParseSendCert(const std::string& text);
const char* ToString(AuthMethod method);
const char* ToString(StartAction action);
const char* ToString(DpdAction action);
AuthMethod ParseAuthMethod(const std::string& text);
StartAction ParseStartAction(const std::string& text);
DpdAction ParseDpdAction(const std::string& text);

/// Child SA ("phase 2") settings: swanctl.conf's children.<name> section.
struct ChildConfig
{
    std::string name = "child";
    std::vector<std::string> espProposals = {"aes128gcm16", "aes128-sha256"};
    /// swanctl-like selectors: "dynamic" (this side's IKE address), "10.1.0.0/24",
    /// "10.1.0.0/24[udp]", "10.1.0.0/24[udp/9]", or a comma-separated list of them (all are
    /// proposed in TSi/TSr; the Child SA keeps the widest pair both sides accept).
    std::string localTs = "dynamic";
    std::string remoteTs = "dynamic";
    IpsecMode mode = IpsecMode::Tunnel;
    double rekeyTime = 3600; ///< seconds; 0 = never (swanctl default 1h)
    double lifeTime = 0;     ///< hard lifetime; 0 = rekeyTime * 1.1 (swanctl)
    double randTime = 0;     ///< jitter subtracted from rekeyTime; 0 = lifeTime - rekeyTime
    uint64_t rekeyBytes = 0; ///< 0 = no volume limit
    uint64_t rekeyPackets = 0;
    /// swanctl's life_bytes: hard volume limit; 0 = rekeyBytes * 1.1. IKEv1 proposes it in
    /// kilobytes (LifeKilobytes) beside life_time in seconds.
    uint64_t lifeBytes = 0;
    uint32_t replayWindow = 64;
    bool esn = false;
    double deleteDelay = 0.5; ///< old inbound SA kept this long after a rekey (in-flight packets)
    StartAction startAction = StartAction::None;
    double startTime = 0; ///< with StartAction::Start
    uint32_t tfcPadTo = 0;

    double EffectiveLifeTime() const;
    double EffectiveRandTime() const;
    uint64_t EffectiveLifeBytes() const;
    /// The hard volume limit in kilobytes (IKEv1's SA Life Type 2, rounded up); 0 = none.
    uint64_t LifeKilobytes() const;
};

/// One side of a traffic selector.
struct TsSide
{
    Ipv4Prefix prefix;
    uint8_t protocol = 0;
    PortRange ports;
};

/// Parses a swanctl-like selector; "dynamic" becomes `dynamicAddress`/32.
/// std::invalid_argument with the offending text on error.
TsSide ParseTsSide(const std::string& text, uint32_t dynamicAddress);
/// swanctl's list form "10.1.0.0/24, 10.3.0.0/24[tcp]": every selector, in order.
std::vector<TsSide> ParseTsList(const std::string& text, uint32_t dynamicAddress);

/// IKE SA ("phase 1") settings: swanctl.conf's connections.<name> section.
struct IkeConfig
{
    std::string name = "conn";
    /// swanctl's version: 2 (IKEv2) or 1 (IKEv1). The IKEv2 daemon refuses 1 (no IKEv1 engine
    /// exists yet); 0, "any" in swanctl, is not supported.
    uint8_t version = 2;
    /// swanctl's aggressive (IKEv1 only): Aggressive Mode instead of Main Mode. Not yet used by
    /// an engine; refused with version = 2.
    bool aggressive = false;
    uint32_t localAddress = 0; ///< host order
    uint32_t remoteAddress = 0;
    std::string localId;  ///< empty: the local address (ID_IPV4_ADDR)
    std::string remoteId; ///< empty: accept the peer's address / any ID the auth proves
    AuthMethod localAuth = AuthMethod::Psk;
    AuthMethod remoteAuth = AuthMethod::Psk;
    std::string psk; ///< the shared secret (both ends the same)
    // Certificates (localAuth/remoteAuth = pubkey; swanctl's local.certs, remote.cacerts).
    /// This side's end-entity certificate, sent in CERT (X.509, encoding 4). Needed for
    /// localAuth = pubkey. With localAuth = pubkey and an empty localId, the ID is the
    /// certificate's subject DN (ID_DER_ASN1_DN), as strongSwan does.
    std::shared_ptr<const Certificate> certificate;
    /// The key of `certificate` (must belong to it): signs this side's AUTH.
    std::shared_ptr<const PrivateKey> privateKey;
    /// Intermediate CA certificates sent after `certificate` (further CERT payloads).
    std::vector<Certificate> intermediates;
    /// Root CAs a peer's certificate must chain to (remoteAuth = pubkey needs at least one).
    /// Checked at kPkiEpoch + simulation time, so runs are reproducible.
    std::vector<Certificate> trustedCas;
    /// AUTH method for localAuth = pubkey: 14 (RFC 7427 digital signature: ecdsa-with-SHA256
    /// or sha256WithRSAEncryption, the default), 9 (ECDSA SHA-256 P-256, RFC 4754) or
    /// 1 (RSA PKCS#1 v1.5 SHA-1). The peer's method is whatever it sends (1, 9 or 14).
    uint8_t signatureMethod = 14;
    /// When the certificate goes out (swanctl send_cert, default ifasked). The lab sends a
    /// CERTREQ for its trusted CAs whenever remoteAuth = pubkey: in its IKE_SA_INIT response
    /// as responder, in its IKE_AUTH request as initiator (RFC 7296 3.7).
    SendCert sendCert = SendCert::IfAsked;
    std::vector<std::string> ikeProposals = {"aes128-sha256-x25519",
                                             "aes256gcm16-prfsha256-ecp256"};
    double rekeyTime = 14400; ///< IKE SA rekey (swanctl default 4h); 0 = never
    double overTime = 0;      ///< 0 = rekeyTime * 0.1
    double randTime = 0;      ///< 0 = overTime
    double dpdDelay = 0;      ///< 0 = no DPD
    DpdAction dpdAction = DpdAction::Clear;
    double retransmitTimeout = 4.0; ///< strongSwan charon.retransmit_timeout
    double retransmitBase = 1.8;    ///< charon.retransmit_base
    uint32_t retransmitTries = 5;   ///< charon.retransmit_tries
    bool forceEncap = false;        ///< UDP-encapsulate ESP even without a NAT
    bool requestVirtualIp = false;  ///< ask the responder for an address (CP)
    std::string pool;               ///< responder: hand out addresses from this prefix
    double halfOpenTimeout = 30;    ///< a half-open IKE SA is dropped after this
    bool natKeepalive = true;
    double natKeepaliveInterval = 20;
    std::vector<ChildConfig> children = {ChildConfig()};

    double EffectiveOverTime() const;
    double EffectiveRandTime() const;
    /// The hard IKE SA lifetime, rekey_time + over_time (0 = none): what IKEv1 proposes as its
    /// phase 1 lifetime in seconds.
    double IkeLifeTime() const;
    /// std::invalid_argument naming the field when something cannot work.
    void Validate() const;
};

} // namespace ipseclab

#endif
