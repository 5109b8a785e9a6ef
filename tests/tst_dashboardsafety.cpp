// No data lost by a click: Remove asks and can be undone, Cancel keeps what was downloaded, and
// a retrying task says the same thing in the row, the details, the log, the tabs and the status
// bar. Real widgets on the offscreen platform against the loopback fixture server.
#include "dashboardharness.h"
#include "models/format.h"
#include "ui/detailspanel.h"
#include "ui/removedialog.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>

class TestDashboardSafety : public DashboardHarness {
    Q_OBJECT
private:
    // Completed downloads of `names` (1000 bytes each) and one paused half of a larger file.
    void someFinishedAndOnePaused(const QStringList &names, TaskId *paused)
    {
        QList<TaskId> ids;
        for (const QString &name : names)
            ids.append(engine().addUrl(m_server->url(QStringLiteral("/file/1000/") + name)));
        for (TaskId id : ids)
            WAIT_FOR_STATE(model(), id, TaskState::Completed, 5000);
        *paused =
            engine().addUrl(m_server->url(QStringLiteral("/file/600000/half.bin?rate=200000")));
        QTRY_VERIFY_WITH_TIMEOUT(model().task(*paused)->bytesDone > 100000, 5000);
        engine().pause(*paused);
        QTRY_COMPARE_WITH_TIMEOUT(engine().runningCount(), 0, 5000);
    }

    RemoveDialog *pressDeleteOnAll() { return pressDelete(true); }

    // Delete on the table's selection (all rows first, if `all`): the dialog it opens.
    RemoveDialog *pressDelete(bool all = false)
    {
        // The offscreen platform has no window manager to give the focus back after a dialog.
        window().activateWindow();
        if (!QTest::qWaitForWindowActive(&window()))
            return nullptr;
        table()->setFocus();
        if (all)
            table()->selectAll();
        QTest::keyClick(table(), Qt::Key_Delete);
        RemoveDialog *dialog = nullptr;
        (void)QTest::qWaitFor([&] {
            dialog = window().findChild<RemoveDialog *>();
            return dialog && dialog->isVisible();
        });
        return dialog;
    }

    QString label(QWidget *in, const char *name)
    {
        auto *l = in->findChild<QLabel *>(QString::fromLatin1(name));
        return l ? l->text() : QString();
    }

private Q_SLOTS:
    void initTestCase() { setUpServer(); }
    void init() { setUpWindow(); }
    void cleanup() { tearDownWindow(); }

    // Ctrl+A, Delete removed 1,130 tasks and their partial files without a word. Now it asks,
    // says what goes from disk, and Cancel leaves everything as it was.
    void deleteAsksFirstAndSaysWhatGoesFromDisk()
    {
        TaskId paused = 0;
        someFinishedAndOnePaused({QStringLiteral("a.bin"), QStringLiteral("b.bin")}, &paused);
        const QString halfKept = Format::bytes(model().task(paused)->bytesDone);

        QPointer<RemoveDialog> dialog = pressDeleteOnAll();
        QVERIFY(dialog);
        QVERIFY(label(dialog, "removeQuestion").startsWith(QStringLiteral("Remove 3 task")));
        const QString consequences = label(dialog, "removeConsequences");
        QVERIFY2(consequences.contains(QStringLiteral("partial files of 1 unfinished download")) &&
                     consequences.contains(halfKept),
                 qPrintable(consequences));
        auto *alsoDownloaded =
            dialog->findChild<QCheckBox *>(QStringLiteral("removeDeleteDownloaded"));
        QVERIFY(alsoDownloaded);
        QVERIFY(!alsoDownloaded->isChecked()); // off by default
        // Something is deleted from disk: Enter does not confirm (the Remove button had the
        // focus, which made it the default: Enter deleted the partial file).
        QWidget *focused = dialog->focusWidget();
        QVERIFY(focused);
        QTest::keyClick(focused, Qt::Key_Return);
        QTRY_VERIFY(!dialog);
        QCOMPARE(model().rowCount(), 3);
        QCOMPARE(filesIn(downloads()),
                 (QStringList{QStringLiteral("a.bin"), QStringLiteral("b.bin"),
                              QStringLiteral("half.bin.part")}));

        // Nor once "Also delete the downloaded files" is ticked.
        dialog = pressDeleteOnAll();
        QVERIFY(dialog);
        auto *tick = dialog->findChild<QCheckBox *>(QStringLiteral("removeDeleteDownloaded"));
        QTest::mouseClick(tick, Qt::LeftButton);
        QVERIFY(tick->isChecked());
        // Ticking leaves the focus on the box (it went to Cancel: a second Space, meant to
        // untick it, closed the dialog).
        QCOMPARE(dialog->focusWidget(), tick);
        QTest::keyClick(tick, Qt::Key_Return);
        QTRY_VERIFY(!dialog);
        QCOMPARE(model().rowCount(), 3);
        QCOMPARE(filesIn(downloads()),
                 (QStringList{QStringLiteral("a.bin"), QStringLiteral("b.bin"),
                              QStringLiteral("half.bin.part")}));

        dialog = pressDeleteOnAll();
        QVERIFY(dialog);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("removeConfirm")),
                          Qt::LeftButton);
        QTRY_COMPARE(model().rowCount(), 0);
        // The partial file goes; the finished files stay.
        QTRY_COMPARE_WITH_TIMEOUT(filesIn(downloads()),
                                  (QStringList{QStringLiteral("a.bin"), QStringLiteral("b.bin")}),
                                  5000);
        QVERIFY(window().statusBar()->currentMessage().contains(QStringLiteral("Ctrl+Z")));
    }

    // Undo puts back what the last Remove took off the list: finished tasks as they were.
    void ctrlZBringsBackWhatRemoveTook()
    {
        TaskId paused = 0;
        someFinishedAndOnePaused({QStringLiteral("u.bin")}, &paused);
        QPointer<RemoveDialog> dialog = pressDeleteOnAll();
        QVERIFY(dialog);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("removeConfirm")),
                          Qt::LeftButton);
        QTRY_COMPARE(model().rowCount(), 0);

        QTest::keyClick(table(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(model().rowCount(), 2);
        QCOMPARE(model().taskAt(0).state, TaskState::Completed);
        QCOMPARE(model().taskAt(0).fileName, QStringLiteral("u.bin"));
        QCOMPARE(model().taskAt(1).state, TaskState::Paused); // its bytes were deleted: from zero
        QCOMPARE(table()->selectionModel()->selectedRows().size(), 2); // what came back is shown
        QVERIFY(!action("actionUndoRemove")->isEnabled());             // one undo per Remove

        // The paused one still downloads, whole.
        engine().resume(model().idAt(1));
        WAIT_FOR_STATE(model(), model().idAt(1), TaskState::Completed, 15000);
        QCOMPARE(sha256OfFile(QDir(downloads()).filePath(QStringLiteral("half.bin"))),
                 FixtureServer::contentSha256(600000));
    }

    // Undo puts the tasks back where they were in the list (the queue's order), not at its end
    // (in a list of 300 the restored row was found half off the screen at the bottom).
    void undoPutsTasksBackWhereTheyWere()
    {
        QList<TaskId> ids;
        for (const char *name : {"p.bin", "q.bin", "r.bin", "s.bin", "t.bin"})
            ids.append(
                engine().addUrl(m_server->url(QStringLiteral("/file/10/") + QLatin1String(name))));
        for (TaskId id : ids)
            WAIT_FOR_STATE(model(), id, TaskState::Completed, 5000);
        const auto names = [this] {
            QStringList shown;
            for (TaskId id : model().ids())
                shown << model().task(id)->url.fileName();
            return shown;
        };
        table()->selectionModel()->clearSelection();
        QVERIFY(clickRow(ids[1]));
        QVERIFY(clickRow(ids[3], Qt::ControlModifier));
        QPointer<RemoveDialog> dialog = pressDelete();
        QVERIFY(dialog);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("removeConfirm")),
                          Qt::LeftButton);
        QTRY_COMPARE(names(), (QStringList{"p.bin", "r.bin", "t.bin"}));
        QTest::keyClick(table(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(names(), (QStringList{"p.bin", "q.bin", "r.bin", "s.bin", "t.bin"}));

        // Clear Completed too, around a paused download among them.
        const TaskId u = engine().addUrl(m_server->url(QStringLiteral("/file/1m/u.bin?rate=1")));
        engine().pause(u);
        engine().place({u}, model().ids().at(2), true);
        QTRY_COMPARE(names(), (QStringList{"p.bin", "q.bin", "u.bin", "r.bin", "s.bin", "t.bin"}));
        action("actionClearCompleted")->trigger();
        QTRY_COMPARE(model().rowCount(), 1);
        QTest::keyClick(table(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(names(), (QStringList{"p.bin", "q.bin", "u.bin", "r.bin", "s.bin", "t.bin"}));
    }

    // "Also delete the downloaded files" deletes them and is remembered for the next Remove.
    void alsoDeletingDownloadedFilesIsAChoiceThatIsRemembered()
    {
        const TaskId one = engine().addUrl(m_server->url(QStringLiteral("/file/1000/one.bin")));
        WAIT_FOR_STATE(model(), one, TaskState::Completed, 5000);
        QPointer<RemoveDialog> dialog = pressDeleteOnAll();
        QVERIFY(dialog);
        auto *box = dialog->findChild<QCheckBox *>(QStringLiteral("removeDeleteDownloaded"));
        QVERIFY(box && !box->isChecked());
        // Nothing would be deleted: Enter confirms.
        QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("removeConfirm"))->isDefault());
        QTest::mouseClick(box, Qt::LeftButton);
        QVERIFY(box->isChecked());
        // Now something would be: Enter no longer confirms.
        QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("removeConfirm"))->isDefault());
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("removeConfirm")),
                          Qt::LeftButton);
        QTRY_COMPARE(model().rowCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(filesIn(downloads()), QStringList(), 5000);
        // "Undo: Ctrl+Z" alone promised more than Undo does: the task comes back, its file not.
        const QString said = window().statusBar()->currentMessage();
        QVERIFY2(said.contains(QStringLiteral("1 downloaded file")) &&
                     said.contains(QStringLiteral("not the files")),
                 qPrintable(said));

        const TaskId two = engine().addUrl(m_server->url(QStringLiteral("/file/1000/two.bin")));
        WAIT_FOR_STATE(model(), two, TaskState::Completed, 5000);
        dialog = pressDeleteOnAll();
        QVERIFY(dialog);
        box = dialog->findChild<QCheckBox *>(QStringLiteral("removeDeleteDownloaded"));
        QVERIFY(box && box->isChecked());
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("removeCancel")),
                          Qt::LeftButton);
        QTRY_VERIFY(!dialog);
        QCOMPARE(filesIn(downloads()), QStringList{QStringLiteral("two.bin")});
    }

    // Cancel stops and keeps the partial file (the row says how much); Retry resumes from it.
    void cancelKeepsWhatWasDownloadedAndRetryResumes()
    {
        const QString path = QStringLiteral("/file/800000/keep.bin");
        const TaskId id = engine().addUrl(m_server->url(path + QStringLiteral("?rate=200000")));
        QTRY_VERIFY_WITH_TIMEOUT(model().task(id)->bytesDone > 100000, 5000);
        QVERIFY(clickRow(id));
        QTRY_VERIFY(buttonEnabled("actionCancel"));
        QVERIFY(clickToolButton("actionCancel"));
        WAIT_FOR_STATE(model(), id, TaskState::Canceled, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(engine().runningCount(), 0, 5000);
        const qint64 kept =
            QFileInfo(QDir(downloads()).filePath(QStringLiteral("keep.bin.part"))).size();
        QVERIFY(kept > 100000);
        QTRY_COMPARE(
            indexOf(id).siblingAtColumn(TaskModel::StateColumn).data().toString(),
            QStringLiteral("Canceled, %1 kept").arg(Format::bytes(model().task(id)->bytesDone)));

        QTRY_VERIFY(buttonEnabled("actionRetry"));
        QVERIFY(clickToolButton("actionRetry"));
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 15000);
        QCOMPARE(sha256OfFile(QDir(downloads()).filePath(QStringLiteral("keep.bin"))),
                 FixtureServer::contentSha256(800000));
        QVERIFY(m_server->lastRequestHeaders(path).contains(QByteArray("Range: bytes=") +
                                                            QByteArray::number(kept) + '-'));
    }

    // A wrong checksum shows both digests, each with its Copy button, and the bar does not
    // read 100% (the file is deleted).
    void aChecksumMismatchShowsBothDigestsToCopy()
    {
        const QString expected = QString(64, QLatin1Char('0'));
        Task wanted;
        wanted.url = m_server->url(QStringLiteral("/file/5000/sum.bin"));
        wanted.editExtra().checksum = QStringLiteral("sha-256=") + expected;
        std::vector<Task> one;
        one.push_back(wanted);
        const TaskId id = engine().addDownloads(std::move(one)).constFirst();
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 10000);
        QVERIFY(clickRow(id));
        const QString actual = QString::fromLatin1(FixtureServer::contentSha256(5000).toHex());
        QTRY_COMPARE(label(&window(), "detailsActualChecksum"), actual);
        QVERIFY(child<QLabel>("detailsActualChecksum")->isVisible());
        QTest::mouseClick(child<QPushButton>("detailsCopyActual"), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), actual);
        QTest::mouseClick(child<QPushButton>("detailsCopy"), Qt::LeftButton);
        QVERIFY(QGuiApplication::clipboard()->text().endsWith(expected));
        model().flush();
        QCOMPARE(indexOf(id).siblingAtColumn(TaskModel::ProgressColumn).data().toString(),
                 QStringLiteral("0%"));
        QVERIFY(filesIn(downloads()).isEmpty());
    }

    // A download the browser handed over says so in its details, and never shows the cookies,
    // the referrer or the user agent themselves (secrets); other downloads have no such row.
    void aBrowserDownloadSaysWhatGoesWithItButNotTheSecrets()
    {
        Task handed;
        // Failed: a completed download no longer keeps what the browser gave (a session's).
        handed.url = m_server->url(QStringLiteral("/file/5000/handed.bin?status=404"));
        handed.editExtra().cookies = QStringLiteral("sid=secret-1");
        handed.editExtra().referrer = QStringLiteral("http://127.0.0.1/private-page");
        handed.editExtra().userAgent = QStringLiteral("Mozilla/5.0 SecretAgent");
        std::vector<Task> one;
        one.push_back(handed);
        const TaskId id = engine().addDownloads(std::move(one)).constFirst();
        const TaskId plain = engine().addUrl(m_server->url(QStringLiteral("/file/5000/plain.bin")));
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 10000);
        WAIT_FOR_STATE(model(), plain, TaskState::Completed, 10000);
        QVERIFY(clickRow(id));
        auto *row = child<QLabel>("detailsBrowser");
        QTRY_VERIFY(row->isVisible());
        QCOMPARE(row->text(), QStringLiteral("sent with its cookies for this site, the page as "
                                             "referrer, its user agent"));
        for (QLabel *l : window().detailsPanel()->findChildren<QLabel *>())
            QVERIFY2(!l->text().contains(QLatin1String("secret-1")) &&
                         !l->text().contains(QLatin1String("private-page")) &&
                         !l->text().contains(QLatin1String("SecretAgent")),
                     qPrintable(l->text()));
        QVERIFY(clickRow(plain));
        QTRY_VERIFY(!row->isVisible());
    }

    // Copy URL and Change URL from the Tasks menu: a fresh link resumes what was downloaded.
    void aFreshLinkResumesWhatWasDownloaded()
    {
        const QUrl old = m_server->url(QStringLiteral("/file/300000/link.bin?rate=100000"));
        const TaskId id = engine().addUrl(old);
        QTRY_VERIFY_WITH_TIMEOUT(model().task(id)->bytesDone > 50000, 5000);
        engine().cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(engine().runningCount(), 0, 2000);
        QVERIFY(clickRow(id));
        QTRY_VERIFY(action("actionCopyUrl")->isEnabled());
        action("actionCopyUrl")->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), old.toString());

        m_server->resetStats();
        QVERIFY(action("actionChangeUrl")->isEnabled());
        action("actionChangeUrl")->trigger();
        QInputDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window().findChild<QInputDialog *>(
                         QStringLiteral("changeUrlDialog"))) != nullptr);
        QCOMPARE(dialog->textValue(), old.toString());
        auto *field = dialog->findChild<QLineEdit *>();
        QVERIFY(field);
        field->selectAll();
        const QUrl fresh = m_server->url(QStringLiteral("/file/300000/link.bin?token=new"));
        QTest::keyClicks(field, fresh.toString());
        QTest::keyClick(field, Qt::Key_Enter);
        WAIT_FOR_STATE(model(), id, TaskState::Completed, 15000);
        QCOMPARE(model().task(id)->url, fresh);
        QVERIFY(m_server->bytesSent() < 300000); // only the rest came
        QCOMPARE(sha256OfFile(QDir(downloads()).filePath(QStringLiteral("link.bin"))),
                 FixtureServer::contentSha256(300000));
    }

    // A task waiting to retry reads the same in the row, the details and the log, and counts as
    // waiting (in the Active tab and the status bar), not as queued.
    void aRetryingTaskSaysTheSameEverywhere()
    {
        const QUrl refused = refusedUrl();
        QVERIFY(refused.isValid());
        RetryPolicy policy = engine().retryPolicy();
        policy.baseDelayMs = 60000; // stays waiting for the whole test
        policy.maxDelayMs = 60000;
        engine().setRetryPolicy(policy);
        const TaskId id = engine().addUrl(refused);
        QTRY_VERIFY_WITH_TIMEOUT(model().task(id)->isWaitingToRetry(), 5000);
        QVERIFY(clickRow(id));
        model().flush();

        const QString row = indexOf(id).siblingAtColumn(TaskModel::StateColumn).data().toString();
        QVERIFY2(row.startsWith(QStringLiteral("Retrying in ")) &&
                     row.endsWith(QStringLiteral(" (attempt 2 of 5): Connection refused")),
                 qPrintable(row));
        QTRY_COMPARE(label(&window(), "detailsState"), row);
        auto *log = window().findChild<QPlainTextEdit *>(QStringLiteral("detailsLog"));
        QVERIFY(log);
        QVERIFY2(log->toPlainText().contains(QStringLiteral("Retrying in ")) &&
                     log->toPlainText().contains(
                         QStringLiteral(" (attempt 2 of 5): Connection refused")),
                 qPrintable(log->toPlainText()));

        QTRY_COMPARE(tabText(QStringLiteral("Active")), QStringLiteral("Active (1)"));
        QCOMPARE(tabText(QStringLiteral("Queued")), QStringLiteral("Queued (0)"));
        auto *summary = window().findChild<QLabel *>(QStringLiteral("statusSummary"));
        QVERIFY(summary);
        QVERIFY2(summary->text().contains(QStringLiteral("1 waiting")) &&
                     summary->text().contains(QStringLiteral("0 queued")),
                 qPrintable(summary->text()));
    }

    // An action takes exactly the rows the user picked, in a sorted table: single clicks, a
    // Shift range, and a row Ctrl-clicked off again.
    void actionsTakeExactlyTheSelectedRows()
    {
        TaskId paused = 0;
        someFinishedAndOnePaused({QStringLiteral("s1.bin"), QStringLiteral("s2.bin"),
                                  QStringLiteral("s3.bin"), QStringLiteral("s4.bin")},
                                 &paused);
        table()->sortByColumn(TaskModel::NameColumn, Qt::DescendingOrder);
        const auto copied = [this] {
            QGuiApplication::clipboard()->clear();
            action("actionCopyUrl")->trigger();
            QStringList names;
            for (const QString &url : QGuiApplication::clipboard()->text().split(QLatin1Char('\n')))
                names.append(url.section(QLatin1Char('/'), -1));
            names.sort();
            return names.join(QLatin1Char(' '));
        };
        QCOMPARE(idOfShownRow(0), model().idAt(3)); // s4.bin shows first
        QVERIFY(clickRow(model().idAt(3)));
        QVERIFY(clickRow(model().idAt(1), Qt::ControlModifier));
        QCOMPARE(copied(), QStringLiteral("s2.bin s4.bin"));
        QVERIFY(clickRow(model().idAt(2)));
        QVERIFY(clickRow(model().idAt(0), Qt::ShiftModifier)); // s3, s2, s1
        QVERIFY(clickRow(paused, Qt::ControlModifier));
        QCOMPARE(copied(), QStringLiteral("half.bin?rate=200000 s1.bin s2.bin s3.bin"));
        QVERIFY(clickRow(model().idAt(1), Qt::ControlModifier)); // s2 off again
        QCOMPARE(copied(), QStringLiteral("half.bin?rate=200000 s1.bin s3.bin"));
        QTRY_VERIFY(buttonEnabled("actionResume")); // the paused one is among them
    }
};

QTEST_MAIN(TestDashboardSafety)
#include "tst_dashboardsafety.moc"
