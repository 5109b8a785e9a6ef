// The dashboard driven the way a user drives it (typing in the URL field, clicking the toolbar,
// the Add dialog, the state tabs and search box, the keyboard) against the loopback fixture
// server, with real widgets on the offscreen platform.
#include "dashboardharness.h"
#include "ui/adddialog.h"
#include "ui/taskactions.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <algorithm>
#include <memory>

class TestDashboard : public DashboardHarness {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpServer(); }
    void init() { setUpWindow(); }
    void cleanup() { tearDownWindow(); }

    void typeUrlAndPressEnterDownloadsTheFile()
    {
        typeUrl(m_server->url(QStringLiteral("/file/300001/typed.bin?seed=5")));
        QTRY_COMPARE(model().rowCount(), 1);
        QVERIFY(child<QLineEdit>("urlField")->text().isEmpty());
        const TaskId id = model().idAt(0);
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 10000);
        QCOMPARE(model().task(id)->fileName, QStringLiteral("typed.bin"));
        QCOMPARE(sha256OfFile(QDir(downloads()).filePath(QStringLiteral("typed.bin"))),
                 FixtureServer::contentSha256(300001, 5));
        QCOMPARE(filesIn(downloads()), QStringList{QStringLiteral("typed.bin")});
    }

    void addDialogCountsValidLinesAndMarksTheBadOne()
    {
        QVERIFY(clickToolButton("actionAdd"));
        // The window opens it with open(): window-modal, the click has returned.
        QPointer<AddDialog> dialog;
        QTRY_VERIFY((dialog = child<AddDialog>("addDialog")) && dialog->isVisible());
        auto *text = dialog->findChild<QPlainTextEdit *>(QStringLiteral("addUrlsText"));
        auto *summary = dialog->findChild<QLabel *>(QStringLiteral("addSummary"));
        auto *problems = dialog->findChild<QListWidget *>(QStringLiteral("addProblems"));
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        QVERIFY(text && summary && problems && buttons);

        const QUrl first = m_server->url(QStringLiteral("/file/1000/first.bin"));
        const QUrl second = m_server->url(QStringLiteral("/file/2000/second.bin"));
        const QString pasted = first.toString() + QStringLiteral("\nhtp//not a url\n") +
                               second.toString() + QLatin1Char('\n');
        QGuiApplication::clipboard()->setText(pasted);
        text->setFocus();
        QTest::keySequence(text, QKeySequence::Paste);
        QCOMPARE(text->toPlainText(), pasted);

        QTRY_VERIFY2(summary->text().startsWith(QStringLiteral("2 valid URL")),
                     qPrintable(summary->text()));
        QVERIFY2(summary->text().contains(QStringLiteral("1 invalid line")),
                 qPrintable(summary->text()));
        QVERIFY(problems->isVisible());
        QCOMPARE(problems->count(), 1);
        QVERIFY2(problems->item(0)->text().startsWith(QStringLiteral("line 2:")),
                 qPrintable(problems->item(0)->text()));
        // The bad line is marked in place, and only that one.
        const QList<QTextEdit::ExtraSelection> marks = text->extraSelections();
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.first().cursor.block().blockNumber(), 1);

        QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(dialog.isNull() || !dialog->isVisible());
        QCOMPARE(model().rowCount(), 2);
        QCOMPARE(model().taskAt(0).url, first);
        QCOMPARE(model().taskAt(1).url, second);
        QCOMPARE(model().taskAt(0).directory, downloads());
    }

    void cancelRunningTaskByClickClosesConnection()
    {
        const TaskId id =
            engine().addUrl(m_server->url(QStringLiteral("/file/10m/trickle.bin?rate=50000")));
        QTRY_VERIFY_WITH_TIMEOUT(model().task(id)->bytesDone > 0, 5000);
        QCOMPARE(filesIn(downloads()), QStringList{QStringLiteral("trickle.bin.part")});
        // A large file from a server that serves ranges comes over several connections.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), DownloadEngine::DefaultConnections,
                                  5000);

        QVERIFY(clickRow(id));
        QTRY_VERIFY(buttonEnabled("actionCancel"));
        QVERIFY(clickToolButton("actionCancel"));
        WAIT_FOR_STATE(model(), id, TaskState::Canceled, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 1000);
        // What was downloaded stays, and the row and the details say so in the same words.
        QCOMPARE(filesIn(downloads()), QStringList{QStringLiteral("trickle.bin.part")});
        const QString kept = indexOf(id).siblingAtColumn(TaskModel::StateColumn).data().toString();
        QVERIFY2(kept.startsWith(QStringLiteral("Canceled, ")) &&
                     kept.endsWith(QStringLiteral(" kept")),
                 qPrintable(kept));
        QTRY_COMPARE(child<QLabel>("detailsState")->text(), kept);
        QTRY_VERIFY(!buttonEnabled("actionCancel"));
        QVERIFY(buttonEnabled("actionRetry"));
    }

    // The details say how many connections a download in pieces has open, and what is on disk.
    void detailsShowTheConnectionsOfADownloadInPieces()
    {
        const TaskId id =
            engine().addUrl(m_server->url(QStringLiteral("/file/16m/pieces.bin?rate=300000")));
        QVERIFY(clickRow(id));
        auto *label = child<QLabel>("detailsConnections");
        QVERIFY(label);
        QTRY_VERIFY_WITH_TIMEOUT(label->text().startsWith(QStringLiteral("8 open, ")), 5000);
        // A line per connection: its piece, what is left, its speed, its host.
        QTRY_COMPARE_WITH_TIMEOUT(label->text().split(QLatin1Char('\n')).size(), 9, 5000);
        QVERIFY2(label->text().split(QLatin1Char('\n')).at(1).contains(QStringLiteral("left, ")) &&
                     label->text().contains(QStringLiteral("127.0.0.1")),
                 qPrintable(label->text()));
        QTRY_VERIFY_WITH_TIMEOUT(model().task(id)->bytesDone > 1 << 20, 10000);
        engine().pause(id);
        QTRY_VERIFY_WITH_TIMEOUT(!label->text().contains(QStringLiteral(" open")), 5000);
        static const QRegularExpression onDisk(QStringLiteral("^[0-9.]+ MiB on disk in 8 piece"));
        QVERIFY2(label->text().contains(onDisk), qPrintable(label->text())); // no "—, " first
        engine().remove(id); // the pieces on disk go with the task
        QTRY_VERIFY(!label->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(filesIn(downloads()).isEmpty(), 5000);
    }

    // The speed limit is one click away in the status bar: the menu's choice applies at once.
    void statusBarSpeedLimitAppliesAtOnce()
    {
        auto *button = child<QToolButton>("speedLimitButton");
        QVERIFY(button && button->isVisible());
        QCOMPARE(button->text(), QStringLiteral("No speed limit"));
        QTimer::singleShot(0, this, [button] {
            QMenu *menu = button->menu();
            QTRY_VERIFY(menu->isVisible());
            QAction *oneMiB = menu->findChild<QAction *>(QStringLiteral("speedLimit1048576"));
            QVERIFY(oneMiB);
            QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(oneMiB).center());
        });
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(engine().limitRate(), 1024 * 1024);
        QCOMPARE(button->text(), QStringLiteral("Limit: 1.0 MiB/s"));
        engine().setLimitRate(0);
        QCOMPARE(button->text(), QStringLiteral("No speed limit"));
    }

    // Tasks > Speed Limit (and the context menu): a limit of the selected download's own.
    void aSelectedDownloadGetsASpeedLimitOfItsOwn()
    {
        const TaskId id =
            engine().addUrl(m_server->url(QStringLiteral("/file/8m/own-limit.bin?rate=200000")));
        QVERIFY(clickRow(id));
        QAction *limit = action("actionTaskSpeedLimit");
        QVERIFY(limit && limit->menu());
        QTRY_VERIFY(limit->isEnabled());
        QAction *quarter =
            limit->menu()->findChild<QAction *>(QStringLiteral("taskSpeedLimit262144"));
        QVERIFY(quarter);
        quarter->trigger();
        QCOMPARE(engine().taskLimitRate(id), 256 * 1024);
        QCOMPARE(engine().limitRate(), 0); // the others are not held back
        Q_EMIT limit->menu()->aboutToShow();
        QVERIFY(quarter->isChecked());
        engine().cancel(id);
        WAIT_FOR_STATE(model(), id, TaskState::Canceled, 5000);
        QVERIFY(limit->isEnabled()); // for its retry, as Connections is
        QCOMPARE(engine().taskLimitRate(id), 256 * 1024);
    }

    // Tasks > Connections: a running download restarts its attempt with as many as chosen,
    // keeping the pieces it has.
    void aSelectedDownloadGetsItsOwnNumberOfConnections()
    {
        const TaskId id =
            engine().addUrl(m_server->url(QStringLiteral("/file/16m/fewer.bin?rate=300000")));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 8, 5000);
        QVERIFY(clickRow(id));
        QAction *connections = action("actionTaskConnections");
        QVERIFY(connections && connections->menu());
        QTRY_VERIFY(connections->isEnabled());
        QAction *two =
            connections->menu()->findChild<QAction *>(QStringLiteral("taskConnections2"));
        QVERIFY(two);
        two->trigger();
        QCOMPARE(engine().taskConnections(id), 2);
        QTRY_VERIFY_WITH_TIMEOUT(logContains(model().task(id), QStringLiteral("Resuming ")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(model().task(id)->connections, 2, 5000);
        engine().cancel(id);
        WAIT_FOR_STATE(model(), id, TaskState::Canceled, 5000);
    }

    void notFoundShowsReasonInDetailsPanel()
    {
        const TaskId id =
            engine().addUrl(m_server->url(QStringLiteral("/file/10/missing.bin?status=404")));
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 5000);
        QVERIFY(clickRow(id));
        auto *panel = child<QWidget>("detailsPanel");
        QVERIFY(panel && panel->isVisible());
        auto *status = panel->findChild<QLabel *>(QStringLiteral("detailsHttpStatus"));
        auto *error = panel->findChild<QLabel *>(QStringLiteral("detailsError"));
        QVERIFY(status && error);
        QTRY_COMPARE(status->text(), QStringLiteral("HTTP 404"));
        QVERIFY(status->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("404")), qPrintable(error->text()));
        // The same words as the row's State column.
        QCOMPARE(panel->findChild<QLabel *>(QStringLiteral("detailsState"))->text(),
                 indexOf(id).siblingAtColumn(TaskModel::StateColumn).data().toString());
        QCOMPARE(panel->findChild<QLabel *>(QStringLiteral("detailsState"))->text(),
                 QStringLiteral("Failed: HTTP 404 Not Found"));
        // The URL is on its own row, not repeated as the detail.
        QCOMPARE(panel->findChild<QLabel *>(QStringLiteral("detailsErrorDetail"))->text(),
                 QStringLiteral("—"));
        // The reason is in the panel, not in a modal box.
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
    }

    // A download that went well shows the status it was served with; a connection refused
    // has none.
    void theDetailsShowTheStatusADownloadWasServedWith()
    {
        const TaskId done = engine().addUrl(m_server->url(QStringLiteral("/file/10/served.bin")));
        const TaskId refused = engine().addUrl(QUrl(QStringLiteral("http://127.0.0.1:1/x.bin")));
        WAIT_FOR_STATE(model(), done, TaskState::Completed, 5000);
        auto *status = child<QLabel>("detailsHttpStatus");
        QVERIFY(status && clickRow(done));
        QTRY_COMPARE(status->text(), QStringLiteral("HTTP 200"));
        QTRY_VERIFY_WITH_TIMEOUT(model().task(refused)->error.isError(), 10000);
        QVERIFY(clickRow(refused));
        QTRY_COMPARE(status->text(), QStringLiteral("—"));
        engine().cancel(refused);
    }

    void retryByClickCompletesAfterServerRecovers()
    {
        const QString path = QStringLiteral("/file/4000/recover.bin");
        m_server->setBroken(path, 404); // permanent: no automatic retry
        const TaskId id = engine().addUrl(m_server->url(path));
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 5000);
        m_server->setBroken(path, 0);

        QVERIFY(clickRow(id));
        QTRY_VERIFY(buttonEnabled("actionRetry"));
        QVERIFY(clickToolButton("actionRetry"));
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(QDir(downloads()).filePath(QStringLiteral("recover.bin"))),
                 FixtureServer::contentSha256(4000));
        QTRY_VERIFY(!buttonEnabled("actionRetry"));
    }

    void toolbarFollowsSelection()
    {
        const TaskId done = engine().addUrl(m_server->url(QStringLiteral("/file/1000/done.bin")));
        const TaskId failed =
            engine().addUrl(m_server->url(QStringLiteral("/file/10/gone.bin?status=404")));
        const TaskId running =
            engine().addUrl(m_server->url(QStringLiteral("/file/10m/slow.bin?rate=50000")));
        WAIT_FOR_STATE(model(), done, TaskState::Completed, 5000);
        WAIT_FOR_STATE(model(), failed, TaskState::Failed, 5000);
        WAIT_FOR_STATE(model(), running, TaskState::Running, 5000);

        const QList<QAction *> perTask = window().taskActions()->selectionActions();
        QVERIFY(!perTask.isEmpty());
        const auto noneEnabled = [&perTask] {
            return std::none_of(perTask.begin(), perTask.end(),
                                [](QAction *a) { return a->isEnabled(); });
        };
        QVERIFY(!table()->selectionModel()->hasSelection());
        QTRY_VERIFY(noneEnabled());

        QVERIFY(clickRow(done));
        QTRY_VERIFY(buttonEnabled("actionOpenFile"));
        QVERIFY(!buttonEnabled("actionCancel"));
        QVERIFY(!buttonEnabled("actionRetry"));

        QVERIFY(clickRow(failed));
        QTRY_VERIFY(buttonEnabled("actionRetry"));
        QVERIFY(!buttonEnabled("actionOpenFile"));
        QVERIFY(!buttonEnabled("actionCancel"));

        QVERIFY(clickRow(running));
        QVERIFY(clickRow(failed, Qt::ControlModifier));
        QCOMPARE(table()->selectionModel()->selectedRows().size(), 2);
        QTRY_VERIFY(buttonEnabled("actionCancel"));
        QVERIFY(buttonEnabled("actionRetry"));
        QVERIFY(!buttonEnabled("actionOpenFile"));

        // A click below the last row clears the selection.
        const QRect last = table()->visualRect(table()->model()->index(2, 0));
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, {},
                          QPoint(last.center().x(), last.bottom() + 3 * last.height()));
        QVERIFY(!table()->selectionModel()->hasSelection());
        QTRY_VERIFY(noneEnabled());
    }

    void duplicateUrlIsFlaggedNotAddedTwice()
    {
        const QUrl url = m_server->url(QStringLiteral("/file/1000/twice.bin"));
        typeUrl(url);
        QTRY_COMPARE(model().rowCount(), 1);
        window().statusBar()->clearMessage();
        typeUrl(url);
        QTRY_VERIFY(!window().statusBar()->currentMessage().isEmpty());
        QVERIFY2(
            window().statusBar()->currentMessage().contains(QStringLiteral("already in the list")),
            qPrintable(window().statusBar()->currentMessage()));
        QCOMPARE(model().rowCount(), 1);
        QVERIFY(m_server->requestCount(QStringLiteral("/file/1000/twice.bin")) <= 1);
    }

    void stateFilterAndSearchNarrowTheView()
    {
        const TaskId alpha = engine().addUrl(m_server->url(QStringLiteral("/file/1000/alpha.bin")));
        const TaskId beta = engine().addUrl(m_server->url(QStringLiteral("/file/2000/beta.bin")));
        const TaskId gamma =
            engine().addUrl(m_server->url(QStringLiteral("/file/10/gamma.bin?status=404")));
        WAIT_FOR_STATE(model(), alpha, TaskState::Completed, 5000);
        WAIT_FOR_STATE(model(), beta, TaskState::Completed, 5000);
        WAIT_FOR_STATE(model(), gamma, TaskState::Failed, 5000);

        auto *tabs = child<QTabBar>("stateFilter");
        QVERIFY(tabs);
        // The counts follow the registry's batches: the failure may be counted before the
        // two completions are.
        QTRY_COMPARE(tabText(QStringLiteral("Failed")), QStringLiteral("Failed (1)"));
        QTRY_COMPARE(tabText(QStringLiteral("Completed")), QStringLiteral("Completed (2)"));
        QCOMPARE(tabText(QStringLiteral("All")), QStringLiteral("All (3)"));
        const QAbstractItemModel *shown = table()->model();
        QCOMPARE(shown->rowCount(), 3);

        QTest::mouseClick(tabs, Qt::LeftButton, {},
                          tabs->tabRect(tabOf(QStringLiteral("Failed"))).center());
        QCOMPARE(tabs->currentIndex(), tabOf(QStringLiteral("Failed")));
        QTRY_COMPARE(shown->rowCount(), 1);
        QCOMPARE(idOfShownRow(0), gamma);

        QTest::mouseClick(tabs, Qt::LeftButton, {},
                          tabs->tabRect(tabOf(QStringLiteral("Completed"))).center());
        QTRY_COMPARE(shown->rowCount(), 2);

        QTest::mouseClick(tabs, Qt::LeftButton, {},
                          tabs->tabRect(tabOf(QStringLiteral("All"))).center());
        QTRY_COMPARE(shown->rowCount(), 3);

        auto *search = child<QLineEdit>("searchBox");
        QVERIFY(search);
        QTest::keyClicks(search, QStringLiteral("ALPHA"));
        QTRY_COMPARE(shown->rowCount(), 1);
        QCOMPARE(idOfShownRow(0), alpha);
        // The tab counts follow the search.
        QCOMPARE(tabText(QStringLiteral("All")), QStringLiteral("All (1)"));
        QCOMPARE(tabText(QStringLiteral("Completed")), QStringLiteral("Completed (1)"));
        QCOMPARE(tabText(QStringLiteral("Failed")), QStringLiteral("Failed (0)"));

        // Both narrow together: no failed task is called alpha.
        QTest::mouseClick(tabs, Qt::LeftButton, {},
                          tabs->tabRect(tabOf(QStringLiteral("Failed"))).center());
        QTRY_COMPARE(shown->rowCount(), 0);

        search->selectAll();
        QTest::keyClick(search, Qt::Key_Backspace);
        QTRY_COMPARE(shown->rowCount(), 1);
        QCOMPARE(idOfShownRow(0), gamma);
    }

    void ctrlRRetries()
    {
        const QString path = QStringLiteral("/file/3000/again.bin");
        m_server->setBroken(path, 404);
        const TaskId id = engine().addUrl(m_server->url(path));
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 5000);
        m_server->setBroken(path, 0);

        QVERIFY(clickRow(id));
        table()->setFocus();
        QTRY_VERIFY(table()->hasFocus());
        QTRY_VERIFY(action("actionRetry")->isEnabled());
        QTest::keyClick(table(), Qt::Key_R, Qt::ControlModifier);
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(QDir(downloads()).filePath(QStringLiteral("again.bin"))),
                 FixtureServer::contentSha256(3000));
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
