// The task table: rows of the filter proxy, the progress delegate, sensible column widths,
// multi-selection, and the context menu built from the shared actions.
#pragma once

#include "models/taskmodel.h"

#include <QTableView>
#include <array>

class QMenu;
class TaskFilterProxy;

class TaskTable final : public QTableView {
    Q_OBJECT
public:
    explicit TaskTable(TaskFilterProxy *proxy, QWidget *parent = nullptr);

    // Right-click menu: `actions`, a separator where an entry is nullptr.
    void setContextActions(const QList<QAction *> &actions);
    // Takes the columns' present widths as the ones to keep when there is room (after the
    // header's saved state is restored).
    void rememberColumnWidths();
    // The widths kept when there is room (not the shrunk ones of a small window), to save and
    // restore with the window's state.
    QByteArray preferredWidths() const;
    void setPreferredWidths(const QByteArray &saved);
    // The header's menu: one checkable entry per column but Name (tests trigger its actions).
    QMenu *columnMenu();
    // What the empty table says: how to begin, or that the filter or search hides every row.
    QString emptyText() const;

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QList<QAction *> m_contextActions;
    void fitColumns();
    void showColumnMenu(const QPoint &globalPos);

    TaskFilterProxy *m_proxy;
    std::array<int, TaskModel::ColumnCount> m_preferred{};
    std::array<int, TaskModel::ColumnCount> m_defaults{};
    bool m_fitting = false; // our own resizes are not the user's choice
};
