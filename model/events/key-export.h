/*
 * Collects the Wireshark key lines of a scenario (ESP SAs and IKE SAs as they are installed)
 * and writes DIR/esp_sa and DIR/ikev2_decryption_table next to the pcap files.
 */
#ifndef IPSECLAB_KEY_EXPORT_H
#define IPSECLAB_KEY_EXPORT_H

#include "key-file.h"

#include <ns3/object.h>
#include <ns3/ptr.h>

#include <string>

namespace ns3
{

class KeyExport : public Object
{
  public:
    static TypeId GetTypeId();

    KeyExport();
    ~KeyExport() override;

    /** The process-wide collector the SAD and the IKE daemon add keys to. */
    static Ptr<KeyExport> Default();

    /** Records an ESP SA (ignored when the Enabled attribute is false). */
    void AddEspSa(const ipseclab::EspSaKey& key);
    /** Records an IKE SA (ignored when the Enabled attribute is false). */
    void AddIkev2Sa(const ipseclab::Ikev2SaKey& key);
    const ipseclab::KeyFileSet& GetKeyFiles() const;

    /** Writes DIR/esp_sa and DIR/ikev2_decryption_table (DIR must exist). False, with a
     *  logged reason, on error. */
    bool WriteTo(const std::string& directory) const;
    /** Forgets all keys (between simulations). */
    void Reset();

  private:
    bool m_enabled;
    ipseclab::KeyFileSet m_files;

    static Ptr<KeyExport> s_default;
};

} // namespace ns3

#endif /* IPSECLAB_KEY_EXPORT_H */
