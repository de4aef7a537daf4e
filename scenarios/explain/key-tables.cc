// Wireshark's UAT lines (docs/events.md, "Wireshark key files") read back, and the lab's
// sad/install events (which also give AH keys and the replay window, absent from esp_sa).
#include "key-tables.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <fstream>

namespace ipseclab::explain
{

KeyTableError::KeyTableError(const std::string& what)
    : std::runtime_error(what)
{
}

namespace
{

int
HexDigit(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

Bytes
HexField(std::string text, const char* what)
{
    if (text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0)
    {
        text = text.substr(2);
    }
    if (text.size() % 2 != 0)
    {
        throw KeyTableError(std::string(what) + " '" + text + "' has an odd number of hex digits");
    }
    Bytes out;
    for (size_t i = 0; i < text.size(); i += 2)
    {
        const int hi = HexDigit(text[i]);
        const int lo = HexDigit(text[i + 1]);
        if (hi < 0 || lo < 0)
        {
            throw KeyTableError(std::string(what) + " '" + text + "' is not hex");
        }
        out.push_back(uint8_t(hi << 4 | lo));
    }
    return out;
}

uint64_t
NumberField(const std::string& text, size_t octets, const char* what)
{
    const Bytes b = HexField(text, what);
    if (b.size() != octets)
    {
        throw KeyTableError(std::string(what) + " '" + text + "' must be " +
                            std::to_string(octets * 2) + " hex digits");
    }
    uint64_t v = 0;
    for (uint8_t o : b)
    {
        v = v << 8 | o;
    }
    return v;
}

std::string
KnownNames(bool esp, bool encryption)
{
    std::string out;
    auto add = [&](std::string_view n)
    {
        if (!n.empty() && out.find(std::string(n)) == std::string::npos)
        {
            out += (out.empty() ? "\"" : ", \"") + std::string(n) + "\"";
        }
    };
    if (encryption)
    {
        for (const EncryptionAlgorithm& a : AllEncryption())
        {
            add(esp ? a.wiresharkEsp : a.wiresharkIke);
        }
    }
    else
    {
        for (const IntegrityAlgorithm& a : AllIntegrity())
        {
            add(esp ? a.wiresharkEsp : a.wiresharkIke);
        }
    }
    return out;
}

/// The cipher of a Wireshark name; several share a name (AES-GCM-128/256), the key length decides.
const EncryptionAlgorithm*
EncryptionNamed(const std::string& name, size_t keymatSize, bool esp)
{
    bool nameKnown = false;
    for (const EncryptionAlgorithm& a : AllEncryption())
    {
        if ((esp ? a.wiresharkEsp : a.wiresharkIke) == name)
        {
            nameKnown = true;
            if (a.KeymatSize() == keymatSize)
            {
                return &a;
            }
        }
    }
    if (nameKnown)
    {
        throw KeyTableError("a " + std::to_string(keymatSize) + "-octet key does not fit \"" +
                            name + "\"");
    }
    throw KeyTableError("unknown encryption algorithm \"" + name +
                        "\" (known: " + KnownNames(esp, true) + ")");
}

const IntegrityAlgorithm*
IntegrityNamed(const std::string& name, size_t keySize, bool esp)
{
    if (name == (esp ? kWiresharkEspAuthNull : kWiresharkIkeIntegNone))
    {
        return nullptr;
    }
    for (const IntegrityAlgorithm& a : AllIntegrity())
    {
        if ((esp ? a.wiresharkEsp : a.wiresharkIke) == name)
        {
            if (a.keySize != keySize)
            {
                throw KeyTableError("a " + std::to_string(keySize) + "-octet key does not fit \"" +
                                    name + "\" (" + std::to_string(a.keySize) + " octets)");
            }
            return &a;
        }
    }
    throw KeyTableError("unknown integrity algorithm \"" + name +
                        "\" (known: " + KnownNames(esp, false) + ")");
}

void
ForEachLine(const std::string& path, const std::function<void(const std::string&)>& f)
{
    std::ifstream in(path);
    std::string line;
    size_t number = 0;
    while (std::getline(in, line))
    {
        ++number;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        try
        {
            f(line);
        }
        catch (const std::exception& e)
        {
            throw KeyTableError(path + " line " + std::to_string(number) + ": " + e.what());
        }
    }
}

bool
Exists(const std::string& path)
{
    return std::ifstream(path).good();
}

/// The sad/install events of a lab run: every SA with its keys, mode and replay window.
size_t
ReadInstallEvents(const std::string& path, KeyTables& tables)
{
    size_t count = 0;
    ForEachLine(
        path,
        [&](const std::string& line)
        {
            if (line.find("\"install\"") == std::string::npos)
            {
                return;
            }
            const QJsonObject e = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
            if (e.value("layer").toString() != "sad")
            {
                return;
            }
            SaKey k;
            k.protocol = e.value("protocol").toString().toStdString();
            k.spi = static_cast<uint32_t>(e.value("spi").toDouble());
            const QJsonObject alg = e.value("algorithms").toObject();
            const std::string enc = alg.value("encryption").toString().toStdString();
            const std::string integ = alg.value("integrity").toString().toStdString();
            k.encryption = enc.empty() ? nullptr : &FindEncryption(enc);
            k.integrity = integ.empty() ? nullptr : &FindIntegrity(integ);
            k.encryptionKey = HexField(e.value("encryption_key").toString().toStdString(), "key");
            k.integrityKey = HexField(e.value("integrity_key").toString().toStdString(), "key");
            if (e.contains("replay_window"))
            {
                k.replayWindow = static_cast<uint32_t>(e.value("replay_window").toDouble());
            }
            k.esn = e.value("esn").toBool(false);
            k.source = "events.jsonl seq " +
                       std::to_string(static_cast<uint64_t>(e.value("seq").toDouble()));
            // Inbound installs carry the receiver's window; prefer them to outbound ones.
            for (SaKey& old : tables.sas)
            {
                if (old.protocol == k.protocol && old.spi == k.spi &&
                    old.encryptionKey == k.encryptionKey)
                {
                    if (e.value("direction").toString() == "inbound")
                    {
                        old = k;
                    }
                    return;
                }
            }
            tables.sas.push_back(k);
            ++count;
        });
    return count;
}

} // namespace

std::vector<std::string>
SplitUatLine(const std::string& line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i)
    {
        const char c = line[i];
        if (quoted && c == '\\' && i + 3 < line.size() && line[i + 1] == 'x' &&
            HexDigit(line[i + 2]) >= 0 && HexDigit(line[i + 3]) >= 0)
        {
            fields.back() += char(HexDigit(line[i + 2]) << 4 | HexDigit(line[i + 3]));
            i += 3;
        }
        else if (c == '"')
        {
            quoted = !quoted;
        }
        else if (c == ',' && !quoted)
        {
            fields.emplace_back();
        }
        else
        {
            fields.back() += c;
        }
    }
    if (quoted)
    {
        throw KeyTableError("unterminated quoted field");
    }
    return fields;
}

SaKey
ParseEspSaLine(const std::string& line)
{
    const std::vector<std::string> f = SplitUatLine(line);
    if (f.size() < 8)
    {
        throw KeyTableError("esp_sa needs 8 fields (protocol, source, destination, SPI, "
                            "encryption, key, authentication, key), this line has " +
                            std::to_string(f.size()));
    }
    SaKey k;
    k.src = f[1].empty() ? "*" : f[1];
    k.dst = f[2].empty() ? "*" : f[2];
    k.spi = static_cast<uint32_t>(NumberField(f[3], 4, "SPI"));
    k.encryptionKey = HexField(f[5], "encryption key");
    k.encryption = EncryptionNamed(f[4], k.encryptionKey.size(), true);
    k.integrityKey = HexField(f[7], "authentication key");
    k.integrity = IntegrityNamed(f[6], k.integrityKey.size(), true);
    return k;
}

IkeSaKeyEntry
ParseIkev2Line(const std::string& line)
{
    const std::vector<std::string> f = SplitUatLine(line);
    if (f.size() < 8)
    {
        throw KeyTableError("ikev2_decryption_table needs 8 fields (SPIi, SPIr, SK_ei, SK_er, "
                            "encryption, SK_ai, SK_ar, integrity), this line has " +
                            std::to_string(f.size()));
    }
    IkeSaKeyEntry k;
    k.spiI = NumberField(f[0], 8, "SPIi");
    k.spiR = NumberField(f[1], 8, "SPIr");
    k.skEi = HexField(f[2], "SK_ei");
    k.skEr = HexField(f[3], "SK_er");
    k.encryption = EncryptionNamed(f[4], k.skEi.size(), false);
    if (k.skEr.size() != k.skEi.size())
    {
        throw KeyTableError("SK_er and SK_ei differ in length");
    }
    k.skAi = HexField(f[5], "SK_ai");
    k.skAr = HexField(f[6], "SK_ar");
    k.integrity = IntegrityNamed(f[7], k.skAi.size(), false);
    return k;
}

const SaKey*
KeyTables::FindSa(const std::string& protocol, uint32_t spi, const std::string& src,
                  const std::string& dst) const
{
    for (const SaKey& k : sas)
    {
        if (k.protocol == protocol && k.spi == spi && (k.src == "*" || k.src == src) &&
            (k.dst == "*" || k.dst == dst))
        {
            return &k;
        }
    }
    return nullptr;
}

const IkeSaKeyEntry*
KeyTables::FindIke(uint64_t spiI, uint64_t spiR) const
{
    for (const IkeSaKeyEntry& k : ike)
    {
        if (k.spiI == spiI && k.spiR == spiR)
        {
            return &k;
        }
    }
    return nullptr;
}

void
ReadKeyDirectory(const std::string& directory, KeyTables& tables)
{
    const std::string esp = directory + "/esp_sa";
    const std::string ike = directory + "/ikev2_decryption_table";
    const std::string events = directory + "/events.jsonl";
    if (!Exists(esp) && !Exists(ike) && !Exists(events))
    {
        throw KeyTableError(directory + " has no esp_sa, ikev2_decryption_table or events.jsonl "
                                        "to take keys from");
    }
    if (Exists(events))
    {
        tables.read.push_back(events + ": " + std::to_string(ReadInstallEvents(events, tables)) +
                              " SAs from sad/install");
    }
    if (Exists(esp))
    {
        size_t count = 0;
        size_t number = 0;
        ForEachLine(esp,
                    [&](const std::string& line)
                    {
                        SaKey k = ParseEspSaLine(line);
                        k.source = "esp_sa line " + std::to_string(++number);
                        if (!tables.FindSa("esp", k.spi, k.src, k.dst))
                        {
                            tables.sas.push_back(k);
                        }
                        ++count;
                    });
        tables.read.push_back(esp + ": " + std::to_string(count) + " SAs");
    }
    if (Exists(ike))
    {
        size_t count = 0;
        ForEachLine(ike,
                    [&](const std::string& line)
                    {
                        IkeSaKeyEntry k = ParseIkev2Line(line);
                        k.source = "ikev2_decryption_table line " + std::to_string(++count);
                        tables.ike.push_back(k);
                    });
        tables.read.push_back(ike + ": " + std::to_string(count) + " IKE SAs");
    }
}

} // namespace ipseclab::explain
