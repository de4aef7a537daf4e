// Narration: the sentences --steps prints (DIR/narration.jsonl), on the time cursor: those told
// up to the cursor, the one at the cursor highlighted, the next ones in grey.
#pragma once

#include "view.h"

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

  protected:
    void paintEvent(QPaintEvent*) override;
};

} // namespace viz
