// Charts (Qt Charts): throughput per SA over time (esp/ah encap times and sizes), drops by
// reason, SA lifetimes with soft expiries and rekey moments, IKE exchange durations. A vertical
// line marks the cursor's time; the bar charts split "up to the cursor" from "later".
#pragma once

#include "view.h"

#include <QMap>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QLineSeries;
class QBarSet;
QT_END_NAMESPACE

namespace viz
{

class ChartsView : public View
{
    Q_OBJECT
  public:
    using View::View;
    QString title() const override { return "Charts"; }
    void attach(TimeCursor* cursor) override;

    // Data behind the charts, for tests: octets per SA label (all encaps), drops by reason up to
    // the cursor, IKE exchange durations (label -> seconds).
    QMap<QString, qint64> octetsPerSa() const;
    QMap<QString, int> dropsByReason(int upTo) const;
    QVector<QPair<QString, double>> exchangeDurations() const;

  protected:
    void refresh() override;

  private:
    QChartView* throughputChart();
    QChartView* dropsChart();
    QChartView* lifetimesChart();
    QChartView* durationsChart();
    double endTime() const;

    QVector<QLineSeries*> m_cursorLines;
    QBarSet* m_dropsSoFar = nullptr;
    QBarSet* m_dropsLater = nullptr;
    QStringList m_dropReasons;
    QBarSet* m_durDone = nullptr;
    QBarSet* m_durLater = nullptr;
    QVector<int> m_durEvents; // event index where each exchange completed
    QVector<double> m_durValues;
};

} // namespace viz
