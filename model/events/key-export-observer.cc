// KeyExport as a subscriber of the event stream (key-export.h, Observe): the Wireshark key lines
// are built from the events, not handed over by the data plane and the IKE daemon.
#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"
#include "key-export.h"

#include <ns3/log.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("KeyExportObserver");

namespace
{

std::string
Text(const ipseclab::Event& e, const char* name)
{
    return ipseclab::ValueText(e.Find(name));
}

uint64_t
SpiOf(const std::string& hex)
{
    uint64_t spi = 0;
    for (uint8_t octet : ipseclab::FromHex(hex))
    {
        spi = (spi << 8) | octet;
    }
    return spi;
}

ipseclab::EspSaKey
EspKeyOf(const ipseclab::Event& e)
{
    ipseclab::EspSaKey key;
    key.spi = static_cast<uint32_t>(ipseclab::ValueUint(e.Find("spi")));
    const ipseclab::EventValue* algorithms = e.Find("algorithms");
    const std::string encryption =
        algorithms ? ipseclab::ValueText(algorithms->Find("encryption")) : "";
    key.encryptionAlgorithm = std::string(ipseclab::FindEncryption(encryption).wiresharkEsp);
    key.encryptionKey = ipseclab::FromHex(Text(e, "encryption_key"));
    if (const ipseclab::EventValue* integrity =
            algorithms ? algorithms->Find("integrity") : nullptr)
    {
        key.authenticationAlgorithm =
            std::string(ipseclab::FindIntegrity(ipseclab::ValueText(integrity)).wiresharkEsp);
        key.authenticationKey = ipseclab::FromHex(Text(e, "integrity_key"));
    }
    return key;
}

} // namespace

void
KeyExport::Observe(const ipseclab::Event& e)
{
    try
    {
        ObserveKeys(e);
    }
    catch (const std::exception& error)
    {
        // An algorithm the crypto room does not know: no key line, but never an exception out
        // of the stream (the SA itself was installed, so this is a malformed replayed stream).
        NS_LOG_WARN("no key line for event " << e.GetKind() << ": " << error.what());
    }
}

void
KeyExport::ObserveKeys(const ipseclab::Event& e)
{
    if (e.GetLayer() == ipseclab::Layer::Sad && e.GetKind() == "install")
    {
        if (Text(e, "protocol") == "esp")
        {
            AddEspSa(EspKeyOf(e));
        }
        return;
    }
    if (e.GetLayer() != ipseclab::Layer::Ike || e.GetKind() != "key-derived")
    {
        return;
    }
    const std::string name = Text(e, "name");
    if (name != "SK_ei" && name != "SK_er" && name != "SK_ai" && name != "SK_ar")
    {
        return;
    }
    // By node too: both peers derive the same keys, each in one go.
    const auto sa = std::make_tuple(e.GetNode(), Text(e, "spi_i"), Text(e, "spi_r"));
    auto& keys = m_pendingIke[sa];
    keys.insert_or_assign(name, e);
    if (keys.size() < 4)
    {
        return;
    }
    ipseclab::Ikev2SaKey key;
    key.spiI = SpiOf(std::get<1>(sa));
    key.spiR = SpiOf(std::get<2>(sa));
    key.skEi = ipseclab::FromHex(Text(keys.at("SK_ei"), "value"));
    key.skEr = ipseclab::FromHex(Text(keys.at("SK_er"), "value"));
    key.skAi = ipseclab::FromHex(Text(keys.at("SK_ai"), "value"));
    key.skAr = ipseclab::FromHex(Text(keys.at("SK_ar"), "value"));
    key.encryptionAlgorithm =
        std::string(ipseclab::FindEncryption(Text(keys.at("SK_ei"), "algorithm")).wiresharkIke);
    const std::string integrity = Text(keys.at("SK_ai"), "algorithm");
    key.integrityAlgorithm = integrity.empty()
                                 ? std::string(ipseclab::kWiresharkIkeIntegNone) // AEAD
                                 : std::string(ipseclab::FindIntegrity(integrity).wiresharkIke);
    AddIkev2Sa(key);
    m_pendingIke.erase(sa);
}

} // namespace ns3
