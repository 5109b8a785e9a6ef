// The Progress column's bar as a user sees it: it shows the value and the colour of the state
// it is given, the same drawn from the delegate's pixmap cache as drawn fresh.
#include "models/task.h"
#include "models/taskmodel.h"
#include "ui/progressdelegate.h"

#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QPixmapCache>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

class TestProgressDelegate : public QObject {
    Q_OBJECT
private:
    QStandardItemModel m_model{1, 1};
    QTableView m_view;
    ProgressDelegate m_delegate;

    void show(double progress, TaskState state)
    {
        QStandardItem *item = m_model.item(0, 0);
        item->setData(progress, TaskModel::RawValueRole);
        item->setData(int(state), TaskModel::StateRole);
    }
    QImage cell()
    {
        m_view.viewport()->update();
        const QRect rect = m_view.visualRect(m_model.index(0, 0));
        return m_view.viewport()->grab(rect).toImage();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_model.setItem(0, 0, new QStandardItem);
        m_view.setModel(&m_model);
        m_view.setItemDelegate(&m_delegate);
        m_view.horizontalHeader()->resizeSection(0, 200);
        m_view.verticalHeader()->resizeSection(0, 28);
        m_view.resize(300, 120);
        m_view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_view));
    }

    void theBarShowsItsValueAndStateAsDrawnFresh()
    {
        QPixmapCache::clear();
        show(0.25, TaskState::Running);
        const QImage quarter = cell();
        QVERIFY(!quarter.isNull());

        show(0.75, TaskState::Running);
        const QImage threeQuarters = cell();
        QVERIFY(threeQuarters != quarter);

        // Back to a value drawn before: from the cache, as it was.
        show(0.25, TaskState::Running);
        QCOMPARE(cell(), quarter);
        QPixmapCache::clear();
        QCOMPARE(cell(), quarter);

        // The same value in another state has that state's colour, not the cached one's.
        show(0.25, TaskState::Paused);
        const QImage paused = cell();
        QVERIFY(paused != quarter);
        show(0.25, TaskState::Failed);
        QVERIFY(cell() != paused);
        QVERIFY(cell() != quarter);

        // 25.4% and 25.6% are one bar width apart at most but say "25%" both; 26% differs.
        show(0.254, TaskState::Running);
        const QImage almost = cell();
        show(0.26, TaskState::Running);
        QVERIFY(cell() != almost);
    }

    // A palette change (a dark theme chosen while the window is open) repaints the bar in it.
    void aNewPaletteIsNotAnsweredFromTheCache()
    {
        show(0.5, TaskState::Running);
        const QImage light = cell();
        QPalette dark = m_view.palette();
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Button, QColor(0x30, 0x30, 0x30));
        dark.setColor(QPalette::Text, Qt::white);
        dark.setColor(QPalette::WindowText, Qt::white);
        m_view.setPalette(dark);
        const QImage darkCell = cell();
        m_view.setPalette(QPalette());
        QVERIFY(darkCell != light);
        QPixmapCache::clear();
        m_view.setPalette(dark);
        QCOMPARE(cell(), darkCell); // fresh, as it was from the cache
        m_view.setPalette(QPalette());
    }
};

QTEST_MAIN(TestProgressDelegate)
#include "tst_progressdelegate.moc"
