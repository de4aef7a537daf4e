#include "narration-view.h"

#include <QMouseEvent>
#include <QPainter>

namespace viz
{

int
NarrationView::currentSentence() const
{
    return model() ? model()->narrationAt(index()) : -1;
}

void
NarrationView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), colors::background());
    m_drawn.clear();
    if (!model())
        return;
    const int top = paintHeader(p) + 6;
    const QVector<Narration>& all = model()->narration();
    if (all.isEmpty())
    {
        p.setPen(colors::muted());
        p.drawText(rect().adjusted(12, top, -12, 0),
                   Qt::AlignCenter | Qt::TextWordWrap,
                   "No narration.jsonl beside the events (run the scenario again: every scenario "
                   "writes it).");
        return;
    }
    const int cur = currentSentence();
    QFont bold = font();
    bold.setBold(true);
    const int w = width() - 24;
    // Lay out from the current sentence: a few told ones above it, the next ones below.
    auto heightOf = [&](int k)
    {
        const Narration& n = all[k];
        QFont f = n.title.isEmpty() ? font() : bold;
        const QString who = n.node.isEmpty() ? QString() : n.node + ": ";
        const QString text = n.title.isEmpty() ? who + n.text : n.title + "\n" + n.text;
        return QFontMetrics(f)
                   .boundingRect(QRect(0, 0, w - 70, 10000), Qt::TextWordWrap, text)
                   .height() +
               8;
    };
    int first = qMax(0, cur);
    int used = cur >= 0 ? heightOf(cur) : 0;
    const int avail = height() - top - 10;
    while (first > 0 && used + heightOf(first - 1) < avail * 2 / 3)
        used += heightOf(--first);
    int y = top;
    for (int k = first; k < all.size() && y < height() - 10; ++k)
    {
        const Narration& n = all[k];
        const bool future = k > cur;
        const int h = heightOf(k);
        const QRect box(12, y, w, h - 2);
        m_drawn << qMakePair(box, k);
        if (k == cur)
        {
            p.setPen(Qt::NoPen);
            p.setBrush(colors::highlight());
            p.drawRoundedRect(box, 6, 6);
        }
        else if (!n.title.isEmpty() && !future)
        {
            p.setPen(Qt::NoPen);
            p.setBrush(colors::ike().lighter(185));
            p.drawRoundedRect(box, 6, 6);
        }
        p.setFont(font());
        p.setPen(future ? colors::muted() : colors::ike().darker(120));
        p.drawText(QRect(16, y + 3, 60, h),
                   Qt::AlignLeft | Qt::AlignTop,
                   QString("%1 #%2").arg(n.title.isEmpty() ? "Step" : "==").arg(n.step));
        QFont f = n.title.isEmpty() ? font() : bold;
        p.setFont(f);
        p.setPen(future ? colors::muted() : colors::text());
        const QString who = n.node.isEmpty() ? QString() : n.node + ": ";
        const QString text = n.title.isEmpty() ? who + n.text : n.title + "\n" + n.text;
        p.drawText(
            QRect(80, y + 3, w - 70, h), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text);
        y += h;
    }
}

int
NarrationView::sentenceAt(const QPoint& p) const
{
    for (const auto& [box, k] : m_drawn)
        if (box.contains(p))
            return k;
    return -1;
}

void
NarrationView::mousePressEvent(QMouseEvent* e)
{
    const int k = sentenceAt(e->position().toPoint());
    if (k >= 0 && cursor())
        cursor()->setIndex(model()->narration()[k].index);
}

} // namespace viz
