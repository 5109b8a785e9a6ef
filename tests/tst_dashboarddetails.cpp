// The details panel tells about the task the toolbar acts on (a job's about its file), and
// View > Show Details (F9) always does what it says, in a short window too. Real widgets on the
// offscreen platform.
#include "dashboardharness.h"
#include "ui/detailspanel.h"

#include <QDir>
#include <QFormLayout>
#include <QItemSelectionModel>
#include <QLabel>

class TestDashboardDetails : public DashboardHarness {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpServer(); }
    void init() { setUpWindow(); }
    void cleanup() { tearDownWindow(); }

    // The panel followed the current row, not the selection: with nothing selected (a click on
    // empty space) the toolbar was greyed out while the panel still showed a task.
    void theDetailsShowTheTaskTheToolbarActsOn()
    {
        const TaskId a = engine().addUrl(m_server->url(QStringLiteral("/file/10/a.bin")));
        const TaskId b = engine().addUrl(m_server->url(QStringLiteral("/file/10/b.bin")));
        WAIT_FOR_STATE(model(), a, TaskState::Completed, 5000);
        WAIT_FOR_STATE(model(), b, TaskState::Completed, 5000);
        auto *panel = window().detailsPanel();
        QVERIFY(clickRow(a));
        QTRY_COMPARE(panel->taskId(), a);

        // A click below the last row selects nothing: the panel shows nothing either.
        QWidget *viewport = table()->viewport();
        QTest::mouseClick(viewport, Qt::LeftButton, {},
                          QPoint(viewport->width() / 2, viewport->height() - 5));
        QTRY_VERIFY(table()->selectionModel()->selectedRows().isEmpty());
        QVERIFY(!action("actionRemove")->isEnabled());
        QTRY_COMPARE(panel->taskId(), TaskId(0));

        // Ctrl+click of the other row selects it alone: it is the one shown.
        QVERIFY(clickRow(b, Qt::ControlModifier));
        QTRY_COMPARE(panel->taskId(), b);
        // The current row leaves the selection (Ctrl+click again): the one left selected shows.
        QVERIFY(clickRow(a, Qt::ControlModifier));
        QVERIFY(clickRow(b, Qt::ControlModifier));
        QTRY_COMPARE(table()->selectionModel()->selectedRows().size(), 1);
        QTRY_COMPARE(panel->taskId(), a);
    }

    // Below a height the panel steps aside for the table. The menu said "Show Details" ticked
    // and F9 did nothing: there was no way to see a task's log. Now the tick says what is shown,
    // and F9 shows the panel at any height.
    void showDetailsShowsThemInAShortWindowToo()
    {
        auto *panel = window().detailsPanel();
        QAction *show = action("actionShowDetails");
        window().resize(800, MainWindow::CompactHeight - 60);
        QTRY_VERIFY(!panel->isVisible());
        QVERIFY(!show->isChecked());

        QTest::keyClick(&window(), Qt::Key_F9);
        QTRY_VERIFY(panel->isVisible());
        QVERIFY(show->isChecked());

        window().resize(1100, 700);
        QTRY_VERIFY(panel->isVisible());
        window().resize(800, MainWindow::CompactHeight - 60);
        QTRY_VERIFY(!panel->isVisible()); // steps aside again
        QVERIFY(!show->isChecked());
        window().resize(1100, 700);
        QTRY_VERIFY(panel->isVisible()); // the user never hid it
        QVERIFY(show->isChecked());
    }

    // A job row says what it does; its details show the file, not a URL, destination or HTTP
    // status.
    void aJobRowSaysWhatItDoesAndItsDetailsShowTheFile()
    {
        const QString path = QDir(downloads()).filePath(QStringLiteral("local.iso"));
        writeFile(path, "some bytes");
        const TaskId id = engine().addHashTasks({path}).constFirst();
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 10000);
        QCOMPARE(indexOf(id).data().toString(), QStringLiteral("Hash: local.iso"));
        QVERIFY(clickRow(id));
        auto *shownFile = child<QLabel>("detailsUrl");
        QTRY_COMPARE(shownFile->toolTip().isEmpty() ? shownFile->text() : shownFile->toolTip(),
                     path);
        auto *panel = window().detailsPanel();
        const auto labelFor = [panel](const char *field) {
            const auto *form = panel->findChild<QFormLayout *>();
            auto *widget = panel->findChild<QWidget *>(QString::fromLatin1(field));
            return form && widget ? qobject_cast<QLabel *>(form->labelForField(widget)) : nullptr;
        };
        QCOMPARE(labelFor("detailsUrl")->text(), QStringLiteral("File:"));
        QVERIFY(!child<QLabel>("detailsDestination")->isVisible());
        QVERIFY(!child<QLabel>("detailsHttpStatus")->isVisible());
    }
};

QTEST_MAIN(TestDashboardDetails)
#include "tst_dashboarddetails.moc"
