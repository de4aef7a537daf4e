// Sequence: a ladder diagram of the IKE exchanges between the peers (ike/message-sent and
// -received), phase 1 (IKE_SA_INIT, IKE_AUTH) and phase 2 (CREATE_CHILD_SA) marked,
// retransmissions, collisions and rekey starts as notes. The cursor's message is highlighted.
#pragma once

#include "view.h"

namespace viz
{

class SequenceView : public View
{
    Q_OBJECT
  public:
    using View::View;
    QString title() const override { return "IKE sequence"; }
    void attach(TimeCursor* cursor) override;

    struct Row
    {
        int event = -1; // message-sent, retransmit, collision or rekey-start
        bool message = false;
        bool retransmission = false;
        QString phase; // "phase 1", "phase 2", "IKE rekey", "informational"
        // An IKE_AUTH message that also negotiates the first Child SA (SA, TSi, TSr): phase 2
        // as well, drawn in a second band beside phase 1 (RFC 7296 1.2).
        bool firstChild = false;
    };
    struct Band
    {
        QString phase;
        int firstRow = 0, lastRow = 0; // indexes into rows()
    };
    // Consecutive message rows of one phase; the first Child SA's rows give a "phase 2" band
    // that overlaps phase 1.
    QVector<Band> bands() const;
    const QVector<Row>& rows() const { return m_rows; }
    QStringList peers() const { return m_peers; }
    // The message-sent event the cursor is on (its own, its reception's, or the last one sent
    // before it); -1 before the first message.
    int highlightedMessage() const;
    static QString phaseOf(const Event& sent);

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    QVector<Row> m_rows;
    QStringList m_peers;
};

} // namespace viz
