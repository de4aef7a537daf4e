#include "event-model.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace viz
{

qint64
Event::integer(const char* k, qint64 def) const
{
    const QJsonValue v = obj.value(QLatin1String(k));
    if (v.isDouble())
        return static_cast<qint64>(v.toDouble());
    return def;
}

QString
spiHex(qint64 spi)
{
    return QString("0x%1").arg(static_cast<quint32>(spi), 8, 16, QChar('0'));
}

QString
Event::saLabel() const
{
    const QString sa = str("sa");
    if (!sa.isEmpty())
        return sa;
    if (has("spi") && (layer == "esp" || layer == "ah" || layer == "sad" || layer == "replay"))
        return QString("%1 spi %2").arg(layer == "ah" ? "ah" : "sa", spiHex(integer("spi")));
    return QString();
}

QString
Event::nodeLabel() const
{
    if (!nodeName.isEmpty())
        return nodeName;
    if (node >= 0)
        return QString("node %1").arg(node);
    return QString();
}

bool
Event::isPacket() const
{
    if (layer == "esp" || layer == "ah")
        return kind == "encap" || kind == "decap" || kind == "drop";
    if (layer == "ike")
        return kind == "message-sent" || kind == "message-received";
    return false;
}

QString
Event::oneLine() const
{
    QString s = QString("#%1  t=%2  %3  %4/%5")
                    .arg(index)
                    .arg(t, 0, 'f', 6)
                    .arg(nodeLabel().isEmpty() ? "-" : nodeLabel(), layer, kind);
    if (layer == "ike" && (kind == "message-sent" || kind == "message-received"))
        s += QString("  %1 %2 #%3")
                 .arg(str("exchange"), obj.value("response").toBool() ? "response" : "request")
                 .arg(integer("message_id"));
    else if (has("sn") && has("spi"))
        s += QString("  spi %1 sn %2").arg(spiHex(integer("spi"))).arg(integer("sn"));
    else if (has("spi"))
        s += QString("  spi %1").arg(spiHex(integer("spi")));
    if (has("reason"))
        s += "  reason " + str("reason");
    if (has("verdict"))
        s += "  " + str("verdict");
    if (has("icv_ok"))
        s += obj.value("icv_ok").toBool() ? "  icv ok" : "  ICV FAILED";
    if (layer == "ike" && kind == "key-derived")
        s += "  " + str("name");
    if (layer == "scenario" && kind == "step")
        s += QString("  %1. %2").arg(integer("number")).arg(str("title"));
    return s;
}

QString
hexToSpaced(const QString& hex, int groupBytes)
{
    QString out;
    for (int i = 0; i + 1 < hex.size(); i += 2)
    {
        if (i > 0 && (i / 2) % groupBytes == 0)
            out += ' ';
        out += hex.mid(i, 2);
    }
    return out;
}

QString
shortHex(const QString& hex, int maxBytes)
{
    if (hex.size() <= maxBytes * 2)
        return hex;
    return hex.left(maxBytes * 2) + QString("… (%1 B)").arg(hex.size() / 2);
}

bool
EventModel::load(const QString& path, QString* error)
{
    QFileInfo info(path);
    if (!info.exists())
    {
        *error = QString("%1: no such file or directory").arg(path);
        return false;
    }
    QString file = path;
    if (info.isDir())
    {
        file = QFileInfo(path + "/events.jsonl").filePath();
        if (!QFileInfo::exists(file))
        {
            *error = QString("%1: no events.jsonl in this directory (run a scenario with --out=%1)")
                         .arg(path);
            return false;
        }
        m_dir = path;
    }
    else
        m_dir = info.absolutePath();
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
    {
        *error = QString("%1: cannot read: %2").arg(file, f.errorString());
        return false;
    }
    if (!loadFromData(f.readAll(), file, error))
        return false;
    loadTopology();
    loadNarration();
    return true;
}

bool
EventModel::loadFromData(const QByteArray& data, const QString& name, QString* error)
{
    m_events.clear();
    const QList<QByteArray> lines = data.split('\n');
    int lineNo = 0;
    for (const QByteArray& raw : lines)
    {
        ++lineNo;
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
        if (pe.error != QJsonParseError::NoError)
        {
            *error = QString("%1:%2: not valid JSON (%3 at column %4)")
                         .arg(name)
                         .arg(lineNo)
                         .arg(pe.errorString())
                         .arg(pe.offset + 1);
            return false;
        }
        if (!doc.isObject())
        {
            *error = QString("%1:%2: an event must be a JSON object").arg(name).arg(lineNo);
            return false;
        }
        const QJsonObject o = doc.object();
        const QJsonValue v = o.value("v");
        if (!v.isDouble())
        {
            *error = QString("%1:%2: no schema version \"v\" (is this an IPsec Lab events.jsonl?)")
                         .arg(name)
                         .arg(lineNo);
            return false;
        }
        if (v.toDouble() != kSchemaVersion)
        {
            *error =
                QString("%1:%2: schema version v=%3, this visualizer reads v=%4 (docs/events.md)")
                    .arg(name)
                    .arg(lineNo)
                    .arg(v.toDouble())
                    .arg(kSchemaVersion);
            return false;
        }
        for (const char* k : {"seq", "t"})
            if (!o.value(k).isDouble())
            {
                *error = QString("%1:%2: field \"%3\" missing or not a number")
                             .arg(name)
                             .arg(lineNo)
                             .arg(k);
                return false;
            }
        for (const char* k : {"layer", "kind"})
            if (!o.value(k).isString() || o.value(k).toString().isEmpty())
            {
                *error = QString("%1:%2: field \"%3\" missing or not a string")
                             .arg(name)
                             .arg(lineNo)
                             .arg(k);
                return false;
            }
        if (o.contains("node") && !o.value("node").isNull() && !o.value("node").isDouble())
        {
            *error =
                QString("%1:%2: field \"node\" must be an integer or null").arg(name).arg(lineNo);
            return false;
        }
        Event e;
        e.index = m_events.size();
        e.seq = static_cast<qint64>(o.value("seq").toDouble());
        e.t = o.value("t").toDouble();
        e.node = o.value("node").isDouble() ? o.value("node").toInt() : -1;
        e.nodeName = o.value("node_name").toString();
        e.layer = o.value("layer").toString();
        e.kind = o.value("kind").toString();
        e.obj = o;
        m_events.push_back(std::move(e));
    }
    if (m_events.isEmpty())
    {
        *error = QString("%1: no events (the file is empty)").arg(name);
        return false;
    }
    buildIndexes();
    return true;
}

static qint64
packetSn(const Event& e)
{
    if (e.has("sn"))
        return e.integer("sn");
    static const QRegularExpression re("seq (\\d+)");
    const auto m = re.match(e.str("detail"));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

void
EventModel::buildIndexes()
{
    m_nodes.clear();
    m_layers.clear();
    m_sas.clear();
    m_kinds.clear();
    m_receiver.clear();
    m_sender.clear();
    m_owner.clear();
    m_lives.clear();

    QHash<QString, QVector<int>> pendingEsp; // "spi/sn" -> unreceived encaps (FIFO)
    QHash<QString, QVector<int>> pendingIke; // "spi_i/mid/resp/exchange" -> unreceived sends (LIFO)
    QHash<QString, int> lastDecap; // "node/spi/sn" -> decap index (drop after a failed ICV)
    QHash<QString, int> openSa;    // "node/spi/direction" -> index into m_lives

    for (const Event& e : m_events)
    {
        const QString node = e.nodeLabel();
        if (!node.isEmpty() && !m_nodes.contains(node))
            m_nodes << node;
        if (!m_layers.contains(e.layer))
            m_layers << e.layer;
        if (!m_kinds.contains(e.lk()))
            m_kinds << e.lk();
        const QString sa = e.str("sa");
        if (!sa.isEmpty() && !m_sas.contains(sa))
            m_sas << sa;

        const bool ipsec = e.layer == "esp" || e.layer == "ah";
        if (ipsec && e.kind == "encap")
        {
            pendingEsp[QString("%1/%2/%3").arg(e.layer).arg(e.integer("spi")).arg(e.integer("sn"))]
                << e.index;
            if (!node.isEmpty() && e.has("src"))
                m_owner.insert(e.str("src"), node);
        }
        else if (ipsec && (e.kind == "decap" || e.kind == "drop"))
        {
            const qint64 sn = packetSn(e);
            const QString key = QString("%1/%2/%3").arg(e.layer).arg(e.integer("spi")).arg(sn);
            const QString dkey = QString("%1/%2/%3").arg(node).arg(e.integer("spi")).arg(sn);
            if (e.kind == "drop" && lastDecap.contains(dkey))
            {
                // the drop that follows a failed integrity check: same packet as the decap
                const int d = lastDecap.take(dkey);
                m_sender.insert(e.index, m_sender.value(d, -1));
            }
            else if (auto it = pendingEsp.find(key); it != pendingEsp.end() && !it->isEmpty())
            {
                const int s = it->takeFirst();
                m_receiver.insert(s, e.index);
                m_sender.insert(e.index, s);
            }
            if (e.kind == "decap")
                lastDecap.insert(dkey, e.index);
            if (!node.isEmpty() && e.has("dst") && e.kind == "decap")
                m_owner.insert(e.str("dst"), node);
        }
        else if (e.layer == "ike" && (e.kind == "message-sent" || e.kind == "message-received"))
        {
            const QString key = QString("%1/%2/%3/%4")
                                    .arg(e.str("spi_i"))
                                    .arg(e.integer("message_id"))
                                    .arg(e.obj.value("response").toBool())
                                    .arg(e.str("exchange"));
            if (e.kind == "message-sent")
                pendingIke[key] << e.index;
            else if (auto it = pendingIke.find(key); it != pendingIke.end() && !it->isEmpty())
            {
                const int s = it->takeLast();
                m_receiver.insert(s, e.index);
                m_sender.insert(e.index, s);
                const QString senderNode = m_events[s].nodeLabel();
                if (!senderNode.isEmpty() && e.has("peer"))
                    m_owner.insert(e.str("peer"), senderNode);
                if (!node.isEmpty() && m_events[s].has("peer"))
                    m_owner.insert(m_events[s].str("peer"), node);
            }
        }
        else if (e.layer == "sad")
        {
            const QString key =
                QString("%1/%2/%3").arg(node).arg(e.integer("spi")).arg(e.str("direction"));
            if (e.kind == "install")
            {
                SaLife l;
                l.label = e.saLabel();
                l.spi = e.integer("spi");
                l.protocol = e.str("protocol");
                l.direction = e.str("direction");
                l.mode = e.str("mode");
                l.node = node;
                l.src = e.str("src");
                l.dst = e.str("dst");
                l.installIndex = e.index;
                l.installTime = e.t;
                openSa.insert(key, m_lives.size());
                m_lives << l;
                if (!node.isEmpty())
                {
                    if (l.direction == "outbound" && !l.src.isEmpty())
                        m_owner.insert(l.src, node);
                    if (l.direction == "inbound" && !l.dst.isEmpty())
                        m_owner.insert(l.dst, node);
                }
            }
            else if (e.kind == "expire-soft" && openSa.contains(key))
                m_lives[openSa.value(key)].softIndexes << e.index;
            else if ((e.kind == "delete" || e.kind == "expire-hard") && openSa.contains(key))
            {
                SaLife& l = m_lives[openSa.take(key)];
                l.endIndex = e.index;
                l.endTime = e.t;
            }
        }
    }
}

int
EventModel::installFor(qint64 spi, const QString& direction, int before) const
{
    int best = -1;
    for (const SaLife& l : m_lives)
        if (l.spi == spi && (direction.isEmpty() || l.direction == direction) &&
            (before < 0 || l.installIndex <= before || best < 0))
            best = l.installIndex;
    return best;
}

void
EventModel::loadTopology()
{
    m_positions.clear();
    QFile f(m_dir + "/topology.json");
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    const QJsonArray nodes = doc.object().value("nodes").toArray();
    double maxX = 0, maxY = 0;
    m_topologyNodes.clear();
    m_topologyLinks.clear();
    for (const QJsonValue& v : doc.object().value("links").toArray())
    {
        const QJsonObject l = v.toObject();
        m_topologyLinks << TopologyLink{
            l.value("a").toString(), l.value("b").toString(), l.value("network").toString()};
    }
    for (const QJsonValue& v : nodes)
    {
        const QJsonObject n = v.toObject();
        if (n.value("name").isString() && n.contains("role"))
        {
            TopologyNode t{n.value("name").toString(),
                           n.value("role").toString(),
                           {},
                           n.value("what").toString()};
            for (const QJsonValue& a : n.value("addresses").toArray())
                t.addresses << a.toString();
            if (t.role != "lan")
                for (const QString& a : t.addresses)
                    m_owner.insert(a, t.name); // the scenario knows whose address it is
            m_topologyNodes << t;
        }
        if (n.value("name").isString() && n.value("x").isDouble() && n.value("y").isDouble())
        {
            m_positions.insert(n.value("name").toString(),
                               QPointF(n.value("x").toDouble(), n.value("y").toDouble()));
            maxX = qMax(maxX, n.value("x").toDouble());
            maxY = qMax(maxY, n.value("y").toDouble());
        }
    }
    // positions in any unit: normalise to [0,1] if they are not already
    if (maxX > 1 || maxY > 1)
        for (auto it = m_positions.begin(); it != m_positions.end(); ++it)
            it.value() = QPointF(maxX > 0 ? it->x() / maxX : 0.5, maxY > 0 ? it->y() / maxY : 0.5);
}

void
EventModel::loadNarration()
{
    m_narration.clear();
    QFile f(m_dir + "/narration.jsonl");
    if (!f.open(QIODevice::ReadOnly))
        return;
    QHash<qint64, int> indexOfSeq;
    for (const Event& e : m_events)
        if (!indexOfSeq.contains(e.seq))
            indexOfSeq.insert(e.seq, e.index);
    for (const QByteArray& line : f.readAll().split('\n'))
    {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.isEmpty() || !indexOfSeq.contains(o.value("seq").toInteger(-1)))
            continue; // not of this stream: ignored, as unknown fields are
        Narration n;
        n.index = indexOfSeq.value(o.value("seq").toInteger());
        n.step = o.value("step").toInt();
        n.t = o.value("t").toDouble();
        n.node = o.value("node_name").toString();
        n.title = o.value("title").toString();
        n.text = o.value("text").toString();
        m_narration << n;
    }
}

int
EventModel::narrationAt(int i) const
{
    int best = -1;
    for (int k = 0; k < m_narration.size() && m_narration[k].index <= i; ++k)
        best = k;
    return best;
}

} // namespace viz
