// Wireshark's ikev1_decryption_table: one line per ISAKMP SA, the initiator's cookie and the
// phase 1 encryption key, both bare lowercase hex (Wireshark derives the IVs itself from the
// KE payloads and the negotiated hash it sees in the capture).
#ifndef IPSECLAB_IKEV1_KEY_FILE_H
#define IPSECLAB_IKEV1_KEY_FILE_H

#include "events/key-file.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ipseclab
{

struct Ikev1SaKey
{
    uint64_t initiatorCookie = 0; //!< as on the wire (big-endian)
    std::vector<uint8_t> encryptionKey;
};

constexpr const char* kIkev1FileName = "ikev1_decryption_table";

/// "0123456789abcdef,00112233..." (cookie 16 hex digits, key bare hex).
std::string FormatIkev1Line(const Ikev1SaKey& key);
/// Adds one line per SA (duplicates kept once) and writes DIR/ikev1_decryption_table.
/// Empty string on success, else the error.
std::string WriteIkev1Table(const std::string& directory, const std::vector<Ikev1SaKey>& keys);

} // namespace ipseclab

#endif
