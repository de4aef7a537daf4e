// The loaded event stream (docs/events.md, schema version 1) and the indexes the views share:
// which event received a sent packet / IKE message, SA install/delete pairs, address owners.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

namespace viz
{

constexpr int kSchemaVersion = 1;

struct Event
{
    int index = 0;    // position in the file (the time cursor's unit)
    qint64 seq = 0;   // the envelope's seq
    double t = 0;     // simulated seconds
    int node = -1;    // -1 for null
    QString nodeName; // "" if none
    QString layer;
    QString kind;
    QJsonObject obj; // every field, envelope included

    QString lk() const { return layer + "/" + kind; }
    QString str(const char* k) const { return obj.value(QLatin1String(k)).toString(); }
    qint64 integer(const char* k, qint64 def = -1) const;
    bool has(const char* k) const { return obj.contains(QLatin1String(k)); }
    QString saLabel() const;   // "sa" or a label made from spi (may be "")
    QString nodeLabel() const; // node_name, or "node N", or "" for null
    bool isPacket() const;     // esp/ah encap/decap/drop, ike message-sent/received
    bool isDrop() const { return kind == "drop"; }
    QString oneLine() const; // human summary for lists and status bars
};

struct SaLife
{
    QString label; // sa label
    qint64 spi = 0;
    QString protocol, direction, mode;
    QString node; // node name holding it
    QString src, dst;
    int installIndex = -1;
    int endIndex = -1; // sad/delete or sad/expire-hard, -1 if alive at the end
    double installTime = 0, endTime = -1;
    QVector<int> softIndexes; // sad/expire-soft
};

// A node or a link of DIR/topology.json as the scenario built it (scenarios/common/topology-file).
struct TopologyNode
{
    QString name, role; // role: gateway, host, router, nat, lan, attacker, eavesdropper
    QStringList addresses;
    QString what; // attackers: what they do
};

struct TopologyLink
{
    QString a, b, network;
};

// One sentence of DIR/narration.jsonl (scenarios/common/narrator): what --steps prints for the
// event at `index` (a scenario step has a title).
struct Narration
{
    int index = -1; // the event it tells
    int step = 0;   // "Step N" as --steps numbers it
    double t = 0;
    QString node, title, text;
};

class EventModel
{
  public:
    // Loads DIR/events.jsonl (or the file itself). On failure returns false and a message.
    bool load(const QString& path, QString* error);
    bool loadFromData(const QByteArray& data, const QString& name, QString* error);

    const QVector<Event>& events() const { return m_events; }
    int size() const { return m_events.size(); }
    const Event& at(int i) const { return m_events[i]; }
    QString directory() const { return m_dir; }

    QStringList nodeNames() const { return m_nodes; } // in order of first appearance
    QStringList layers() const { return m_layers; }
    QStringList saLabels() const { return m_sas; }
    QStringList kinds() const { return m_kinds; } // "layer/kind"

    // Index of the event that received packet/message i (decap, drop, message-received), -1 if
    // none.
    int receiverOf(int i) const { return m_receiver.value(i, -1); }
    // Index of the send (encap / message-sent) that event i (decap, drop, received) belongs to.
    int senderOf(int i) const { return m_sender.value(i, -1); }
    // The node that owns an address (seen as source of its own packets / SA endpoints), "" if
    // unknown.
    QString ownerOf(const QString& address) const { return m_owner.value(address); }
    const QHash<QString, QString>& addressOwners() const { return m_owner; }
    const QVector<SaLife>& saLives() const { return m_lives; }
    // sad/install event for an SPI on a node with a direction ("" = any), latest at or before i.
    int installFor(qint64 spi, const QString& direction, int before) const;
    // Positions from DIR/topology.json, if any: node name -> (x, y) in [0,1].
    const QHash<QString, QPointF>& positions() const { return m_positions; }
    // The scenario's own nodes and links from DIR/topology.json (empty if it has none). Their
    // addresses are authoritative for ownerOf (a NAT's public address is the NAT's).
    // The narration (empty if the scenario wrote none), in order; and the last sentence told at
    // or before event i (-1 if none yet).
    const QVector<Narration>& narration() const { return m_narration; }
    int narrationAt(int i) const;
    const QVector<TopologyNode>& topologyNodes() const { return m_topologyNodes; }
    const QVector<TopologyLink>& topologyLinks() const { return m_topologyLinks; }

  private:
    void buildIndexes();
    void loadTopology();
    void loadNarration();

    QString m_dir;
    QVector<Event> m_events;
    QStringList m_nodes, m_layers, m_sas, m_kinds;
    QHash<int, int> m_receiver, m_sender;
    QHash<QString, QString> m_owner;
    QVector<SaLife> m_lives;
    QHash<QString, QPointF> m_positions;
    QVector<Narration> m_narration;
    QVector<TopologyNode> m_topologyNodes;
    QVector<TopologyLink> m_topologyLinks;
};

QString hexToSpaced(const QString& hex, int groupBytes = 1);
QString shortHex(const QString& hex, int maxBytes = 16);
QString spiHex(qint64 spi);

} // namespace viz
