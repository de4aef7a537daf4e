// An on-path attacker that changes chosen fields of chosen IPsec SAs' packets as they arrive at
// a device (installed as its ReceiveErrorModel; it never drops). Each rule names an SA by IP
// protocol and SPI and says what to change: an octet of the payload, the outer source address
// or the TTL. After changing a header field it fixes the IPv4 header checksum, as a real
// attacker would: otherwise the receiver's IP layer drops the datagram before IPsec sees it.
#ifndef IPSECLAB_FIELD_TAMPER_MODEL_H
#define IPSECLAB_FIELD_TAMPER_MODEL_H

#include <ns3/error-model.h>

#include <map>
#include <utility>

namespace ns3
{

class FieldTamperModel : public ErrorModel
{
  public:
    enum class Field
    {
        Payload, ///< XOR an octet at `offset` from the IP header (no checksum to fix)
        Source,  ///< XOR the last octet of the source address, fix the header checksum
        Ttl,     ///< XOR the TTL, fix the header checksum
    };

    static TypeId GetTypeId();
    FieldTamperModel();

    /// Changes `field` of every datagram of IP protocol `protocol` (50 ESP, 51 AH) with `spi`.
    void AddRule(uint8_t protocol, uint32_t spi, Field field, uint8_t xorValue = 0x01,
                 uint32_t offset = 0);
    /// Datagrams changed so far (all rules), and for one SA.
    uint64_t GetTamperedCount() const { return m_tampered; }
    uint64_t GetTamperedCount(uint8_t protocol, uint32_t spi) const;

  private:
    struct Rule
    {
        Field field;
        uint8_t xorValue;
        uint32_t offset;
        uint64_t count = 0;
    };
    bool DoCorrupt(Ptr<Packet> packet) override;
    void DoReset() override;

    uint32_t m_linkHeader; ///< octets before the IP header (PPP 2, Ethernet 14)
    std::map<std::pair<uint8_t, uint32_t>, Rule> m_rules;
    uint64_t m_tampered = 0;
};

} // namespace ns3

#endif
