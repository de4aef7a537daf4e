// Topology: nodes (node_name values, plus LAN hosts seen only as inner addresses), links from the
// packets' addresses, SAs as tunnels between their endpoints, packets in flight at the cursor.
#pragma once

#include "view.h"

#include <QPointF>

namespace viz
{

class TopologyView : public View
{
    Q_OBJECT
  public:
    using View::View;
    QString title() const override { return "Topology"; }
    void attach(TimeCursor* cursor) override;

    struct Node
    {
        QString name;
        QStringList addresses;
        bool host = false; // only seen as an inner (protected) address
        QPointF pos;       // layout, in [0,1]
        QString role;      // from topology.json (gateway, host, nat, lan, attacker, ...), or ""
    };
    const QVector<Node>& nodes() const { return m_nodes; }
    const QVector<QPair<int, int>>& links() const { return m_links; }
    // Active SAs at the cursor (SPIs) and packets in flight (send event indexes), for tests.
    QVector<qint64> activeSpis() const;
    QVector<int> packetsInFlight() const;

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    void build();
    void buildFromScenario(); // DIR/topology.json: the nodes and links as the scenario made them
    // The two nodes an SA's packets travel between: the nodes holding its SPI (outbound at one,
    // inbound at the other), else the owners of its addresses.
    QPair<int, int> saEnds(const SaLife& life) const;
    void layout();
    int nodeIndex(const QString& name) const;
    int addLink(int a, int b);

    QVector<Node> m_nodes;
    QVector<QPair<int, int>> m_links;
};

} // namespace viz
