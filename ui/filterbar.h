// The row above the table: one tab per state group with its count, and the search box.
#pragma once

#include <QWidget>

class QLineEdit;
class QTabBar;
class TaskFilterProxy;
class TaskModel;

class FilterBar final : public QWidget {
    Q_OBJECT
public:
    FilterBar(TaskModel *model, TaskFilterProxy *proxy, QWidget *parent = nullptr);

    QLineEdit *searchBox() const { return m_search; }
    QTabBar *stateTabs() const { return m_tabs; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    static constexpr int SearchWidth = 240;
    static constexpr int MinSearchWidth = 140;

    void updateCounts();
    void fitSearchBox();

    TaskModel *m_model;
    TaskFilterProxy *m_proxy;
    QTabBar *m_tabs;
    QLineEdit *m_search;
};
