// Inspector: the selected packet's layers and bytes, from the side the cursor is on: the
// sender's octets at an encap, the receiver's octets (as they arrived: outer IPv4, UDP 4500 with
// NAT-T, ESP/AH) at a decap or drop, with the octets that differ from what the other side had
// highlighted (a NAT's new source address, an attacker's changed octet). A field tree per layer
// (outer IPv4, UDP, ESP/AH, inner IPv4, transport) beside the hex, the encapsulation as an OSI
// stack, colours for what ESP encrypts and what ESP/AH authenticate (AH's zeroed mutable IP
// fields), and the integrity check step by step, the receiver's MAC input on its side.
#pragma once

#include "packet-fields.h"
#include "view.h"

#include <QHash>
#include <QRect>

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

    // Whose octets are shown: "sender" (cursor on the encap / message-sent), "receiver" (on the
    // decap, drop or message-received), "" without a packet.
    QString side() const;
    // The shown side's octets: outer IPv4 header, UDP header (NAT-T), ESP/AH packet (hex);
    // for IKE the UDP payload. Offsets below are into these octets.
    QString shownOctets() const;
    // Octets that differ from the other side's (both recorded, same position).
    QVector<int> changedOctets() const;
    // The field tree of the shown octets (and of the plaintext, offsets into it).
    QVector<PacketField> fields() const;
    QVector<PacketField> plaintextFields() const;
    // AH: the shown side's MAC input and the octets that differ from the other side's.
    QString macInput() const;
    QVector<int> changedMacInput() const;
    // Where octet i of shownOctets() was drawn in the last paint (empty if not drawn).
    QRect octetRect(int i) const { return m_octetRects.value(i); }

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    int drawHex(QPainter& p, const QString& hex, int x, int y, int maxRows,
                const std::function<QColor(int)>& colorOf, int bytesPerRow = 16,
                const QVector<int>& changed = {}, QHash<int, QRect>* rects = nullptr) const;
    int drawFields(QPainter& p, const QVector<PacketField>& fields, const QVector<int>& changed,
                   int x, int y, int w, int maxY, bool ah) const;
    int drawEncapsulation(QPainter& p, int x, int y, int w) const;
    const Event* shownEvent() const; // the side's event
    const Event* otherEvent() const; // the other side's
    mutable QHash<int, QRect> m_octetRects;
    int drawSteps(QPainter& p, const QStringList& lines, int x, int y, int w) const;
};

} // namespace viz
