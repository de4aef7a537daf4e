/*
 * Wireshark key files (UAT tables), so tshark decrypts what the simulator puts on the wire:
 * esp_sa for ESP and ikev2_decryption_table for IKEv2. Formats: docs/events.md. Pure C++17.
 */
#ifndef IPSECLAB_KEY_FILE_H
#define IPSECLAB_KEY_FILE_H

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace ipseclab
{

/** One ESP SA for Wireshark's esp_sa table. Algorithm names are Wireshark's own strings,
 *  e.g. "AES-GCM with 16 octet ICV [RFC4106]", "AES-CBC [RFC3602]", "NULL",
 *  "HMAC-SHA-256-128 [RFC4868]". */
struct EspSaKey
{
    std::string protocol = "IPv4"; //!< "IPv4" or "IPv6"
    std::string src = "*";         //!< address, or "*" for any
    std::string dst = "*";         //!< address, or "*" for any
    uint32_t spi = 0;
    std::string encryptionAlgorithm = "NULL";
    std::vector<uint8_t> encryptionKey; //!< AES-GCM: key followed by the 4-octet salt
    std::string authenticationAlgorithm = "NULL";
    std::vector<uint8_t> authenticationKey;
};

/** One IKE SA for Wireshark's ikev2_decryption_table. Algorithm names are Wireshark's own
 *  strings, e.g. "AES-CBC-128 [RFC3602]", "HMAC_SHA2_256_128 [RFC4868]", "NONE [RFC4306]". */
struct Ikev2SaKey
{
    uint64_t spiI = 0; //!< initiator's SPI, as on the wire (big-endian)
    uint64_t spiR = 0; //!< responder's SPI
    std::vector<uint8_t> skEi;
    std::vector<uint8_t> skEr;
    std::string encryptionAlgorithm;
    std::vector<uint8_t> skAi;
    std::vector<uint8_t> skAr;
    std::string integrityAlgorithm;
};

/** "IPv4","*","*","0x00001001","AES-CBC [RFC3602]","0x..","HMAC-SHA-256-128 [RFC4868]","0x.." */
std::string FormatEspSaLine(const EspSaKey& key);
/** 0123456789abcdef,fedcba9876543210,<SK_ei>,<SK_er>,"AES-CBC-128 [RFC3602]",<SK_ai>,<SK_ar>,
 *  "HMAC_SHA2_256_128 [RFC4868]" (SPIs and keys bare lowercase hex). */
std::string FormatIkev2Line(const Ikev2SaKey& key);
/** A quoted UAT string: '"', '\\' and non-printable octets as \xNN, like Wireshark writes. */
std::string QuoteUatString(const std::string& value);

/** The lines of one key file: identical lines kept once, in insertion order. */
class KeyFile
{
  public:
    /** Adds a line (without '\n'); false if it was already there. */
    bool AddLine(const std::string& line);
    const std::vector<std::string>& GetLines() const;
    void Clear();
    /** Writes the lines, each ending in '\n'. Empty string on success, else the error. */
    std::string WriteTo(const std::string& path) const;

  private:
    std::vector<std::string> m_lines;
    std::unordered_set<std::string> m_seen; ///< duplicates are found without a scan
};

/** The two key files of a scenario, written as DIR/esp_sa and DIR/ikev2_decryption_table. */
class KeyFileSet
{
  public:
    static constexpr const char* kEspSaFileName = "esp_sa";
    static constexpr const char* kIkev2FileName = "ikev2_decryption_table";

    void AddEspSa(const EspSaKey& key);
    void AddIkev2Sa(const Ikev2SaKey& key);
    const KeyFile& GetEspSa() const;
    const KeyFile& GetIkev2() const;
    void Clear();
    /** Writes both files into an existing directory (an empty table gives an empty file).
     *  Empty string on success, else the error. */
    std::string WriteTo(const std::string& directory) const;

  private:
    KeyFile m_espSa;
    KeyFile m_ikev2;
};

} // namespace ipseclab

#endif /* IPSECLAB_KEY_FILE_H */
