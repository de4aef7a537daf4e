/*
 * Collects the Wireshark key lines of a scenario (ESP SAs and IKE SAs as they are installed)
 * and writes DIR/esp_sa and DIR/ikev2_decryption_table next to the pcap files.
 */
#ifndef IPSECLAB_KEY_EXPORT_H
#define IPSECLAB_KEY_EXPORT_H

#include "event.h"
#include "key-file.h"

#include <ns3/object.h>
#include <ns3/ptr.h>

#include <map>
#include <string>
#include <tuple>

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
    /** The key files as a subscriber of the event stream: an esp_sa line from each ESP
     *  sad/install, an ikev2_decryption_table line once an IKE SA's SK_ei, SK_er, SK_ai and
     *  SK_ar have been derived (ike/key-derived, whose SK_e and SK_a events name their
     *  algorithm). So the key files hold exactly the keys the stream shows. */
    void Observe(const ipseclab::Event& event);
    const ipseclab::KeyFileSet& GetKeyFiles() const;

    /** Writes DIR/esp_sa and DIR/ikev2_decryption_table (DIR must exist). False, with a
     *  logged reason, on error. */
    bool WriteTo(const std::string& directory) const;
    /** Forgets all keys (between simulations). */
    void Reset();

  private:
    void ObserveKeys(const ipseclab::Event& event);

    bool m_enabled;
    ipseclab::KeyFileSet m_files;
    /// IKE SAs (node, spi_i, spi_r) whose SK_e/SK_a keys are not all derived yet, and the keys so
    /// far.
    std::map<std::tuple<uint32_t, std::string, std::string>, std::map<std::string, ipseclab::Event>>
        m_pendingIke;

    static Ptr<KeyExport> s_default;
};

} // namespace ns3

#endif /* IPSECLAB_KEY_EXPORT_H */
