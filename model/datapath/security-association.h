// One Security Association (RFC 4301 section 4.4.2): what a node knows to protect or check one
// direction of traffic with ESP or AH, with its keyed transform, sequence counter, anti-replay
// window, lifetimes and counters. Pure C++ (no ns-3): the ns-3 layer schedules the timers
// and attaches them (SaTimers).
#ifndef IPSECLAB_DATAPATH_SECURITY_ASSOCIATION_H
#define IPSECLAB_DATAPATH_SECURITY_ASSOCIATION_H

#include "crypto/esp-transform.h"
#include "crypto/integrity.h"
#include "datapath/drop-reason.h"
#include "sa/replay-window.h"
#include "sa/selector.h"
#include "sa/spd-entry.h"

#include <memory>
#include <optional>
#include <string>

namespace ipseclab
{

/// Soft or hard limits; 0 means unlimited.
struct Lifetime
{
    uint64_t bytes = 0;
    uint64_t packets = 0;
    double seconds = 0;
    bool IsUnlimited() const;
    std::string ToString() const;
};

/// Everything needed to install an SA, by hand (like `ip xfrm state add`) or from IKE.
struct SaConfig
{
    uint32_t spi = 0;
    Direction direction = Direction::Outbound;
    IpsecProtocol protocol = IpsecProtocol::Esp; ///< Esp or Ah (a bundle is two SAs)
    IpsecMode mode = IpsecMode::Transport;
    uint32_t src = 0;         ///< outer source (tunnel endpoint, or the sending host); host order
    uint32_t dst = 0;         ///< outer destination
    TrafficSelector selector; ///< inner traffic the SA may carry, seen from the SA's owner
    std::string proposal; ///< strongSwan syntax: ESP "aes128gcm16", "aes256-sha256"; AH "sha256"
    Bytes encryptionKey;  ///< for AEAD the key followed by the 4-octet salt
    Bytes integrityKey;
    uint32_t replayWindow = ReplayWindow::kDefaultSize; ///< inbound; 0 turns anti-replay off
    bool esn = false;
    Lifetime soft;
    Lifetime hard;
    uint16_t encapSrcPort = 0; ///< ESP in UDP (RFC 3948) when both ports are non-zero
    uint16_t encapDstPort = 0;
    uint32_t tfcPadTo = 0; ///< tunnel-mode ESP: pad inner datagrams up to this many octets
    uint32_t reqid = 0;    ///< the policy this SA serves
    std::string name;

    /// std::invalid_argument with a message naming the field; CryptoError for keys/algorithms.
    void Validate() const;
    bool UsesUdpEncapsulation() const { return encapSrcPort != 0 && encapDstPort != 0; }
};

enum class SaState : uint8_t
{
    Active,
    SoftExpired, ///< still usable; IKE rekeys now
    Expired,     ///< hard lifetime reached or sequence exhausted: unusable
};

const char* ToString(SaState state);

/// Whatever the simulator attaches to an SA for its time lifetimes (the ns-3 layer's timers,
/// ipsec/sa-lifetimes.h). The SA owns it, so the timers die with the SA: a removed SA's timer
/// can never expire a new SA installed later with the same SPI.
class SaTimers
{
  public:
    virtual ~SaTimers() = default;
};

enum class LifetimeCrossing : uint8_t
{
    None,
    Soft,
    Hard,
};

class SecurityAssociation
{
  public:
    /// Validates and keys the transform once (OpenSSL contexts are reused per packet).
    explicit SecurityAssociation(SaConfig config);

    const SaConfig& Config() const { return m_config; }
    bool IsEsp() const { return m_config.protocol == IpsecProtocol::Esp; }
    EspTransform& Esp() { return *m_esp; }
    Integrity& Ah() { return *m_ah; }
    ReplayWindow& Replay() { return m_replay; }
    const ReplayWindow& Replay() const { return m_replay; }

    /// Outbound: the next sequence number (from 1), or nullopt when it would wrap: without ESN
    /// 2^32 - 1 is the last one (RFC 4303 3.3.3); the SA is then Expired.
    std::optional<uint64_t> NextSequence();
    uint64_t LastSequence() const { return m_lastSeq; }
    /// Moves the outbound counter as if `last` packets had been sent: experiments and tests
    /// reach the 2^32 boundary (ESN, sequence overflow) without sending 4 billion packets.
    void SkipSequenceTo(uint64_t last) { m_lastSeq = last; }

    /// Counts one packet; says which lifetime this packet made the SA cross (each only once).
    LifetimeCrossing Account(size_t bytes);
    /// A timer fired: soft or hard lifetime by time. Returns the crossing (None if already past).
    LifetimeCrossing ExpireByTime(bool hard);
    void MarkExpired() { m_state = SaState::Expired; }

    SaState State() const { return m_state; }
    uint64_t Packets() const { return m_packets; }
    uint64_t ByteCount() const { return m_bytes; }
    const DropCounters& Drops() const { return m_drops; }
    void CountDrop(DropReason reason) { ipseclab::CountDrop(m_drops, reason); }
    /// "esp/tunnel/0x00001001/out".
    std::string Describe() const;

    void AttachTimers(std::unique_ptr<SaTimers> timers) { m_timers = std::move(timers); }
    SaTimers* Timers() const { return m_timers.get(); }

  private:
    SaConfig m_config;
    std::unique_ptr<EspTransform> m_esp;
    std::unique_ptr<Integrity> m_ah;
    ReplayWindow m_replay;
    uint64_t m_lastSeq = 0;
    uint64_t m_packets = 0;
    uint64_t m_bytes = 0;
    DropCounters m_drops{};
    SaState m_state = SaState::Active;
    std::unique_ptr<SaTimers> m_timers; ///< last member: destroyed (timers cancelled) first
};

} // namespace ipseclab

#endif
