// Inspector: the selected packet's layers and bytes. Colours show what ESP encrypts and what
// ESP/AH authenticate (AH's zeroed mutable IP fields shown), and the integrity check step by
// step: input octets, key (sad/install), MAC/AEAD output, truncation to the ICV, and the
// comparison on receipt (esp/decap icv_ok, ah/decap icv vs icv_computed).
#pragma once

#include "view.h"

namespace viz
{

class InspectorView : public View
{
    Q_OBJECT
  public:
    using View::View;
    QString title() const override { return "Packet inspector"; }

    // The packet shown: the packet event at or before the cursor (esp/ah encap, decap, drop,
    // ike message); -1 if none yet.
    int selectedEvent() const;
    // Its send (encap / message-sent) and its reception (decap / drop / received), -1 if unknown.
    int sendEvent() const;
    int receiveEvent() const;

    struct Region
    {
        QString name;
        int offset = 0, length = 0; // in the packet after the IP header
        QColor color;
    };
    // The regions of the shown packet's octets (ESP header, IV, ciphertext, ICV / AH ...).
    QVector<Region> regions() const;

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    int drawHex(QPainter& p, const QString& hex, int x, int y, int maxRows,
                const std::function<QColor(int)>& colorOf, int bytesPerRow = 16) const;
    int drawSteps(QPainter& p, const QStringList& lines, int x, int y, int w) const;
};

} // namespace viz
