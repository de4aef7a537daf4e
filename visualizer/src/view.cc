#include "view.h"

#include <QPainter>

namespace viz
{

void
View::attach(TimeCursor* cursor)
{
    m_cursor = cursor;
    connect(cursor, &TimeCursor::indexChanged, this, [this] { refresh(); });
    connect(cursor, &TimeCursor::filterChanged, this, [this] { refresh(); });
    refresh();
}

int
View::paintHeader(QPainter& p, const QString& subtitle) const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    f.setBold(true);
    p.setFont(f);
    p.setPen(colors::text());
    const int h = QFontMetrics(f).height();
    p.drawText(QRect(12, 6, width() - 24, h), Qt::AlignLeft | Qt::AlignVCenter, title());
    QFont g = font();
    p.setFont(g);
    p.setPen(colors::muted());
    QString line;
    if (model() && index() >= 0 && index() < model()->size())
        line = model()->at(index()).oneLine();
    if (!subtitle.isEmpty())
        line = subtitle;
    p.drawText(QRect(12, 6 + h, width() - 24, QFontMetrics(g).height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetrics(g).elidedText(line, Qt::ElideRight, width() - 24));
    p.setFont(font());
    return 10 + h + QFontMetrics(g).height();
}

namespace colors
{
QColor
forProtocol(const QString& s)
{
    if (s == "esp")
        return esp();
    if (s == "ah")
        return ah();
    if (s == "ike")
        return ike();
    return muted();
}

QColor
series(int i)
{
    static const QColor c[] = {QColor(0x2f, 0x6f, 0xd6),
                               QColor(0x2e, 0x9d, 0x5b),
                               QColor(0xe0, 0x8a, 0x1e),
                               QColor(0x9b, 0x4d, 0xca),
                               QColor(0xd6, 0x33, 0x3a),
                               QColor(0x17, 0xa2, 0xb8),
                               QColor(0x8c, 0x6d, 0x31),
                               QColor(0xe8, 0x5d, 0x9c),
                               QColor(0x5c, 0x6b, 0x7a),
                               QColor(0x7a, 0xb8, 0x2c)};
    return c[((i % 10) + 10) % 10];
}
} // namespace colors

} // namespace viz
