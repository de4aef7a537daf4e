// The visualizer's reader of events.jsonl (any file a user opens with ./lab view): JSON
// Lines, versions, kinds, hex fields, node names, and the indexes it builds over them.
#include "../fuzz-target.h"
#include "event-model.h"

#include <QByteArray>
#include <QString>

IPSECLAB_FUZZ_TARGET(event_stream)
{
    viz::EventModel model;
    QString error;
    model.loadFromData(QByteArray(reinterpret_cast<const char*>(data), static_cast<int>(size)),
                       QStringLiteral("fuzz"),
                       &error);
    return 0;
}
