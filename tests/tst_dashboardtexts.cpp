// What the dashboard says, read as a user reads it: the details panel opens a download at its
// top and says what the row says (attempts, an unknown size, a name never chosen), the Remove
// dialog's English plurals, and the URL field's complaint. Real widgets on the offscreen
// platform against the loopback fixture server, with the English plurals the app installs.
#include "app/englishplurals.h"
#include "dashboardharness.h"
#include "ui/detailspanel.h"
#include "ui/elidedlabel.h"
#include "ui/removedialog.h"

#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>

class TestDashboardTexts : public DashboardHarness {
    Q_OBJECT
private:
    EnglishPlurals m_plurals; // "1 task", "2 tasks", as main() installs it

    QString label(const char *name)
    {
        auto *l = child<QLabel>(name);
        return l ? l->text() : QStringLiteral("(no %1)").arg(QLatin1String(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::installTranslator(&m_plurals);
        setUpServer();
    }
    void init() { setUpWindow(); }
    void cleanup() { tearDownWindow(); }

    // The details of one download scrolled down, then another picked: it opened scrolled
    // down too, its name and URL out of sight. Another download opens at the top; the one
    // shown keeps where the user scrolled while it updates.
    void anotherDownloadOpensAtTheTop()
    {
        const TaskId slow =
            engine().addUrl(m_server->url(QStringLiteral("/file/1m/slow.bin?rate=20000")));
        const TaskId done = engine().addUrl(m_server->url(QStringLiteral("/file/10/done.bin")));
        WAIT_FOR_STATE(model(), done, TaskState::Completed, 5000);
        WAIT_FOR_STATE(model(), slow, TaskState::Running, 5000);
        child<QSplitter>("mainSplitter")->setSizes({700, 100}); // a low panel: its fields scroll
        auto *fields = child<QScrollArea>("detailsFields");
        QVERIFY(fields);
        QScrollBar *bar = fields->verticalScrollBar();
        QVERIFY(clickRow(slow));
        QTRY_VERIFY(bar->maximum() > 0);
        bar->setValue(bar->maximum());
        const int scrolled = bar->value();
        QVERIFY(scrolled > 0);

        // An update of the same download: still scrolled down (as far as its lines reach now).
        const QString size = label("detailsSize");
        QTRY_VERIFY_WITH_TIMEOUT(label("detailsSize") != size, 5000);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QVERIFY(bar->value() > 0);
        QCOMPARE(bar->value(), qMin(scrolled, bar->maximum()));

        QVERIFY(clickRow(done));
        QTRY_COMPARE(window().detailsPanel()->taskId(), done);
        QCOMPARE(bar->value(), 0);
        auto *title = child<QWidget>("detailsTitle");
        QVERIFY(!title->visibleRegion().isEmpty());
    }

    // After a Retry the State column counted this round ("attempt 2 of 2") and the details the
    // whole life ("Attempts: 3"). The details now say both, in the row's words.
    void theAttemptsSayWhatTheStateSays()
    {
        const QUrl refused = refusedUrl();
        QVERIFY(refused.isValid());
        RetryPolicy policy = engine().retryPolicy();
        policy.maxAttempts = 2;
        policy.baseDelayMs = policy.maxDelayMs = 10;
        engine().setRetryPolicy(policy);
        const TaskId id = engine().addUrl(refused);
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 5000);
        QCOMPARE(model().task(id)->attempts, 2);

        policy.baseDelayMs = policy.maxDelayMs = 60000; // waits for the whole test
        engine().setRetryPolicy(policy);
        engine().retry(id);
        QTRY_VERIFY_WITH_TIMEOUT(model().task(id)->isWaitingToRetry(), 5000);
        QCOMPARE(model().task(id)->attempts, 3);
        QVERIFY(clickRow(id));
        model().flush();
        const QString row = indexOf(id).siblingAtColumn(TaskModel::StateColumn).data().toString();
        QVERIFY2(row.contains(QStringLiteral("(attempt 2 of 2)")), qPrintable(row));
        QTRY_COMPARE(label("detailsState"), row);
        QCOMPARE(label("detailsAttempts"), QStringLiteral("3 in all, the next is attempt 2 of 2"));
    }

    // A download that failed before the server named a size or the file: the details said
    // "Size: 0 bytes" where the row says "—", and "(file name not chosen yet)" as if it would
    // still run.
    void aFailedDownloadReadsAsItsRow()
    {
        const TaskId id =
            engine().addUrl(m_server->url(QStringLiteral("/file/10/gone.bin?status=404")));
        WAIT_FOR_STATE(model(), id, TaskState::Failed, 5000);
        QVERIFY(clickRow(id));
        model().flush();
        const QString size = indexOf(id).siblingAtColumn(TaskModel::SizeColumn).data().toString();
        QCOMPARE(size, QStringLiteral("—"));
        QTRY_COMPARE(label("detailsSize"), size);
        auto *destination = child<ElidedLabel>("detailsDestination");
        QVERIFY(destination);
        QCOMPARE(destination->fullText(),
                 QStringLiteral("%1 (no file name was chosen)").arg(model().task(id)->directory));
    }

    // "1 of them still run and will stop." The line reads right for one and for many.
    void theRemoveDialogCountsInEnglish()
    {
        for (const auto &[running, line] :
             {std::pair{1, QStringLiteral("1 running task will stop.")},
              std::pair{3, QStringLiteral("3 running tasks will stop.")}}) {
            RemoveDialog::Summary summary;
            summary.tasks = 4;
            summary.running = running;
            RemoveDialog dialog(summary, false);
            auto *consequences = dialog.findChild<QLabel *>(QStringLiteral("removeConsequences"));
            QVERIFY(consequences);
            QCOMPARE(consequences->text().section(QLatin1Char('\n'), 0, 0), line);
        }
    }

    // "hello world" in the URL field said "not a valid URL: hello": its first word, in lower
    // case. The whole input, as a sentence; the text stays to be corrected.
    void theUrlFieldSaysWhatIsWrongWithTheWholeInput()
    {
        auto *field = child<QLineEdit>("urlField");
        QVERIFY(field);
        const auto enter = [&](const QString &text) {
            field->setFocus();
            field->clear();
            QTest::keyClicks(field, text);
            QTest::keyClick(field, Qt::Key_Enter);
            return window().statusBar()->currentMessage();
        };
        QCOMPARE(enter(QStringLiteral("hello world")),
                 QStringLiteral("Not a valid URL: hello world."));
        QCOMPARE(field->text(), QStringLiteral("hello world"));
        QCOMPARE(enter(QStringLiteral("ftp://example.org/x")),
                 QStringLiteral("Only http:// and https:// URLs can be downloaded: "
                                "ftp://example.org/x."));
        QCOMPARE(model().rowCount(), 0);
    }
};

QTEST_MAIN(TestDashboardTexts)
#include "tst_dashboardtexts.moc"
