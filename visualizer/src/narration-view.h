// Narration: the sentences --steps prints (DIR/narration.jsonl), on the time cursor: those told
// up to the cursor, the one at the cursor highlighted, the next ones in grey; a click on a
// sentence moves the cursor to its event.
#pragma once

#include "view.h"

#include <QPair>
#include <QRect>
#include <QVector>

namespace viz
{

class NarrationView : public View
{
    Q_OBJECT
  public:
    using View::View;
    QString title() const override { return "Narration"; }
    // The sentence at the cursor (index into EventModel::narration()), -1 before the first.
    int currentSentence() const;
    // The sentence drawn at a point of the last paint, -1 if none (a click there moves the
    // cursor to the event it tells).
    int sentenceAt(const QPoint& p) const;

  protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* e) override;

  private:
    mutable QVector<QPair<QRect, int>> m_drawn; // box -> sentence
};

} // namespace viz
