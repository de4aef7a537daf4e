#include "topology-view.h"

#include <QPainter>
#include <QPainterPath>
#include <QtMath>
#include <algorithm>
#include <numeric>

namespace viz
{

static QColor
roleColor(const QString& role)
{
    if (role == "nat")
        return QColor(0xf3, 0xe3, 0xc3);
    if (role == "attacker")
        return QColor(0xf6, 0xc9, 0xc9);
    if (role == "eavesdropper")
        return QColor(0xf7, 0xdc, 0xb9);
    if (role == "lan")
        return QColor(0xcf, 0xd5, 0xde);
    if (role == "host")
        return QColor(0xe8, 0xec, 0xf2);
    return QColor(0xdd, 0xe6, 0xf5);
}

void
TopologyView::attach(TimeCursor* cursor)
{
    View::attach(cursor);
    build();
    layout();
    update();
}

int
TopologyView::nodeIndex(const QString& name) const
{
    for (int i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].name == name)
            return i;
    return -1;
}

int
TopologyView::addLink(int a, int b)
{
    if (a < 0 || b < 0 || a == b)
        return -1;
    const QPair<int, int> l(qMin(a, b), qMax(a, b));
    int i = m_links.indexOf(l);
    if (i < 0)
    {
        m_links << l;
        i = m_links.size() - 1;
    }
    return i;
}

void
TopologyView::build()
{
    m_nodes.clear();
    m_links.clear();
    const EventModel* m = model();
    if (!m->topologyNodes().isEmpty())
    {
        buildFromScenario();
        return;
    }
    for (const QString& n : m->nodeNames())
        m_nodes << Node{n, {}, false, {}, QString()};
    for (auto it = m->addressOwners().begin(); it != m->addressOwners().end(); ++it)
    {
        const int i = nodeIndex(it.value());
        if (i >= 0 && !m_nodes[i].addresses.contains(it.key()))
            m_nodes[i].addresses << it.key();
    }
    for (Node& n : m_nodes)
        n.addresses.sort();
    auto hostFor = [&](const QString& address)
    {
        const QString owner = m->ownerOf(address);
        if (!owner.isEmpty())
            return nodeIndex(owner);
        int i = nodeIndex(address);
        if (i < 0)
        {
            m_nodes << Node{address, {address}, true, {}, QString()};
            i = m_nodes.size() - 1;
        }
        return i;
    };
    for (const Event& e : m->events())
    {
        const int self = nodeIndex(e.nodeLabel());
        if ((e.layer == "esp" || e.layer == "ah") && e.kind == "encap")
        {
            addLink(hostFor(e.str("src")), hostFor(e.str("dst")));
            if (e.str("mode") == "tunnel" && e.obj.contains("flow"))
            {
                const QJsonObject flow = e.obj.value("flow").toObject();
                addLink(hostFor(flow.value("src").toString()), self); // the local LAN side
            }
        }
        else if (e.layer == "esp" && e.kind == "decap" && e.str("mode") == "tunnel" &&
                 e.has("plaintext"))
        {
            // inner destination address: octets 16..19 of the inner IPv4 header
            const QString pt = e.str("plaintext");
            if (pt.size() >= 40 && pt.startsWith('4'))
            {
                QStringList o;
                for (int k = 16; k < 20; ++k)
                    o << QString::number(pt.mid(k * 2, 2).toInt(nullptr, 16));
                addLink(self, hostFor(o.join('.')));
            }
        }
        else if (e.layer == "ike" && e.kind == "message-sent" && e.has("peer"))
            addLink(self, hostFor(e.str("peer")));
        else if (e.layer == "sad" && e.kind == "install" && e.has("src") && e.has("dst"))
            addLink(hostFor(e.str("src")), hostFor(e.str("dst")));
    }
    // a host that only appears as an IKE peer address but belongs to no node stays a host node
}

void
TopologyView::buildFromScenario()
{
    const EventModel* m = model();
    for (const TopologyNode& t : m->topologyNodes())
        m_nodes << Node{t.name, t.addresses, false, {}, t.role};
    for (const QString& n : m->nodeNames()) // event nodes the file does not know (none expected)
        if (nodeIndex(n) < 0)
            m_nodes << Node{n, {}, false, {}, QString()};
    for (const TopologyLink& l : m->topologyLinks())
        addLink(nodeIndex(l.a), nodeIndex(l.b));
}

QPair<int, int>
TopologyView::saEnds(const SaLife& life) const
{
    const EventModel* m = model();
    int out = -1, in = -1;
    for (const SaLife& l : m->saLives())
        if (l.spi == life.spi && l.protocol == life.protocol)
            (l.direction == "outbound" ? out : in) = nodeIndex(l.node);
    if (out >= 0 && in >= 0 && out != in)
        return {out, in};
    return {nodeIndex(m->ownerOf(life.src)), nodeIndex(m->ownerOf(life.dst))};
}

void
TopologyView::layout()
{
    const int n = m_nodes.size();
    if (n == 0)
        return;
    const auto& given = model()->positions();
    bool allGiven = !given.isEmpty();
    for (const Node& nd : m_nodes)
        allGiven = allGiven && given.contains(nd.name);
    if (allGiven)
    {
        for (Node& nd : m_nodes)
            nd.pos = given.value(nd.name);
        return;
    }
    // Connected components, each laid out on its own (force-directed, then rotated so that its
    // principal axis is horizontal) and stacked in horizontal bands.
    QVector<int> comp(n, -1);
    int ncomp = 0;
    for (int s = 0; s < n; ++s)
    {
        if (comp[s] >= 0)
            continue;
        QVector<int> stack{s};
        comp[s] = ncomp;
        while (!stack.isEmpty())
        {
            const int a = stack.takeLast();
            for (const auto& l : m_links)
            {
                const int b = l.first == a ? l.second : l.second == a ? l.first : -1;
                if (b >= 0 && comp[b] < 0)
                {
                    comp[b] = ncomp;
                    stack << b;
                }
            }
        }
        ++ncomp;
    }
    // bigger components first (the main picture on top)
    QVector<int> order(ncomp);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(),
                     order.end(),
                     [&](int a, int b) {
                         return std::count(comp.begin(), comp.end(), a) >
                                std::count(comp.begin(), comp.end(), b);
                     });
    for (int band = 0; band < ncomp; ++band)
    {
        QVector<int> members;
        for (int a = 0; a < n; ++a)
            if (comp[a] == order[band])
                members << a;
        const int cn = members.size();
        QVector<QPointF> p(cn), d(cn);
        for (int i = 0; i < cn; ++i)
            p[i] = QPointF(0.5 + 0.4 * qCos(2 * M_PI * i / cn + 0.3),
                           0.5 + 0.4 * qSin(2 * M_PI * i / cn + 0.3));
        const double k = 0.9 / qSqrt(qMax(2, cn));
        double temp = 0.1;
        for (int it = 0; it < 400 && cn > 1; ++it)
        {
            std::fill(d.begin(), d.end(), QPointF());
            for (int a = 0; a < cn; ++a)
                for (int b = a + 1; b < cn; ++b)
                {
                    QPointF delta = p[a] - p[b];
                    double dist = qMax(0.01, qSqrt(QPointF::dotProduct(delta, delta)));
                    QPointF f = delta / dist * (k * k / dist);
                    d[a] += f;
                    d[b] -= f;
                }
            for (const auto& l : m_links)
            {
                const int a = members.indexOf(l.first), b = members.indexOf(l.second);
                if (a < 0 || b < 0)
                    continue;
                QPointF delta = p[a] - p[b];
                double dist = qMax(0.01, qSqrt(QPointF::dotProduct(delta, delta)));
                QPointF f = delta / dist * (dist * dist / k);
                d[a] -= f;
                d[b] += f;
            }
            for (int a = 0; a < cn; ++a)
            {
                double len = qMax(1e-9, qSqrt(QPointF::dotProduct(d[a], d[a])));
                p[a] += d[a] / len * qMin(len, temp);
            }
            temp = qMax(0.002, temp * 0.985);
        }
        QPointF c;
        for (const QPointF& q : p)
            c += q;
        c /= cn;
        double sxx = 0, syy = 0, sxy = 0;
        for (const QPointF& q : p)
        {
            sxx += (q.x() - c.x()) * (q.x() - c.x());
            syy += (q.y() - c.y()) * (q.y() - c.y());
            sxy += (q.x() - c.x()) * (q.y() - c.y());
        }
        const double angle = 0.5 * qAtan2(2 * sxy, sxx - syy);
        QPointF lo(1e9, 1e9), hi(-1e9, -1e9);
        for (QPointF& q : p)
        {
            QPointF r = q - c;
            q = QPointF(r.x() * qCos(-angle) - r.y() * qSin(-angle),
                        r.x() * qSin(-angle) + r.y() * qCos(-angle));
            lo = QPointF(qMin(lo.x(), q.x()), qMin(lo.y(), q.y()));
            hi = QPointF(qMax(hi.x(), q.x()), qMax(hi.y(), q.y()));
        }
        // nodes named ...A... (or in 10.1.x) to the left of ...B... (10.2.x): flip if needed
        double ax = 0, bx = 0;
        for (int i = 0; i < cn; ++i)
        {
            const QString& name = m_nodes[members[i]].name;
            if (m_nodes[members[i]].role == "lan")
                continue; // "LAN 10.1.0.0/24": the 'A' of LAN says nothing
            if (name.contains('A') || name.startsWith("10.1."))
                ax += p[i].x();
            if (name.contains('B') || name.startsWith("10.2."))
                bx += p[i].x();
        }
        const bool flip = ax > bx;
        const double bandTop = double(band) / ncomp, bandH = 1.0 / ncomp;
        for (int i = 0; i < cn; ++i)
        {
            const double w = hi.x() - lo.x(), h = hi.y() - lo.y();
            double x = w > 1e-6 ? (p[i].x() - lo.x()) / w : 0.5;
            const double y = h > 1e-6 ? 0.1 + 0.8 * (p[i].y() - lo.y()) / h : 0.5;
            if (flip)
                x = 1 - x;
            // a two-node component need not span the whole width
            if (cn == 2)
                x = 0.2 + 0.6 * x;
            m_nodes[members[i]].pos = QPointF(x, bandTop + bandH * y);
        }
    }
}

QVector<qint64>
TopologyView::activeSpis() const
{
    QVector<qint64> spis;
    const int i = index();
    for (const SaLife& l : model()->saLives())
        if (l.installIndex <= i && (l.endIndex < 0 || l.endIndex > i) && !spis.contains(l.spi))
            spis << l.spi;
    return spis;
}

QVector<int>
TopologyView::packetsInFlight() const
{
    QVector<int> out;
    const int i = index();
    const EventModel* m = model();
    for (int s = 0; s <= i; ++s)
    {
        const Event& e = m->at(s);
        if (!((e.kind == "encap" && (e.layer == "esp" || e.layer == "ah")) ||
              (e.layer == "ike" && e.kind == "message-sent")))
            continue;
        const int r = m->receiverOf(s);
        if (r > i)
            out << s;
    }
    return out;
}

void
TopologyView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), colors::background());
    const EventModel* m = model();
    if (!m || m->size() == 0)
        return;
    const int top = paintHeader(p);
    const int legendH = 26;
    const QRectF area(90, top + 50, width() - 180, height() - top - 50 - legendH - 70);
    auto at = [&](int n)
    {
        return QPointF(area.left() + m_nodes[n].pos.x() * area.width(),
                       area.top() + m_nodes[n].pos.y() * area.height());
    };
    const int i = index();
    const Event& cur = m->at(i);
    const double now = cur.t;

    // links
    p.setPen(QPen(QColor(0xb8, 0xbe, 0xc8), 3));
    for (const auto& l : m_links)
        p.drawLine(at(l.first), at(l.second));

    // SA tunnels: active SAs grouped by the pair of nodes at their ends and protocol
    struct Tunnel
    {
        int a, b;
        QString protocol, mode;
        QStringList spis;
    };
    QVector<Tunnel> tunnels;
    QVector<qint64> seen;
    for (const SaLife& l : m->saLives())
    {
        if (!(l.installIndex <= i && (l.endIndex < 0 || l.endIndex > i)) || seen.contains(l.spi))
            continue;
        seen << l.spi;
        auto [a, b] = saEnds(l);
        if (a < 0 || b < 0 || a == b)
            continue;
        if (a > b)
            std::swap(a, b);
        auto it = std::find_if(tunnels.begin(),
                               tunnels.end(),
                               [&](const Tunnel& t)
                               { return t.a == a && t.b == b && t.protocol == l.protocol; });
        if (it == tunnels.end())
            tunnels << Tunnel{a, b, l.protocol, l.mode, {spiHex(l.spi)}};
        else
            it->spis << spiHex(l.spi);
    }
    QHash<QPair<int, int>, int> perPair;
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    for (const Tunnel& t : tunnels)
    {
        const int k = perPair[qMakePair(t.a, t.b)]++;
        QPointF pa = at(t.a), pb = at(t.b);
        QPointF dir = pb - pa;
        const double len = qMax(1.0, qSqrt(QPointF::dotProduct(dir, dir)));
        QPointF nrm(-dir.y() / len, dir.x() / len);
        const double off = (k % 2 ? 1 : -1) * (14 + 26 * (k / 2));
        pa += nrm * off;
        pb += nrm * off;
        QColor c = colors::forProtocol(t.protocol);
        c.setAlpha(90);
        p.setPen(QPen(c, 16, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(pa, pb);
        c.setAlpha(255);
        p.setPen(QPen(c, 2, Qt::DashLine));
        p.drawLine(pa, pb);
        QString label = QString("%1 %2 SA%3: %4")
                            .arg(t.protocol.toUpper(), t.mode)
                            .arg(t.spis.size() > 1 ? "s" : "")
                            .arg(t.spis.mid(0, 2).join(" "));
        if (t.spis.size() > 2)
            label += QString(" +%1 more").arg(t.spis.size() - 2);
        p.setFont(small);
        p.setPen(c.darker(140));
        const QPointF mid = (pa + pb) / 2 + nrm * (off < 0 ? -16 : 16);
        const QRectF box(qBound(0.0, mid.x() - 200, width() - 400.0), mid.y() - 9, 400, 18);
        p.drawText(box, Qt::AlignCenter, label);
    }

    // packets in flight and the current packet
    auto drawPacket = [&](const Event& send, double frac, bool current)
    {
        int a = nodeIndex(send.nodeLabel());
        int b = -1;
        const int r = m->receiverOf(send.index);
        if (r >= 0)
            b = nodeIndex(m->at(r).nodeLabel());
        else if (send.has("dst"))
            b = nodeIndex(m->ownerOf(send.str("dst")));
        else if (send.has("peer"))
            b = nodeIndex(m->ownerOf(send.str("peer")));
        if (a < 0 || b < 0)
            return;
        const QPointF pos = at(a) + (at(b) - at(a)) * frac;
        const QColor c = colors::forProtocol(send.layer);
        QString label =
            send.layer == "ike"
                ? send.str("exchange") + (send.obj.value("response").toBool() ? " resp" : " req")
                : QString("%1 sn %2").arg(send.layer.toUpper()).arg(send.integer("sn"));
        const QFontMetrics fm(small);
        const QRectF box(pos.x() - fm.horizontalAdvance(label) / 2 - 6,
                         pos.y() - 11,
                         fm.horizontalAdvance(label) + 12,
                         22);
        p.setPen(QPen(current ? colors::text() : c.darker(130), current ? 2 : 1));
        p.setBrush(current ? colors::highlight() : c.lighter(150));
        p.drawRoundedRect(box, 6, 6);
        p.setFont(small);
        p.setPen(colors::text());
        p.drawText(box, Qt::AlignCenter, label);
    };
    for (int s : packetsInFlight())
    {
        const Event& send = m->at(s);
        const Event& recv = m->at(m->receiverOf(s));
        const double span = recv.t - send.t;
        double frac = span > 0 ? (now - send.t) / span : 0.5;
        frac = qBound(0.12, frac, 0.88);
        drawPacket(send, frac, s == i);
    }
    if (cur.isPacket())
    {
        const int s = (cur.kind == "encap" || cur.kind == "message-sent") ? i : m->senderOf(i);
        if (s >= 0 && s != i)
            drawPacket(m->at(s), 0.88, true);
    }

    // nodes
    QFont bold = font();
    bold.setBold(true);
    for (int n = 0; n < m_nodes.size(); ++n)
    {
        const Node& nd = m_nodes[n];
        const QPointF c = at(n);
        const bool active = cur.nodeLabel() == nd.name;
        p.setPen(QPen(active ? colors::text() : QColor(0x55, 0x5d, 0x6b), active ? 3 : 1.5));
        const bool small2 = nd.host || nd.role == "host" || nd.role == "lan";
        const QColor fill = active ? colors::highlight() : roleColor(nd.role);
        p.setBrush(fill);
        if (nd.role == "lan")
            p.drawRoundedRect(QRectF(c.x() - 34, c.y() - 7, 68, 14), 7, 7);
        else if (small2)
            p.drawRoundedRect(QRectF(c.x() - 16, c.y() - 12, 32, 24), 4, 4);
        else if (nd.role == "nat" || nd.role == "router")
            p.drawRect(QRectF(c.x() - 22, c.y() - 18, 44, 36));
        else if (nd.role == "attacker" || nd.role == "eavesdropper")
        {
            QPolygonF tri;
            tri << c + QPointF(0, -26) << c + QPointF(24, 16) << c + QPointF(-24, 16);
            p.drawPolygon(tri);
        }
        else
            p.drawEllipse(c, 24, 24);
        p.setFont(bold);
        p.setPen(nd.role == "attacker" ? colors::drop() : colors::text());
        const QString name = nd.host ? QString("host") : nd.name;
        const int below = nd.role == "lan" ? 8 : small2 ? 14 : 26;
        p.drawText(
            QRectF(c.x() - 80, c.y() + below, 160, 18), Qt::AlignHCenter | Qt::AlignTop, name);
        p.setFont(small);
        p.setPen(colors::muted());
        QStringList sub = nd.role == "lan" ? QStringList() : nd.addresses.mid(0, 3);
        if (nd.role == "nat")
            sub.prepend("NAT");
        p.drawText(QRectF(c.x() - 90, c.y() + below + 17, 180, 54),
                   Qt::AlignHCenter | Qt::AlignTop,
                   sub.join('\n'));
    }
    // drop marker
    if (cur.isDrop())
    {
        const int n = nodeIndex(cur.nodeLabel());
        if (n >= 0)
        {
            const QPointF c = at(n) + QPointF(26, -26);
            p.setPen(QPen(colors::drop(), 4));
            p.drawLine(c + QPointF(-8, -8), c + QPointF(8, 8));
            p.drawLine(c + QPointF(-8, 8), c + QPointF(8, -8));
            p.setFont(bold);
            p.drawText(QPointF(c.x() + 12, c.y() + 5), "drop: " + cur.str("reason"));
        }
    }
    if (cur.layer == "attacker")
    {
        p.setFont(bold);
        p.setPen(colors::drop());
        QString what = cur.kind == "tamper"
                           ? QString("attacker on the wire changed octet %1: %2 → %3")
                                 .arg(cur.integer("offset"))
                                 .arg(cur.integer("before"))
                                 .arg(cur.integer("after"))
                           : QString("attacker %1: spi %2 sn %3")
                                 .arg(cur.kind, spiHex(cur.integer("spi")))
                                 .arg(cur.integer("sn"));
        p.drawText(QRectF(0, top + 4, width(), 20), Qt::AlignCenter, what);
    }
    else if (cur.layer == "scenario" && cur.kind == "step")
    {
        p.setFont(bold);
        p.setPen(colors::text());
        p.drawText(QRectF(12, top + 4, width() - 24, 20),
                   Qt::AlignLeft,
                   QString("Step %1: %2").arg(cur.integer("number")).arg(cur.str("title")));
    }

    // legend
    p.setFont(small);
    int x = 12;
    const int y = height() - legendH + 4;
    auto item = [&](const QColor& c, const QString& s)
    {
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawRoundedRect(QRectF(x, y + 3, 14, 12), 3, 3);
        p.setPen(colors::text());
        p.drawText(QPointF(x + 18, y + 14), s);
        x += 26 + QFontMetrics(small).horizontalAdvance(s);
    };
    item(colors::esp(), "ESP SA / packet");
    item(colors::ah(), "AH SA / packet");
    item(colors::ike(), "IKE message");
    item(colors::highlight(), "current event");
    item(colors::drop(), "drop");
    p.setPen(colors::muted());
    p.drawText(QPointF(x + 10, y + 14),
               QString("%1 SAs active, %2 packets in flight")
                   .arg(activeSpis().size())
                   .arg(packetsInFlight().size()));
}

} // namespace viz
