// The Settings dialog, typed into as a user would: changes apply to the running engine and the
// settings file at once; text that is not a proxy URL says why and changes nothing.
#include "models/taskmodel.h"
#include "services/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/settings.h"
#include "ui/settingsdialog.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A label with a mnemonic ('&Download folder:') needs a buddy, or the '&' is shown as is.
    void everyMnemonicLabelHasABuddy()
    {
        QTemporaryDir config;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        Settings settings(config.filePath(QStringLiteral("settings.ini")));
        SettingsDialog dialog(&engine, &settings);
        for (const QLabel *label : dialog.findChildren<QLabel *>()) {
            if (label->text().contains(QLatin1Char('&')))
                QVERIFY2(label->buddy(), qPrintable(label->text()));
        }
    }

    // Connections per file: 8 until changed; a change reaches the engine and the settings file.
    void connectionsPerFileApplyAtOnceAndAreRemembered()
    {
        QTemporaryDir config;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        Settings settings(config.filePath(QStringLiteral("settings.ini")));
        SettingsDialog dialog(&engine, &settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *box = dialog.findChild<QSpinBox *>(QStringLiteral("settingsConnections"));
        QVERIFY(box);
        QCOMPARE(box->value(), 8);
        box->setFocus();
        box->selectAll();
        QTest::keyClicks(box, QStringLiteral("3"));
        QCOMPARE(engine.connections(), 3);
        QCOMPARE(Settings(config.filePath(QStringLiteral("settings.ini"))).connections(), 3);
        box->selectAll();
        QTest::keyClicks(box, QStringLiteral("99")); // beyond the range: the box keeps it in
        QVERIFY(engine.connections() <= DownloadEngine::MaxConnections);
    }

    void speedLimitAndPerHostCapApplyAtOnce()
    {
        QTemporaryDir config;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        Settings settings(config.filePath(QStringLiteral("settings.ini")));
        SettingsDialog dialog(&engine, &settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *rate = dialog.findChild<QSpinBox *>(QStringLiteral("settingsLimitRate"));
        auto *perHost = dialog.findChild<QSpinBox *>(QStringLiteral("settingsMaxPerHost"));
        QVERIFY(rate && perHost);
        QCOMPARE(rate->text(), QStringLiteral("No limit"));
        rate->setFocus();
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("512"));
        QCOMPARE(engine.limitRate(), 512 * 1024);
        QCOMPARE(Settings(config.filePath(QStringLiteral("settings.ini"))).limitRate(), 512 * 1024);
        engine.setLimitRate(2048 * 1024); // the status bar's menu: the field follows
        QCOMPARE(rate->value(), 2048);
        perHost->setFocus();
        perHost->selectAll();
        QTest::keyClicks(perHost, QStringLiteral("4"));
        QCOMPARE(engine.maxPerHost(), 4);
        QCOMPARE(Settings(config.filePath(QStringLiteral("settings.ini"))).maxPerHost(), 4);
    }

    void caCertificatesFieldChecksTheFile()
    {
        QTemporaryDir config;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        Settings settings(config.filePath(QStringLiteral("settings.ini")));
        SettingsDialog dialog(&engine, &settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("settingsCaCertificates"));
        auto *problem = dialog.findChild<QLabel *>(QStringLiteral("settingsCaProblem"));
        QVERIFY(field && problem);
        const auto enter = [&](const QString &text) {
            dialog.show();
            field->setFocus();
            field->selectAll();
            QTest::keyClicks(field, text);
            QTest::keyClick(field, Qt::Key_Return);
        };
        const QString missing = config.filePath(QStringLiteral("missing.pem"));
        enter(missing);
        QVERIFY(!problem->isHidden());
        QVERIFY2(problem->text().startsWith(QStringLiteral("cannot read")),
                 qPrintable(problem->text()));
        QCOMPARE(engine.caCertificates(), QString());

        // The system bundle is a PEM file of certificates: accepted.
        const QString bundle = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
        if (!QFile::exists(bundle))
            QSKIP("no system certificate bundle");
        enter(bundle);
        QVERIFY(problem->isHidden());
        QCOMPARE(engine.caCertificates(), bundle);
        QCOMPARE(Settings(config.filePath(QStringLiteral("settings.ini"))).caCertificates(),
                 bundle);
    }

    void proxyFieldAppliesAtOnceAndRefusesGarbage()
    {
        QTemporaryDir config;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        Settings settings(config.filePath(QStringLiteral("settings.ini")));
        SettingsDialog dialog(&engine, &settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("settingsProxy"));
        auto *problem = dialog.findChild<QLabel *>(QStringLiteral("settingsProxyProblem"));
        QVERIFY(field && problem);
        QVERIFY(field->text().isEmpty()); // the environment's proxy until one is set

        // Typed, then Enter: applied at once (Enter also closes the dialog, as Close is default).
        const auto enter = [&](const QString &text) {
            dialog.show();
            field->setFocus();
            field->selectAll();
            if (text.isEmpty())
                QTest::keyClick(field, Qt::Key_Backspace);
            else
                QTest::keyClicks(field, text);
            QTest::keyClick(field, Qt::Key_Return);
        };
        enter(QStringLiteral("socks5h://127.0.0.1:1080"));
        QCOMPARE(engine.proxy(), QStringLiteral("socks5h://127.0.0.1:1080"));
        QCOMPARE(settings.proxy(), QStringLiteral("socks5h://127.0.0.1:1080"));
        QVERIFY(problem->isHidden());

        enter(QStringLiteral("ftp://nope"));
        QVERIFY(!problem->isHidden());
        QVERIFY2(problem->text().contains(QStringLiteral("not a proxy URL")),
                 qPrintable(problem->text()));
        QCOMPARE(engine.proxy(), QStringLiteral("socks5h://127.0.0.1:1080")); // unchanged

        enter(QStringLiteral("proxy.example:3128"));
        QCOMPARE(engine.proxy(), QStringLiteral("http://proxy.example:3128"));
        QVERIFY(problem->isHidden());

        enter(QString());
        QCOMPARE(engine.proxy(), QString()); // back to the environment's
        QCOMPARE(Settings(config.filePath(QStringLiteral("settings.ini"))).proxy(), QString());
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
