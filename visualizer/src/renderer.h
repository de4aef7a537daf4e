// The views by name, and headless rendering of one view at one cursor position to an image.
#pragma once

#include "event-model.h"
#include "time-cursor.h"

#include <QImage>
#include <QSize>
#include <QStringList>

namespace viz
{

class View;

QStringList viewNames(); // topology, sequence, inspector, keys, replay, charts, narration
View* createView(const QString& name, QWidget* parent = nullptr); // nullptr for an unknown name

// Renders view `name` of `model` with the cursor at `index` (and an optional filter).
// Returns a null image and sets *error on a bad name or index.
QImage renderView(const EventModel& model, const QString& name, int index, const QSize& size,
                  QString* error, const Filter& filter = Filter());

} // namespace viz
