#include "renderer.h"

#include "charts-view.h"
#include "inspector-view.h"
#include "keys-view.h"
#include "narration-view.h"
#include "replay-view.h"
#include "sequence-view.h"
#include "topology-view.h"

#include <QApplication>
#include <QPainter>

namespace viz
{

QStringList
viewNames()
{
    return {"topology", "sequence", "inspector", "keys", "replay", "charts", "narration"};
}

View*
createView(const QString& name, QWidget* parent)
{
    if (name == "topology")
        return new TopologyView(parent);
    if (name == "sequence")
        return new SequenceView(parent);
    if (name == "inspector")
        return new InspectorView(parent);
    if (name == "keys")
        return new KeysView(parent);
    if (name == "replay")
        return new ReplayView(parent);
    if (name == "charts")
        return new ChartsView(parent);
    if (name == "narration")
        return new NarrationView(parent);
    return nullptr;
}

QImage
renderView(const EventModel& model, const QString& name, int index, const QSize& size,
           QString* error, const Filter& filter)
{
    if (!viewNames().contains(name))
    {
        *error = QString("unknown view \"%1\" (one of: %2)").arg(name, viewNames().join(", "));
        return QImage();
    }
    if (index < 0 || index >= model.size())
    {
        *error = QString("event index %1 out of range: the stream has events 0..%2")
                     .arg(index)
                     .arg(model.size() - 1);
        return QImage();
    }
    TimeCursor cursor(&model);
    cursor.setIndex(index);
    cursor.setFilter(filter);
    cursor.setIndex(index);
    View* view = createView(name);
    view->setAttribute(Qt::WA_DontShowOnScreen);
    view->setAutoFillBackground(true);
    view->resize(size);
    view->attach(&cursor);
    view->show();
    QApplication::processEvents();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        view->render(&p);
    }
    delete view;
    return image;
}

} // namespace viz
