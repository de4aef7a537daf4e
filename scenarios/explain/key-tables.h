// The keys an explanation uses, from Wireshark's two key tables (esp_sa,
// ikev2_decryption_table, as strongSwan's save-keys plugin and the lab write them), from the lab's
// own sad/install events, or from a charon log (charon-log.h). Bad lines are errors naming the
// file, the line and the field.
#ifndef IPSECLAB_EXPLAIN_KEY_TABLES_H
#define IPSECLAB_EXPLAIN_KEY_TABLES_H

#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ipseclab::explain
{

class KeyTableError : public std::runtime_error
{
  public:
    explicit KeyTableError(const std::string& what);
};

/// One ESP or AH SA direction.
struct SaKey
{
    std::string protocol = "esp"; ///< "esp" or "ah"
    uint32_t spi = 0;
    std::string src = "*"; ///< outer source address, "*" for any
    std::string dst = "*";
    const EncryptionAlgorithm* encryption = nullptr; ///< nullptr for AH
    const IntegrityAlgorithm* integrity = nullptr;   ///< nullptr for AEAD and NULL
    Bytes encryptionKey;                             ///< with the salt for AEAD
    Bytes integrityKey;
    std::optional<uint32_t> replayWindow; ///< known from the lab's own sad/install
    bool esn = false;
    std::string source; ///< "esp_sa line 2", "events.jsonl seq 39", "charon log"
};

/// One IKE SA's SK_e and SK_a keys.
struct IkeSaKeyEntry
{
    uint64_t spiI = 0;
    uint64_t spiR = 0;
    const EncryptionAlgorithm* encryption = nullptr; ///< nullptr: from the IKE_SA_INIT answer
    const IntegrityAlgorithm* integrity = nullptr;   ///< nullptr for AEAD
    Bytes skEi, skEr, skAi, skAr;
    Bytes skD, skPi, skPr, skeyseed; ///< only from a charon log
    std::string source;
};

/// Child SA keys a charon log gives without their SPIs (matched by their ICVs).
struct ChildKeyEntry
{
    Bytes encryptionI, integrityI, encryptionR, integrityR;
    std::vector<uint32_t> spis; ///< "established with SPIs" of the same CHILD_SA, when logged
    std::string source;
};

struct KeyTables
{
    std::vector<SaKey> sas;
    std::vector<IkeSaKeyEntry> ike;
    std::vector<IkeSaKeyEntry> ikeUnbound; ///< charon log: SPIs unknown, matched by ICV
    std::vector<ChildKeyEntry> children;   ///< charon log
    std::vector<std::string> read;         ///< what was read: "esp_sa: 2 SAs", ...

    /// The SA key for an SPI (and outer addresses when the table names them), or nullptr.
    const SaKey* FindSa(const std::string& protocol, uint32_t spi, const std::string& src,
                        const std::string& dst) const;
    const IkeSaKeyEntry* FindIke(uint64_t spiI, uint64_t spiR) const;
};

/// The fields of one UAT line (quoted strings unescaped, bare fields as written).
std::vector<std::string> SplitUatLine(const std::string& line);
/// One esp_sa line; KeyTableError naming the field that is wrong.
SaKey ParseEspSaLine(const std::string& line);
/// One ikev2_decryption_table line.
IkeSaKeyEntry ParseIkev2Line(const std::string& line);
/// Adds DIR/esp_sa, DIR/ikev2_decryption_table and the sad/install events of DIR/events.jsonl,
/// whichever exist; KeyTableError if none does or a line is bad.
void ReadKeyDirectory(const std::string& directory, KeyTables& tables);

} // namespace ipseclab::explain

#endif
