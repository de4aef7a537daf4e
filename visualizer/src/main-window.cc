#include "main-window.h"

#include "renderer.h"
#include "view.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListWidget>
#include <QShortcut>
#include <QSlider>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace viz
{

MainWindow::MainWindow(const EventModel* model, QWidget* parent)
    : QMainWindow(parent)
    , m_model(model)
    , m_cursor(model)
{
    setWindowTitle(QString("IPsec Lab visualizer — %1").arg(model->directory()));
    resize(1400, 900);

    m_tabs = new QTabWidget(this);
    for (const QString& name : viewNames())
    {
        if (name == "narration")
            continue; // a pane of its own, beside the tabs
        View* v = createView(name, m_tabs);
        v->attach(&m_cursor);
        m_tabs->addTab(v, v->title());
    }
    setCentralWidget(m_tabs);

    // events list
    m_list = new QListWidget(this);
    m_list->setUniformItemSizes(true);
    QFont mono("Monospace");
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPointSizeF(font().pointSizeF() * 0.85);
    m_list->setFont(mono);
    for (const Event& e : model->events())
        m_list->addItem(e.oneLine());
    auto* dock = new QDockWidget("Events", this);
    dock->setWidget(m_list);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    connect(m_list, &QListWidget::currentRowChanged, &m_cursor, &TimeCursor::setIndex);

    // the narration (what --steps prints), on the same cursor
    View* narration = createView("narration", this);
    narration->attach(&m_cursor);
    narration->setMinimumWidth(380);
    auto* narrationDock = new QDockWidget("Narration", this);
    narrationDock->setObjectName("narration");
    narrationDock->setWidget(narration);
    addDockWidget(Qt::RightDockWidgetArea, narrationDock);

    // controls
    QToolBar* tb = addToolBar("Controls");
    tb->addAction("⏮ First", this, [this] { m_cursor.setIndex(0); });
    QAction* prev = tb->addAction("◀ Previous", this, [this] { m_cursor.previous(); });
    prev->setShortcut(Qt::Key_Left);
    m_play = tb->addAction(
        "▶ Play", this, [this] { m_cursor.isPlaying() ? m_cursor.pause() : m_cursor.play(); });
    m_play->setShortcut(Qt::Key_Space);
    QAction* next = tb->addAction("Next ▶", this, [this] { m_cursor.next(); });
    next->setShortcut(Qt::Key_Right);
    tb->addAction("Last ⏭", this, [this] { m_cursor.setIndex(m_model->size() - 1); });
    auto* speed = new QDoubleSpinBox(tb);
    speed->setRange(0.5, 200);
    speed->setValue(m_cursor.speed());
    speed->setSuffix(" ev/s");
    speed->setToolTip("Playback speed: events per second");
    connect(speed, &QDoubleSpinBox::valueChanged, &m_cursor, &TimeCursor::setSpeed);
    tb->addWidget(speed);
    connect(&m_cursor,
            &TimeCursor::playingChanged,
            this,
            [this](bool playing) { m_play->setText(playing ? "⏸ Pause" : "▶ Play"); });
    tb->addSeparator();
    tb->addWidget(new QLabel(" Jump to ", tb));
    m_kind = new QComboBox(tb);
    m_kind->addItem("any drop", "drop");
    m_kind->addItem("replay drop (duplicate / too old)", "replay/check:replayed");
    m_kind->addItem("replay: too old", "replay/check:too-old");
    m_kind->addItem("ICV failure", "drop:icv-failure");
    m_kind->addItem("IKE message", "ike/message-sent");
    m_kind->addItem("scenario step", "scenario/step");
    for (const QString& k : model->kinds())
        m_kind->addItem(k, k);
    tb->addWidget(m_kind);
    tb->addAction("◀", this, [this] { m_cursor.jumpToPrevious(m_kind->currentData().toString()); });
    tb->addAction("▶",
                  this,
                  [this]
                  {
                      if (!m_cursor.jumpToNext(m_kind->currentData().toString()))
                          statusBar()->showMessage("no further event of that kind", 3000);
                  });

    QToolBar* fb = addToolBar("Filters");
    auto addFilter = [&](const QString& label, QComboBox*& box, const QStringList& items)
    {
        fb->addWidget(new QLabel(label, fb));
        box = new QComboBox(fb);
        box->addItem("(all)", QString());
        for (const QString& s : items)
            box->addItem(s, s);
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(box, &QComboBox::currentIndexChanged, this, [this] { applyFilter(); });
        fb->addWidget(box);
    };
    addFilter(" Node ", m_node, model->nodeNames());
    addFilter(" Layer ", m_layer, model->layers());
    addFilter(" SA ", m_sa, model->saLabels());

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, model->size() - 1);
    connect(m_slider, &QSlider::valueChanged, &m_cursor, &TimeCursor::setIndex);
    addToolBarBreak();
    QToolBar* sb = addToolBar("Timeline");
    sb->addWidget(m_slider);
    m_status = new QLabel(this);
    statusBar()->addPermanentWidget(m_status, 1);

    connect(&m_cursor, &TimeCursor::indexChanged, this, &MainWindow::onIndex);
    onIndex(m_cursor.index());
}

void
MainWindow::showView(const QString& name)
{
    const int i = viewNames().indexOf(name);
    if (i >= 0)
        m_tabs->setCurrentIndex(i);
}

void
MainWindow::applyFilter()
{
    Filter f;
    f.node = m_node->currentData().toString();
    f.layer = m_layer->currentData().toString();
    f.sa = m_sa->currentData().toString();
    m_cursor.setFilter(f);
    for (int i = 0; i < m_model->size(); ++i)
        m_list->item(i)->setHidden(!f.matches(m_model->at(i)));
}

void
MainWindow::onIndex(int i)
{
    QSignalBlocker b1(m_list), b2(m_slider);
    m_list->setCurrentRow(i);
    m_list->scrollToItem(m_list->item(i));
    m_slider->setValue(i);
    m_status->setText(QString("event %1 / %2   %3")
                          .arg(i)
                          .arg(m_model->size() - 1)
                          .arg(m_model->at(i).oneLine()));
}

} // namespace viz
