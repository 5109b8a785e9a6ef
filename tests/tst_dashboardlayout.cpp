// A layout that holds: no value in the details panel widens the window, the panel can be hidden
// (and stays hidden next time), and an empty table says what to do.
#include "dashboardharness.h"
#include "models/format.h"
#include "services/storage/taskstore.h"
#include "ui/adddialog.h"
#include "ui/detailspanel.h"
#include "ui/icons.h"
#include "ui/tasktable.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QStandardItemModel>

class TestDashboardLayout : public DashboardHarness {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpServer(); }
    void init() { setUpWindow(); }
    void cleanup() { tearDownWindow(); }

    // A long URL grew the window from 800 to 877 px. Now it is elided, whole in the tooltip.
    void aLongUrlNeverWidensTheWindow()
    {
        window().resize(800, 500);
        QTRY_COMPARE(window().width(), 800);
        const int minimum = window().minimumSizeHint().width();
        const QString longName = QString(600, QLatin1Char('x')) + QStringLiteral(".bin");
        const QUrl url =
            m_server->url(QStringLiteral("/file/10/") + longName + QStringLiteral("?status=404"));
        const TaskId id = engine().addUrl(url);
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 5000);
        QVERIFY(clickRow(id));
        auto *shownUrl = child<QLabel>("detailsUrl");
        QVERIFY(shownUrl);
        QTRY_COMPARE(shownUrl->toolTip(), url.toDisplayString());
        QVERIFY(shownUrl->text().size() < url.toDisplayString().size()); // elided

        // Let every pending layout pass run before measuring.
        for (int i = 0; i < 3; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QCoreApplication::processEvents();
        }
        QCOMPARE(window().width(), 800);
        QVERIFY2(
            window().minimumSizeHint().width() <= minimum,
            qPrintable(
                QStringLiteral("%1 > %2").arg(window().minimumSizeHint().width()).arg(minimum)));
    }

    // At 800x500 the names get the room: other columns shrink, the toolbar shows icons only,
    // the details panel steps aside, and every state tab stays on screen.
    void aSmallWindowGivesTheRoomToTheNames()
    {
        const TaskId id = engine().addUrl(m_server->url(QStringLiteral("/file/10/one.bin")));
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 5000);
        window().resize(800, 500);
        QTRY_COMPARE(window().size(), QSize(800, 500));
        QTRY_VERIFY(table()->columnWidth(TaskModel::NameColumn) >= 200);
        auto *bar = child<QToolBar>("mainToolBar");
        QCOMPARE(bar->toolButtonStyle(), Qt::ToolButtonIconOnly);
        QVERIFY(!window().detailsPanel()->isVisible());
        QVERIFY(!action("actionShowDetails")->isChecked()); // as shown (F9 brings it back)
        auto *tabs = child<QTabBar>("stateFilter");
        QTRY_VERIFY(tabs->tabRect(tabs->count() - 1).right() <= tabs->width());

        window().resize(1400, 800);
        QTRY_COMPARE(window().size(), QSize(1400, 800));
        QCOMPARE(bar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
        QTRY_VERIFY(window().detailsPanel()->isVisible());
        QVERIFY(table()->columnWidth(TaskModel::StateColumn) > 150); // room again: as it was
    }

    // Ctrl+Home moves the selected download to the top of the list (the queue's order), the
    // selection goes with it, and the order survives a restart.
    void queueOrderMovesByKeyAndSurvivesARestart()
    {
        QTemporaryDir state;
        auto store = std::make_unique<TaskStore>(&m_ui->tasks);
        QCOMPARE(store->open(state.path()), QString());
        engine().setMaxConcurrent(1);
        const QList<TaskId> ids =
            engine().addUrls({m_server->url(QStringLiteral("/file/1m/first.bin?rate=100000")),
                              m_server->url(QStringLiteral("/file/10/second.bin")),
                              m_server->url(QStringLiteral("/file/10/third.bin"))});
        QVERIFY(clickRow(ids[2]));
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_Home, Qt::ControlModifier);
        QTRY_COMPARE(idOfShownRow(0), ids[2]);
        QCOMPARE(table()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(table()
                     ->selectionModel()
                     ->selectedRows()
                     .constFirst()
                     .data(TaskModel::TaskIdRole)
                     .value<TaskId>(),
                 ids[2]);
        QTest::keyClick(table(), Qt::Key_Down, Qt::ControlModifier);
        QTRY_COMPARE(idOfShownRow(1), ids[2]);

        engine().pause(ids); // nothing runs on while the window is gone
        store->sync();
        store.reset();
        m_ui.reset();
        m_ui = std::make_unique<Dashboard>(downloads(),
                                           m_config->filePath(QStringLiteral("settings.ini")));
        store = std::make_unique<TaskStore>(&m_ui->tasks);
        QCOMPARE(store->open(state.path()), QString());
        window().show();
        QVERIFY(QTest::qWaitForWindowExposed(&window()));
        QTRY_COMPARE(table()->model()->rowCount(), 3);
        QCOMPARE(idOfShownRow(0), ids[0]);
        QCOMPARE(idOfShownRow(1), ids[2]);
        QCOMPARE(idOfShownRow(2), ids[1]);
        store.reset();
    }

    // A click on a column's header sorts by it, a second click the other way; rows stay
    // selected whole, and the header never shows a column as selected.
    void aHeaderClickSortsAndSelectsNoColumn()
    {
        const QList<TaskId> ids =
            engine().addUrls({m_server->url(QStringLiteral("/file/10/b.bin")),
                              m_server->url(QStringLiteral("/file/10/c.bin")),
                              m_server->url(QStringLiteral("/file/10/a.bin"))});
        for (TaskId id : ids)
            WAIT_FOR_STATE(model(), id, TaskState::Completed, 5000);
        QHeaderView *header = table()->horizontalHeader();
        const QPoint name(header->sectionViewportPosition(TaskModel::NameColumn) + 10,
                          header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, name);
        QCOMPARE(idOfShownRow(0), ids[2]); // a.bin
        QCOMPARE(idOfShownRow(2), ids[1]); // c.bin
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, name);
        QCOMPARE(idOfShownRow(0), ids[1]);
        // Rows a search hid come back in their place once it is cleared.
        auto *search = child<QLineEdit>("searchBox");
        QTest::keyClicks(search, QStringLiteral("a.bin"));
        QTRY_COMPARE(table()->model()->rowCount(), 1);
        search->clear();
        QTRY_COMPARE(table()->model()->rowCount(), 3);
        QCOMPARE(idOfShownRow(0), ids[1]); // c.bin
        QCOMPARE(idOfShownRow(1), ids[0]); // b.bin
        QCOMPARE(idOfShownRow(2), ids[2]); // a.bin
        table()->selectAll();
        QCOMPARE(table()->selectionModel()->selectedRows().size(), 3);
        QVERIFY(!header->selectionModel()->isColumnSelected(TaskModel::NameColumn, {}));
    }

    // The header's menu adds the columns people ask for (Added, Completed at, Downloaded,
    // Host, Folder, Connections); they are hidden until chosen.
    void theHeaderMenuChoosesTheColumns()
    {
        const TaskId id = engine().addUrl(m_server->url(QStringLiteral("/file/2000/col.bin")));
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 5000);
        auto *tasksTable = child<TaskTable>("taskTable");
        QHeaderView *header = tasksTable->horizontalHeader();
        for (int c = TaskModel::FirstOptionalColumn; c < TaskModel::ColumnCount; ++c)
            QVERIFY(header->isSectionHidden(c));
        std::unique_ptr<QMenu> menu(tasksTable->columnMenu());
        QAction *host =
            menu->findChild<QAction *>(QStringLiteral("column%1").arg(int(TaskModel::HostColumn)));
        QVERIFY(host && !host->isChecked());
        QCOMPARE(host->text(), QStringLiteral("Host"));
        host->trigger();
        QVERIFY(!header->isSectionHidden(TaskModel::HostColumn));
        QCOMPARE(indexOf(id).siblingAtColumn(TaskModel::HostColumn).data().toString(),
                 QStringLiteral("127.0.0.1"));
        QCOMPARE(indexOf(id).siblingAtColumn(TaskModel::DownloadedColumn).data().toString(),
                 Format::bytes(2000));
        QVERIFY(
            !indexOf(id).siblingAtColumn(TaskModel::FinishedColumn).data().toString().isEmpty());
        host->trigger();
        QVERIFY(header->isSectionHidden(TaskModel::HostColumn));

        // Shown in a small window and shown again with room: the width it should have.
        window().resize(800, 500);
        QTRY_COMPARE(window().width(), 800);
        host->trigger(); // shown, squeezed
        host->trigger(); // hidden again while small
        window().resize(1400, 800);
        QTRY_COMPARE(window().width(), 1400);
        host->trigger();
        QTRY_VERIFY2(header->sectionSize(TaskModel::HostColumn) >= 100,
                     qPrintable(QString::number(header->sectionSize(TaskModel::HostColumn))));
    }

    // In the Active tab a selected download that completes stays under the cursor (and
    // selected) until the user moves on; then it goes to the Completed tab's list.
    void aSelectedRowDoesNotVanishWhenItsStateChanges()
    {
        const TaskId id =
            engine().addUrl(m_server->url(QStringLiteral("/file/300000/stay.bin?rate=150000")));
        WAIT_FOR_STATE(model(), id, TaskState::Running, 5000);
        auto *tabs = child<QTabBar>("stateFilter");
        QTest::mouseClick(tabs, Qt::LeftButton, {},
                          tabs->tabRect(tabOf(QStringLiteral("Active"))).center());
        QTRY_COMPARE(table()->model()->rowCount(), 1);
        QVERIFY(clickRow(id));
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 10000);
        model().flush();
        QCOMPARE(table()->model()->rowCount(), 1); // still there, still selected
        QCOMPARE(table()->selectionModel()->selectedRows().size(), 1);
        // A click on the empty part of the table: the row goes where it belongs now.
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, {},
                          table()->viewport()->rect().bottomRight() - QPoint(10, 10));
        QTRY_COMPARE(table()->model()->rowCount(), 0);
    }

    // Column widths saved by a version with fewer columns: the new columns stay hidden (they
    // crammed an 800 px window full).
    void columnsSavedByAnOlderVersionKeepTheNewOnesHidden()
    {
        QStandardItemModel oldColumns(0, 6);
        QHeaderView oldHeader(Qt::Horizontal);
        oldHeader.setModel(&oldColumns);
        oldHeader.resizeSection(TaskModel::SizeColumn, 150); // widened by the user
        oldHeader.resizeSection(TaskModel::StateColumn, 60); // shrunk by a small window
        const QByteArray saved = oldHeader.saveState();
        m_ui.reset();
        Settings(m_config->filePath(QStringLiteral("settings.ini")))
            .setUiState(QStringLiteral("header"), saved);
        m_ui = std::make_unique<Dashboard>(downloads(),
                                           m_config->filePath(QStringLiteral("settings.ini")));
        window().resize(1400, 800);
        window().show();
        QVERIFY(QTest::qWaitForWindowExposed(&window()));
        QHeaderView *header = table()->horizontalHeader();
        QTRY_COMPARE(header->sectionSize(TaskModel::SizeColumn), 150); // the saved width is kept
        // ...but not one shrunk below what its contents need: there is room again.
        QVERIFY2(header->sectionSize(TaskModel::StateColumn) > 150,
                 qPrintable(QString::number(header->sectionSize(TaskModel::StateColumn))));
        for (int c = TaskModel::FirstOptionalColumn; c < TaskModel::ColumnCount; ++c)
            QVERIFY2(header->isSectionHidden(c), qPrintable(QString::number(c)));
    }

    // Error words pick a red that reads on the window's colour, light or dark.
    void errorsReadInALightAndADarkPalette()
    {
        QPalette light;
        light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2d, 0x2d, 0x2d));
        const auto colourOf = [](const QString &style) {
            return QColor(
                style.section(QLatin1Char(':'), 1).section(QLatin1Char(';'), 0, 0).trimmed());
        };
        const QColor onLight = colourOf(Icons::errorStyle(light));
        const QColor onDark = colourOf(Icons::errorStyle(dark));
        QVERIFY(onLight.isValid() && onDark.isValid());
        QVERIFY(onLight.lightness() < 128); // deep red on light grey
        QVERIFY(onDark.lightness() > 160);  // light red on dark grey
        QVERIFY(Icons::errorStyle(dark, true).contains(QStringLiteral("bold")));
    }

    // A paste of 100,000 URLs into the Add dialog froze the window while the text box laid
    // them out. They are kept aside (the box says how many) and all of them are checked.
    void aHugePasteIsKeptAsideAndAllOfItIsChecked()
    {
        QVERIFY(clickToolButton("actionAdd"));
        QPointer<AddDialog> dialog;
        QTRY_VERIFY((dialog = child<AddDialog>("addDialog")) && dialog->isVisible());
        auto *text = dialog->findChild<QPlainTextEdit *>(QStringLiteral("addUrlsText"));
        QVERIFY(text);
        QStringList lines;
        for (int i = 0; i < 100000; ++i)
            lines.append(QStringLiteral("https://mirror.example/pool/file-%1.deb").arg(i));
        QGuiApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
        text->setFocus();
        QTest::keySequence(text, QKeySequence::Paste);
        QVERIFY(text->document()->blockCount() < 10); // not laid out line by line
        QVERIFY2(text->toPlainText().startsWith(QLocale().toString(100000) +
                                                QStringLiteral(" lines pasted")),
                 qPrintable(text->toPlainText()));
        dialog->validateNow();
        QCOMPARE(dialog->validCount(), 100000);
        // Delete empties the box, which is editable again.
        QTest::keyClick(text, Qt::Key_Delete);
        QCOMPARE(text->toPlainText(), QString());
        QVERIFY(!text->isReadOnly());
        dialog->validateNow();
        QCOMPARE(dialog->validCount(), 0);

        // A big paste over a selection replaces it, as any paste does.
        QTest::keyClicks(text, QStringLiteral("http://wrong.example/1"));
        text->selectAll();
        QTest::keySequence(text, QKeySequence::Paste);
        dialog->validateNow();
        QCOMPARE(dialog->validCount(), 100000);
        QTest::keyClick(text, Qt::Key_Delete);
        // Many pastes just under the limit count together.
        QGuiApplication::clipboard()->setText(lines.mid(0, 9000).join(QLatin1Char('\n')) +
                                              QLatin1Char('\n'));
        for (int i = 0; i < 3; ++i) {
            text->moveCursor(QTextCursor::End);
            QTest::keySequence(text, QKeySequence::Paste);
        }
        QVERIFY(text->document()->blockCount() < 10);
        dialog->validateNow();
        QCOMPARE(dialog->validCount() + dialog->duplicateCount(), 27000);
        dialog->reject();
    }

    // A pinned row that the search then excludes: the filter runs again later, not inside
    // the proxy's own row removal (which nested, showed no rows or crashed).
    void aSearchAfterAPinnedRowShowsWhatMatches()
    {
        const TaskId done =
            engine().addUrl(m_server->url(QStringLiteral("/file/200000/pinned.bin?rate=200000")));
        const TaskId done2 =
            engine().addUrl(m_server->url(QStringLiteral("/file/200000/pinned2.bin?rate=200000")));
        const TaskId running =
            engine().addUrl(m_server->url(QStringLiteral("/file/4m/other.bin?rate=100000")));
        WAIT_FOR_STATE(model(), done, TaskState::Running, 5000);
        WAIT_FOR_STATE(model(), done2, TaskState::Running, 5000);
        auto *tabs = child<QTabBar>("stateFilter");
        QTest::mouseClick(tabs, Qt::LeftButton, {},
                          tabs->tabRect(tabOf(QStringLiteral("Active"))).center());
        QTRY_COMPARE(table()->model()->rowCount(), 3);
        QVERIFY(clickRow(done));
        QVERIFY(clickRow(done2, Qt::ControlModifier));
        WAIT_FOR_STATE(model(), done, TaskState::Completed, 10000);
        WAIT_FOR_STATE(model(), done2, TaskState::Completed, 10000);
        model().flush();
        QCOMPARE(table()->model()->rowCount(), 3); // pinned
        QTest::keyClicks(child<QLineEdit>("searchBox"), QStringLiteral("other"));
        QTRY_COMPARE(table()->model()->rowCount(), 1);
        QCOMPARE(idOfShownRow(0), running);
    }

    // In a tab, Move Up passes the row above it there (not a hidden one, which made the key
    // seem to do nothing); sorted by a column, only Top and Bottom apply.
    void moveUpPassesTheRowShownAbove()
    {
        const TaskId p1 =
            engine().addUrl(m_server->url(QStringLiteral("/file/1m/p1.bin?rate=50000")));
        engine().pause(p1);
        const TaskId done = engine().addUrl(m_server->url(QStringLiteral("/file/10/c.bin")));
        WAIT_FOR_STATE(model(), done, TaskState::Completed, 5000);
        const TaskId p2 =
            engine().addUrl(m_server->url(QStringLiteral("/file/1m/p2.bin?rate=50000")));
        engine().pause(p2);
        auto *tabs = child<QTabBar>("stateFilter");
        QTest::mouseClick(tabs, Qt::LeftButton, {},
                          tabs->tabRect(tabOf(QStringLiteral("Paused"))).center());
        QTRY_COMPARE(table()->model()->rowCount(), 2);
        QCOMPARE(idOfShownRow(0), p1);
        QVERIFY(clickRow(p2));
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_Up, Qt::ControlModifier);
        QTRY_COMPARE(idOfShownRow(0), p2);
        QCOMPARE(model().ids(), (QList<TaskId>{p2, p1, done}));

        table()->sortByColumn(TaskModel::SizeColumn, Qt::AscendingOrder);
        QTRY_VERIFY(!action("actionMoveUp")->isEnabled());
        QVERIFY(action("actionMoveTop")->isEnabled());
    }

    // View > Show Details (F9) hides the panel, and it stays hidden in the next session.
    void theDetailsPanelHidesAndStaysHidden()
    {
        auto *panel = window().detailsPanel();
        QVERIFY(panel->isVisible());
        QTest::keyClick(&window(), Qt::Key_F9);
        QTRY_VERIFY(!panel->isVisible());
        QVERIFY(!action("actionShowDetails")->isChecked());

        m_ui.reset();
        m_ui = std::make_unique<Dashboard>(downloads(),
                                           m_config->filePath(QStringLiteral("settings.ini")));
        window().show();
        QVERIFY(QTest::qWaitForWindowExposed(&window()));
        QVERIFY(!window().detailsPanel()->isVisible());
        QVERIFY(!action("actionShowDetails")->isChecked());
        QTest::keyClick(&window(), Qt::Key_F9);
        QTRY_VERIFY(window().detailsPanel()->isVisible());
    }

    // On first launch the empty table says how to begin; a search that hides every row says so.
    void anEmptyTableSaysWhy()
    {
        auto *tasksTable = child<TaskTable>("taskTable");
        QVERIFY(tasksTable);
        QCOMPARE(tasksTable->emptyText(), QStringLiteral("Paste a URL above or drop links here."));
        const TaskId id = engine().addUrl(m_server->url(QStringLiteral("/file/10/one.bin")));
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 5000);
        QCOMPARE(tasksTable->emptyText(), QString());
        QTest::keyClicks(child<QLineEdit>("searchBox"), QStringLiteral("zzz"));
        QTRY_COMPARE(tasksTable->emptyText(), QStringLiteral("No download matches “zzz”."));
    }
};

QTEST_MAIN(TestDashboardLayout)
#include "tst_dashboardlayout.moc"
