// Keys: the Diffie-Hellman exchange (ike/dh) and the chain SKEYSEED → SK_d, SK_a, SK_e, SK_p →
// KEYMAT → Child SA keys (ike/key-derived, sad/install), with values, for the IKE SA at the cursor.
#pragma once

#include "view.h"

namespace viz
{

class KeysView : public View
{
    Q_OBJECT
  public:
    using View::View;
    QString title() const override { return "Keys"; }
    // The IKE SA shown (its SPIi) and the node whose derivations are shown.
    QString shownSpiI() const;
    QString shownNode() const;
    // Derivations of the shown IKE SA on the shown node: name -> event index (latest KEYMAT at or
    // before the cursor; events after the cursor are drawn as "not yet").
    QHash<QString, int> derivations() const;

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    int anchorEvent() const;
};

} // namespace viz
