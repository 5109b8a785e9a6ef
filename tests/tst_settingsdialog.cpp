// The Settings dialog, typed into as a user would: changes apply to the running engine and the
// settings file at once; text that is not a proxy URL says why and changes nothing.
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/remote/remoteengines.h"
#include "services/remote/remoteenginesetup.h"
#include "services/settings.h"
#include "services/storage/secretstore.h"
#include "ui/adddialog.h"
#include "ui/settingsdialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsDialog : public QObject {
    Q_OBJECT
private:
    // A dialog over an engine of its own, its settings in a file of its own.
    struct Opened {
        QTemporaryDir config;
        TaskRegistry tasks;
        DownloadEngine engine{&tasks};
        Settings settings{file()};
        SettingsDialog dialog{&engine, &settings};
        QString file() const { return config.filePath(QStringLiteral("settings.ini")); }
    };
    // Types `text` into `field` (empty: clears it) and presses Enter, which applies it and closes
    // the dialog (Close is its default button); the dialog is shown again first.
    static void type(SettingsDialog &dialog, QLineEdit *field, const QString &text)
    {
        dialog.show();
        field->setFocus();
        field->selectAll();
        if (text.isEmpty())
            QTest::keyClick(field, Qt::Key_Backspace);
        else
            QTest::keyClicks(field, text);
        QTest::keyClick(field, Qt::Key_Return);
    }

private Q_SLOTS:
    // "~/Downloads" typed as the folder made a folder named "~" in the current folder (from a
    // desktop launcher: home/~/Downloads) and downloads went there; a relative folder went
    // under wherever Fetchdeck was started. "~" is the home folder, and a relative folder is
    // taken from there, in the Settings and in the Add dialog alike.
    void aTypedFolderIsTakenFromTheHomeFolder()
    {
        Opened o;
        auto *folder = o.dialog.findChild<QLineEdit *>(QStringLiteral("settingsDirectory"));
        QVERIFY(folder);
        type(o.dialog, folder, QStringLiteral("~/Downloads-typed"));
        QCOMPARE(o.engine.defaultDirectory(),
                 QDir::home().filePath(QStringLiteral("Downloads-typed")));
        type(o.dialog, folder, QStringLiteral("some/where"));
        QCOMPARE(o.engine.defaultDirectory(), QDir::home().filePath(QStringLiteral("some/where")));
        type(o.dialog, folder, QStringLiteral("~"));
        QCOMPARE(o.engine.defaultDirectory(), QDir::homePath());

        // As a shell reads them: "~//x" is still in the home folder, "~root" is root's.
        QCOMPARE(Settings::typedFolder(QStringLiteral("~//deep")),
                 QDir::home().filePath(QStringLiteral("deep")));
        QCOMPARE(Settings::typedFolder(QStringLiteral("~root/x")), QStringLiteral("/root/x"));
        QCOMPARE(Settings::typedFolder(QStringLiteral("/srv/dl/")), QStringLiteral("/srv/dl"));

        AddDialog add({}, QStringLiteral("/tmp"));
        auto *destination = add.findChild<QLineEdit *>(QStringLiteral("addDestination"));
        QVERIFY(destination);
        destination->setText(QStringLiteral(" ~/In Add "));
        QCOMPARE(add.directory(), QDir::home().filePath(QStringLiteral("In Add")));
    }

    // A folder whose name ends (or starts) with a space, picked with Browse or set before, is
    // that folder: trimming it sent the downloads to another one, made if needed. Only typed
    // text is trimmed.
    void aFolderNamedWithSpacesIsKeptAsItIs()
    {
        QTemporaryDir dir;
        const QString spaced = dir.filePath(QStringLiteral("Music "));
        QVERIFY(QDir().mkpath(spaced));
        AddDialog add({}, spaced);
        QCOMPARE(add.directory(), spaced);

        Opened o;
        o.engine.setDefaultDirectory(spaced);
        SettingsDialog dialog(&o.engine, &o.settings); // opened on that folder
        auto *folder = dialog.findChild<QLineEdit *>(QStringLiteral("settingsDirectory"));
        QVERIFY(folder);
        dialog.show();
        folder->setFocus();
        QTest::keyClick(folder, Qt::Key_Return); // applies the field as it stands
        QCOMPARE(o.engine.defaultDirectory(), spaced);
        QCOMPARE(folder->text(), spaced);
    }

    // A label with a mnemonic ('&Download folder:') needs a buddy, or the '&' is shown as is.
    void everyMnemonicLabelHasABuddy()
    {
        Opened o;
        for (const QLabel *label : o.dialog.findChildren<QLabel *>()) {
            if (label->text().contains(QLatin1Char('&')))
                QVERIFY2(label->buddy(), qPrintable(label->text()));
        }
    }

    // The names of the widgets Tab visits in `dialog`, `count` of them from the focused one.
    static QStringList tabOrder(SettingsDialog &dialog, qsizetype count)
    {
        QStringList order;
        for (qsizetype i = 0; i < count; ++i) {
            QWidget *focus = dialog.focusWidget();
            if (!focus)
                break;
            const auto *box = qobject_cast<QDialogButtonBox *>(focus->parentWidget());
            const bool close = box && box->standardButton(qobject_cast<QAbstractButton *>(focus)) ==
                                          QDialogButtonBox::Close;
            order.append(close                            ? QStringLiteral("(Close)")
                         : qobject_cast<QTabBar *>(focus) ? QStringLiteral("(tabs)")
                                                          : focus->objectName());
            QTest::keyClick(focus, Qt::Key_Tab);
        }
        return order;
    }

    // Tab went from "Connections per host" to "Speed limit" past "Host by host", from the
    // threads back up to the proxy, and to Browse… last. It follows the form, top to bottom,
    // also on the first tab of the dialog with remote engines (the tab bar comes before it).
    void tabFollowsTheForm()
    {
        Opened o;
        o.dialog.show();
        o.dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&o.dialog));
        auto *folder = o.dialog.findChild<QLineEdit *>(QStringLiteral("settingsDirectory"));
        QVERIFY(folder);
        QCOMPARE(o.dialog.focusWidget(), folder); // the first field has the focus at first
        QStringList wanted{
            QStringLiteral("settingsDirectory"),      QStringLiteral("settingsBrowse"),
            QStringLiteral("settingsMaxConcurrent"),  QStringLiteral("settingsConnections"),
            QStringLiteral("settingsMaxPerHost"),     QStringLiteral("settingsHostCaps"),
            QStringLiteral("settingsLimitRate"),      QStringLiteral("settingsRetries"),
            QStringLiteral("settingsStallTimeout"),   QStringLiteral("settingsProxy"),
            QStringLiteral("settingsCaCertificates"), QStringLiteral("settingsJobThreads"),
            QStringLiteral("settingsCloseToTray"),    QStringLiteral("(Close)")};
        if (!o.dialog.findChild<QWidget *>(QStringLiteral("settingsCloseToTray"))->isEnabled())
            wanted.removeOne(QStringLiteral("settingsCloseToTray")); // no tray: Tab skips it
        QCOMPARE(tabOrder(o.dialog, wanted.size()), wanted);
        QCOMPARE(o.dialog.focusWidget(), folder); // and round again

        TaskRegistry remoteTasks;
        RemoteEngines engines(&remoteTasks);
        SecretStore secrets(o.config.path(), false);
        RemoteEngineSetup setup(&engines, &o.settings, &secrets);
        SettingsDialog tabbed(&o.engine, &o.settings, &setup);
        tabbed.show();
        tabbed.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&tabbed));
        wanted.append(QStringLiteral("(tabs)")); // from the Close button round to the tab bar
        wanted.append(QStringLiteral("settingsDirectory"));
        QCOMPARE(tabOrder(tabbed, wanted.size()), wanted);
    }

    // Connections per file: 8 until changed; a change reaches the engine and the settings file.
    void connectionsPerFileApplyAtOnceAndAreRemembered()
    {
        Opened o;
        o.dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&o.dialog));
        auto *box = o.dialog.findChild<QSpinBox *>(QStringLiteral("settingsConnections"));
        QVERIFY(box);
        QCOMPARE(box->value(), 8);
        box->setFocus();
        box->selectAll();
        QTest::keyClicks(box, QStringLiteral("3"));
        QCOMPARE(o.engine.connections(), 3);
        QCOMPARE(Settings(o.file()).connections(), 3);
        box->selectAll();
        QTest::keyClicks(box, QStringLiteral("99")); // beyond the range: the box keeps it in
        QVERIFY(o.engine.connections() <= DownloadEngine::MaxConnections);
    }

    void speedLimitAndPerHostCapApplyAtOnce()
    {
        Opened o;
        o.dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&o.dialog));
        auto *rate = o.dialog.findChild<QSpinBox *>(QStringLiteral("settingsLimitRate"));
        auto *perHost = o.dialog.findChild<QSpinBox *>(QStringLiteral("settingsMaxPerHost"));
        QVERIFY(rate && perHost);
        QCOMPARE(rate->text(), QStringLiteral("No limit"));
        rate->setFocus();
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("512"));
        QCOMPARE(o.engine.limitRate(), 512 * 1024);
        QCOMPARE(Settings(o.file()).limitRate(), 512 * 1024);
        o.engine.setLimitRate(2048 * 1024); // the status bar's menu: the field follows
        QCOMPARE(rate->value(), 2048);
        // Less than a KiB/s (--limit-rate 512) read "No limit".
        o.engine.setLimitRate(512);
        QCOMPARE(rate->value(), 1);
        perHost->setFocus();
        perHost->selectAll();
        QTest::keyClicks(perHost, QStringLiteral("4"));
        QCOMPARE(o.engine.maxPerHost(), 4);
        QCOMPARE(Settings(o.file()).maxPerHost(), 4);
    }

    // What the command line has (--retries, --stall-timeout) is in Settings too.
    void attemptsAndStallTimeoutApplyAtOnceAndAreRemembered()
    {
        Opened o;
        o.dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&o.dialog));
        auto *retries = o.dialog.findChild<QSpinBox *>(QStringLiteral("settingsRetries"));
        auto *stall = o.dialog.findChild<QSpinBox *>(QStringLiteral("settingsStallTimeout"));
        QVERIFY(retries && stall);
        QCOMPARE(retries->value(), 5);
        QCOMPARE(stall->value(), 30);
        retries->setFocus();
        retries->selectAll();
        QTest::keyClicks(retries, QStringLiteral("9"));
        QCOMPARE(o.engine.retryPolicy().maxAttempts, 9);
        QCOMPARE(Settings(o.file()).retries(), 9);
        stall->setFocus();
        stall->selectAll();
        QTest::keyClicks(stall, QStringLiteral("120"));
        QCOMPARE(o.engine.stallTimeout(), 120);
        QCOMPARE(Settings(o.file()).stallTimeout(), 120);
    }

    // Connections per host, host by host: applied at once, remembered; a typo says why.
    void hostByHostCapsApplyAndRefuseGarbage()
    {
        Opened o;
        o.dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&o.dialog));
        auto *field = o.dialog.findChild<QLineEdit *>(QStringLiteral("settingsHostCaps"));
        auto *problem = o.dialog.findChild<QLabel *>(QStringLiteral("settingsHostCapsProblem"));
        QVERIFY(field && problem);
        type(o.dialog, field, QStringLiteral("files.example.org=2 cdn.example.com=0"));
        QCOMPARE(o.engine.hostCaps().value(QStringLiteral("files.example.org")), 2);
        QCOMPARE(Settings(o.file()).hostCaps(),
                 QStringLiteral("cdn.example.com=0, files.example.org=2"));
        QVERIFY(problem->isHidden());
        type(o.dialog, field, QStringLiteral("files.example.org"));
        QVERIFY(!problem->isHidden());
        QVERIFY(problem->text().contains(QStringLiteral("host=N")));
        QCOMPARE(o.engine.hostCaps().value(QStringLiteral("files.example.org")), 2); // unchanged
    }

    void caCertificatesFieldChecksTheFile()
    {
        Opened o;
        o.dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&o.dialog));
        auto *field = o.dialog.findChild<QLineEdit *>(QStringLiteral("settingsCaCertificates"));
        auto *problem = o.dialog.findChild<QLabel *>(QStringLiteral("settingsCaProblem"));
        QVERIFY(field && problem);
        const auto enter = [&](const QString &text) { type(o.dialog, field, text); };
        const QString missing = o.config.filePath(QStringLiteral("missing.pem"));
        enter(missing);
        QVERIFY(!problem->isHidden());
        QVERIFY2(problem->text().startsWith(QStringLiteral("cannot read")),
                 qPrintable(problem->text()));
        QCOMPARE(o.engine.caCertificates(), QString());

        // The system bundle is a PEM file of certificates: accepted.
        const QString bundle = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
        if (!QFile::exists(bundle))
            QSKIP("no system certificate bundle");
        enter(bundle);
        QVERIFY(problem->isHidden());
        QCOMPARE(o.engine.caCertificates(), bundle);
        QCOMPARE(Settings(o.file()).caCertificates(), bundle);
    }

    // A proxy's password is not shown (the field read "http://u:s3cret@h:3128" to anyone near
    // the screen): a mask stands for it, and the field applied as shown keeps it.
    void aProxysPasswordIsNotShown()
    {
        Opened o;
        o.engine.setProxy(QStringLiteral("http://u:s3cret@proxy.example:3128"));
        SettingsDialog dialog(&o.engine, &o.settings); // reads the engine's proxy
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("settingsProxy"));
        QVERIFY(field);
        QVERIFY2(!field->text().contains(QLatin1String("s3cret")), qPrintable(field->text()));
        QVERIFY(field->text().startsWith(QLatin1String("http://u:")));
        QVERIFY(field->text().endsWith(QLatin1String("@proxy.example:3128")));
        type(dialog, field, field->text()); // as shown
        QCOMPARE(o.engine.proxy(), QStringLiteral("http://u:s3cret@proxy.example:3128"));
        type(dialog, field, QStringLiteral("http://u:n3w@proxy.example:3128"));
        QCOMPARE(o.engine.proxy(), QStringLiteral("http://u:n3w@proxy.example:3128"));
        QVERIFY(!field->text().contains(QLatin1String("n3w"))); // masked once applied
    }

    void proxyFieldAppliesAtOnceAndRefusesGarbage()
    {
        Opened o;
        TaskModel model(&o.tasks);
        o.dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&o.dialog));
        auto *field = o.dialog.findChild<QLineEdit *>(QStringLiteral("settingsProxy"));
        auto *problem = o.dialog.findChild<QLabel *>(QStringLiteral("settingsProxyProblem"));
        QVERIFY(field && problem);
        QVERIFY(field->text().isEmpty()); // the environment's proxy until one is set

        // Typed, then Enter: applied at once (Enter also closes the dialog, as Close is default).
        const auto enter = [&](const QString &text) { type(o.dialog, field, text); };
        enter(QStringLiteral("socks5h://127.0.0.1:1080"));
        QCOMPARE(o.engine.proxy(), QStringLiteral("socks5h://127.0.0.1:1080"));
        QCOMPARE(o.settings.proxy(), QStringLiteral("socks5h://127.0.0.1:1080"));
        QVERIFY(problem->isHidden());

        enter(QStringLiteral("ftp://nope"));
        QVERIFY(!problem->isHidden());
        QVERIFY2(problem->text().contains(QStringLiteral("not a proxy URL")),
                 qPrintable(problem->text()));
        QCOMPARE(o.engine.proxy(), QStringLiteral("socks5h://127.0.0.1:1080")); // unchanged

        enter(QStringLiteral("proxy.example:3128"));
        QCOMPARE(o.engine.proxy(), QStringLiteral("http://proxy.example:3128"));
        QVERIFY(problem->isHidden());

        enter(QString());
        QCOMPARE(o.engine.proxy(), QString()); // back to the environment's
        QCOMPARE(Settings(o.file()).proxy(), QString());
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
