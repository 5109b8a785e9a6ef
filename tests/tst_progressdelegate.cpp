// The Progress column's bar as a user sees it: it shows the value, the colour of the state, the
// palette and the font it is given, the same from the delegate's cache of drawn bars as drawn
// by a delegate that never drew one.
#include "models/task.h"
#include "models/taskmodel.h"
#include "ui/progressdelegate.h"

#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <utility>

class TestProgressDelegate : public QObject {
    Q_OBJECT
private:
    QStandardItemModel m_model{1, 1};
    QTableView m_view;
    ProgressDelegate m_delegate; // its cache lives as long as the suite

    void show(double progress, TaskState state)
    {
        QStandardItem *item = m_model.item(0, 0);
        item->setData(progress, TaskModel::RawValueRole);
        item->setData(int(state), TaskModel::StateRole);
    }
    QImage shown(double progress, TaskState state)
    {
        show(progress, state);
        return cell();
    }
    QImage cell()
    {
        const QRect rect = m_view.visualRect(m_model.index(0, 0));
        return m_view.viewport()->grab(rect).toImage();
    }
    // The same cell from a delegate with nothing cached.
    QImage drawnFresh()
    {
        ProgressDelegate fresh;
        m_view.setItemDelegate(&fresh);
        const QImage image = cell();
        m_view.setItemDelegate(&m_delegate);
        return image;
    }
    // The cell as the table shows it and as a fresh delegate draws it, while `look` holds;
    // `undo` puts the table back as it was.
    template <typename Look, typename Undo>
    std::pair<QImage, QImage> underLook(Look look, Undo undo)
    {
        look();
        std::pair<QImage, QImage> images{cell(), drawnFresh()};
        undo();
        return images;
    }
    static QPalette grey()
    {
        QPalette palette;
        for (const auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
            const bool off = group == QPalette::Disabled;
            palette.setColor(group, QPalette::Window, off ? QColor(0x50, 0x50, 0x50) : Qt::white);
            palette.setColor(group, QPalette::Base, off ? QColor(0x50, 0x50, 0x50) : Qt::white);
            palette.setColor(group, QPalette::Button, off ? QColor(0x60, 0x60, 0x60) : Qt::white);
            palette.setColor(group, QPalette::Text, off ? QColor(0xa0, 0xa0, 0xa0) : Qt::black);
            palette.setColor(group, QPalette::WindowText,
                             off ? QColor(0xa0, 0xa0, 0xa0) : Qt::black);
        }
        return palette;
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

    void theBarShowsItsValueAndState()
    {
        const QImage quarter = shown(0.25, TaskState::Running);
        QVERIFY(!quarter.isNull());
        QCOMPARE(drawnFresh(), quarter);
        const QImage threeQuarters = shown(0.75, TaskState::Running);
        QVERIFY(threeQuarters != quarter);
        QCOMPARE(drawnFresh(), threeQuarters);

        // Back to a value drawn before: from the cache, as it was.
        QCOMPARE(shown(0.25, TaskState::Running), quarter);

        // The same value in another state has that state's colour, not the cached one's.
        const QImage paused = shown(0.25, TaskState::Paused);
        QVERIFY(paused != quarter);
        QCOMPARE(drawnFresh(), paused);
        const QImage failed = shown(0.25, TaskState::Failed);
        QVERIFY(failed != paused && failed != quarter);

        // 25.4% and 26% may fill the same pixels; their labels differ.
        const QImage almost = shown(0.254, TaskState::Running);
        QVERIFY(shown(0.26, TaskState::Running) != almost);
        QCOMPARE(drawnFresh(), cell());
    }

    // A palette chosen while the window is open (a dark theme), and the disabled colours of a
    // disabled table: the bar is drawn in them, not taken from the cache.
    void theBarFollowsThePaletteAndItsColourGroup()
    {
        // Paused: a colour of its own, the same in every colour group (a running bar's is the
        // palette's highlight, which differs by itself).
        show(0.5, TaskState::Paused);
        const QPalette original = m_view.palette();
        m_view.setPalette(grey());
        const QImage enabled = cell();
        QCOMPARE(drawnFresh(), enabled);

        const auto [disabled, disabledFresh] =
            underLook([this] { m_view.setEnabled(false); }, [this] { m_view.setEnabled(true); });
        QVERIFY(disabled != enabled);
        QCOMPARE(disabled, disabledFresh);

        m_view.setPalette(original);
        // Not the first picture again: disabling the table took its focus frame away.
        QCOMPARE(cell(), drawnFresh());
    }

    // The label is in the table's font, like the other columns' text.
    void theLabelIsInTheTablesFont()
    {
        show(0.5, TaskState::Running);
        const QImage before = cell();
        const QFont original = m_view.font();
        QFont big = original;
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        const auto [bigLabel, bigFresh] =
            underLook([&] { m_view.setFont(big); }, [&] { m_view.setFont(original); });
        QVERIFY(bigLabel != before);
        QCOMPARE(bigLabel, bigFresh);
    }
};

QTEST_MAIN(TestProgressDelegate)
#include "tst_progressdelegate.moc"
