// The settings file as Fetchdeck keeps it: a value edited by hand that is no number reads as
// the default, the file is the user's alone (it may hold a proxy's login), and settings that
// cannot be written say so.
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/settings.h"
#include "ui/settingsdialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

class TestSettingsFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A stored value that is no number (edited by hand: "30s", or left empty) reads as the
    // default, not as 1: a 1 s stall timeout, one attempt, one download at a time.
    void aStoredValueThatIsNoNumberReadsAsTheDefault()
    {
        QTemporaryDir config;
        const QString file = config.filePath(QStringLiteral("settings.ini"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("[network]\nstallTimeout=30s\nretries=\n[downloads]\nmaxConcurrent=abc\n"
                    "connections=x\nmaxPerHost=y\nlimitRate=1M\n[jobs]\nthreads=z\n");
        }
        const Settings settings(file);
        QCOMPARE(settings.stallTimeout(), 30);
        QCOMPARE(settings.retries(), 5);
        QCOMPARE(settings.maxConcurrent(), DownloadEngine::DefaultMaxConcurrent);
        QCOMPARE(settings.connections(), DownloadEngine::DefaultConnections);
        QCOMPARE(settings.maxPerHost(), 0);
        QCOMPARE(settings.limitRate(), 0);
        QCOMPARE(settings.jobThreads(), QThread::idealThreadCount());
    }

    // The file holds a proxy's login: it was written 0644, readable by every user of the
    // machine. It is the user's alone, new or made by an earlier version.
    void theSettingsFileIsTheUsersAlone()
    {
        QTemporaryDir config;
        const QString made = config.filePath(QStringLiteral("made.ini"));
        {
            QFile earlier(made);
            QVERIFY(earlier.open(QIODevice::WriteOnly));
            earlier.write("[network]\nproxy=http://u:old@h:3128\n");
        }
        QVERIFY(QFile::setPermissions(made, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ReadGroup | QFileDevice::ReadOther));
        const QString fresh = config.filePath(QStringLiteral("fresh.ini"));
        for (const QString &file : {made, fresh}) {
            {
                Settings settings(file);
                settings.setProxy(QStringLiteral("http://u:pr0xy-pw@h:3128"));
            }
            QCOMPARE(QFile::permissions(file) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                     QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }

    // Settings that cannot be written (a folder of root's after a sudo run) were lost at the
    // next start without a word: closing the dialog says so.
    void settingsThatCannotBeSavedSaySo()
    {
        QTemporaryDir config;
        const QString blocker = config.filePath(QStringLiteral("not-a-folder"));
        {
            QFile f(blocker);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        Settings settings(blocker + QStringLiteral("/settings.ini"));
        SettingsDialog dialog(&engine, &settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *retries = dialog.findChild<QSpinBox *>(QStringLiteral("settingsRetries"));
        QVERIFY(retries);
        retries->setFocus();
        retries->selectAll();
        QTest::keyClicks(retries, QStringLiteral("9"));
        QString said;
        QTimer::singleShot(0, this, [&said] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                said = box->text();
                box->accept();
            }
        });
        QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Close),
                          Qt::LeftButton);
        QVERIFY2(said.contains(QLatin1String("cannot write")), qPrintable(said));
        QCOMPARE(engine.retryPolicy().maxAttempts, 9); // it applies meanwhile
    }
};

QTEST_MAIN(TestSettingsFile)
#include "tst_settingsfile.moc"
