// The loader: JSON text to a checked CustomConfig, in the order the simulation is built (so
// the first error reported is the first a reader meets).
#include "parse-steps.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace ipseclab::custom
{

CustomConfig
ParseCustomConfig(const std::string& json, const std::string& fileName)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray(json.data(), static_cast<qsizetype>(json.size())), &parseError);
    if (parseError.error != QJsonParseError::NoError)
    {
        throw ConfigError(fileName + ": not JSON at offset " + std::to_string(parseError.offset) +
                          ": " + parseError.errorString().toStdString());
    }
    const JsonObject root(
        doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()), "$", keys::kRoot);
    CustomConfig c;
    c.name = root.Str("name", "custom");
    c.duration = root.Num("duration", 5.0, 0.001, 1e6);
    const std::string routing = root.Str("routing", "static");
    if (routing != "static" && routing != "global")
    {
        Fail(root.At("routing"), "expected \"static\" or \"global\"");
    }
    c.globalRouting = routing == "global";
    ParseNodes(root, c);
    ParseLinks(root, c);
    ParseRoutes(root, c);
    ParseManualSas(root, c);
    ParseIke(root, c);
    ParseNats(root, c);
    ParseTraffic(root, c);
    ParseAttackers(root, c);
    // pcaps: per link ("pcap": true) or by name here.
    const QJsonArray pcaps = root.Arr("pcaps");
    for (int i = 0; i < pcaps.size(); ++i)
    {
        c.links[LinkRef(c, pcaps[i], Item(root.At("pcaps"), i))].pcap = true;
    }
    root.Str("description");
    root.Done();
    return c;
}

} // namespace ipseclab::custom
