// Base of the six views: a widget that shows the state of the event stream at the time cursor.
#pragma once

#include "event-model.h"
#include "time-cursor.h"

#include <QColor>
#include <QWidget>

class QPainter;

namespace viz
{

class View : public QWidget
{
    Q_OBJECT
  public:
    explicit View(QWidget* parent = nullptr)
        : QWidget(parent)
    {
    }
    // Follow this cursor (and its model). Safe to call once; the cursor must outlive the view.
    virtual void attach(TimeCursor* cursor);
    virtual QString title() const = 0;
    int index() const { return m_cursor ? m_cursor->index() : -1; }

  protected:
    // Called when the cursor moves or the filter changes; default: repaint.
    virtual void refresh() { update(); }
    const EventModel* model() const { return m_cursor ? m_cursor->model() : nullptr; }
    TimeCursor* cursor() const { return m_cursor; }
    // A header line: view title and the cursor's event, drawn at the top; returns its height.
    int paintHeader(QPainter& p, const QString& subtitle = QString()) const;

  private:
    TimeCursor* m_cursor = nullptr;
};

// The colours every view uses for the same things.
namespace colors
{
inline QColor
background()
{
    return QColor(0xfb, 0xfb, 0xfd);
}
inline QColor
text()
{
    return QColor(0x20, 0x24, 0x2c);
}
inline QColor
muted()
{
    return QColor(0x8a, 0x90, 0x9c);
}
inline QColor
esp()
{
    return QColor(0x2e, 0x9d, 0x5b);
}
inline QColor
ah()
{
    return QColor(0xe0, 0x8a, 0x1e);
}
inline QColor
ike()
{
    return QColor(0x2f, 0x6f, 0xd6);
}
inline QColor
drop()
{
    return QColor(0xd6, 0x33, 0x3a);
}
inline QColor
encrypted()
{
    return QColor(0xb9, 0x8c, 0xe6);
} // confidentiality
inline QColor
authenticated()
{
    return QColor(0x9c, 0xd3, 0xf2);
} // integrity only
inline QColor
icv()
{
    return QColor(0xf5, 0xc9, 0x6b);
}
inline QColor
zeroed()
{
    return QColor(0xd0, 0xd0, 0xd0);
}
inline QColor
clear()
{
    return QColor(0xee, 0xee, 0xee);
}
inline QColor
highlight()
{
    return QColor(0xff, 0xd5, 0x4f);
}
inline QColor
accepted()
{
    return QColor(0x3c, 0xb3, 0x71);
}
QColor forProtocol(const QString& layerOrProtocol);
QColor series(int i); // distinct colours for charts and SAs
} // namespace colors

} // namespace viz
