// The IKEv2 daemon of one node (RFC 7296), an ns-3 Application on UDP 500 (and 4500 after NAT
// detection). It negotiates IKE SAs ("phase 1") and Child SAs ("phase 2"), installs and removes
// SAs and policies in the node's IpsecStack, rekeys on time, volume and the data plane's soft
// expiry, detects dead peers and retransmits with back-off. Connections are configured like
// strongSwan's swanctl.conf (ike-core/ike-config.h).
//
// IKEv2 is one engine on the IKE core (model/ike-core/): every exchange this node starts is a
// task queued on the IKE SA's TaskManager (one request in flight). One file per task, each with
// the requests of the peer it answers: ike-task-init.cc (IKE_SA_INIT), ike-task-auth.cc
// (IKE_AUTH), ike-task-child-create.cc (new Child SAs; every CREATE_CHILD_SA request),
// ike-task-child-rekey.cc (Child SA rekeys, collisions), ike-task-ike-rekey.cc (IKE SA rekey),
// ike-task-info.cc (INFORMATIONAL: deletes, DPD). Around them: ike-transport.cc (sockets, what
// an IKE SA acts on), ike-requests.cc (sending tasks, retransmission, answering requests),
// ike-child-sa.cc (Child SAs in the data plane).
#ifndef IPSECLAB_IKEV2_IKE_DAEMON_H
#define IPSECLAB_IKEV2_IKE_DAEMON_H

#include "crypto/random-source.h"
#include "events/event.h"
#include "ike-core/child-sa-installer.h"
#include "ike-core/crypto-time.h"
#include "ike-core/ike-config.h"
#include "ike-core/liveness.h"
#include "ike-core/retransmission.h"
#include "ikev2/ike-sa.h"
#include "ikev2/negotiation.h"
#include "ipsec/ipsec-stack.h"

#include <ns3/application.h>
#include <ns3/random-variable-stream.h>
#include <ns3/socket.h>
#include <ns3/traced-callback.h>

#include <map>
#include <memory>
#include <unordered_map>

namespace ns3
{

class IkeDaemon : public Application
{
  public:
    static TypeId GetTypeId();
    IkeDaemon();
    ~IkeDaemon() override;

    /// Adds a connection (validated: std::invalid_argument / CryptoError naming the problem).
    /// Its start_action decides whether this node initiates.
    void AddConnection(ipseclab::IkeConfig config);
    /// Initiates connection `index` now (as `swanctl --initiate`).
    void Initiate(size_t index = 0);
    /// Rekeys the first Child SA / the IKE SA of connection `index` now (experiments, tests).
    void RekeyChild(size_t index = 0);
    void RekeyIke(size_t index = 0);
    /// Deletes the IKE SA of connection `index` (and its Child SAs) with an INFORMATIONAL.
    void Terminate(size_t index = 0);
    /// Deletes the first Child SA of connection `index` (swanctl --terminate --child); the
    /// IKE SA stays. A trap policy brings a new Child SA with the next matching packet.
    void DeleteChild(size_t index = 0);

    int64_t AssignStreams(int64_t stream);

    // What tests, scenarios and summaries read.
    uint32_t GetEstablishedCount() const { return m_established; }
    uint32_t GetChildSaCount() const;
    uint32_t GetRetransmissions() const { return m_retransmissions; }
    uint32_t GetRekeys() const { return m_rekeys; }
    /// Responder: IKE SAs answered in IKE_SA_INIT and not yet authenticated (now, and the most
    /// there ever were), and COOKIE notifications sent.
    uint32_t GetHalfOpenCount() const { return m_halfOpen; }
    uint32_t GetHalfOpenPeak() const { return m_halfOpenPeak; }
    uint64_t GetCookiesSent() const { return m_cookiesSent; }
    /// IKE messages dropped without being acted on, by reason ("unprotected", "unexpected
    /// source", "unexpected response", "SPI mismatch", "unknown IKE SPI", "malformed", ...).
    uint64_t GetDroppedMessages(const std::string& reason) const;
    const std::map<std::string, uint64_t>& GetDroppedMessages() const { return m_droppedMessages; }
    bool IsEstablished(size_t index = 0) const;
    /// The live IKE SAs (for inspection).
    std::vector<const IkeSa*> GetIkeSas() const;

    /// Signature of "StateChange": connection name, IKE SA label, new state.
    typedef void (*StateTracedCallback)(const std::string& connection, const std::string& sa,
                                        const std::string& state);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    // Transport (ike-transport.cc).
    void Receive(Ptr<Socket> socket);
    void ReceiveOn4500(Ptr<Packet> packet, Ipv4Address from, uint16_t fromPort, Ipv4Address to,
                       uint16_t toPort);
    void HandleDatagram(const ipseclab::Bytes& bytes, uint32_t from, uint16_t fromPort,
                        uint16_t toPort);
    void SendBytes(IkeSa& sa, const ipseclab::Bytes& bytes);
    /// Counts and events a message that is not acted on (nothing silent).
    void DropMessage(const ipseclab::IkeHeader& header, uint32_t from, uint16_t fromPort,
                     const std::string& reason, const std::string& detail = "");
    /// from: the local address to send from (0: the node's choice, through the socket bound to
    /// any address).
    void SendTo(uint32_t address, uint16_t port, uint16_t fromPort, const ipseclab::Bytes& bytes,
                uint32_t from = 0);
    /// The port-500 socket to send from `local` (SocketPerAddress) or m_socket500.
    Ptr<Socket> SocketFor(uint32_t local);

    // Requests (window 1) and responses (ike-requests.cc), on the IKE SA's TaskManager.
    void Enqueue(IkeSa& sa, IkeTask task);
    void SendNextRequest(IkeSa& sa);
    void Retransmit(uint32_t serial);
    ipseclab::Bytes Encode(IkeSa& sa, ipseclab::IkeMessage& message);
    void HandleRequest(IkeSa& sa, const ipseclab::IkeMessage& request,
                       const ipseclab::Bytes& bytes);
    void HandleResponse(IkeSa& sa, const ipseclab::IkeMessage& response);
    void SendResponse(IkeSa& sa, ipseclab::IkeMessage& response);
    ipseclab::IkeMessage MakeMessage(const IkeSa& sa, ipseclab::IkeExchangeType exchange,
                                     bool response, uint32_t messageId) const;

    // IKE_SA_INIT (ike-task-init.cc).
    IkeSa& CreateIkeSa(size_t configIndex, bool initiator, uint32_t peer, uint16_t peerPort);
    void StartInit(IkeSa& sa);
    ipseclab::IkeMessage BuildInitRequest(IkeSa& sa);
    void ProcessInitResponse(IkeSa& sa, const ipseclab::IkeMessage& response,
                             const ipseclab::Bytes& bytes);
    void HandleInitRequest(const ipseclab::IkeMessage& request, const ipseclab::Bytes& bytes,
                           uint32_t from, uint16_t fromPort, uint16_t toPort);
    void DeriveIkeKeys(IkeSa& sa, const ipseclab::Bytes& sharedSecret);
    std::vector<ipseclab::IkePayload> NatDetectionPayloads(const IkeSa& sa) const;
    void CheckNatDetection(IkeSa& sa, const ipseclab::IkeMessage& message, uint32_t localAddress);

    // IKE_AUTH (ike-task-auth.cc).
    ipseclab::IkeMessage BuildAuthRequest(IkeSa& sa);
    void ProcessAuthResponse(IkeSa& sa, const ipseclab::IkeMessage& response);
    void ProcessAuthRequest(IkeSa& sa, const ipseclab::IkeMessage& request,
                            ipseclab::IkeMessage& response);
    ipseclab::Bytes ComputeAuth(const IkeSa& sa, bool ofInitiator, const ipseclab::IkeIdPayload& id,
                                bool emit) const;
    ipseclab::IkeIdPayload LocalId(const IkeSa& sa) const;
    /// Checks the peer's AUTH (PSK or certificate and signature), emits the verdict; false and
    /// *failure (certificate reason) when it does not prove the peer's identity.
    bool VerifyPeerAuth(IkeSa& sa, const ipseclab::IkeMessage& message,
                        const ipseclab::IkeIdPayload& id,
                        const ipseclab::IkeAuthPayload& authPayload, bool peerIsInitiator,
                        std::string* failure);
    void Established(IkeSa& sa);
    /// CERT payloads of this side's certificate chain when send_cert says so.
    std::vector<ipseclab::IkePayload> CertificatePayloads(const IkeSa& sa) const;
    /// IKE_SA_INIT payloads for certificate authentication: SIGNATURE_HASH_ALGORITHMS (RFC 7427)
    /// and, from a responder that demands a certificate, CERTREQ.
    std::vector<ipseclab::IkePayload> InitCertPayloads(const IkeSa& sa) const;
    /// Notes the peer's SIGNATURE_HASH_ALGORITHMS and CERTREQ from its IKE_SA_INIT message.
    void ReadInitCertPayloads(IkeSa& sa, const ipseclab::IkeMessage& message);
    /// AUTH of this side: a PSK MIC or a signature (method per SIGNATURE_HASH_ALGORITHMS).
    ipseclab::IkePayload LocalAuthPayload(IkeSa& sa, bool ofInitiator,
                                          const ipseclab::IkeIdPayload& id);
    bool AssignVirtualIp(IkeSa& sa, const ipseclab::IkeCpPayload& request,
                         ipseclab::IkeMessage& response);
    bool TakeVirtualIp(IkeSa& sa, const ipseclab::IkeMessage& response);

    // Child SAs: proposing and accepting them, new ones (ike-task-child-create.cc), rekeys and
    // collisions (ike-task-child-rekey.cc), the IKE SA rekey (ike-task-ike-rekey.cc), the data
    // plane (ike-child-sa.cc).
    /// SA (with DH groups when `withDh`: a KE goes with them), TSi, TSr and the mode.
    std::vector<ipseclab::IkePayload> ChildRequestPayloads(IkeSa& sa, size_t childIndex,
                                                           uint32_t inSpi, bool withDh);
    bool AcceptChild(IkeSa& sa, size_t childConfig, const ipseclab::IkeMessage& request,
                     const ipseclab::Bytes& ni, const ipseclab::Bytes& nr,
                     ipseclab::IkeMessage& response, const ipseclab::Bytes& gir,
                     uint32_t replacing);
    bool CompleteChild(IkeSa& sa, size_t childConfig, uint32_t inSpi,
                       const ipseclab::IkeMessage& response, const ipseclab::Bytes& ni,
                       const ipseclab::Bytes& nr, const ipseclab::Bytes& gir, uint32_t replacing);
    bool InstallChild(IkeSa& sa, ChildSa child, const ipseclab::Bytes& ni,
                      const ipseclab::Bytes& nr, const ipseclab::Bytes& gir, bool exchangeInitiator,
                      uint32_t replacing);
    void ResolveCollision(IkeSa& sa, uint32_t oldInSpi);
    void HandleIkeRekeyRequest(IkeSa& sa, const ipseclab::IkeMessage& request,
                               ipseclab::IkeMessage& response);
    IkeSa& AdoptRekeyedIkeSa(IkeSa& old, bool initiator, uint64_t spiI, uint64_t spiR,
                             const ipseclab::IkeProposal& proposal, const ipseclab::Bytes& ni,
                             const ipseclab::Bytes& nr, const ipseclab::Bytes& gir);
    void StartChildRekey(uint32_t serial, uint32_t inSpi);
    /// The peer rekeyed the Child SA `oldInSpi` (this node answered; `newSpi` is the new one):
    /// a collision when this node's child_rekey task for it is still queued or in flight
    /// (resolved when that task has its answer), or after it finished (resolved now).
    void RekeyedByPeer(IkeSa& sa, uint32_t oldInSpi, uint32_t newSpi, const ipseclab::Bytes& ni,
                       const ipseclab::Bytes& nr);
    /// After INVALID_KE_PAYLOAD to a Child SA rekey: again with the group the peer named, if
    /// this side offered it (once per group). True when a retry was started.
    bool RetryWithPfsGroup(IkeSa& sa, uint32_t inSpi, const ipseclab::IkeMessage& response,
                           const ipseclab::DhGroup* sent);
    /// A new (non-rekey) Child SA of children[childIndex] on an established IKE SA: a
    /// CREATE_CHILD_SA without REKEY_SA (RFC 7296 1.3.1), e.g. after the peer deleted the
    /// Child SA, after one refused in IKE_AUTH, or for a second child of the connection.
    void StartNewChild(uint32_t serial, size_t childIndex);
    /// The child configuration whose traffic selectors fit the request's TSi/TSr (the first;
    /// 0 when none does, which AcceptChild then refuses with TS_UNACCEPTABLE).
    size_t SelectChildConfig(const IkeSa& sa, const ipseclab::IkeMessage& request) const;
    /// Back-off after a failed IKE SA or a refused Child SA: trapped packets do not start a
    /// new exchange before it has passed (doubling from retransmit_timeout up to 60 s).
    bool BackingOff(size_t configIndex, size_t childIndex) const;
    /// The reqid of the trap policy of connection `configIndex`, child `childIndex` (it never
    /// has an SA; an Acquire on it names the connection and child to start).
    static uint32_t TrapReqid(size_t configIndex, size_t childIndex)
    {
        return kTrapReqidBase + static_cast<uint32_t>(configIndex * kMaxChildren + childIndex);
    }
    static constexpr uint32_t kTrapReqidBase = 0x8000;
    static constexpr size_t kMaxChildren = 64;
    void RecordFailure(size_t configIndex, size_t childIndex, const std::string& what);
    void HandleCreateChildRequest(IkeSa& sa, const ipseclab::IkeMessage& request,
                                  ipseclab::IkeMessage& response);
    void StartIkeRekey(uint32_t serial);
    void RemoveChild(IkeSa& sa, uint32_t inSpi, const std::string& why, bool delayInbound);
    void ScheduleChildRekey(IkeSa& sa, ChildSa& child);
    void OnSoftExpire(const ipseclab::SecurityAssociation& sa);
    void OnAcquire(const ipseclab::SpdEntry& policy, const ipseclab::FlowKey& flow);
    ChildSa* FindChild(IkeSa& sa, uint32_t inSpi);
    uint32_t NewChildSpi();
    /// Eight random octets as an IKE SPI (may be 0: the caller draws again).
    uint64_t RandomIkeSpi();

    // INFORMATIONAL (ike-task-info.cc).
    void HandleInformationalRequest(IkeSa& sa, const ipseclab::IkeMessage& request,
                                    ipseclab::IkeMessage& response);
    void SendDelete(IkeSa& sa, bool ike, uint32_t childSpi);
    void ScheduleDpd(IkeSa& sa);
    void ScheduleNatKeepalive(uint32_t serial);
    void OnDpdTimer(uint32_t serial);
    void DeadPeer(IkeSa& sa, const std::string& why);
    void DestroyIkeSa(IkeSa& sa, const std::string& why);
    void SendErrorNotify(uint32_t to, uint16_t toPort, uint16_t fromPort,
                         const ipseclab::IkeHeader& request, ipseclab::IkeNotifyType type,
                         ipseclab::Bytes data = {});

    // Helpers.
    IkeSa* FindBySerial(uint32_t serial);
    IkeSa* FindByMySpi(uint64_t spi);
    IkeSa* FindForConnection(size_t index);
    const ipseclab::IkeConfig& Config(const IkeSa& sa) const { return m_configs[sa.configIndex]; }
    void SetState(IkeSa& sa, IkeSa::State state);
    void EmitMessage(const IkeSa* sa, const ipseclab::IkeMessage& message,
                     const ipseclab::Bytes& bytes, bool sent, uint32_t peer);
    void EmitKey(const IkeSa& sa, const std::string& name, const ipseclab::Bytes& value) const;
    /// SKEYSEED and the seven SK_* keys of an IKE SA (first or rekeyed), SK_e and SK_a with
    /// their algorithm: the stream is where the Wireshark key table comes from.
    void EmitIkeSaKeys(const IkeSa& sa, const ipseclab::IkeProposal& proposal, bool rekey) const;
    ipseclab::Event IkeEvent(const char* kind) const;
    void Emit(ipseclab::Event&& event) const;
    double Jitter(double range);
    /// Simulated crypto time (attribute CryptoTime): the daemon's CPU is busy for the cost of
    /// the operation; messages it sends leave when it is free again.
    void ChargeDh(const ipseclab::DhGroupInfo& group);
    void ChargeSignature(bool rsa, bool sign);
    void ChargeBytes(size_t bytes);
    void Charge(Time cost, const char* what);
    uint32_t LocalAddress(const IkeSa& sa) const;
    /// The connection's retransmission, DPD and NAT keepalive settings (ike-core).
    ipseclab::RetransmitPolicy Retransmission(const IkeSa& sa) const;
    ipseclab::DpdSchedule Dpd(const IkeSa& sa) const;
    ipseclab::NatKeepaliveSchedule NatKeepalive(const IkeSa& sa) const;
    // Attribute accessors of the crypto-time model (ike-core/crypto-time.h).
    void SetCryptoTime(bool on) { m_crypto.enabled = on; }
    bool GetCryptoTime() const { return m_crypto.enabled; }
    template <Time ipseclab::CryptoCosts::*Cost>
    void SetCryptoCost(Time cost)
    {
        m_crypto.costs.*Cost = cost;
    }
    template <Time ipseclab::CryptoCosts::*Cost>
    Time GetCryptoCost() const
    {
        return m_crypto.costs.*Cost;
    }
    void SetNsPerByte(double ns) { m_crypto.costs.nsPerByte = ns; }
    double GetNsPerByte() const { return m_crypto.costs.nsPerByte; }

    std::vector<ipseclab::IkeConfig> m_configs;
    std::map<uint32_t, std::unique_ptr<IkeSa>> m_sas; ///< by serial
    /// Every message finds its IKE SA by the SPI this node chose: hashed, not scanned.
    std::unordered_map<uint64_t, uint32_t> m_serialByMySpi;
    /// Responder: (initiator's SPI, its address) -> serial, to answer a retransmitted
    /// IKE_SA_INIT from the cache.
    std::map<std::pair<uint64_t, uint32_t>, uint32_t> m_responderByInitiator;
    uint32_t m_nextSerial = 1;
    Ptr<Socket> m_socket500;
    /// SocketPerAddress: one port-500 socket bound to each connection's local address, so a
    /// node with many addresses (many initiators on one ns-3 node) sends from the right one.
    bool m_socketPerAddress = false;
    std::unordered_map<uint32_t, Ptr<Socket>> m_socketsByAddress;
    Ptr<IpsecStack> m_ipsec;
    Ptr<UniformRandomVariable> m_random;
    std::unique_ptr<ipseclab::RandomSource> m_bytes; ///< SPIs, nonces, DH keys, IVs
    ipseclab::Bytes m_cookieSecret;
    std::map<std::string, std::unique_ptr<ipseclab::AddressPool>> m_pools;
    ChildSaInstaller m_installer; ///< Child SAs and their policies in m_ipsec
    uint32_t m_established = 0;
    uint32_t m_retransmissions = 0;
    uint32_t m_rekeys = 0;
    uint32_t m_halfOpen = 0;
    ipseclab::FailureBackOff m_backOff; ///< (connection, child); child SIZE_MAX = the IKE SA
    uint32_t m_halfOpenPeak = 0;
    uint32_t m_cookieThreshold = 30; ///< attribute CookieThreshold
    uint32_t m_halfOpenLimit = 0;    ///< attribute HalfOpenLimit
    uint64_t m_cookiesSent = 0;
    std::map<std::string, uint64_t> m_droppedMessages; ///< by reason
    ipseclab::CryptoTimeModel m_crypto; ///< attributes CryptoTime, DhTime*, *SignTime, ...
    TracedCallback<const std::string&, const std::string&, const std::string&> m_stateTrace;
};

} // namespace ns3

#endif
