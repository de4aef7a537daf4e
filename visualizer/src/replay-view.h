// Replay: the anti-replay window of the SA at the cursor (bitmap, right edge = window_top) and
// each arriving sequence number's fate: accepted, duplicate, too old, ICV failed
// (replay/check, replay/update, drops), following the cursor.
#pragma once

#include "view.h"

namespace viz
{

class ReplayView : public View
{
    Q_OBJECT
  public:
    using View::View;
    QString title() const override { return "Anti-replay window"; }
    void attach(TimeCursor* cursor) override;

    // The replay event shown (latest replay/check or replay/update at or before the cursor that
    // passes the filter), -1 if none; the window drawn (update: "after", check: "before").
    int shownEvent() const;
    QString shownBitmap() const;
    qint64 shownTop() const;
    int shownSize() const;

    enum class Fate
    {
        Pending,
        Accepted,
        Duplicate,
        TooOld,
        IcvFailed
    };
    // Fate of the packet checked by replay/check event c, as known at event index `at`.
    Fate fateOf(int check, int at) const;
    static QString fateName(Fate f);

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    QHash<int, int> m_decider; // check index -> event that decided its fate
    QHash<int, Fate> m_fate;   // check index -> final fate
};

} // namespace viz
