// The dashboard with a remote engine (a real aria2c on 127.0.0.1), driven with clicks and keys:
// the Where column and filter, the URL field's and the Add dialog's target, actions on remote
// rows, and Settings > Remote engines with its connection test. Secrets never land in the
// settings file.
#include "aria2daemon.h"
#include "dashboardharness.h"
#include "services/remote/remoteengines.h"
#include "services/remote/remoteenginesetup.h"
#include "ui/adddialog.h"
#include "ui/remoteenginedialog.h"
#include "ui/removedialog.h"
#include "ui/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>

// Records what the dashboard asks the desktop to open, instead of opening it.
class OpenedUrls : public QObject {
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls.append(url); }
};

class TestDashboardRemote : public DashboardHarness {
    Q_OBJECT
private:
    std::unique_ptr<Aria2Daemon> m_daemon;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<RemoteEngines> m_remotes;
    std::unique_ptr<RemoteEngineSetup> m_setup;

    QString settingsFile() const { return m_config->filePath(QStringLiteral("settings.ini")); }

    // The window with no engine yet; connect() adds the daemon as "NAS".
    void setUpRemote()
    {
        setUpWindow();
        m_secrets = std::make_unique<SecretStore>(m_config->path(), false);
        m_remotes = std::make_unique<RemoteEngines>(&m_ui->tasks);
        m_setup =
            std::make_unique<RemoteEngineSetup>(m_remotes.get(), &m_ui->settings, m_secrets.get());
        window().setRemoteEngines(m_setup.get());
        bool loaded = false; // as main() does: the saved engines (none yet) are read first
        m_setup->load().then([&loaded] { loaded = true; });
        QTRY_VERIFY(loaded);
    }
    void connectNas()
    {
        bool saved = false;
        m_setup
            ->save({{QStringLiteral("nas"), QStringLiteral("NAS"), m_daemon->wsUrl(),
                     QLatin1String(Aria2Daemon::Secret)}})
            .then([&saved](SecretStore::Where) { saved = true; });
        QTRY_VERIFY(saved);
        QTRY_COMPARE_WITH_TIMEOUT(m_remotes->engine(QStringLiteral("nas"))->status(),
                                  RemoteEngine::Status::Online, 10000);
    }

    // Picks the item with this text in a combo box with the keyboard, as a user would.
    static void pick(QComboBox *combo, const QString &text)
    {
        QVERIFY(combo && combo->isVisible());
        combo->setFocus();
        const int target = combo->findText(text);
        QVERIFY2(target >= 0, qPrintable(text));
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < target; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(combo->currentText(), text);
    }

    // The daemon is shared by the tests: its earlier downloads are rows too (as they should).
    const Task *remoteRow(const QUrl &url)
    {
        for (TaskId id : m_ui->tasks.ids())
            if (const Task *t = m_ui->tasks.task(id); t->isRemote() && t->url == url)
                return t;
        return nullptr;
    }

    QString whereShown(TaskId id)
    {
        const QModelIndex name = indexOf(id);
        return name.siblingAtColumn(TaskModel::WhereColumn).data().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!Aria2Daemon::available())
            QFAIL("aria2c is not installed (Debian package aria2; ./dev installs it)");
        setUpServer();
        m_daemon = std::make_unique<Aria2Daemon>();
        QVERIFY(m_daemon->start());
    }
    void init() { setUpRemote(); }
    void cleanup()
    {
        m_ui->engine.setRemoteEngines(nullptr);
        m_setup.reset();
        m_remotes.reset(); // its rows leave the registry before the window goes
        m_secrets.reset();
        tearDownWindow(false); // aria2 keeps its connections to the origin open
    }
    void cleanupTestCase() { m_daemon.reset(); }

    void noEngineNoPlacePickers()
    {
        QVERIFY(!child<QComboBox>("wherePicker")->isVisible());
        QVERIFY(!child<QComboBox>("urlTarget")->isVisible());
        QVERIFY(table()->horizontalHeader()->isSectionHidden(TaskModel::WhereColumn));
    }

    void whereColumnAndFilter()
    {
        connectNas();
        QVERIFY(!table()->horizontalHeader()->isSectionHidden(TaskModel::WhereColumn));
        typeUrl(m_server->url(QStringLiteral("/file/10k/here.bin")));
        pick(child<QComboBox>("urlTarget"), QStringLiteral("NAS"));
        const QUrl there = m_server->url(QStringLiteral("/file/10k/there.bin"));
        typeUrl(there);
        QTRY_VERIFY_WITH_TIMEOUT(remoteRow(there), 10000);
        const TaskId remote = remoteRow(there)->id;
        TaskId local = 0; // the daemon's earlier downloads are rows too, before this one
        for (TaskId id : m_ui->tasks.ids())
            if (!m_ui->tasks.task(id)->isRemote())
                local = id;
        QVERIFY(local);
        QTRY_COMPARE_WITH_TIMEOUT(m_ui->tasks.task(remote)->state, TaskState::Completed, 10000);
        QCOMPARE(whereShown(local), QStringLiteral("This computer"));
        QCOMPARE(whereShown(remote), QStringLiteral("NAS"));
        QCOMPARE(m_ui->settings.addTarget(), QStringLiteral("nas")); // remembered

        pick(child<QComboBox>("wherePicker"), QStringLiteral("NAS"));
        QCOMPARE(table()->model()->rowCount(), 1);
        QCOMPARE(idOfShownRow(0), remote);
        QTRY_COMPARE(tabText(QStringLiteral("All")), QStringLiteral("All (1)"));
        pick(child<QComboBox>("wherePicker"), QStringLiteral("This computer"));
        QCOMPARE(table()->model()->rowCount(), 1);
        QCOMPARE(idOfShownRow(0), local);

        // The details say where it runs and what the daemon knows.
        pick(child<QComboBox>("wherePicker"), QStringLiteral("Everywhere"));
        QVERIFY(clickRow(remote));
        auto *engineRow = child<QLabel>("detailsEngine");
        QTRY_VERIFY(engineRow && engineRow->isVisible());
        QVERIFY2(engineRow->text().contains(QStringLiteral("GID: ") +
                                            m_ui->tasks.task(remote)->extra().gid),
                 qPrintable(engineRow->text()));
        QVERIFY(!buttonEnabled("actionOpenFile")); // the file is on the daemon's machine
    }

    void addDialogSendsToTheEngine()
    {
        connectNas();
        QVERIFY(clickToolButton("actionAdd"));
        AddDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window().findChild<AddDialog *>()));
        auto *text = dialog->findChild<QPlainTextEdit *>(QStringLiteral("addUrlsText"));
        const QUrl url = m_server->url(QStringLiteral("/file/30k/added.bin"));
        QTest::keyClicks(text, url.toString());
        pick(dialog->findChild<QComboBox *>(QStringLiteral("addTarget")), QStringLiteral("NAS"));
        auto *folder = dialog->findChild<QLineEdit *>(QStringLiteral("addDestination"));
        QVERIFY(folder->text().isEmpty()); // a path there, not this computer's folder
        const QString there = m_daemon->downloads() + QStringLiteral("/from-dialog");
        QTest::keyClicks(folder, there);
        QTRY_VERIFY(
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
        QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(remoteRow(url), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(remoteRow(url)->state, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(there + QStringLiteral("/added.bin")),
                 FixtureServer::contentSha256(30 * 1024));
        QVERIFY(filesIn(downloads()).isEmpty()); // nothing came to this computer

        // The next Add opens on the same engine and folder.
        QTRY_VERIFY(!window().findChild<AddDialog *>());
        QVERIFY(clickToolButton("actionAdd"));
        QTRY_VERIFY((dialog = window().findChild<AddDialog *>()));
        QCOMPARE(dialog->target(), QStringLiteral("nas"));
        QCOMPARE(dialog->directory(), there);
        dialog->reject();
    }

    void pauseAndResumeByClick()
    {
        connectNas();
        pick(child<QComboBox>("urlTarget"), QStringLiteral("NAS"));
        const QUrl url = m_server->url(QStringLiteral("/file/4m/slow.bin?rate=100000"));
        typeUrl(url);
        QTRY_VERIFY_WITH_TIMEOUT(remoteRow(url), 10000);
        const TaskId id = remoteRow(url)->id;
        QTRY_COMPARE_WITH_TIMEOUT(m_ui->tasks.task(id)->state, TaskState::Running, 10000);
        QVERIFY(clickRow(id));
        QTRY_VERIFY(buttonEnabled("actionPause"));
        QVERIFY(clickToolButton("actionPause"));
        QTRY_COMPARE_WITH_TIMEOUT(m_ui->tasks.task(id)->state, TaskState::Paused, 10000);
        QVERIFY(clickToolButton("actionResume"));
        QTRY_COMPARE_WITH_TIMEOUT(m_ui->tasks.task(id)->state, TaskState::Running, 10000);
        QVERIFY(clickToolButton("actionCancel"));
        QTRY_COMPARE_WITH_TIMEOUT(m_ui->tasks.task(id)->state, TaskState::Canceled, 10000);
        QVERIFY(filesIn(downloads()).isEmpty());
    }

    // Remove asks as for local rows, but tells the truth: nothing of a remote download is
    // deleted from any disk, and its files stay on the daemon's machine.
    void removeSaysRemoteFilesStay()
    {
        connectNas();
        pick(child<QComboBox>("urlTarget"), QStringLiteral("NAS"));
        const QUrl url = m_server->url(QStringLiteral("/file/20k/stays.bin"));
        typeUrl(url);
        QTRY_VERIFY_WITH_TIMEOUT(remoteRow(url), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(remoteRow(url)->state, TaskState::Completed, 10000);
        const TaskId id = remoteRow(url)->id;
        const QString path = remoteRow(url)->filePath();
        QVERIFY(clickRow(id));
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_Delete);
        RemoveDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window().findChild<RemoveDialog *>()) && dialog->isVisible());
        QVERIFY(!dialog->findChild<QCheckBox *>(QStringLiteral("removeDeleteDownloaded")));
        const QString says =
            dialog->findChild<QLabel *>(QStringLiteral("removeConsequences"))->text();
        QVERIFY2(says.contains(QLatin1String("stay on that machine")), qPrintable(says));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("removeConfirm")),
                          Qt::LeftButton);
        QTRY_VERIFY(!m_ui->tasks.task(id));
        QVERIFY(QFile::exists(path));
    }

    // Open File and Open Folder with local and remote rows selected open this computer's
    // only: a remote row's path is on the daemon's machine (and the daemon chose it).
    void openActsOnLocalRowsOnly()
    {
        connectNas();
        const QUrl here = m_server->url(QStringLiteral("/file/5k/local.bin"));
        typeUrl(here);
        pick(child<QComboBox>("urlTarget"), QStringLiteral("NAS"));
        const QUrl there = m_server->url(QStringLiteral("/file/5k/remote-open.bin"));
        typeUrl(there);
        QTRY_VERIFY_WITH_TIMEOUT(remoteRow(there), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(remoteRow(there)->state, TaskState::Completed, 10000);
        TaskId local = 0; // the daemon's earlier downloads are rows too, before this one
        for (TaskId id : m_ui->tasks.ids())
            if (!m_ui->tasks.task(id)->isRemote())
                local = id;
        QVERIFY(local);
        QTRY_COMPARE_WITH_TIMEOUT(m_ui->tasks.task(local)->state, TaskState::Completed, 10000);
        OpenedUrls opened;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &opened, "open");
        QVERIFY(clickRow(local));
        QVERIFY(clickRow(remoteRow(there)->id, Qt::ControlModifier));
        QCOMPARE(table()->selectionModel()->selectedRows().size(), 2);
        QTRY_VERIFY(action("actionOpenFile")->isEnabled());
        action("actionOpenFile")->trigger();
        action("actionOpenFolder")->trigger();
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
        QCOMPARE(opened.urls,
                 (QList<QUrl>{QUrl::fromLocalFile(downloads() + QStringLiteral("/local.bin")),
                              QUrl::fromLocalFile(downloads())}));
    }

    // The next start reads the engines back, secrets from the 0600 file, and says so.
    void enginesComeBackAtTheNextStart()
    {
        connectNas();
        SecretStore secrets(m_config->path(), false);
        TaskRegistry tasks;
        RemoteEngines engines(&tasks);
        RemoteEngineSetup setup(&engines, &m_ui->settings, &secrets);
        bool loaded = false;
        setup.load().then([&loaded] { loaded = true; });
        QTRY_VERIFY(loaded);
        QCOMPARE(engines.configs().size(), 1);
        QCOMPARE(engines.configs().constFirst().name, QStringLiteral("NAS"));
        QCOMPARE(engines.configs().constFirst().secret, QLatin1String(Aria2Daemon::Secret));
        QCOMPARE(setup.secretsWhere(), SecretStore::Where::File);
        QVERIFY(!setup.keepFailed());
        QTRY_COMPARE_WITH_TIMEOUT(engines.engine(QStringLiteral("nas"))->status(),
                                  RemoteEngine::Status::Online, 10000);
    }

    void settingsPageAddsAnEngineWithATest()
    {
        QVERIFY(clickToolButton("actionSettings"));
        SettingsDialog *settings = nullptr;
        QTRY_VERIFY((settings = window().findChild<SettingsDialog *>()));
        auto *tabs = settings->findChild<QTabWidget *>(QStringLiteral("settingsTabs"));
        QVERIFY(tabs);
        tabs->setCurrentIndex(1);
        QTest::mouseClick(settings->findChild<QPushButton *>(QStringLiteral("remoteEngineAdd")),
                          Qt::LeftButton);
        RemoteEngineDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = settings->findChild<RemoteEngineDialog *>()));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("remoteEngineName")),
                         QStringLiteral("Box"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("remoteEngineUrl")),
                         m_daemon->httpUrl().toString());
        auto *secret = dialog->findChild<QLineEdit *>(QStringLiteral("remoteEngineSecret"));
        QTest::keyClicks(secret, QStringLiteral("wrong"));
        auto *test = dialog->findChild<QPushButton *>(QStringLiteral("remoteEngineTest"));
        auto *result = dialog->findChild<QLabel *>(QStringLiteral("remoteEngineResult"));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QLatin1String("secret token is wrong")),
                                 10000);
        secret->clear();
        QTest::keyClicks(secret, QLatin1String(Aria2Daemon::Secret));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(result->text(), QStringLiteral("Connected: aria2 1.36.0"), 10000);
        QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);

        auto *list = settings->findChild<QTreeWidget *>(QStringLiteral("remoteEngineList"));
        QTRY_COMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("Box"));
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItem(0)->text(2),
                                  QStringLiteral("Online, aria2 1.36.0"), 10000);
        auto *where = settings->findChild<QLabel *>(QStringLiteral("remoteEngineSecrets"));
        QTRY_VERIFY(where->text().contains(m_secrets->filePath()));

        // The settings file names the engine, never its secret; the secrets file is the user's.
        const auto saved = [this] {
            QFile ini(settingsFile()); // QSettings writes it from the event loop
            return ini.open(QIODevice::ReadOnly) ? ini.readAll() : QByteArray();
        };
        QTRY_VERIFY(saved().contains("Box"));
        QVERIFY(!saved().contains(Aria2Daemon::Secret));
        // The secret store writes its file off the GUI thread: waited for as the settings are.
        const auto kept = [this] {
            QFile file(m_secrets->filePath());
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        QTRY_VERIFY(kept().contains(Aria2Daemon::Secret));
        QFile secrets(m_secrets->filePath());
        QCOMPARE(QFileInfo(secrets).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

        // Removed: its rows go (the daemon keeps its downloads).
        list->setCurrentItem(list->topLevelItem(0));
        QTest::mouseClick(settings->findChild<QPushButton *>(QStringLiteral("remoteEngineRemove")),
                          Qt::LeftButton);
        QTRY_COMPARE(list->topLevelItemCount(), 0);
        QVERIFY(m_remotes->isEmpty());
        settings->close();
    }
};

QTEST_MAIN(TestDashboardRemote)
#include "tst_dashboardremote.moc"
