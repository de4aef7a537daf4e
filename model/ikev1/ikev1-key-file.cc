#include "ikev1/ikev1-key-file.h"

#include "crypto/crypto-common.h"
#include "ikev1/ikev1-key-schedule.h"

namespace ipseclab
{

std::string
FormatIkev1Line(const Ikev1SaKey& key)
{
    return ToHex(ikev1::CookieBytes(key.initiatorCookie)) + "," + ToHex(key.encryptionKey);
}

std::string
WriteIkev1Table(const std::string& directory, const std::vector<Ikev1SaKey>& keys)
{
    KeyFile file;
    for (const Ikev1SaKey& key : keys)
    {
        file.AddLine(FormatIkev1Line(key));
    }
    return file.WriteTo((directory.empty() ? std::string(".") : directory) + "/" + kIkev1FileName);
}

} // namespace ipseclab
