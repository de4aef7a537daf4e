#include "sequence-view.h"

#include <QJsonArray>
#include <QPainter>
#include <QPainterPath>

namespace viz
{

QString
SequenceView::phaseOf(const Event& e)
{
    const QString ex = e.str("exchange");
    if (ex == "IKE_SA_INIT" || ex == "IKE_AUTH")
        return "phase 1";
    if (ex == "CREATE_CHILD_SA")
    {
        const QJsonArray pl = e.obj.value("payloads").toArray();
        for (const QJsonValue& v : pl)
            if (v.toString().startsWith("TS"))
                return "phase 2";
        // a CREATE_CHILD_SA without traffic selectors rekeys the IKE SA (RFC 7296 1.3.2)
        return pl.isEmpty() ? "phase 2" : "IKE rekey";
    }
    return "informational";
}

static QColor
phaseColor(const QString& phase)
{
    if (phase == "phase 1")
        return QColor(0x2f, 0x6f, 0xd6);
    if (phase == "phase 2")
        return QColor(0x2e, 0x9d, 0x5b);
    if (phase == "IKE rekey")
        return QColor(0x9b, 0x4d, 0xca);
    return QColor(0x8a, 0x90, 0x9c);
}

void
SequenceView::attach(TimeCursor* cursor)
{
    View::attach(cursor);
    m_rows.clear();
    m_peers.clear();
    QSet<QString> sentKeys;
    for (const Event& e : model()->events())
    {
        if (e.layer != "ike")
            continue;
        if (e.kind == "message-sent" || e.kind == "message-received")
        {
            if (!m_peers.contains(e.nodeLabel()))
                m_peers << e.nodeLabel();
            if (e.kind == "message-received")
                continue;
            const QString key = QString("%1/%2/%3/%4/%5")
                                    .arg(e.nodeLabel(), e.str("spi_i"))
                                    .arg(e.integer("message_id"))
                                    .arg(e.obj.value("response").toBool())
                                    .arg(e.str("exchange"));
            Row r;
            r.event = e.index;
            r.message = true;
            r.retransmission = sentKeys.contains(key);
            sentKeys.insert(key);
            r.phase = phaseOf(e);
            if (e.str("exchange") == "IKE_AUTH")
                for (const QJsonValue& v : e.obj.value("payloads").toArray())
                    r.firstChild = r.firstChild || v.toString() == "TSi";
            m_rows << r;
        }
        else if (e.kind == "retransmit" || e.kind == "collision" || e.kind == "rekey-start")
            m_rows << Row{e.index, false, false, QString()};
    }
    update();
}

QVector<SequenceView::Band>
SequenceView::bands() const
{
    QVector<Band> out;
    auto run = [&](auto phaseOfRow)
    {
        QString open;
        for (int r = 0; r < m_rows.size(); ++r)
        {
            const QString ph = m_rows[r].message ? phaseOfRow(m_rows[r]) : QString();
            if (!ph.isEmpty() && ph == open)
                out.last().lastRow = r;
            else if (!ph.isEmpty())
                out << Band{ph, r, r};
            open = ph;
        }
    };
    run([](const Row& r) { return r.phase; });
    run([](const Row& r) { return r.firstChild ? QString("phase 2") : QString(); });
    return out;
}

int
SequenceView::highlightedMessage() const
{
    const int i = index();
    if (i < 0)
        return -1;
    const Event& e = model()->at(i);
    if (e.layer == "ike" && e.kind == "message-received" && model()->senderOf(i) >= 0)
        return model()->senderOf(i);
    int best = -1;
    for (const Row& r : m_rows)
        if (r.message && r.event <= i)
            best = r.event;
    return best;
}

void
SequenceView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), colors::background());
    if (!model())
        return;
    const int top = paintHeader(p) + 8;
    if (m_peers.isEmpty())
    {
        p.setPen(colors::muted());
        p.drawText(rect().adjusted(0, top, 0, 0),
                   Qt::AlignCenter,
                   "No IKE messages in this run (manually keyed SAs).");
        return;
    }
    const int i = index();
    const int hl = highlightedMessage();
    const int headH = 34, msgH = 46, noteH = 24, bandW = 92, childW = 24;
    const int left = bandW + childW + 40, right = width() - 60;
    QVector<int> colX;
    for (int c = 0; c < m_peers.size(); ++c)
        colX << (m_peers.size() == 1 ? (left + right) / 2
                                     : left + (right - left) * c / (m_peers.size() - 1));
    auto col = [&](const QString& n)
    {
        return m_peers.indexOf(n);
    };

    // rows that fit, scrolled so the highlighted one is visible
    int hlRow = 0;
    for (int r = 0; r < m_rows.size(); ++r)
        if (m_rows[r].event <= qMax(i, hl))
            hlRow = r;
    const int avail = height() - top - headH - 30;
    auto rowH = [&](int r)
    {
        return m_rows[r].message ? msgH : noteH;
    };
    int first = 0, used = 0;
    for (int r = hlRow; r >= 0;
         --r) // go back from the highlighted row while it fits (keep 2/3 above)
    {
        if (used + rowH(r) > avail * 2 / 3 && r != hlRow)
            break;
        used += rowH(r);
        first = r;
    }
    int total = 0;
    for (int r = 0; r < m_rows.size(); ++r)
        total += rowH(r);
    if (total <= avail)
        first = 0;

    // peer headers and lifelines
    QFont bold = font();
    bold.setBold(true);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.88);
    for (int c = 0; c < m_peers.size(); ++c)
    {
        QRectF box(colX[c] - 60, top, 120, headH - 6);
        p.setPen(QPen(colors::text(), 1.5));
        p.setBrush(QColor(0xdd, 0xe6, 0xf5));
        p.drawRoundedRect(box, 6, 6);
        p.setFont(bold);
        p.drawText(box, Qt::AlignCenter, m_peers[c]);
        p.setPen(QPen(colors::muted(), 1.5, Qt::DashLine));
        p.drawLine(QPointF(colX[c], top + headH - 6), QPointF(colX[c], height() - 24));
    }

    int y = top + headH;
    QString lastPhase;
    int phaseStart = y;
    auto closeBand = [&](int yEnd)
    {
        if (lastPhase.isEmpty() || yEnd <= phaseStart)
            return;
        QColor c = phaseColor(lastPhase);
        QRectF band(8, phaseStart + 2, bandW, yEnd - phaseStart - 4);
        QColor fill = c;
        fill.setAlpha(40);
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        p.drawRoundedRect(band, 5, 5);
        p.setPen(c.darker(120));
        p.setFont(bold);
        QString label = lastPhase == "phase 1"     ? "Phase 1\nIKE SA"
                        : lastPhase == "phase 2"   ? "Phase 2\nChild SA"
                        : lastPhase == "IKE rekey" ? "IKE SA\nrekey"
                                                   : "INFORM.";
        p.drawText(band, Qt::AlignCenter, label);
    };
    // the first Child SA's band (phase 2 inside IKE_AUTH), beside phase 1
    int childStart = -1;
    auto closeChild = [&](int yEnd)
    {
        if (childStart < 0 || yEnd <= childStart)
            return;
        const QColor c = phaseColor("phase 2");
        QColor fill = c;
        fill.setAlpha(60);
        const QRectF band(bandW + 12, childStart + 2, childW - 2, yEnd - childStart - 4);
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        p.drawRoundedRect(band, 5, 5);
        p.save();
        p.translate(band.center());
        p.rotate(-90);
        p.setPen(c.darker(130));
        p.setFont(small);
        p.drawText(QRectF(-band.height() / 2, -band.width() / 2, band.height(), band.width()),
                   Qt::AlignCenter,
                   QFontMetrics(small).elidedText("Phase 2", Qt::ElideRight, int(band.height())));
        p.restore();
        childStart = -1;
    };
    for (int r = first; r < m_rows.size(); ++r)
    {
        if (m_rows[r].firstChild && childStart < 0)
            childStart = y;
        else if (!m_rows[r].firstChild)
            closeChild(y);
        if (y + rowH(r) > height() - 24)
        {
            p.setPen(colors::muted());
            p.setFont(small);
            p.drawText(QRectF(0, height() - 22, width(), 20),
                       Qt::AlignCenter,
                       QString("… %1 more below").arg(m_rows.size() - r));
            break;
        }
        const Row& row = m_rows[r];
        const Event& e = model()->at(row.event);
        const bool future = row.event > i;
        if (row.message)
        {
            if (row.phase != lastPhase)
            {
                closeBand(y);
                lastPhase = row.phase;
                phaseStart = y;
            }
            const int a = col(e.nodeLabel());
            const int rcv = model()->receiverOf(row.event);
            int b =
                rcv >= 0 ? col(model()->at(rcv).nodeLabel()) : col(model()->ownerOf(e.str("peer")));
            if (b < 0)
                b = a == 0 ? 1 : 0;
            if (b >= m_peers.size())
                b = a;
            const bool highlighted = row.event == hl;
            const double x1 = colX[a], x2 = colX[b];
            const double yArrow = y + msgH - 14;
            if (highlighted)
            {
                p.setPen(Qt::NoPen);
                p.setBrush(colors::highlight());
                p.drawRoundedRect(
                    QRectF(bandW + childW + 14, y + 1, width() - bandW - childW - 22, msgH - 2),
                    6,
                    6);
            }
            QColor c = future ? QColor(0xc4, 0xc8, 0xd0) : phaseColor(row.phase);
            const bool lost = rcv < 0;
            Qt::PenStyle style = row.retransmission ? Qt::DashLine : Qt::SolidLine;
            p.setPen(QPen(c, highlighted ? 3 : 2, style));
            const double xEnd = lost ? (x1 + x2) / 2 : x2;
            p.drawLine(QPointF(x1, yArrow), QPointF(xEnd, yArrow));
            if (lost)
            {
                p.setPen(QPen(colors::drop(), 3));
                p.drawLine(QPointF(xEnd - 6, yArrow - 6), QPointF(xEnd + 6, yArrow + 6));
                p.drawLine(QPointF(xEnd - 6, yArrow + 6), QPointF(xEnd + 6, yArrow - 6));
            }
            else
            {
                const double dir = x2 > x1 ? -1 : 1;
                QPainterPath head;
                head.moveTo(x2, yArrow);
                head.lineTo(x2 + dir * 11, yArrow - 6);
                head.lineTo(x2 + dir * 11, yArrow + 6);
                head.closeSubpath();
                p.setPen(Qt::NoPen);
                p.setBrush(c);
                p.drawPath(head);
            }
            // labels
            QStringList pl;
            for (const QJsonValue& v : e.obj.value("payloads").toArray())
                pl << v.toString();
            const QString name = QString("%1 %2 #%3%4")
                                     .arg(e.str("exchange"),
                                          e.obj.value("response").toBool() ? "response" : "request")
                                     .arg(e.integer("message_id"))
                                     .arg(row.retransmission ? "  (retransmission)" : "");
            const QString when = QString("t=%1 s  [%2]").arg(e.t, 0, 'f', 4).arg(pl.join(' '));
            const double lx = qMin(x1, x2) + 10, lw = qAbs(x2 - x1) - 20;
            p.setFont(bold);
            p.setPen(future ? colors::muted() : colors::text());
            p.drawText(QRectF(lx, y + 2, lw, 16), Qt::AlignHCenter | Qt::AlignVCenter, name);
            p.setFont(small);
            p.setPen(future ? colors::muted() : QColor(0x45, 0x4b, 0x56));
            p.drawText(QRectF(lx, y + 17, lw, 14),
                       Qt::AlignHCenter | Qt::AlignVCenter,
                       QFontMetrics(small).elidedText(when, Qt::ElideRight, int(lw)));
            y += msgH;
        }
        else
        {
            closeBand(y);
            lastPhase.clear();
            phaseStart = y;
            const int a = col(e.nodeLabel());
            QString text;
            QColor c = colors::muted();
            if (e.kind == "retransmit")
            {
                text = QString("⟳ %1 retransmits %2 #%3 (attempt %4)")
                           .arg(e.nodeLabel(), e.str("exchange"))
                           .arg(e.integer("message_id"))
                           .arg(e.integer("attempt"));
                c = colors::ah();
            }
            else if (e.kind == "collision")
            {
                text = QString("⚡ %1 rekey collision (%2)%3")
                           .arg(e.nodeLabel(),
                                e.str("what"),
                                e.has("deleted_here")
                                    ? (e.obj.value("deleted_here").toBool()
                                           ? QString(": closes the redundant SA it made")
                                           : QString(": keeps its SA"))
                                    : QString());
                c = colors::drop();
            }
            else
                text = QString("%1 starts a%2 rekey")
                           .arg(e.nodeLabel(), e.str("what") == "ike" ? "n IKE SA" : " Child SA");
            if (future)
                c = QColor(0xc4, 0xc8, 0xd0);
            p.setFont(small);
            p.setPen(c);
            const double x = a >= 0 ? colX[a] : left;
            p.setBrush(c);
            p.drawEllipse(QPointF(x, y + noteH / 2.0), 4, 4);
            const bool leftSide = a == m_peers.size() - 1 && m_peers.size() > 1;
            QRectF tr = leftSide ? QRectF(x - 410, y, 400, noteH) : QRectF(x + 10, y, 400, noteH);
            p.drawText(tr, (leftSide ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, text);
            y += noteH;
        }
    }
    closeBand(y);
    closeChild(y);
}

} // namespace viz
