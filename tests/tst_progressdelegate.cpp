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
#include <cmath>
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
    // WCAG 2's relative luminance and contrast ratio.
    static double luminance(const QColor &c)
    {
        const auto channel = [](double v) {
            return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    }
    static double contrast(const QColor &a, const QColor &b)
    {
        const double la = luminance(a), lb = luminance(b);
        return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
    }
    static int distance(const QColor &a, const QColor &b)
    {
        return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue());
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

    // A paused bar's label was white on light orange (2:1); a queued one's white on light grey.
    // Every state's label reads on its bar (WCAG's 4.5:1 for text), in a light and a dark
    // palette, and a full bar is drawn in those colours.
    void everyBarsLabelReadsOnItsColour()
    {
        QPalette dark = grey();
        dark.setColor(QPalette::Highlight, QColor(0x9f, 0xc5, 0xf8)); // a light accent
        dark.setColor(QPalette::HighlightedText, Qt::white);
        for (const QPalette &palette : {QApplication::palette(), grey(), dark}) {
            for (const TaskState state :
                 {TaskState::Queued, TaskState::Running, TaskState::Paused, TaskState::Completed,
                  TaskState::Failed, TaskState::Canceled}) {
                const auto [fill, text] = ProgressDelegate::barColors(state, palette);
                QVERIFY2(contrast(fill, text) >= 4.5,
                         qPrintable(QStringLiteral("%1 on %2 (state %3): %4:1")
                                        .arg(text.name(), fill.name())
                                        .arg(int(state))
                                        .arg(contrast(fill, text), 0, 'f', 2)));
            }
        }
        // Drawn: the label of a full paused bar has pixels of its colour, none of white.
        const auto [fill, text] = ProgressDelegate::barColors(TaskState::Paused, m_view.palette());
        const QImage image = shown(1.0, TaskState::Paused);
        const QImage bar = image.copy(image.rect().adjusted(6, 6, -6, -6)); // inside its frame
        int ofText = 0, ofWhite = 0;
        for (int y = 0; y < bar.height(); ++y) {
            for (int x = 0; x < bar.width(); ++x) {
                const QColor pixel = bar.pixelColor(x, y);
                ofText += distance(pixel, text) < 40 ? 1 : 0;
                ofWhite += distance(pixel, Qt::white) < 40 ? 1 : 0;
            }
        }
        QVERIFY2(ofText > 0, qPrintable(text.name()));
        QCOMPARE(ofWhite, 0);
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
