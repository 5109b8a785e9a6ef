// The task table: rows of the filter proxy, the progress delegate, sensible column widths,
// multi-selection, and the context menu built from the shared actions.
#pragma once

#include <QTableView>

class TaskFilterProxy;

class TaskTable final : public QTableView {
    Q_OBJECT
public:
    explicit TaskTable(TaskFilterProxy *proxy, QWidget *parent = nullptr);

    // Right-click menu: `actions`, a separator where an entry is nullptr.
    void setContextActions(const QList<QAction *> &actions);
    // What the empty table says: how to begin, or that the filter or search hides every row.
    QString emptyText() const;

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QList<QAction *> m_contextActions;
    TaskFilterProxy *m_proxy;
};
