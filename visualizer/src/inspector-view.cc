#include "inspector-view.h"

#include <QJsonArray>
#include <QPainter>
#include <functional>

namespace viz
{

int
InspectorView::selectedEvent() const
{
    const EventModel* m = model();
    if (!m)
        return -1;
    for (int i = index(); i >= 0; --i)
        if (m->at(i).isPacket() && cursor()->filter().matches(m->at(i)))
            return i;
    return -1;
}

int
InspectorView::sendEvent() const
{
    const int s = selectedEvent();
    if (s < 0)
        return -1;
    const Event& e = model()->at(s);
    if (e.kind == "encap" || e.kind == "message-sent")
        return s;
    return model()->senderOf(s);
}

int
InspectorView::receiveEvent() const
{
    const int s = selectedEvent();
    if (s < 0)
        return -1;
    const Event& e = model()->at(s);
    if (e.kind == "encap" || e.kind == "message-sent")
    {
        const int r = model()->receiverOf(s);
        return r <= index() ? r : -1; // not yet received at the cursor
    }
    // a decap's drop (ICV failure) comes right after it: show the decap
    if (e.kind == "drop" && s > 0 && model()->at(s - 1).kind == "decap" &&
        model()->at(s - 1).layer == e.layer)
        return s - 1;
    return s;
}

static int
hexLen(const QString& h)
{
    return h.size() / 2;
}

QVector<InspectorView::Region>
InspectorView::regions() const
{
    QVector<Region> r;
    const int si = sendEvent(), ri = receiveEvent();
    const int pi = si >= 0 ? si : ri;
    if (pi < 0)
        return r;
    const Event& e = model()->at(pi);
    if (e.layer == "esp")
    {
        const int iv = hexLen(e.str("iv"));
        const int ct = hexLen(e.str("ciphertext"));
        const int icv = hexLen(e.str("icv"));
        r << Region{"SPI", 0, 4, colors::authenticated()}
          << Region{"Sequence number", 4, 4, colors::authenticated()};
        if (iv)
            r << Region{"IV", 8, iv, colors::authenticated()};
        if (e.has("ciphertext"))
            r << Region{"Encrypted: payload, padding, pad length, next header",
                        8 + iv,
                        ct,
                        colors::encrypted()};
        else if (e.has("bytes"))
            r << Region{"Encrypted payload", 8, hexLen(e.str("bytes")) - 8, colors::encrypted()};
        if (icv)
            r << Region{"ICV", 8 + iv + ct, icv, colors::icv()};
    }
    else if (e.layer == "ah")
    {
        const int icv = hexLen(e.str("icv"));
        const int total = hexLen(e.str("packet").isEmpty() ? e.str("bytes") : e.str("packet"));
        r << Region{"AH header (next header, length, SPI, SN)", 0, 12, colors::authenticated()};
        if (icv)
            r << Region{"ICV (zeroed in the MAC input)", 12, icv, colors::icv()};
        r << Region{"Payload (authenticated, not encrypted)",
                    12 + icv,
                    qMax(0, total - 12 - icv),
                    colors::authenticated().lighter(112)};
    }
    else if (e.layer == "ike")
    {
        const int total = hexLen(e.str("bytes"));
        r << Region{"IKE header (SPIs, next payload, version, exchange, flags, message ID, length)",
                    0,
                    qMin(28, total),
                    colors::authenticated()};
        if (total > 28)
        {
            if (e.str("exchange") == "IKE_SA_INIT")
                r << Region{
                    "Payloads in clear (SA, KE, Nonce, Notify)", 28, total - 28, colors::clear()};
            else
                r << Region{"SK payload: encrypted and integrity-protected payloads",
                            28,
                            total - 28,
                            colors::encrypted()};
        }
    }
    return r;
}

QString
InspectorView::side() const
{
    const int s = selectedEvent();
    if (s < 0)
        return QString();
    const Event& e = model()->at(s);
    return (e.kind == "encap" || e.kind == "message-sent") ? "sender" : "receiver";
}

const Event*
InspectorView::shownEvent() const
{
    const QString sd = side();
    const int i = sd.isEmpty() ? -1 : sd == "sender" ? sendEvent() : receiveEvent();
    return i >= 0 ? &model()->at(i) : nullptr;
}

const Event*
InspectorView::otherEvent() const
{
    const QString sd = side();
    const int i = sd.isEmpty() ? -1 : sd == "sender" ? receiveEvent() : sendEvent();
    return i >= 0 ? &model()->at(i) : nullptr;
}

// An event's octets: outer IPv4 ‖ UDP (NAT-T) ‖ ESP/AH packet as that side had them.
static QString
octetsOf(const Event& e)
{
    if (e.layer == "ike")
        return e.str("bytes");
    QString packet = e.str("packet");
    if (packet.isEmpty())
        packet = e.str("bytes");
    if (packet.isEmpty() && e.layer == "esp" && e.has("ciphertext"))
        packet = QString("%1%2")
                     .arg(static_cast<quint32>(e.integer("spi")), 8, 16, QChar('0'))
                     .arg(static_cast<quint32>(e.integer("sn")), 8, 16, QChar('0')) +
                 e.str("iv") + e.str("ciphertext") + e.str("icv");
    return packet.isEmpty() ? QString() : e.str("outer_ip") + e.str("udp") + packet;
}

static int
headerLengthOf(const Event& e)
{
    return hexLen(e.str("outer_ip")) + hexLen(e.str("udp"));
}

QString
InspectorView::shownOctets() const
{
    const Event* e = shownEvent();
    QString o = e ? octetsOf(*e) : QString();
    if (o.isEmpty() && otherEvent()) // an old stream: the receiver's octets were not recorded
        o = octetsOf(*otherEvent());
    return o;
}

// Positions where a and b differ, aligned at the ESP/AH header (a drop records no outer header).
// With ESP in UDP the receiver's outer header is rebuilt without identification and checksum.
static QVector<int>
differences(const QString& a, int headerA, const QString& b, int headerB, bool udp)
{
    QVector<int> out;
    const int na = hexLen(a), nb = hexLen(b);
    for (int i = 0; i < na; ++i)
    {
        int j = i - headerA + headerB;
        if (i < headerA && headerA != headerB)
            continue; // a header the other side did not record
        if (j < 0 || j >= nb)
            continue;
        if (udp && i < 20 && (i == 4 || i == 5 || i == 10 || i == 11))
            continue;
        if (a.mid(i * 2, 2) != b.mid(j * 2, 2))
            out << i;
    }
    return out;
}

QVector<int>
InspectorView::changedOctets() const
{
    const Event *e = shownEvent(), *o = otherEvent();
    if (!e || !o || e->layer == "ike")
        return {};
    const QString a = octetsOf(*e), b = octetsOf(*o);
    if (a.isEmpty() || b.isEmpty())
        return {};
    return differences(
        a, headerLengthOf(*e), b, headerLengthOf(*o), e->has("udp") || o->has("udp"));
}

QVector<PacketField>
InspectorView::fields() const
{
    const Event* e = shownEvent();
    if (!e)
        e = otherEvent();
    if (!e)
        return {};
    if (e->layer == "ike")
        return dissectIke(shownOctets());
    const Event* o = otherEvent();
    auto pick = [&](const char* k)
    {
        return e->has(k) || !o ? e->str(k) : o->str(k);
    };
    return dissectProtected(shownOctets(),
                            e->layer,
                            octetsOf(*e).isEmpty() && o ? headerLengthOf(*o) : headerLengthOf(*e),
                            hexLen(pick("iv")),
                            hexLen(pick("icv")));
}

QVector<PacketField>
InspectorView::plaintextFields() const
{
    // The receiver's plaintext only if it decrypted the packet (an ICV failure stops first).
    const Event* e = shownEvent();
    const Event* o = side() == "sender" ? nullptr : e ? nullptr : otherEvent();
    const Event* withPt = e && e->has("plaintext") ? e : o && o->has("plaintext") ? o : nullptr;
    if (!withPt || withPt->layer != "esp")
        return {};
    const QString mode = withPt->str("mode");
    return dissectPlaintext(
        withPt->str("plaintext"), mode == "tunnel", int(withPt->integer("next_header", 0)));
}

QString
InspectorView::macInput() const
{
    const Event* e = shownEvent();
    return e && e->layer == "ah" ? e->str("icv_input") : QString();
}

QVector<int>
InspectorView::changedMacInput() const
{
    const Event *e = shownEvent(), *o = otherEvent();
    if (!e || !o || e->layer != "ah" || !o->has("icv_input"))
        return {};
    return differences(e->str("icv_input"), 0, o->str("icv_input"), 0, false);
}

int
InspectorView::drawHex(QPainter& p, const QString& hex, int x, int y, int maxRows,
                       const std::function<QColor(int)>& colorOf, int bytesPerRow,
                       const QVector<int>& changed, QHash<int, QRect>* rects) const
{
    QFont mono("Monospace");
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPointSizeF(font().pointSizeF() * 0.9);
    p.setFont(mono);
    const QFontMetrics fm(mono);
    const int cw = fm.horizontalAdvance("00 "), lh = fm.height() + 2;
    const int n = hexLen(hex);
    const int rows = (n + bytesPerRow - 1) / bytesPerRow;
    QVector<int> shown;
    if (rows <= maxRows)
        for (int r = 0; r < rows; ++r)
            shown << r;
    else
    {
        for (int r = 0; r < maxRows - 2; ++r)
            shown << r;
        shown << -1 << rows - 1;
    }
    int yy = y;
    for (int r : shown)
    {
        if (r < 0)
        {
            p.setPen(colors::muted());
            p.drawText(
                x, yy + fm.ascent(), QString("      … %1 more rows …").arg(rows - maxRows + 1));
            yy += lh;
            continue;
        }
        p.setPen(colors::muted());
        p.drawText(x, yy + fm.ascent(), QString("%1").arg(r * bytesPerRow, 4, 16, QChar('0')));
        for (int b = 0; b < bytesPerRow && r * bytesPerRow + b < n; ++b)
        {
            const int i = r * bytesPerRow + b;
            const int bx = x + fm.horizontalAdvance("0000  ") + b * cw;
            const QColor c = colorOf(i);
            const QRect cell(bx - 2, yy, cw, lh);
            const bool diff = changed.contains(i);
            if (diff)
                p.fillRect(cell, colors::drop());
            else if (c.isValid())
                p.fillRect(cell, c);
            if (rects)
                rects->insert(i, cell);
            p.setPen(diff ? Qt::white : colors::text());
            p.drawText(bx, yy + fm.ascent(), hex.mid(i * 2, 2));
        }
        yy += lh;
    }
    p.setFont(font());
    return yy - y;
}

int
InspectorView::drawSteps(QPainter& p, const QStringList& lines, int x, int y, int w) const
{
    QFont mono("Monospace");
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPointSizeF(font().pointSizeF() * 0.88);
    int yy = y;
    for (const QString& l : lines)
    {
        const bool heading = l.startsWith("#");
        const bool bad = l.contains("FAIL") || l.contains("✗");
        const bool good = l.contains("✓");
        QFont f = heading ? font() : mono;
        if (heading)
            f.setBold(true);
        p.setFont(f);
        p.setPen(bad ? colors::drop() : good ? colors::accepted().darker(130) : colors::text());
        const QString text = heading ? l.mid(1).trimmed() : l;
        QRect br = p.fontMetrics().boundingRect(QRect(x, yy, w, 1000), Qt::TextWrapAnywhere, text);
        p.drawText(QRect(x, yy, w, br.height()), Qt::TextWrapAnywhere, text);
        yy += br.height() + (heading ? 4 : 2);
    }
    p.setFont(font());
    return yy - y;
}

static QString
algo(const Event* install, const char* k)
{
    return install ? install->obj.value("algorithms").toObject().value(k).toString() : QString();
}

void
InspectorView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), colors::background());
    m_octetRects.clear();
    if (!model())
        return;
    const int top = paintHeader(p);
    const int sel = selectedEvent();
    if (sel < 0)
    {
        p.setPen(colors::muted());
        p.drawText(rect().adjusted(0, top, 0, 0),
                   Qt::AlignCenter,
                   "No packet yet: step forward to the first ESP, AH or IKE packet.");
        return;
    }
    const int si = sendEvent(), ri = receiveEvent();
    const Event* send = si >= 0 ? &model()->at(si) : nullptr;
    const Event* recv = ri >= 0 ? &model()->at(ri) : nullptr;
    const Event& e = send ? *send : *recv;
    const Event& selected = model()->at(sel);
    const Event* shown = shownEvent();
    const QString who = side();
    const QString packetHex = shownOctets();
    const int header = shown && !octetsOf(*shown).isEmpty() ? headerLengthOf(*shown)
                       : otherEvent()                       ? headerLengthOf(*otherEvent())
                                                            : 0;
    const QVector<int> changed = changedOctets();

    // title line
    QFont bold = font();
    bold.setBold(true);
    bold.setPointSizeF(font().pointSizeF() * 1.05);
    p.setFont(bold);
    p.setPen(colors::text());
    QString what;
    if (e.layer == "ike")
        what =
            QString("IKE %1 %2 #%3   %4 → %5   %6 B")
                .arg(e.str("exchange"), e.obj.value("response").toBool() ? "response" : "request")
                .arg(e.integer("message_id"))
                .arg(e.nodeLabel(), recv ? recv->nodeLabel() : e.str("peer"))
                .arg(hexLen(packetHex));
    else
        what = QString("%1 %2 mode   SPI %3   SN %4   %5 → %6   %7   %8 B")
                   .arg(e.layer.toUpper(),
                        e.str("mode").isEmpty() ? QString("?") : e.str("mode"),
                        spiHex(e.integer("spi")))
                   .arg(e.integer("sn") >= 0 ? QString::number(e.integer("sn")) : QString("?"))
                   .arg(send ? send->nodeLabel() + " (" + send->str("src") + ")" : QString("?"),
                        recv ? recv->nodeLabel() + " (" + e.str("dst") + ")" : e.str("dst"),
                        e.str("proposal"))
                   .arg(hexLen(packetHex));
    int y = top + 4;
    p.drawText(QRect(12, y, width() - 24, 20),
               Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetrics(bold).elidedText(what, Qt::ElideRight, width() - 24));
    y += 22;
    p.setFont(font());
    {
        QString sideText;
        if (who == "sender")
            sideText = QString("Sender's side: the octets %1 sent").arg(e.nodeLabel());
        else
            sideText = QString("Receiver's side: the octets %1 received")
                           .arg(recv ? recv->nodeLabel() : QString("the receiver"));
        if (e.layer != "ike")
            sideText += changed.isEmpty()
                            ? (otherEvent() ? QString(" — identical to the other side's")
                                            : QString(" — the other side's not known yet"))
                            : QString(" — %1 octet(s) differ from the %2's (red)")
                                  .arg(changed.size())
                                  .arg(who == "sender" ? "receiver" : "sender");
        p.setPen(changed.isEmpty() ? colors::muted() : colors::drop());
        p.drawText(QRect(12, y, width() - 24, 18), Qt::AlignLeft | Qt::AlignVCenter, sideText);
        y += 20;
    }
    if (!send)
    {
        p.setPen(colors::drop());
        p.drawText(QRect(12, y, width() - 24, 18),
                   Qt::AlignLeft,
                   "No matching send in the stream: a replayed or injected packet (see the "
                   "attacker events).");
        y += 20;
    }

    // layer bar: the packet as on the wire, proportional
    const QVector<Region> regs = regions();
    const int barX = 12, barW = width() - 24, barH = 30;
    const int ipLen = header > 0 ? header : 20;
    const int total = qMax(1, hexLen(packetHex) - header + ipLen);
    auto xOf = [&](int off)
    {
        return barX + double(barW) * (off + ipLen) / total;
    };
    p.setFont(font());
    p.setPen(QPen(colors::text(), 1));
    p.setBrush(e.layer == "ah" ? colors::zeroed() : colors::clear());
    if (header >= 28)
    {
        const QRectF ipBox(barX, y, xOf(-8) - barX, barH),
            udpBox(xOf(-8), y, xOf(0) - xOf(-8), barH);
        p.drawRect(ipBox);
        p.drawText(ipBox, Qt::AlignCenter, "IP");
        p.setBrush(QColor(0xe3, 0xe8, 0xd4));
        p.drawRect(udpBox);
        p.drawText(udpBox, Qt::AlignCenter, "UDP");
    }
    else
    {
        const QRectF ipBox(barX, y, xOf(0) - barX, barH);
        p.drawRect(ipBox);
        // IKE events and drops record no IP (and UDP) header: the box only places the rest
        const QString ip = header > 0         ? QString("IP")
                           : e.layer == "ike" ? QString("IP, UDP (not recorded)")
                                              : QString("IP (not recorded)");
        p.drawText(ipBox,
                   Qt::AlignCenter,
                   QFontMetrics(font()).elidedText(ip, Qt::ElideRight, int(ipBox.width()) - 4));
    }
    for (const Region& r : regs)
    {
        QRectF b(xOf(r.offset), y, xOf(r.offset + r.length) - xOf(r.offset), barH);
        p.setBrush(r.color);
        p.setPen(QPen(colors::text(), 1));
        p.drawRect(b);
        const QString label = QString("%1 (%2 B)").arg(r.name).arg(r.length);
        p.drawText(b.adjusted(3, 0, -3, 0),
                   Qt::AlignCenter,
                   QFontMetrics(font()).elidedText(label, Qt::ElideRight, int(b.width()) - 6));
    }
    y += barH + 4;
    // coverage brackets
    auto bracket = [&](int from, int to, const QColor& c, const QString& label, int row)
    {
        const double x1 = xOf(from), x2 = xOf(to);
        const int yy = y + row * 20;
        p.setPen(QPen(c.darker(150), 2));
        p.drawLine(QPointF(x1, yy), QPointF(x1, yy + 6));
        p.drawLine(QPointF(x1, yy + 6), QPointF(x2, yy + 6));
        p.drawLine(QPointF(x2, yy), QPointF(x2, yy + 6));
        p.drawText(QRectF(x1, yy + 6, x2 - x1, 14), Qt::AlignCenter, label);
    };
    const int packetLen = hexLen(packetHex) - header;
    if (e.layer == "esp" && regs.size() >= 3)
    {
        const Region& last = regs.last();
        const int encFrom = regs[regs.size() - (last.name == "ICV" ? 2 : 1)].offset;
        const int encTo = encFrom + regs[regs.size() - (last.name == "ICV" ? 2 : 1)].length;
        bracket(encFrom, encTo, colors::encrypted(), "encrypted (confidentiality)", 0);
        const bool aead = !e.str("aad").isEmpty() || e.str("proposal").contains("gcm") ||
                          e.str("proposal").contains("chacha");
        if (last.name == "ICV" && aead)
            bracket(0,
                    last.offset,
                    colors::authenticated(),
                    "authenticated by the AEAD tag: ESP header (as AAD) and ciphertext; the IV "
                    "feeds the nonce — the outer IP header is not covered",
                    1);
        else if (last.name == "ICV")
            bracket(0,
                    last.offset,
                    colors::authenticated(),
                    "authenticated by the ICV (ESP header, IV, ciphertext) — the outer IP header "
                    "is not",
                    1);
        else
            bracket(0, encTo, colors::drop(), "NOT authenticated: no integrity algorithm", 1);
    }
    else if (e.layer == "ah")
    {
        bracket(-ipLen,
                packetLen,
                colors::authenticated(),
                "authenticated by the ICV: the whole datagram, the IP header's mutable fields "
                "(DSCP/ECN, flags, fragment offset, TTL, checksum) as zeros — nothing encrypted",
                0);
    }
    else if (e.layer == "ike" && e.str("exchange") != "IKE_SA_INIT")
        bracket(28,
                hexLen(packetHex),
                colors::encrypted(),
                "SK payload: encrypted with SK_e, authenticated with SK_a / AEAD",
                0);
    y += 44;

    // three columns: the field tree, the octets, the encapsulation and the integrity steps
    const int W = width() - 48;
    const int treeX = 12, treeW = int(W * 0.30);
    const int hexX = treeX + treeW + 12, hexW = int(W * 0.33);
    const int rightX = hexX + hexW + 12, colW = width() - rightX - 12;
    auto regionColor = [&](int i)
    {
        if (i < header)
            return i < 20 ? colors::clear() : QColor(0xe3, 0xe8, 0xd4);
        for (const Region& r : regs)
            if (i - header >= r.offset && i - header < r.offset + r.length)
                return r.color;
        return QColor();
    };
    // fields
    const int lh = QFontMetrics(font()).height() + 2;
    int fy = y;
    p.setFont(bold);
    p.setPen(colors::text());
    p.drawText(treeX, fy + 12, who == "sender" ? "Fields (as sent)" : "Fields (as received)");
    fy += 18;
    const QVector<PacketField> pf = fields();
    const QVector<PacketField> inner = plaintextFields();
    fy += drawFields(p, pf, changed, treeX, fy, treeW, height() - 10, e.layer == "ah");
    if (!inner.isEmpty())
    {
        fy += 4;
        p.setFont(bold);
        p.setPen(colors::text());
        p.drawText(treeX, fy + 12, "Decrypted plaintext");
        fy += 18;
        drawFields(p, inner, {}, treeX, fy, treeW, height() - 10, false);
    }
    else if (e.layer == "esp" && who == "receiver" && recv &&
             !recv->obj.value("icv_ok").toBool(true))
    {
        p.setFont(font());
        p.setPen(colors::drop());
        p.drawText(QRect(treeX, fy + 4, treeW, 40),
                   Qt::TextWordWrap,
                   "not decrypted: the ICV check failed first");
    }

    // octets
    p.setFont(bold);
    p.setPen(colors::text());
    p.drawText(
        hexX,
        y + 12,
        e.layer == "ike" ? QString("UDP payload octets")
        : header > 0
            ? QString("Octets: IP header%1, %2").arg(header >= 28 ? ", UDP" : "", e.layer.toUpper())
            : QString("Octets after the IP header"));
    int ly = y + 18;
    const int avail = height() - ly - 10;
    const Event* plainOf = shown && shown->has("plaintext") ? shown : nullptr;
    const bool hasPlain = e.layer == "esp" && plainOf;
    const int packetRows = qMax(3, (hasPlain ? avail / 2 : avail) / lh - 2);
    ly += drawHex(p, packetHex, hexX, ly, packetRows, regionColor, 16, changed, &m_octetRects);
    if (hasPlain)
    {
        const QString pt = plainOf->str("plaintext");
        ly += 10;
        p.setFont(bold);
        p.setPen(colors::text());
        p.drawText(hexX,
                   ly + 12,
                   who == "sender" ? "Plaintext (what ESP encrypted, before padding)"
                                   : "Plaintext (what the receiver decrypted)");
        ly += 18;
        const int ihl = (e.str("mode") == "tunnel" && pt.size() >= 2)
                            ? (pt.mid(1, 1).toInt(nullptr, 16) * 4)
                            : 0;
        auto ptColor = [&](int i)
        {
            if (i < ihl)
                return QColor(0xd9, 0xc7, 0xf0); // inner IP header
            if (i < ihl + 8)
                return QColor(0xe8, 0xdc, 0xf6); // transport header
            return QColor(0xf3, 0xee, 0xfa);
        };
        drawHex(p, pt, hexX, ly, qMax(2, (height() - ly - 10) / lh), ptColor);
    }

    // encapsulation, then the integrity steps
    y += drawEncapsulation(p, rightX, y, colW) + 6;
    const QString espHex = packetHex.mid(header * 2); // ESP/AH header onwards
    // integrity steps
    QStringList steps;
    const Event* install = nullptr;
    if (e.layer != "ike")
    {
        const int ii =
            model()->installFor(e.integer("spi"), send ? "outbound" : "inbound", send ? si : ri);
        if (ii >= 0)
            install = &model()->at(ii);
    }
    const QString integ = algo(install, "integrity"), enc = algo(install, "encryption");
    if (e.layer == "esp")
    {
        const bool aead = !e.str("aad").isEmpty() || enc.contains("gcm") ||
                          enc.contains("chacha") || enc.contains("poly");
        steps << QString("# Integrity check, step by step (%1)")
                     .arg(e.str("proposal").isEmpty() ? enc + " " + integ : e.str("proposal"));
        if (aead)
        {
            QString aad = e.str("aad");
            if (aad.isEmpty())
                aad = espHex.left(16);
            steps << QString("1. AAD = SPI ‖ SN (%1 B): %2")
                         .arg(hexLen(aad))
                         .arg(hexToSpaced(aad, 4));
            steps << QString("2. key = encryption key ‖ salt (sad/install): %1")
                         .arg(install ? shortHex(install->str("encryption_key"), 36)
                                      : QString("(no sad/install seen)"));
            steps << QString("3. nonce = salt ‖ IV: IV = %1")
                         .arg(e.str("iv").isEmpty() ? QString("-") : e.str("iv"));
            steps << QString("4. AEAD (%1) encrypts the plaintext and computes the tag over AAD ‖ "
                             "ciphertext")
                         .arg(enc);
            steps << QString("5. ICV = tag (%1 B): %2").arg(hexLen(e.str("icv"))).arg(e.str("icv"));
        }
        else if (!e.str("icv").isEmpty() || !integ.isEmpty())
        {
            steps << QString("1. MAC input = SPI ‖ SN ‖ IV ‖ ciphertext (%1 B): %2")
                         .arg(hexLen(espHex) - hexLen(e.str("icv")))
                         .arg(shortHex(espHex.left(espHex.size() - e.str("icv").size()), 24));
            steps << QString("2. integrity key (sad/install, %1): %2")
                         .arg(integ,
                              install ? shortHex(install->str("integrity_key"), 32) : QString("?"));
            steps << QString("3. HMAC(key, input) → full MAC output (%1)").arg(integ);
            steps << QString("4. truncated to the ICV (%1 B): %2")
                         .arg(hexLen(e.str("icv")))
                         .arg(e.str("icv"));
        }
        else
            steps << "No integrity algorithm: nothing protects these octets against tampering ✗";
    }
    else if (e.layer == "ah")
    {
        const QString in = macInput().isEmpty() ? e.str("icv_input") : macInput();
        steps << QString("# Integrity check, step by step (AH %1)")
                     .arg(e.str("proposal").isEmpty() ? integ : e.str("proposal"));
        steps << QString("1. MAC input (%1 B, %2's): IP header with the mutable fields zeroed "
                         "(DSCP/ECN, flags, fragment offset, TTL, checksum: RFC 4302 "
                         "3.3.3.1.1.1), AH with ICV zeroed, payload")
                     .arg(hexLen(in))
                     .arg(shown ? shown->nodeLabel() : QString("?"));
        steps << QString("2. integrity key (sad/install): %1")
                     .arg(install ? shortHex(install->str("integrity_key"), 32) : QString("?"));
        steps << QString("3. HMAC output, full (%1 B): %2")
                     .arg(hexLen(e.str("icv_full")))
                     .arg(e.str("icv_full"));
        steps << QString("4. truncated to the ICV (%1 B): %2")
                     .arg(hexLen(e.str("icv")))
                     .arg(e.str("icv"));
    }
    else
    {
        steps << "# IKE message";
        QStringList pl;
        for (const QJsonValue& v : e.obj.value("payloads").toArray())
            pl << v.toString();
        steps << QString("payloads: %1").arg(pl.join(' '));
        steps << QString("SPIi %1  SPIr %2").arg(e.str("spi_i"), e.str("spi_r"));
        if (e.has("summary"))
            steps << e.str("summary");
        steps << (e.str("exchange") == "IKE_SA_INIT"
                      ? "IKE_SA_INIT is sent in clear: the DH exchange happens here (see the keys "
                        "view)."
                      : "Protected with the IKE SA's keys SK_e / SK_a (see the keys view).");
    }
    if (e.layer != "ike")
    {
        steps << "# On receipt";
        if (!recv)
            steps << (model()->receiverOf(si) > index()
                          ? QString("in flight: received at event #%1").arg(model()->receiverOf(si))
                          : QString("never received (lost or dropped on the way)"));
        else if (recv->kind == "drop")
            steps << QString("%1 dropped it: %2 ✗ %3")
                         .arg(recv->nodeLabel(), recv->str("reason"), recv->str("detail"));
        else
        {
            const bool ok = recv->obj.value("icv_ok").toBool();
            steps << QString("%1 recomputes the ICV with its inbound SA's key")
                         .arg(recv->nodeLabel());
            if (recv->has("icv_full"))
                steps << QString("computed, full: %1").arg(recv->str("icv_full"));
            const QString computed = recv->has("icv_computed")
                                         ? recv->str("icv_computed")
                                         : (ok ? recv->str("icv") : QString("(differs)"));
            steps << QString("received ICV : %1").arg(recv->str("icv"));
            steps << QString("computed ICV : %1").arg(computed);
            steps << (ok ? QString("equal: integrity verified, packet accepted ✓")
                         : QString("DIFFERENT: ICV check FAILED, packet dropped ✗"));
            const int after = ri + 1 < model()->size() ? ri + 1 : ri;
            if (!ok && model()->at(after).kind == "drop")
                steps << QString("drop reason: %1").arg(model()->at(after).str("reason"));
        }
        if (selected.index != e.index)
            steps << QString("(the cursor is on the %1 of this packet)").arg(selected.kind);
    }
    int ry = y;
    ry += drawSteps(p, steps, rightX, ry, colW);
    if (e.layer == "ah")
    {
        ry += 8;
        p.setFont(bold);
        p.setPen(colors::text());
        const QVector<int> macChanged = changedMacInput();
        p.drawText(rightX,
                   ry + 12,
                   QString("%1's MAC input (grey: zeroed%2)")
                       .arg(shown ? shown->nodeLabel() : QString("?"),
                            macChanged.isEmpty() ? QString() : QString(", red: differs")));
        ry += 18;
        const QString in = macInput().isEmpty() ? e.str("icv_input") : macInput();
        const int icvOff = 20 + 12, icvLen = hexLen(e.str("icv"));
        auto inColor = [&](int i)
        {
            if (i == 1 || i == 6 || i == 7 || i == 8 || i == 10 || i == 11 ||
                (i >= icvOff && i < icvOff + icvLen))
                return colors::zeroed();
            if (i < 20)
                return colors::clear();
            if (i < icvOff)
                return colors::authenticated();
            return colors::authenticated().lighter(112);
        };
        drawHex(p, in, rightX, ry, qMax(2, (height() - ry - 10) / lh), inColor, 16, macChanged);
    }
}

int
InspectorView::drawFields(QPainter& p, const QVector<PacketField>& fields,
                          const QVector<int>& changed, int x, int y, int w, int maxY, bool ah) const
{
    QFont f = font();
    f.setPointSizeF(font().pointSizeF() * 0.9);
    QFont head = f;
    head.setBold(true);
    const int lh = QFontMetrics(f).height() + 1;
    int yy = y;
    QString layer;
    for (const PacketField& fd : fields)
    {
        if (yy + lh > maxY)
            break;
        if (fd.layer != layer)
        {
            layer = fd.layer;
            p.setFont(head);
            p.setPen(colors::text());
            p.drawText(QRect(x, yy, w, lh), Qt::AlignLeft | Qt::AlignVCenter, "▾ " + layer);
            yy += lh;
        }
        bool diff = false;
        for (int k = fd.offset; k < fd.offset + fd.length && !diff; ++k)
            diff = changed.contains(k);
        p.setFont(f);
        p.setPen(diff ? colors::drop() : colors::text());
        QString text = QString("%1: %2").arg(fd.name, fd.value);
        if (ah && fd.mutableInAh && fd.layer == "Outer IPv4")
            text += "  (mutable: 0 in the MAC)";
        if (diff)
            text += "  ≠ other side";
        p.drawText(QRect(x + 14, yy, w - 14, lh),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(f).elidedText(text, Qt::ElideRight, w - 14));
        yy += lh;
    }
    return yy - y;
}

int
InspectorView::drawEncapsulation(QPainter& p, int x, int y, int w) const
{
    const QVector<PacketField> outer = fields();
    if (outer.isEmpty() || outer.first().layer == "IKE")
        return 0;
    const Event* e = shownEvent() ? shownEvent() : otherEvent();
    const bool encrypted = e && e->layer == "esp" && !e->str("iv").isEmpty();
    const QVector<LayerBox> boxes = encapsulation(outer, plaintextFields(), encrypted);
    QFont f = font();
    f.setPointSizeF(font().pointSizeF() * 0.88);
    QFont b = f;
    b.setBold(true);
    p.setFont(b);
    p.setPen(colors::text());
    p.drawText(x, y + 12, "Encapsulation (outside → inside, OSI layer)");
    int yy = y + 18;
    const int bh = QFontMetrics(f).height() + 4;
    for (int k = 0; k < boxes.size(); ++k)
    {
        const LayerBox& lb = boxes[k];
        const int indent = k * 10; // each layer inside the one before
        const QRect r(x + indent, yy, w - indent, bh);
        QColor c = lb.name.contains("ESP")    ? colors::esp().lighter(170)
                   : lb.name.contains("AH")   ? colors::ah().lighter(160)
                   : lb.note.contains("encr") ? colors::encrypted().lighter(120)
                   : lb.note.contains("auth") ? colors::authenticated()
                                              : colors::clear();
        p.setPen(QPen(colors::muted(), 1));
        p.setBrush(c);
        p.drawRoundedRect(r, 3, 3);
        p.setFont(b);
        p.setPen(colors::text());
        p.drawText(r.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter, lb.osi);
        p.setFont(f);
        p.drawText(
            r.adjusted(86, 0, -6, 0),
            Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(f).elidedText(lb.name + " — " + lb.note, Qt::ElideRight, r.width() - 92));
        yy += bh + 2;
    }
    return yy - y;
}

} // namespace viz
