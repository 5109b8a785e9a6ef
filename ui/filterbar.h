// The row above the table: one tab per state group with its count, where the tasks run (when
// there are remote engines), and the search box.
#pragma once

#include <QWidget>

class QComboBox;
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
    QComboBox *wherePicker() const { return m_where; }
    // The remote engines (id, label) the Where picker offers besides "Everywhere" and "This
    // computer"; none: the picker hides and shows everything.
    void setEngines(const QList<std::pair<QString, QString>> &engines);

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
    QComboBox *m_where;
};
