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
    // The sad/install events of the Child SA keyed from the shown KEYMAT on the shown node (all,
    // also those after the cursor), and those installed at the cursor (drawn with their keys).
    QVector<int> childInstalls() const;
    QVector<int> installedChildKeys() const;

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    int anchorEvent() const;
};

} // namespace viz
