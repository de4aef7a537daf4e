#include "key-file.h"

#include "event-value.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace ipseclab
{

namespace
{

/** Wireshark's string key: "0x" and hex, or "" for no key. */
std::string
HexKey(const std::vector<uint8_t>& key)
{
    return key.empty() ? std::string() : "0x" + ToHex(key.data(), key.size());
}

std::string
HexBytes(const std::vector<uint8_t>& bytes)
{
    return ToHex(bytes.data(), bytes.size());
}

std::string
HexSpi64(uint64_t spi)
{
    uint8_t octets[8];
    for (int i = 0; i < 8; ++i)
    {
        octets[i] = static_cast<uint8_t>(spi >> (56 - 8 * i));
    }
    return ToHex(octets, sizeof(octets));
}

} // namespace

std::string
QuoteUatString(const std::string& value)
{
    std::string out = "\"";
    for (unsigned char c : value)
    {
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
        {
            char buffer[8];
            std::snprintf(buffer, sizeof(buffer), "\\x%02x", c);
            out.append(buffer);
        }
        else
        {
            out.push_back(static_cast<char>(c));
        }
    }
    out.push_back('"');
    return out;
}

std::string
FormatEspSaLine(const EspSaKey& key)
{
    // Wireshark matches the SPI as the text "0x%08x" (packet-ipsec.c), so exactly 8
    // lowercase digits.
    char spi[16];
    std::snprintf(spi, sizeof(spi), "0x%08x", static_cast<unsigned>(key.spi));
    std::string line;
    line += QuoteUatString(key.protocol) + ",";
    line += QuoteUatString(key.src) + ",";
    line += QuoteUatString(key.dst) + ",";
    line += QuoteUatString(spi) + ",";
    line += QuoteUatString(key.encryptionAlgorithm) + ",";
    line += QuoteUatString(HexKey(key.encryptionKey)) + ",";
    line += QuoteUatString(key.authenticationAlgorithm) + ",";
    line += QuoteUatString(HexKey(key.authenticationKey));
    return line;
}

std::string
FormatIkev2Line(const Ikev2SaKey& key)
{
    std::string line;
    line += HexSpi64(key.spiI) + ",";
    line += HexSpi64(key.spiR) + ",";
    line += HexBytes(key.skEi) + ",";
    line += HexBytes(key.skEr) + ",";
    line += QuoteUatString(key.encryptionAlgorithm) + ",";
    line += HexBytes(key.skAi) + ",";
    line += HexBytes(key.skAr) + ",";
    line += QuoteUatString(key.integrityAlgorithm);
    return line;
}

bool
KeyFile::AddLine(const std::string& line)
{
    if (!m_seen.insert(line).second)
    {
        return false;
    }
    m_lines.push_back(line);
    return true;
}

const std::vector<std::string>&
KeyFile::GetLines() const
{
    return m_lines;
}

void
KeyFile::Clear()
{
    m_lines.clear();
    m_seen.clear();
}

std::string
KeyFile::WriteTo(const std::string& path) const
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
    {
        return "cannot open " + path + " for writing: " + std::strerror(errno);
    }
    for (const auto& line : m_lines)
    {
        out << line << '\n';
    }
    out.close();
    if (!out)
    {
        return "cannot write " + path;
    }
    return std::string();
}

void
KeyFileSet::AddEspSa(const EspSaKey& key)
{
    m_espSa.AddLine(FormatEspSaLine(key));
}

void
KeyFileSet::AddIkev2Sa(const Ikev2SaKey& key)
{
    m_ikev2.AddLine(FormatIkev2Line(key));
}

const KeyFile&
KeyFileSet::GetEspSa() const
{
    return m_espSa;
}

const KeyFile&
KeyFileSet::GetIkev2() const
{
    return m_ikev2;
}

void
KeyFileSet::Clear()
{
    m_espSa.Clear();
    m_ikev2.Clear();
}

std::string
KeyFileSet::WriteTo(const std::string& directory) const
{
    std::string base = directory.empty() ? "." : directory;
    std::string error = m_espSa.WriteTo(base + "/" + kEspSaFileName);
    if (!error.empty())
    {
        return error;
    }
    return m_ikev2.WriteTo(base + "/" + kIkev2FileName);
}

} // namespace ipseclab
