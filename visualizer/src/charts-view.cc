#include "charts-view.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QHorizontalStackedBarSeries>
#include <QLegendMarker>
#include <QLineSeries>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

namespace viz
{

static QChart*
newChart(const QString& title)
{
    auto* c = new QChart();
    c->setTitle(title);
    QFont f = c->titleFont();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.1);
    c->setTitleFont(f);
    c->setAnimationOptions(QChart::NoAnimation);
    c->setMargins(QMargins(6, 6, 6, 6));
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setBackgroundRoundness(6);
    return c;
}

static QChartView*
newView(QChart* c)
{
    auto* v = new QChartView(c);
    v->setRenderHint(QPainter::Antialiasing);
    v->setMinimumSize(300, 220);
    return v;
}

double
ChartsView::endTime() const
{
    return model()->size() ? qMax(1e-6, model()->at(model()->size() - 1).t) : 1.0;
}

QMap<QString, qint64>
ChartsView::octetsPerSa() const
{
    QMap<QString, qint64> m;
    for (const Event& e : model()->events())
        if ((e.layer == "esp" || e.layer == "ah") && e.kind == "encap")
            m[e.saLabel()] += 20 + (e.str("packet").isEmpty()
                                        ? e.str("ciphertext").size() + e.str("icv").size() + 16
                                        : e.str("packet").size()) /
                                       2;
    return m;
}

QMap<QString, int>
ChartsView::dropsByReason(int upTo) const
{
    QMap<QString, int> m;
    for (const Event& e : model()->events())
        if (e.index <= upTo && e.kind == "drop" && e.has("reason"))
            m[QString("%1 %2").arg(e.layer, e.str("reason"))]++;
    return m;
}

QVector<QPair<QString, double>>
ChartsView::exchangeDurations() const
{
    QVector<QPair<QString, double>> out;
    const EventModel* m = model();
    for (const Event& e : m->events())
    {
        if (e.lk() != "ike/message-sent" || e.obj.value("response").toBool())
            continue;
        // the first response received by the requester for this exchange and message ID
        for (int j = e.index + 1; j < m->size(); ++j)
        {
            const Event& r = m->at(j);
            if (r.lk() == "ike/message-received" && r.nodeLabel() == e.nodeLabel() &&
                r.obj.value("response").toBool() &&
                r.integer("message_id") == e.integer("message_id") &&
                r.str("exchange") == e.str("exchange") && r.str("spi_i") == e.str("spi_i"))
            {
                bool retransmission = false;
                for (const auto& o : out)
                    if (o.first.endsWith(QString("@%1").arg(j)))
                        retransmission = true;
                if (!retransmission)
                    out << qMakePair(QString("%1 #%2 %3@%4")
                                         .arg(e.str("exchange"))
                                         .arg(e.integer("message_id"))
                                         .arg(e.nodeLabel())
                                         .arg(j),
                                     r.t - e.t);
                break;
            }
        }
    }
    return out;
}

QChartView*
ChartsView::throughputChart()
{
    QChart* c = newChart("Throughput per SA (kbit/s)");
    const double end = endTime();
    const int bins = 25;
    const double w = end / bins;
    QMap<QString, QVector<double>> perSa;
    for (const Event& e : model()->events())
        if ((e.layer == "esp" || e.layer == "ah") && e.kind == "encap")
        {
            auto& v = perSa[e.saLabel()];
            v.resize(bins + 1);
            v[qBound(0, int(e.t / w), bins)] +=
                8.0 * (20 + e.str("packet").size() / 2) / 1000.0 / w;
        }
    // keep the 8 busiest SAs
    QVector<QPair<double, QString>> order;
    for (auto it = perSa.begin(); it != perSa.end(); ++it)
    {
        double s = 0;
        for (double x : it.value())
            s += x;
        order << qMakePair(-s, it.key());
    }
    std::sort(order.begin(), order.end());
    auto* ax = new QValueAxis;
    ax->setRange(0, end);
    ax->setTitleText("simulated time (s)");
    ax->setLabelFormat("%.1f");
    auto* ay = new QValueAxis;
    ay->setTitleText("kbit/s");
    c->addAxis(ax, Qt::AlignBottom);
    c->addAxis(ay, Qt::AlignLeft);
    double maxY = 1;
    for (int k = 0; k < order.size() && k < 8; ++k)
    {
        auto* s = new QLineSeries;
        QString name = order[k].second;
        const QRegularExpression spiRe("0x[0-9a-f]{8}(/(in|out))?");
        if (const auto mt = spiRe.match(name); mt.hasMatch())
            name = mt.captured(0);
        s->setName(name);
        const auto& v = perSa[order[k].second];
        for (int b = 0; b <= bins; ++b)
        {
            s->append(b * w, v.value(b));
            maxY = qMax(maxY, v.value(b));
        }
        s->setPen(QPen(colors::series(k), 2));
        c->addSeries(s);
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    ay->setRange(0, maxY * 1.1);
    auto* cur = new QLineSeries;
    cur->setName("cursor");
    cur->setPen(QPen(colors::drop(), 2, Qt::DashLine));
    c->addSeries(cur);
    cur->attachAxis(ax);
    cur->attachAxis(ay);
    cur->setProperty("ymax", maxY * 1.1);
    m_cursorLines << cur;
    if (perSa.isEmpty())
        c->setTitle("Throughput per SA: no ESP/AH packets in this run");
    QFont lf = c->legend()->font();
    lf.setPointSizeF(lf.pointSizeF() * 0.8);
    c->legend()->setFont(lf);
    return newView(c);
}

QChartView*
ChartsView::dropsChart()
{
    QChart* c = newChart("Drops by reason");
    m_dropReasons = dropsByReason(model()->size()).keys();
    auto* series = new QStackedBarSeries;
    m_dropsSoFar = new QBarSet("up to the cursor");
    m_dropsLater = new QBarSet("later in the run");
    m_dropsSoFar->setColor(colors::drop());
    m_dropsLater->setColor(QColor(0xf0, 0xb8, 0xbb));
    for (int k = 0; k < m_dropReasons.size(); ++k)
    {
        *m_dropsSoFar << 0;
        *m_dropsLater << 0;
    }
    series->append(m_dropsSoFar);
    series->append(m_dropsLater);
    c->addSeries(series);
    auto* ax = new QBarCategoryAxis;
    ax->append(m_dropReasons.isEmpty() ? QStringList{"(no drops)"} : m_dropReasons);
    auto* ay = new QValueAxis;
    ay->setLabelFormat("%d");
    int maxY = 1;
    for (int v : dropsByReason(model()->size()))
        maxY = qMax(maxY, v);
    ay->setRange(0, maxY + 1);
    ay->setTickCount(qMin(maxY + 2, 8));
    ay->setTitleText("packets");
    c->addAxis(ax, Qt::AlignBottom);
    c->addAxis(ay, Qt::AlignLeft);
    series->attachAxis(ax);
    series->attachAxis(ay);
    if (m_dropReasons.isEmpty())
        c->setTitle("Drops by reason: none in this run");
    return newView(c);
}

QChartView*
ChartsView::lifetimesChart()
{
    QChart* c = newChart("SA lifetimes (soft expiry ▲, rekey ◆)");
    const double end = endTime();
    auto* ax = new QValueAxis;
    ax->setRange(0, end);
    ax->setTitleText("simulated time (s)");
    ax->setLabelFormat("%.1f");
    auto* ay = new QCategoryAxis;
    ay->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    c->addAxis(ax, Qt::AlignBottom);
    c->addAxis(ay, Qt::AlignLeft);
    // one row per SA (SPI), from its first install to its last end; outbound and inbound merged
    struct Row
    {
        qint64 spi;
        QString protocol;
        double from, to;
        QVector<double> soft;
    };
    QVector<Row> rows;
    for (const SaLife& l : model()->saLives())
    {
        auto it =
            std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.spi == l.spi; });
        const double to = l.endTime >= 0 ? l.endTime : end;
        if (it == rows.end())
            rows << Row{l.spi, l.protocol, l.installTime, to, {}};
        else
        {
            it->from = qMin(it->from, l.installTime);
            it->to = qMax(it->to, to);
            it = std::find_if(
                rows.begin(), rows.end(), [&](const Row& r) { return r.spi == l.spi; });
        }
        auto& row =
            *std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.spi == l.spi; });
        for (int s : l.softIndexes)
            row.soft << model()->at(s).t;
    }
    const int maxRows = 24;
    if (rows.size() > maxRows)
        rows.resize(maxRows);
    auto* soft = new QScatterSeries;
    soft->setName("soft expiry");
    soft->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    soft->setMarkerSize(11);
    soft->setColor(colors::ah());
    auto* rekey = new QScatterSeries;
    rekey->setName("rekey done");
    rekey->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
    rekey->setMarkerSize(12);
    rekey->setColor(QColor(0x9b, 0x4d, 0xca));
    bool espLegend = false, ahLegend = false;
    for (int k = 0; k < rows.size(); ++k)
    {
        auto* s = new QLineSeries;
        const bool ah = rows[k].protocol == "ah";
        s->setName(ah ? "AH SA" : "ESP SA");
        s->setPen(QPen(colors::forProtocol(rows[k].protocol), 5));
        s->append(rows[k].from, k + 1);
        s->append(rows[k].to, k + 1);
        c->addSeries(s);
        s->attachAxis(ax);
        s->attachAxis(ay);
        const bool showLegend = ah ? !ahLegend : !espLegend;
        (ah ? ahLegend : espLegend) = true;
        for (QLegendMarker* mk : c->legend()->markers(s))
            mk->setVisible(showLegend);
        ay->append(spiHex(rows[k].spi), k + 1);
        for (double t : rows[k].soft)
            soft->append(t, k + 1);
    }
    for (const Event& e : model()->events())
        if (e.lk() == "ike/rekey-done")
        {
            const qint64 spi = e.integer("new_spi");
            int row = 0;
            for (int k = 0; k < rows.size(); ++k)
                if (rows[k].spi == spi)
                    row = k + 1;
            rekey->append(e.t, row);
        }
    ay->append(" ", 0);
    ay->setRange(0, rows.size() + 1);
    c->addSeries(soft);
    c->addSeries(rekey);
    for (auto* s : {soft, rekey})
    {
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    auto* cur = new QLineSeries;
    cur->setName("cursor");
    cur->setPen(QPen(colors::drop(), 2, Qt::DashLine));
    c->addSeries(cur);
    cur->attachAxis(ax);
    cur->attachAxis(ay);
    cur->setProperty("ymax", double(rows.size() + 1));
    m_cursorLines << cur;
    QFont lf = ay->labelsFont();
    lf.setPointSizeF(lf.pointSizeF() * (rows.size() > 12 ? 0.7 : 0.9));
    ay->setLabelsFont(lf);
    if (rows.isEmpty())
        c->setTitle("SA lifetimes: no SA installed");
    return newView(c);
}

QChartView*
ChartsView::durationsChart()
{
    QChart* c = newChart("IKE exchange durations (ms, request sent → response received)");
    auto* series = new QStackedBarSeries;
    m_durDone = new QBarSet("done at the cursor");
    m_durLater = new QBarSet("later");
    m_durDone->setColor(colors::ike());
    m_durLater->setColor(QColor(0xb9, 0xcd, 0xef));
    QStringList cats;
    m_durEvents.clear();
    m_durValues.clear();
    double maxY = 1;
    for (const auto& d : exchangeDurations())
    {
        const int at = d.first.section('@', -1).toInt();
        QString label = d.first.section('@', 0, 0);
        label.replace("IKE_SA_INIT", "INIT")
            .replace("IKE_AUTH", "AUTH")
            .replace("CREATE_CHILD_SA", "CCSA")
            .replace("INFORMATIONAL", "INFO");
        cats << QString("%1 %2 [%3]")
                    .arg(label.section(' ', 0, 1), label.section(' ', 2))
                    .arg(cats.size() + 1);
        m_durEvents << at;
        m_durValues << d.second * 1000;
        maxY = qMax(maxY, d.second * 1000);
        *m_durDone << 0;
        *m_durLater << 0;
    }
    series->append(m_durDone);
    series->append(m_durLater);
    c->addSeries(series);
    auto* ax = new QBarCategoryAxis;
    ax->append(cats.isEmpty() ? QStringList{"(no IKE)"} : cats);
    QFont lf = ax->labelsFont();
    lf.setPointSizeF(lf.pointSizeF() * 0.75);
    ax->setLabelsFont(lf);
    auto* ay = new QValueAxis;
    ay->setRange(0, maxY * 1.15);
    ay->setTitleText("ms");
    c->addAxis(ax, Qt::AlignBottom);
    c->addAxis(ay, Qt::AlignLeft);
    series->attachAxis(ax);
    series->attachAxis(ay);
    if (cats.isEmpty())
        c->setTitle("IKE exchange durations: no IKE in this run");
    return newView(c);
}

void
ChartsView::attach(TimeCursor* cursor)
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(4);
    View::attach(cursor); // model() is available from here
    m_cursorLines.clear();
    grid->addWidget(throughputChart(), 0, 0);
    grid->addWidget(dropsChart(), 0, 1);
    grid->addWidget(lifetimesChart(), 1, 0);
    grid->addWidget(durationsChart(), 1, 1);
    refresh();
}

void
ChartsView::refresh()
{
    if (!model() || m_cursorLines.isEmpty())
        return;
    const int i = index();
    const double t = model()->at(i).t;
    for (QLineSeries* s : m_cursorLines)
    {
        const double ymax = s->property("ymax").toDouble();
        s->replace(QList<QPointF>{QPointF(t, 0), QPointF(t, ymax)});
    }
    const QMap<QString, int> soFar = dropsByReason(i), all = dropsByReason(model()->size());
    for (int k = 0; k < m_dropReasons.size(); ++k)
    {
        m_dropsSoFar->replace(k, soFar.value(m_dropReasons[k]));
        m_dropsLater->replace(k, all.value(m_dropReasons[k]) - soFar.value(m_dropReasons[k]));
    }
    for (int k = 0; k < m_durEvents.size(); ++k)
    {
        const bool done = m_durEvents[k] <= i;
        m_durDone->replace(k, done ? m_durValues[k] : 0);
        m_durLater->replace(k, done ? 0 : m_durValues[k]);
    }
}

} // namespace viz
