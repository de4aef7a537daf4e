#include "replay-view.h"

#include <QJsonObject>
#include <QMap>
#include <QPainter>

namespace viz
{

QString
ReplayView::fateName(Fate f)
{
    switch (f)
    {
    case Fate::Accepted:
        return "accepted";
    case Fate::Duplicate:
        return "duplicate (replayed)";
    case Fate::TooOld:
        return "too old";
    case Fate::IcvFailed:
        return "ICV failed";
    default:
        return "checking…";
    }
}

static QColor
fateColor(ReplayView::Fate f)
{
    switch (f)
    {
    case ReplayView::Fate::Accepted:
        return colors::accepted();
    case ReplayView::Fate::Duplicate:
        return colors::drop();
    case ReplayView::Fate::TooOld:
        return QColor(0x9b, 0x4d, 0xca);
    case ReplayView::Fate::IcvFailed:
        return colors::ah();
    default:
        return colors::muted();
    }
}

void
ReplayView::attach(TimeCursor* cursor)
{
    View::attach(cursor);
    m_decider.clear();
    m_fate.clear();
    const EventModel* m = model();
    for (const Event& c : m->events())
    {
        if (c.lk() != "replay/check")
            continue;
        const QString v = c.str("verdict");
        if (v == "replayed" || v == "too-old")
        {
            m_fate.insert(c.index, v == "replayed" ? Fate::Duplicate : Fate::TooOld);
            m_decider.insert(c.index, c.index);
            continue;
        }
        const qint64 spi = c.integer("spi"), sn = c.integer("sn");
        for (int j = c.index + 1; j < m->size() && j < c.index + 50; ++j)
        {
            const Event& e = m->at(j);
            if (e.integer("spi") != spi || e.nodeLabel() != c.nodeLabel())
                continue;
            if (e.lk() == "replay/update" && e.integer("sn") == sn)
            {
                m_fate.insert(c.index, Fate::Accepted);
                m_decider.insert(c.index, j);
                break;
            }
            if ((e.kind == "decap" && !e.obj.value("icv_ok").toBool(true)) ||
                (e.kind == "drop" && e.str("reason") == "icv-failure"))
            {
                m_fate.insert(c.index, Fate::IcvFailed);
                m_decider.insert(c.index, j);
                break;
            }
            if (e.lk() == "replay/check")
                break; // the next packet of this SA: this one's fate is not in the stream
        }
    }
    update();
}

ReplayView::Fate
ReplayView::fateOf(int check, int at) const
{
    if (!m_fate.contains(check) || m_decider.value(check) > at)
        return Fate::Pending;
    return m_fate.value(check);
}

int
ReplayView::shownEvent() const
{
    const EventModel* m = model();
    if (!m)
        return -1;
    const Filter& f = cursor()->filter();
    for (int i = index(); i >= 0; --i)
        if (m->at(i).layer == "replay" && f.matches(m->at(i)))
            return i;
    return -1;
}

static QJsonObject
shownWindow(const Event& e)
{
    return (e.kind == "update" ? e.obj.value("after") : e.obj.value("before")).toObject();
}

QString
ReplayView::shownBitmap() const
{
    const int s = shownEvent();
    return s < 0 ? QString() : shownWindow(model()->at(s)).value("bitmap").toString();
}

qint64
ReplayView::shownTop() const
{
    const int s = shownEvent();
    return s < 0 ? -1 : jsonInteger(shownWindow(model()->at(s)).value("window_top"), 0);
}

int
ReplayView::shownSize() const
{
    const int s = shownEvent();
    return s < 0 ? 0 : shownWindow(model()->at(s)).value("window_size").toInt();
}

void
ReplayView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), colors::background());
    if (!model())
        return;
    const int top = paintHeader(p);
    const int s = shownEvent();
    if (s < 0)
    {
        p.setPen(colors::muted());
        p.drawText(
            rect().adjusted(0, top, 0, 0),
            Qt::AlignCenter,
            "No replay-window event yet (replay/check is emitted for inbound SAs with a window).");
        return;
    }
    const Event& e = model()->at(s);
    const int i = index();
    QFont bold = font();
    bold.setBold(true);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    QFont big = bold;
    big.setPointSizeF(font().pointSizeF() * 1.3);

    const QJsonObject win = shownWindow(e);
    const QString bitmap = win.value("bitmap").toString();
    const qint64 wtop = jsonInteger(win.value("window_top"), 0);
    const int size = qMax(1, win.value("window_size").toInt());
    const qint64 sn = e.integer("sn");
    const QString verdict = e.str("verdict");
    int checkIndex = s;
    if (e.kind == "update")
        for (int k = s - 1; k >= 0 && k > s - 10; --k)
            if (model()->at(k).lk() == "replay/check" &&
                model()->at(k).integer("spi") == e.integer("spi"))
            {
                checkIndex = k;
                break;
            }
    const Fate fate = fateOf(checkIndex, i);

    int y = top + 6;
    p.setFont(bold);
    p.setPen(colors::text());
    p.drawText(QRect(12, y, width() - 24, 20),
               Qt::AlignLeft | Qt::AlignVCenter,
               QString("%1 on %2   window %3 packets   right edge (window_top) = %4")
                   .arg(e.saLabel(), e.nodeLabel())
                   .arg(size)
                   .arg(wtop));
    y += 26;
    p.setFont(big);
    p.setPen(fateColor(fate));
    const QString headline =
        e.kind == "check"
            ? QString("SN %1 arrives: check says %2 → %3").arg(sn).arg(verdict, fateName(fate))
            : QString("SN %1 passed the ICV check: window updated → %2")
                  .arg(sn)
                  .arg(fateName(fate));
    p.drawText(QRect(12, y, width() - 24, 26), Qt::AlignLeft | Qt::AlignVCenter, headline);
    y += 40;

    // the bitmap: oldest on the left, window_top at the right edge
    const int perRow = qMin(size, 64);
    const int rows = (size + perRow - 1) / perRow;
    const double margin = 70;
    const double cw = qMin(28.0, (width() - 2 * margin) / perRow);
    const double ch = qMin(34.0, cw * 1.3);
    const double gridW = cw * perRow;
    const double x0 = (width() - gridW) / 2;
    auto drawWindow = [&](const QString& bm,
                          qint64 topSn,
                          double yy,
                          bool marker,
                          const QString& caption,
                          bool afterUpdate)
    {
        p.setFont(small);
        p.setPen(colors::muted());
        p.drawText(QRectF(x0, yy - 16, gridW, 14), Qt::AlignLeft, caption);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < perRow; ++c)
            {
                // row 0 holds the newest perRow numbers; the rightmost cell is window_top -
                // r*perRow
                const int bit = r * perRow + (perRow - 1 - c);
                if (bit >= size)
                    continue;
                const QRectF cell(x0 + c * cw, yy + r * (ch + 4), cw - 2, ch);
                const bool set = bit < bm.size() && bm[bit] == '1';
                const qint64 cellSn = topSn - bit;
                const bool isArrival = marker && cellSn == sn;
                p.setPen(QPen(isArrival ? colors::text() : QColor(0xa8, 0xae, 0xb8),
                              isArrival ? 2.5 : 1));
                p.setBrush(cellSn < 1 ? QColor(0xf2, 0xf2, 0xf2)
                           : set      ? colors::accepted()
                                      : Qt::white);
                p.drawRoundedRect(cell, 3, 3);
                if (cw >= 18 && cellSn >= 1 && (bit % 8 == 0 || isArrival))
                {
                    p.setPen(set ? Qt::white : colors::muted());
                    p.drawText(cell, Qt::AlignCenter, QString::number(cellSn % 1000));
                }
            }
        // right edge
        p.setPen(QPen(colors::ike(), 3));
        p.drawLine(QPointF(x0 + gridW + 1, yy - 6),
                   QPointF(x0 + gridW + 1, yy + rows * (ch + 4) + 2));
        p.setFont(small);
        p.setPen(colors::ike());
        p.drawText(QPointF(x0 + gridW + 6, yy + ch / 2 + 4), QString("top %1").arg(topSn));
        p.setPen(colors::muted());
        p.drawText(QRectF(x0 - margin, yy, margin - 6, ch),
                   Qt::AlignRight | Qt::AlignVCenter,
                   QString("%1").arg(qMax<qint64>(topSn - size + 1, 1)));
        if (marker)
        {
            // where the arriving number falls: inside, beyond the right edge, or left of the window
            double mx;
            QString note;
            if (sn > topSn)
            {
                mx = x0 + gridW + 18;
                note = QString("SN %1 > top: new, the window slides right by %2")
                           .arg(sn)
                           .arg(sn - topSn);
            }
            else if (sn <= topSn - size)
            {
                mx = x0 - 18;
                note = QString("SN %1 ≤ top − size: left of the window, too old").arg(sn);
            }
            else
            {
                const int bit = int(topSn - sn);
                mx = x0 + (perRow - 1 - bit % perRow) * cw + cw / 2;
                if (afterUpdate)
                    note =
                        QString("bit %1 now set: SN %2 is recorded as received").arg(bit).arg(sn);
                else
                    note = bit < bm.size() && bm[bit] == '1'
                               ? QString("bit %1 already set: a duplicate").arg(bit)
                               : QString("bit %1 clear: not seen yet").arg(bit);
            }
            p.setPen(QPen(colors::text(), 2));
            p.setBrush(colors::highlight());
            const double my = yy + rows * (ch + 4) + 4;
            QPolygonF tri;
            tri << QPointF(mx, my) << QPointF(mx - 7, my + 12) << QPointF(mx + 7, my + 12);
            p.drawPolygon(tri);
            p.setFont(bold);
            const double nx = qBound(4.0, mx - 300, width() - 604.0);
            p.drawText(QRectF(nx, my + 14, 600, 18), Qt::AlignCenter, note);
        }
        return rows * (ch + 4);
    };
    if (e.kind == "update")
    {
        const QJsonObject before = e.obj.value("before").toObject();
        y += drawWindow(before.value("bitmap").toString(),
                        jsonInteger(before.value("window_top"), 0),
                        y + 4,
                        false,
                        "before (replay/update.before)",
                        false) +
             30;
        y += drawWindow(
                 bitmap,
                 wtop,
                 y,
                 true,
                 "after: bit for SN set, right edge moved if SN was new (replay/update.after)",
                 true) +
             46;
    }
    else
        y += drawWindow(bitmap,
                        wtop,
                        y + 4,
                        true,
                        "window when the packet arrived (replay/check.before)",
                        false) +
             50;

    // history of arrivals on this SA
    p.setFont(bold);
    p.setPen(colors::text());
    p.drawText(QRect(12, y, width() - 24, 20),
               Qt::AlignLeft | Qt::AlignVCenter,
               "Arrivals on this SA (newest last)");
    y += 24;
    QVector<int> checks;
    for (int k = 0; k <= i; ++k)
    {
        const Event& c = model()->at(k);
        if (c.lk() == "replay/check" && c.integer("spi") == e.integer("spi") &&
            c.nodeLabel() == e.nodeLabel())
            checks << k;
    }
    const int rowsFit = qMax(1, (height() - y - 8) / 22);
    const int perCol = rowsFit;
    const int cols = 3;
    const int firstShown = qMax(0, int(checks.size()) - perCol * cols);
    const double colW = (width() - 24) / double(cols);
    QMap<Fate, int> count;
    for (int k : checks)
        count[fateOf(k, i)]++;
    for (int n = firstShown; n < checks.size(); ++n)
    {
        const int slot = n - firstShown;
        const double x = 12 + (slot / perCol) * colW;
        const double yy = y + (slot % perCol) * 22;
        const Event& c = model()->at(checks[n]);
        const Fate f = fateOf(checks[n], i);
        const bool current = checks[n] == checkIndex;
        if (current)
        {
            p.setPen(Qt::NoPen);
            p.setBrush(colors::highlight());
            p.drawRoundedRect(QRectF(x - 4, yy, colW - 8, 21), 4, 4);
        }
        p.setBrush(fateColor(f));
        p.setPen(Qt::NoPen);
        p.drawEllipse(QPointF(x + 6, yy + 11), 5, 5);
        p.setFont(font());
        p.setPen(colors::text());
        p.drawText(QRectF(x + 16, yy, colW - 24, 21),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   QString("#%1  t=%2  SN %3  %4")
                       .arg(c.index)
                       .arg(c.t, 0, 'f', 4)
                       .arg(c.integer("sn"))
                       .arg(fateName(f)));
    }
    // counts
    p.setFont(small);
    p.setPen(colors::muted());
    p.drawText(QRect(12, height() - 20, width() - 24, 18),
               Qt::AlignRight | Qt::AlignVCenter,
               QString("so far on this SA: %1 accepted, %2 duplicates, %3 too old, %4 ICV failed")
                   .arg(count.value(Fate::Accepted))
                   .arg(count.value(Fate::Duplicate))
                   .arg(count.value(Fate::TooOld))
                   .arg(count.value(Fate::IcvFailed)));
}

} // namespace viz
