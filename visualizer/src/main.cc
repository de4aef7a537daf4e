// ipseclab-viz DIR                                   the interactive window
// ipseclab-viz DIR --render VIEW --at N -o FILE.png  one view at event N, headless
// Exit codes: 0 ok, 2 bad arguments or unreadable/invalid event stream (message on stderr, or a
// dialog in the window mode), 1 when the image cannot be written.
#include "event-model.h"
#include "main-window.h"
#include "renderer.h"

#include <QApplication>
#include <QMessageBox>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace
{

const char* kUsage =
    "usage: ipseclab-viz DIR [--view VIEW] [--at N]\n"
    "       ipseclab-viz DIR --render VIEW --at N -o FILE.png [--size WxH] [--node NAME] [--layer "
    "L] [--sa LABEL]\n"
    "DIR: a scenario's output directory (with events.jsonl), or the events.jsonl file itself.\n"
    "VIEW: topology, sequence, inspector, keys, replay, charts. N: event index (0-based; negative "
    "counts from the end).\n";

int
fail(const QString& message, bool gui)
{
    if (gui)
        QMessageBox::critical(nullptr, "IPsec Lab visualizer", message);
    std::fprintf(stderr, "ipseclab-viz: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int
main(int argc, char** argv)
{
    // Parse before QApplication: the headless mode must not need a display.
    QString dir, render, out, view, node, layer, sa;
    QString at;
    QSize size(1400, 900);
    bool help = false;
    QStringList errors;
    for (int i = 1; i < argc; ++i)
    {
        const QString a = QString::fromLocal8Bit(argv[i]);
        auto value = [&](QString& target)
        {
            const int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0)
                target = a.mid(eq + 1);
            else if (i + 1 < argc)
                target = QString::fromLocal8Bit(argv[++i]);
            else
                errors << QString("%1 needs a value").arg(a);
        };
        const QString name = a.startsWith("--") ? a.section('=', 0, 0) : a;
        if (name == "-h" || name == "--help")
            help = true;
        else if (name == "--render")
            value(render);
        else if (name == "--at")
            value(at);
        else if (name == "-o" || name == "--out" || name == "--output")
            value(out);
        else if (name == "--view")
            value(view);
        else if (name == "--node")
            value(node);
        else if (name == "--layer")
            value(layer);
        else if (name == "--sa")
            value(sa);
        else if (name == "--size")
        {
            QString s;
            value(s);
            const QStringList wh = s.toLower().split('x');
            if (wh.size() != 2 || wh[0].toInt() < 200 || wh[1].toInt() < 150 ||
                wh[0].toInt() > 8000 || wh[1].toInt() > 8000)
                errors << QString("--size %1: expected WxH, e.g. 1400x900").arg(s);
            else
                size = QSize(wh[0].toInt(), wh[1].toInt());
        }
        else if (a.startsWith('-') && a.size() > 1)
            errors << QString("unknown option %1").arg(a);
        else if (dir.isEmpty())
            dir = a;
        else
            errors << QString("unexpected argument %1").arg(a);
    }
    if (help)
    {
        std::fputs(kUsage, stdout);
        return 0;
    }
    const bool headless = !render.isEmpty();
    if (dir.isEmpty())
        errors << "no directory given";
    if (headless && out.isEmpty())
        errors << "--render needs -o FILE.png";
    if (headless && at.isEmpty())
        errors << "--render needs --at EVENT_INDEX";
    bool atOk = true;
    const int atIndex = at.isEmpty() ? 0 : at.toInt(&atOk);
    if (!atOk)
        errors << QString("--at %1: not an integer").arg(at);
    if (!errors.isEmpty())
    {
        std::fprintf(stderr, "ipseclab-viz: %s\n%s", qPrintable(errors.join("; ")), kUsage);
        return 2;
    }
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
    {
        std::fprintf(stderr,
                     "ipseclab-viz: no display (DISPLAY is not set); use --render VIEW --at N -o "
                     "FILE.png for images\n");
        return 2;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName("ipseclab-viz");
    viz::EventModel model;
    QString error;
    if (!model.load(dir, &error))
        return fail(error, !headless);
    const int index = atIndex < 0 ? model.size() + atIndex : atIndex;

    if (headless)
    {
        viz::Filter f{node, layer, sa};
        const QImage image = viz::renderView(model, render, index, size, &error, f);
        if (image.isNull())
            return fail(error, false);
        if (!image.save(out))
        {
            std::fprintf(stderr, "ipseclab-viz: cannot write %s\n", qPrintable(out));
            return 1;
        }
        return 0;
    }
    if (index < 0 || index >= model.size())
        return fail(QString("event index %1 out of range: the stream has events 0..%2")
                        .arg(atIndex)
                        .arg(model.size() - 1),
                    true);
    if (!view.isEmpty() && !viz::viewNames().contains(view))
        return fail(
            QString("unknown view \"%1\" (one of: %2)").arg(view, viz::viewNames().join(", ")),
            true);
    viz::MainWindow w(&model);
    w.timeCursor()->setIndex(index);
    if (!view.isEmpty())
        w.showView(view);
    w.show();
    return app.exec();
}
