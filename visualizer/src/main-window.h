// The interactive window: the six views in tabs, all following one time cursor, with the
// controls (step, play/pause and speed, jump to the next event of a kind, filters) and the list
// of events.
#pragma once

#include "event-model.h"
#include "time-cursor.h"

#include <QMainWindow>

class QComboBox;
class QListWidget;
class QSlider;
class QLabel;
class QAction;
class QTabWidget;

namespace viz
{

class MainWindow : public QMainWindow
{
    Q_OBJECT
  public:
    explicit MainWindow(const EventModel* model, QWidget* parent = nullptr);
    TimeCursor* timeCursor() { return &m_cursor; }
    // Show a view by name ("topology", ...).
    void showView(const QString& name);

  private:
    void onIndex(int i);
    void applyFilter();

    const EventModel* m_model;
    TimeCursor m_cursor;
    QTabWidget* m_tabs = nullptr;
    QListWidget* m_list = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_status = nullptr;
    QComboBox* m_kind = nullptr;
    QComboBox* m_node = nullptr;
    QComboBox* m_layer = nullptr;
    QComboBox* m_sa = nullptr;
    QAction* m_play = nullptr;
};

} // namespace viz
