// The one time cursor every view follows: an event index, a filter (node, layer, SA) that the
// stepping respects, jumps to the next event of a kind, and play/pause at a chosen speed.
#pragma once

#include "event-model.h"

#include <QObject>
#include <QTimer>

namespace viz
{

struct Filter
{
    QString node;  // "" = any
    QString layer; // "" = any
    QString sa;    // "" = any; matches the "sa" label or the SPI ("0x...") of the SA
    bool matches(const Event& e) const;
    bool isEmpty() const { return node.isEmpty() && layer.isEmpty() && sa.isEmpty(); }
};

class TimeCursor : public QObject
{
    Q_OBJECT
  public:
    explicit TimeCursor(const EventModel* model, QObject* parent = nullptr);

    int index() const { return m_index; }
    const EventModel* model() const { return m_model; }
    const Filter& filter() const { return m_filter; }
    void setFilter(const Filter& f);

    // Next/previous event that passes the filter; false (cursor unchanged) at the ends.
    bool next();
    bool previous();
    // Next event after the cursor whose "layer/kind" (or "layer/kind:reason") matches `what`,
    // e.g. "esp/drop", "replay/check:replayed", "drop" (any drop), "drop:icv-failure".
    bool jumpToNext(const QString& what);
    bool jumpToPrevious(const QString& what);
    static bool matchesKind(const Event& e, const QString& what);

    bool isPlaying() const { return m_timer.isActive(); }
    double speed() const { return m_speed; } // events per second

  public slots:
    void setIndex(int i);
    void play();
    void pause();
    void setSpeed(double eventsPerSecond);

  signals:
    void indexChanged(int index);
    void playingChanged(bool playing);
    void filterChanged();

  private:
    const EventModel* m_model;
    int m_index = 0;
    Filter m_filter;
    QTimer m_timer;
    double m_speed = 4;
};

} // namespace viz
