// An on-path attacker that changes octets of IP datagrams as they arrive at a device: installed
// as the device's ReceiveErrorModel, it never drops, it modifies. ESP and AH must notice.
#ifndef IPSECLAB_TAMPER_MODEL_H
#define IPSECLAB_TAMPER_MODEL_H

#include <ns3/error-model.h>

namespace ns3
{

class TamperModel : public ErrorModel
{
  public:
    static TypeId GetTypeId();
    TamperModel();
    /// Datagrams changed so far.
    uint64_t GetTamperedCount() const { return m_tampered; }

  private:
    bool DoCorrupt(Ptr<Packet> packet) override;
    void DoReset() override;

    uint32_t m_linkHeader;  ///< octets before the IP header (PPP 2, Ethernet 14)
    uint32_t m_linkTrailer; ///< octets after the IP datagram (Ethernet FCS 4)
    uint8_t m_protocol;     ///< only datagrams of this IP protocol (0 = any)
    int32_t m_offset;       ///< octet to change: >= 0 from the IP header, < 0 from the end
    uint8_t m_xor;          ///< what is XORed into it
    uint32_t m_every;       ///< change every Nth matching datagram (0 = none)
    uint32_t m_skip;        ///< leave the first N matching datagrams alone
    uint64_t m_seen;
    uint64_t m_tampered;
};

} // namespace ns3

#endif
