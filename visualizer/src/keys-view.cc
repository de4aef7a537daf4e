#include "keys-view.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace viz
{

static bool
isKeyEvent(const Event& e)
{
    return e.layer == "ike" && (e.kind == "key-derived" || e.kind == "dh");
}

int
KeysView::anchorEvent() const
{
    const EventModel* m = model();
    if (!m)
        return -1;
    const Filter& f = cursor()->filter();
    for (int i = index(); i >= 0; --i)
        if (isKeyEvent(m->at(i)) && (f.node.isEmpty() || m->at(i).nodeLabel() == f.node))
            return i;
    for (int i = index() + 1; i < m->size(); ++i) // before any key: show the first IKE SA to come
        if (isKeyEvent(m->at(i)) && (f.node.isEmpty() || m->at(i).nodeLabel() == f.node))
            return i;
    return -1;
}

QString
KeysView::shownSpiI() const
{
    const int a = anchorEvent();
    return a < 0 ? QString() : model()->at(a).str("spi_i");
}

QString
KeysView::shownNode() const
{
    const int a = anchorEvent();
    return a < 0 ? QString() : model()->at(a).nodeLabel();
}

QHash<QString, int>
KeysView::derivations() const
{
    QHash<QString, int> d;
    const int a = anchorEvent();
    if (a < 0)
        return d;
    const QString spi = shownSpiI(), node = shownNode();
    for (const Event& e : model()->events())
    {
        if (e.layer != "ike" || e.nodeLabel() != node || e.str("spi_i") != spi)
            continue;
        const QString name = e.kind == "dh"            ? QString("DH")
                             : e.kind == "key-derived" ? e.str("name")
                                                       : QString();
        if (name.isEmpty())
            continue;
        // first derivation of each name; KEYMAT: the latest at or before the cursor
        if (!d.contains(name) || (name == "KEYMAT" && e.index <= qMax(index(), a)))
            d.insert(name, e.index);
    }
    return d;
}

QVector<int>
KeysView::childInstalls() const
{
    QVector<int> out;
    const int km = derivations().value("KEYMAT", -1);
    if (km < 0)
        return out;
    const QString node = shownNode();
    // The Child SA keyed from this KEYMAT: ike/child-sa-installed after it names its SPIs; the
    // pair's sad/install events are the ones of this node with those SPIs nearest to it.
    int child = -1;
    for (int k = km + 1; k < model()->size() && child < 0; ++k)
    {
        const Event& e = model()->at(k);
        if (e.nodeLabel() != node || e.layer != "ike")
            continue;
        if (e.kind == "key-derived" && e.str("name") == "KEYMAT")
            break;
        if (e.kind == "child-sa-installed")
            child = k;
    }
    if (child < 0)
        return out;
    const Event& c = model()->at(child);
    for (const auto& [spi, direction] : {qMakePair(c.integer("spi_in"), QString("inbound")),
                                         qMakePair(c.integer("spi_out"), QString("outbound"))})
    {
        int best = -1;
        for (const SaLife& l : model()->saLives())
            if (l.node == node && l.spi == spi && l.direction == direction &&
                (best < 0 || qAbs(l.installIndex - child) < qAbs(best - child)))
                best = l.installIndex;
        if (best >= 0)
            out << best;
    }
    std::sort(out.begin(), out.end());
    return out;
}

QVector<int>
KeysView::installedChildKeys() const
{
    QVector<int> out;
    for (int k : childInstalls())
        if (k <= index())
            out << k;
    return out;
}

void
KeysView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), colors::background());
    if (!model())
        return;
    const int top = paintHeader(p);
    const QHash<QString, int> d = derivations();
    if (d.isEmpty())
    {
        p.setPen(colors::muted());
        p.drawText(
            rect().adjusted(0, top, 0, 0),
            Qt::AlignCenter,
            "No IKE key derivation in this run (manually keyed SAs: keys are in sad/install).");
        return;
    }
    const int i = index();
    const QString node = shownNode(), spi = shownSpiI();
    QFont bold = font();
    bold.setBold(true);
    QFont mono("Monospace");
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPointSizeF(font().pointSizeF() * 0.85);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.88);

    p.setFont(bold);
    p.setPen(colors::text());
    const bool rekeyed = !d.contains("DH") && d.contains("SKEYSEED");
    p.drawText(QRect(12, top + 2, width() - 24, 20),
               Qt::AlignLeft | Qt::AlignVCenter,
               QString("IKE SA %1 as derived by %2%3")
                   .arg(spi,
                        node,
                        rekeyed
                            ? "  (a rekeyed IKE SA: SKEYSEED = prf(SK_d old, g^ir new | Ni | Nr))"
                            : ""));

    auto box = [&](const QRectF& r,
                   const QString& name,
                   const QString& formula,
                   int ev,
                   const QColor& base)
    {
        const bool known = ev >= 0 && ev <= i;
        const bool current = ev == i;
        QColor fill = known ? base.lighter(165) : QColor(0xee, 0xef, 0xf2);
        if (current)
            fill = colors::highlight();
        p.setPen(QPen(known ? base.darker(130) : colors::muted(),
                      current ? 3 : 1.5,
                      known ? Qt::SolidLine : Qt::DashLine));
        p.setBrush(fill);
        p.drawRoundedRect(r, 7, 7);
        p.setFont(bold);
        p.setPen(colors::text());
        p.drawText(r.adjusted(6, 4, -6, 0), Qt::AlignHCenter | Qt::AlignTop, name);
        p.setFont(small);
        p.setPen(QColor(0x45, 0x4b, 0x56));
        if (!formula.isEmpty())
            p.drawText(r.adjusted(6, 22, -6, 0), Qt::AlignHCenter | Qt::AlignTop, formula);
        p.setFont(mono);
        QString value;
        if (ev < 0)
            value = "(not derived)";
        else if (!known)
            value = QString("(at event #%1)").arg(ev);
        else
        {
            const Event& e = model()->at(ev);
            value = e.kind == "dh" ? e.str("shared_secret") : e.str("value");
            if (value.isEmpty())
                value = "(empty: AEAD, no SK_a)";
        }
        const int perLine =
            qMax(8, int((r.width() - 12) / QFontMetrics(mono).horizontalAdvance("00")));
        QStringList lines;
        for (int k = 0; k < value.size() && lines.size() < 3; k += perLine * 2 - (perLine % 2) * 2)
            lines << value.mid(k, perLine * 2 - (perLine % 2) * 2);
        if (value.size() > 0 && lines.join("").size() < value.size() && !value.startsWith("("))
            lines.last() = lines.last().left(lines.last().size() - 1) + "…";
        if (value.startsWith("("))
            lines = QStringList{value};
        p.drawText(r.adjusted(6, formula.isEmpty() ? 24 : 40, -6, -2),
                   Qt::AlignHCenter | Qt::AlignTop,
                   lines.join('\n'));
    };
    auto arrow = [&](QPointF a, QPointF b, const QColor& c)
    {
        p.setPen(QPen(c, 2));
        p.drawLine(a, b);
        QPointF dir = b - a;
        const double len = qMax(1.0, std::hypot(dir.x(), dir.y()));
        dir /= len;
        const QPointF n(-dir.y(), dir.x());
        QPainterPath h;
        h.moveTo(b);
        h.lineTo(b - dir * 10 + n * 5);
        h.lineTo(b - dir * 10 - n * 5);
        h.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPath(h);
    };

    const double W = width() - 24;
    const QColor dhC(0x2f, 0x6f, 0xd6), seedC(0x9b, 0x4d, 0xca), skC(0x2e, 0x9d, 0x5b),
        kmC(0xe0, 0x8a, 0x1e);
    double y = top + 30;

    // DH row: both peers' public values and the shared secret
    const int dhEv = d.value("DH", -1);
    if (!rekeyed)
    {
        QStringList pubs;
        QString peerNode;
        bool same = true;
        QString secret;
        for (const Event& e : model()->events())
            if (e.layer == "ike" && e.kind == "dh" && e.str("spi_i") == spi && e.index <= i)
            {
                pubs << QString("%1 public (%2): %3")
                            .arg(
                                e.nodeLabel(), e.str("group"), shortHex(e.str("public_local"), 24));
                if (!secret.isEmpty() && secret != e.str("shared_secret"))
                    same = false;
                secret = e.str("shared_secret");
            }
        const QRectF pubBox(12, y, W * 0.58, 84);
        p.setPen(QPen(dhC.darker(120), 1.5));
        p.setBrush(dhC.lighter(175));
        p.drawRoundedRect(pubBox, 7, 7);
        p.setFont(bold);
        p.setPen(colors::text());
        p.drawText(pubBox.adjusted(8, 4, -8, 0),
                   Qt::AlignLeft | Qt::AlignTop,
                   "Diffie-Hellman (KE payloads of IKE_SA_INIT)");
        p.setFont(mono);
        p.drawText(pubBox.adjusted(8, 24, -8, 0),
                   Qt::AlignLeft | Qt::AlignTop,
                   pubs.isEmpty() ? QString("(not yet: at event #%1)").arg(dhEv) : pubs.join('\n'));
        if (pubs.size() >= 2)
        {
            p.setFont(small);
            p.setPen(same ? colors::accepted().darker(130) : colors::drop());
            p.drawText(pubBox.adjusted(8, 0, -8, -4),
                       Qt::AlignLeft | Qt::AlignBottom,
                       same ? "both peers computed the same shared secret g^ir ✓"
                            : "the peers' shared secrets DIFFER ✗");
        }
        box(QRectF(24 + W * 0.58, y, W * 0.42 - 12, 84), "shared secret g^ir", "", dhEv, dhC);
        arrow(QPointF(12 + W * 0.79, y + 84), QPointF(12 + W * 0.5, y + 110), dhC);
        y += 112;
    }
    // SKEYSEED
    const QRectF seed(12 + W * 0.25, y, W * 0.5, 82);
    box(seed,
        "SKEYSEED",
        rekeyed ? "prf(SK_d (old), g^ir (new) | Ni | Nr)" : "prf(Ni | Nr, g^ir)",
        d.value("SKEYSEED", -1),
        seedC);
    y += 82;
    // SK_* row
    const QStringList sks = {"SK_d", "SK_ai", "SK_ar", "SK_ei", "SK_er", "SK_pi", "SK_pr"};
    const double bw = (W - 6 * 8) / 7.0;
    const double skY = y + 40;

    static const QHash<QString, QString> role = {{"SK_d", "derives Child keys"},
                                                 {"SK_ai", "integrity I→R"},
                                                 {"SK_ar", "integrity R→I"},
                                                 {"SK_ei", "encryption I→R"},
                                                 {"SK_er", "encryption R→I"},
                                                 {"SK_pi", "AUTH of I"},
                                                 {"SK_pr", "AUTH of R"}};
    for (int k = 0; k < sks.size(); ++k)
    {
        const QRectF r(12 + k * (bw + 8), skY, bw, 96);
        arrow(QPointF(seed.center().x(), seed.bottom()),
              QPointF(r.center().x(), r.top()),
              seedC.lighter(120));
        box(r, sks[k], role.value(sks[k]), d.value(sks[k], -1), skC);
    }
    {
        p.setFont(small);
        const QString f = "{SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, "
                          "Ni | Nr | SPIi | SPIr)";
        const double fw = QFontMetrics(small).horizontalAdvance(f) + 16;
        const QRectF fr(12 + (W - fw) / 2, y + 10, fw, 18);
        p.setPen(Qt::NoPen);
        p.setBrush(colors::background());
        p.drawRoundedRect(fr, 4, 4);
        p.setPen(QColor(0x45, 0x4b, 0x56));
        p.drawText(fr, Qt::AlignCenter, f);
    }
    y = skY + 96;
    // KEYMAT and the Child SA keys
    const int km = d.value("KEYMAT", -1);
    const QRectF kmBox(12, y + 44, W * 0.45, 96);
    arrow(QPointF(12 + bw / 2, y), QPointF(kmBox.left() + 40, kmBox.top()), skC);
    p.setFont(small);
    p.setPen(colors::muted());
    p.drawText(QRectF(12 + bw, y + 8, W * 0.6, 18),
               Qt::AlignLeft,
               "KEYMAT = prf+(SK_d, [g^ir (PFS) |] Ni | Nr)   (per Child SA)");
    box(kmBox, "KEYMAT", "Child SA keying material", km, kmC);
    // Child SAs installed from it on this node, right after the KEYMAT event
    if (km >= 0)
    {
        QStringList installs;
        const QVector<int> all = childInstalls();
        for (int k : all)
        {
            const Event& e = model()->at(k);
            if (k > i)
            {
                installs << QString("%1 %2 %3\n  (installed at event #%4)")
                                .arg(e.str("direction"),
                                     e.str("protocol").toUpper(),
                                     spiHex(e.integer("spi")))
                                .arg(k);
                continue;
            }
            installs << QString("%1 %2 %3\n  enc %4%5")
                            .arg(e.str("direction"),
                                 e.str("protocol").toUpper(),
                                 spiHex(e.integer("spi")),
                                 shortHex(e.str("encryption_key"), 20),
                                 e.str("integrity_key").isEmpty()
                                     ? QString()
                                     : "\n  int " + shortHex(e.str("integrity_key"), 20));
        }
        const QRectF sa(24 + W * 0.45 + 30, y + 44, W * 0.55 - 42, 96);
        arrow(QPointF(kmBox.right(), kmBox.center().y()), QPointF(sa.left(), sa.center().y()), kmC);
        const bool known = !installedChildKeys().isEmpty();
        p.setPen(QPen(
            known ? kmC.darker(130) : colors::muted(), 1.5, known ? Qt::SolidLine : Qt::DashLine));
        p.setBrush(known ? kmC.lighter(175) : QColor(0xee, 0xef, 0xf2));
        p.drawRoundedRect(sa, 7, 7);
        p.setFont(bold);
        p.setPen(colors::text());
        p.drawText(sa.adjusted(8, 4, -8, 0),
                   Qt::AlignLeft | Qt::AlignTop,
                   "Child SA keys (sad/install): split of KEYMAT");
        p.setFont(mono);
        p.drawText(sa.adjusted(8, 22, -8, 0),
                   Qt::AlignLeft | Qt::AlignTop,
                   installs.isEmpty() ? "(none installed here)" : installs.mid(0, 2).join('\n'));
    }
}

} // namespace viz
