// Security Association Database of one node (RFC 4301 section 4.4.2). Inbound SAs are found by
// (protocol, SPI) per packet in O(1); outbound SAs by the policy's reqid (the newest active one
// wins, so a rekeyed SA takes over as soon as it is installed).
#ifndef IPSECLAB_DATAPATH_SAD_H
#define IPSECLAB_DATAPATH_SAD_H

#include "datapath/security-association.h"

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ipseclab
{

class Sad
{
  public:
    /// Builds and stores the SA. std::invalid_argument when an SA with the same direction,
    /// protocol and SPI exists; the SA's own validation errors pass through.
    SecurityAssociation& Add(SaConfig config);
    /// Removes and returns the SA (nullptr if unknown) so the caller can report its counters.
    std::unique_ptr<SecurityAssociation> Remove(Direction direction, IpsecProtocol protocol,
                                                uint32_t spi);
    SecurityAssociation* Find(Direction direction, IpsecProtocol protocol, uint32_t spi) const;
    SecurityAssociation* FindInbound(IpsecProtocol protocol, uint32_t spi) const
    {
        return Find(Direction::Inbound, protocol, spi);
    }
    /// The newest outbound SA for the policy that is not Expired; nullptr if none.
    SecurityAssociation* FindOutbound(uint32_t reqid, IpsecProtocol protocol) const;
    /// Every SA in installation order.
    std::vector<SecurityAssociation*> All() const;
    size_t Size() const { return m_sas.size(); }
    void Clear();

  private:
    static uint64_t Key(Direction direction, IpsecProtocol protocol, uint32_t spi);
    std::unordered_map<uint64_t, std::unique_ptr<SecurityAssociation>> m_sas;
    std::vector<SecurityAssociation*> m_order; ///< installation order (newest last)
    /// (reqid, protocol) -> outbound SAs, newest last: the per-packet outbound lookup.
    std::unordered_map<uint64_t, std::vector<SecurityAssociation*>> m_outbound;
};

} // namespace ipseclab

#endif
