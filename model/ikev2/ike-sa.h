// The state of one IKE SA ("phase 1") and its Child SAs ("phase 2") as the daemon keeps it.
// Plain data: the exchanges are tasks (ike-task-*.cc) queued on its TaskManager (ike-core/).
#ifndef IPSECLAB_IKEV2_IKE_SA_H
#define IPSECLAB_IKEV2_IKE_SA_H

#include "crypto/dh-group.h"
#include "crypto/ike-key-schedule.h"
#include "crypto/prf.h"
#include "ike-core/ike-config.h"
#include "ike-core/task-manager.h"
#include "ike/ike-constants.h"
#include "ike/ike-crypto-context.h"
#include "ike/ike-message.h"

#include <ns3/event-id.h>

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/// One Child SA pair (inbound + outbound) installed in the IpsecStack.
struct ChildSa
{
    size_t configIndex = 0; ///< into IkeConfig::children
    uint32_t reqid = 0;
    uint32_t inSpi = 0;  ///< chosen by this node: the peer sends with it
    uint32_t outSpi = 0; ///< chosen by the peer
    ipseclab::EspProposal proposal;
    ipseclab::TrafficSelector ts; ///< this node's point of view
    ipseclab::IpsecMode mode = ipseclab::IpsecMode::Tunnel;
    uint16_t pfsGroup = 0;  ///< the PFS group its rekey uses (after INVALID_KE_PAYLOAD), 0: first
    bool replaced = false;  ///< a newer Child SA took over
    ipseclab::Bytes nonceI; ///< nonces of the exchange that created it
    ipseclab::Bytes nonceR;
    // Rekey collision bookkeeping (RFC 7296 2.8.1): the successor from this node's own
    // CREATE_CHILD_SA and the one created answering the peer's, with their nonces.
    uint32_t mySuccessor = 0;
    ipseclab::Bytes myNi;
    ipseclab::Bytes myNr;
    uint32_t peerSuccessor = 0;
    ipseclab::Bytes peerNi;
    ipseclab::Bytes peerNr;
};

/// An exchange this node starts: how to build the request and what to do with the answer.
using IkeTask = ipseclab::IkeTask<ipseclab::IkeMessage>;

struct IkeSa
{
    enum class State
    {
        Connecting, ///< initiator: IKE_SA_INIT sent; responder: IKE_SA_INIT answered
        Authenticating,
        Established,
        Rekeyed, ///< replaced by a rekeyed IKE SA, waiting for its delete
        Deleting,
        Dead,
    };

    uint32_t serial = 0;
    size_t configIndex = 0;
    bool initiator = false; ///< original initiator (the I flag of its messages)
    State state = State::Connecting;
    uint64_t spiI = 0;
    uint64_t spiR = 0;
    uint32_t peerAddress = 0;
    uint16_t peerPort = ipseclab::kIkePort;
    uint16_t localPort = ipseclab::kIkePort;
    bool natDetected = false;
    bool selfBehindNat = false; ///< this side's address is translated: it sends keepalives
    bool rekeyed = false;       ///< made by rekeying an earlier IKE SA

    ipseclab::IkeProposal proposal;
    std::string proposalText;
    std::unique_ptr<ipseclab::DhGroup> dh;
    uint16_t dhGroupWanted = 0; ///< the group to use (after INVALID_KE_PAYLOAD)
    ipseclab::Bytes ni;
    ipseclab::Bytes nr;
    ipseclab::Bytes cookie;
    ipseclab::IkeSaKeys keys;
    std::unique_ptr<ipseclab::Prf> prf;
    std::unique_ptr<ipseclab::IkeCryptoContext> crypto;
    ipseclab::Bytes initRequest; ///< IKE_SA_INIT as sent/received: AUTH signs them (RealMessage)
    ipseclab::Bytes initResponse;
    std::string peerId;
    bool peerCertReq = false;         ///< the peer sent a CERTREQ (send_cert = ifasked)
    bool peerSentHashes = false;      ///< SIGNATURE_HASH_ALGORITHMS received (RFC 7427 4)
    std::vector<uint16_t> peerHashes; ///< its hash algorithm IDs

    /// The exchanges: queued tasks, the one request in flight, message IDs (window 1, RFC
    /// 7296 2.3), the answer cache for the peer's retransmissions.
    ipseclab::TaskManager<ipseclab::IkeMessage> tasks;
    EventId retransmitTimer;

    std::vector<ChildSa> children;
    EventId rekeyTimer;
    EventId dpdTimer;
    EventId halfOpenTimer;
    EventId keepaliveTimer;
    double lastHeard = 0;
    double startedAt = 0;
    uint32_t authChildSpi = 0; ///< the Child SA proposed in IKE_AUTH
    uint32_t virtualIp = 0;    ///< the inner address from CP (client: received; gateway: given)

    uint64_t MySpi() const { return initiator ? spiI : spiR; }
    std::string Label() const;
};

const char* ToString(IkeSa::State state);
/// An IKE SPI as 16 lowercase hex digits (the 8 octets as on the wire).
std::string SpiText(uint64_t spi);
/// The exchange as events name it: the codec's name, "UNKNOWN" for values RFC 7296 does not
/// define.
std::string ExchangeEventName(ipseclab::IkeExchangeType type);

} // namespace ns3

#endif
