// Installs IPsec on ns-3 nodes and keys SAs by hand, the way `ip xfrm state/policy add` does on
// Linux (no IKE needed).
#ifndef IPSECLAB_IPSEC_HELPER_H
#define IPSECLAB_IPSEC_HELPER_H

#include "crypto/random-source.h"
#include "ipsec/ipsec-stack.h"

#include <ns3/attribute.h>
#include <ns3/node-container.h>
#include <ns3/object-factory.h>

#include <string>

namespace ns3
{

class IpsecHelper
{
  public:
    IpsecHelper();
    /// Attributes of the IpsecStack objects Install creates ("BypassIke", "Ttl").
    void SetStackAttribute(const std::string& name, const AttributeValue& value);
    /// Creates, aggregates and hooks an IpsecStack; returns the existing one if already there.
    Ptr<IpsecStack> Install(Ptr<Node> node) const;
    void Install(NodeContainer nodes) const;
    /// The node's IpsecStack, or nullptr.
    static Ptr<IpsecStack> GetStack(Ptr<Node> node);
    /// Fixes the random streams (CBC IVs) of the nodes' stacks; returns streams used.
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

  private:
    ObjectFactory m_factory;
};

/// A connection protected in both directions between A and B with hand-made keys: one SA per
/// direction (two with an AH+ESP bundle) and matching policies on both ends.
struct ManualSaPairConfig
{
    ipseclab::IpsecProtocol protocol = ipseclab::IpsecProtocol::Esp; ///< Esp, Ah or EspAh
    ipseclab::IpsecMode mode = ipseclab::IpsecMode::Transport;
    std::string espProposal = "aes128gcm16";
    std::string ahProposal = "sha256";
    Ipv4Address addressA; ///< transport: host A; tunnel: gateway A's outer address
    Ipv4Address addressB;
    std::string trafficA; ///< prefix protected on A's side ("10.1.0.0/24"); empty: addressA/32
    std::string trafficB;
    uint8_t ipProtocol = 0; ///< only this upper protocol (0 = any)
    uint16_t portB = 0;     ///< only this port on B's side, e.g. B's service (0 = any)
    uint32_t spiAtoB = 0x1001;
    uint32_t spiBtoA = 0x2002;
    uint32_t ahSpiOffset = 0x100; ///< AH SPIs of a bundle: the ESP SPI plus this
    uint32_t reqid = 1;
    uint32_t replayWindow = 64;
    bool esn = false;
    ipseclab::Lifetime soft;
    ipseclab::Lifetime hard;
    bool udpEncap = false; ///< ESP in UDP 4500 (RFC 3948)
    uint32_t tfcPadTo = 0;
    uint32_t priority = 100;
};

/// Keys of the right lengths for the proposals come from `random` (feed it from an ns-3 stream
/// for reproducible runs). Throws std::invalid_argument / CryptoError on bad configuration.
void InstallManualSaPair(Ptr<IpsecStack> a, Ptr<IpsecStack> b, const ManualSaPairConfig& config,
                         ipseclab::RandomSource& random);

/// A RandomSource fed by an ns-3 random variable stream (reproducible with seed and run).
class Ns3RandomSource : public ipseclab::RandomSource
{
  public:
    explicit Ns3RandomSource(int64_t stream = -1);
    void Fill(uint8_t* out, size_t length) override;

  private:
    Ptr<UniformRandomVariable> m_random;
};

} // namespace ns3

#endif
