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

int
InspectorView::drawHex(QPainter& p, const QString& hex, int x, int y, int maxRows,
                       const std::function<QColor(int)>& colorOf, int bytesPerRow) const
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
            if (c.isValid())
                p.fillRect(QRect(bx - 2, yy, cw, lh), c);
            p.setPen(colors::text());
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
    QString packetHex = e.str("packet");
    if (packetHex.isEmpty())
        packetHex = e.str("bytes");
    if (packetHex.isEmpty() && recv)
        packetHex = recv->str("bytes");
    if (packetHex.isEmpty() && recv && recv->layer == "esp" && recv->has("ciphertext"))
        packetHex = QString("%1%2")
                        .arg(static_cast<quint32>(recv->integer("spi")), 8, 16, QChar('0'))
                        .arg(static_cast<quint32>(recv->integer("sn")), 8, 16, QChar('0')) +
                    recv->str("iv") + recv->str("ciphertext") + recv->str("icv");

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
        what = QString("%1 %2 mode   SPI %3   SN %4   %5 → %6   %7   %8 B after the IP header")
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
    y += 24;
    if (!send)
    {
        p.setFont(font());
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
    const int ipLen = 20;
    const int total = qMax(1, hexLen(packetHex) + ipLen);
    auto xOf = [&](int off)
    {
        return barX + double(barW) * (off + ipLen) / total;
    };
    p.setFont(font());
    QRectF ipBox(barX, y, xOf(0) - barX, barH);
    p.setPen(QPen(colors::text(), 1));
    p.setBrush(e.layer == "ah" ? colors::zeroed() : colors::clear());
    p.drawRect(ipBox);
    p.drawText(ipBox, Qt::AlignCenter, "IP");
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
                hexLen(packetHex),
                colors::authenticated(),
                "authenticated by the ICV: the whole datagram, IP header mutable fields (TOS, "
                "flags/offset, TTL, checksum) as zeros — nothing encrypted",
                0);
    }
    else if (e.layer == "ike" && e.str("exchange") != "IKE_SA_INIT")
        bracket(28,
                hexLen(packetHex),
                colors::encrypted(),
                "SK payload: encrypted with SK_e, authenticated with SK_a / AEAD",
                0);
    y += 44;

    // left column: bytes; right column: integrity steps
    const int colW = (width() - 36) / 2;
    const int leftX = 12, rightX = 24 + colW;
    auto regionColor = [&](int i)
    {
        for (const Region& r : regs)
            if (i >= r.offset && i < r.offset + r.length)
                return r.color;
        return QColor();
    };
    p.setFont(bold);
    p.setPen(colors::text());
    p.drawText(leftX,
               y + 12,
               QString("%1 octets (after the IP header)")
                   .arg(e.layer == "ike" ? "UDP payload" : "Packet"));
    int ly = y + 18;
    const int avail = height() - ly - 10;
    const int lh = QFontMetrics(font()).height() + 2;
    const bool hasPlain =
        e.layer == "esp" && (e.has("plaintext") || (recv && recv->has("plaintext")));
    const int packetRows = qMax(3, (hasPlain ? avail / 2 : avail) / lh - 2);
    ly += drawHex(p, packetHex, leftX, ly, packetRows, regionColor);
    if (hasPlain)
    {
        const QString pt = e.has("plaintext") ? e.str("plaintext") : recv->str("plaintext");
        ly += 10;
        p.setFont(bold);
        p.setPen(colors::text());
        QString inner;
        if (e.str("mode") == "tunnel" && pt.size() >= 40)
        {
            auto addr = [&](int off)
            {
                QStringList o;
                for (int k = 0; k < 4; ++k)
                    o << QString::number(pt.mid((off + k) * 2, 2).toInt(nullptr, 16));
                return o.join('.');
            };
            inner = QString(": inner IPv4 %1 → %2, protocol %3")
                        .arg(addr(12), addr(16))
                        .arg(pt.mid(18, 2).toInt(nullptr, 16));
        }
        p.drawText(leftX, ly + 12, "Plaintext (what ESP encrypted, before padding)" + inner);
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
        drawHex(p, pt, leftX, ly, qMax(2, (height() - ly - 10) / lh), ptColor);
    }

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
                aad = packetHex.left(16);
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
                         .arg(hexLen(packetHex) - hexLen(e.str("icv")))
                         .arg(shortHex(packetHex.left(packetHex.size() - e.str("icv").size()), 24));
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
        const QString in = e.str("icv_input");
        steps << QString("# Integrity check, step by step (AH %1)")
                     .arg(e.str("proposal").isEmpty() ? integ : e.str("proposal"));
        steps << QString("1. MAC input (%1 B): IP header with TOS, flags/offset, TTL, checksum "
                         "zeroed, AH with ICV zeroed, payload")
                     .arg(hexLen(in));
        y += 0;
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
        p.drawText(rightX, ry + 12, "MAC input octets (grey: zeroed mutable fields and ICV)");
        ry += 18;
        const QString in = e.str("icv_input");
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
        drawHex(p, in, rightX, ry, qMax(2, (height() - ry - 10) / lh), inColor);
    }
}

} // namespace viz
