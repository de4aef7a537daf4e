#include "key-export.h"

#include <ns3/boolean.h>
#include <ns3/log.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("KeyExport");
NS_OBJECT_ENSURE_REGISTERED(KeyExport);

Ptr<KeyExport> KeyExport::s_default;

TypeId
KeyExport::GetTypeId()
{
    static TypeId tid = TypeId("ns3::KeyExport")
                            .SetParent<Object>()
                            .SetGroupName("IpsecLab")
                            .AddConstructor<KeyExport>()
                            .AddAttribute("Enabled",
                                          "Whether keys are collected.",
                                          BooleanValue(true),
                                          MakeBooleanAccessor(&KeyExport::m_enabled),
                                          MakeBooleanChecker());
    return tid;
}

KeyExport::KeyExport()
    : m_enabled(true)
{
    NS_LOG_FUNCTION(this);
}

KeyExport::~KeyExport()
{
    NS_LOG_FUNCTION(this);
}

Ptr<KeyExport>
KeyExport::Default()
{
    if (!s_default)
    {
        s_default = CreateObject<KeyExport>();
    }
    return s_default;
}

void
KeyExport::AddEspSa(const ipseclab::EspSaKey& key)
{
    if (m_enabled)
    {
        m_files.AddEspSa(key);
    }
}

void
KeyExport::AddIkev2Sa(const ipseclab::Ikev2SaKey& key)
{
    if (m_enabled)
    {
        m_files.AddIkev2Sa(key);
    }
}

const ipseclab::KeyFileSet&
KeyExport::GetKeyFiles() const
{
    return m_files;
}

bool
KeyExport::WriteTo(const std::string& directory) const
{
    NS_LOG_FUNCTION(this << directory);
    std::string error = m_files.WriteTo(directory);
    if (!error.empty())
    {
        NS_LOG_ERROR("KeyExport: " << error);
        return false;
    }
    return true;
}

void
KeyExport::Reset()
{
    m_files.Clear();
    m_pendingIke.clear();
}

} // namespace ns3
