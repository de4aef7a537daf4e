#include "time-cursor.h"

namespace viz
{

bool
Filter::matches(const Event& e) const
{
    if (!node.isEmpty() && e.nodeLabel() != node)
        return false;
    if (!layer.isEmpty() && e.layer != layer)
        return false;
    if (!sa.isEmpty())
    {
        const QString label = e.str("sa");
        const bool bySpi =
            sa.startsWith("0x") && e.has("spi") && spiHex(e.integer("spi")) == sa.toLower();
        if (label != sa && !bySpi)
        {
            // an SA label of one direction also selects the other direction's events of that SPI
            if (!(e.has("spi") && sa.contains(spiHex(e.integer("spi")).mid(2))))
                return false;
        }
    }
    return true;
}

TimeCursor::TimeCursor(const EventModel* model, QObject* parent)
    : QObject(parent)
    , m_model(model)
{
    connect(&m_timer,
            &QTimer::timeout,
            this,
            [this]
            {
                if (!next())
                    pause();
            });
    setSpeed(m_speed);
}

void
TimeCursor::setIndex(int i)
{
    if (m_model->size() == 0)
        return;
    i = qBound(0, i, m_model->size() - 1);
    if (i == m_index)
        return;
    m_index = i;
    emit indexChanged(m_index);
}

void
TimeCursor::setFilter(const Filter& f)
{
    m_filter = f;
    emit filterChanged();
    // land on a matching event if the current one no longer matches
    if (m_model->size() > 0 && !m_filter.matches(m_model->at(m_index)))
        if (!next())
            previous();
}

bool
TimeCursor::next()
{
    for (int i = m_index + 1; i < m_model->size(); ++i)
        if (m_filter.matches(m_model->at(i)))
        {
            setIndex(i);
            return true;
        }
    return false;
}

bool
TimeCursor::previous()
{
    for (int i = m_index - 1; i >= 0; --i)
        if (m_filter.matches(m_model->at(i)))
        {
            setIndex(i);
            return true;
        }
    return false;
}

bool
TimeCursor::matchesKind(const Event& e, const QString& what)
{
    QString kindPart = what, reason;
    const int colon = what.indexOf(':');
    if (colon >= 0)
    {
        kindPart = what.left(colon);
        reason = what.mid(colon + 1);
    }
    const bool kindOk =
        kindPart.contains('/') ? e.lk() == kindPart : (e.kind == kindPart || e.layer == kindPart);
    if (!kindOk)
        return false;
    if (reason.isEmpty())
        return true;
    return e.str("reason") == reason || e.str("verdict") == reason;
}

bool
TimeCursor::jumpToNext(const QString& what)
{
    for (int i = m_index + 1; i < m_model->size(); ++i)
        if (m_filter.matches(m_model->at(i)) && matchesKind(m_model->at(i), what))
        {
            setIndex(i);
            return true;
        }
    return false;
}

bool
TimeCursor::jumpToPrevious(const QString& what)
{
    for (int i = m_index - 1; i >= 0; --i)
        if (m_filter.matches(m_model->at(i)) && matchesKind(m_model->at(i), what))
        {
            setIndex(i);
            return true;
        }
    return false;
}

void
TimeCursor::play()
{
    if (m_timer.isActive())
        return;
    m_timer.start();
    emit playingChanged(true);
}

void
TimeCursor::pause()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void
TimeCursor::setSpeed(double eventsPerSecond)
{
    m_speed = qBound(0.1, eventsPerSecond, 1000.0);
    m_timer.setInterval(qMax(1, static_cast<int>(1000.0 / m_speed)));
}

} // namespace viz
