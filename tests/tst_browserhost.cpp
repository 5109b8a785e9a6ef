// `fetchdeck --install-browser-host` and `--uninstall-browser-host` for the current user: one
// manifest per browser the user has (all three when none yet), naming this binary and our ids
// only; a folder that cannot be made is named; the uninstall takes them away.
#include "browsersupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestBrowserHost : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    int runFetchdeck(const QStringList &args, QByteArray *out = nullptr)
    {
        return runFetchdeckIn(m_env, args, out);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = userEnvironment(m_home.path());
    }

    void theHostIsRegisteredForTheBrowsersTheUserHas()
    {
        const QString home = m_home.path();
        // --install-browser-host: one manifest per browser, naming this binary and our ids only.
        QByteArray out;
        QCOMPARE(runFetchdeck({QStringLiteral("--install-browser-host")}, &out), 0);
        const QJsonObject forChromium =
            readJson(home + "/.config/chromium/NativeMessagingHosts/" FETCHDECK_HOST_NAME ".json");
        QCOMPARE(forChromium.value("path").toString(),
                 QFileInfo(QStringLiteral(FETCHDECK_BINARY)).canonicalFilePath());
        QCOMPARE(forChromium.value("allowed_origins").toArray(),
                 QJsonArray{QStringLiteral("chrome-extension://" FETCHDECK_CHROMIUM_ID "/")});
        QVERIFY(QFile::exists(
            home + "/.config/google-chrome/NativeMessagingHosts/" FETCHDECK_HOST_NAME ".json"));
        const QJsonObject forFirefox =
            readJson(home + "/.mozilla/native-messaging-hosts/" FETCHDECK_HOST_NAME ".json");
        QCOMPARE(forFirefox.value("allowed_extensions").toArray(),
                 QJsonArray{QStringLiteral(FETCHDECK_FIREFOX_ID)});
        QCOMPARE(forFirefox.value("name").toString(), QStringLiteral(FETCHDECK_HOST_NAME));
        // With anything else on the line: a usage error, not a dashboard (it crashed once).
        QCOMPARE(runFetchdeck({QStringLiteral("--install-browser-host"),
                               QStringLiteral("--state-dir"), home + QStringLiteral("/x")}),
                 2);
        // A folder that cannot be made is named, not "Unknown error".
        QTemporaryDir blocked;
        QFile file(blocked.filePath(QStringLiteral(".mozilla")));
        QVERIFY(file.open(QIODevice::WriteOnly)); // a file where ~/.mozilla would be
        file.close();
        QProcessEnvironment blockedEnv = m_env;
        blockedEnv.insert(QStringLiteral("HOME"), blocked.path());
        blockedEnv.insert(QStringLiteral("XDG_CONFIG_HOME"), blocked.filePath(QStringLiteral("c")));
        QProcess p;
        p.setProcessEnvironment(blockedEnv);
        p.start(QStringLiteral(FETCHDECK_BINARY), {QStringLiteral("--install-browser-host")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
        const QByteArray said = p.readAllStandardError();
        QVERIFY2(said.contains("cannot create the folder " + blocked.path().toLocal8Bit() +
                               "/.mozilla/native-messaging-hosts"),
                 said.constData());
        QVERIFY2(!said.contains("Unknown error"), said.constData());

        // Only the browsers this user has (their profile folders): the others' folders were
        // made too, ~/.mozilla on a machine without Firefox.
        QTemporaryDir chromiumOnly;
        QVERIFY(QDir().mkpath(chromiumOnly.filePath(QStringLiteral("c/chromium"))));
        QProcessEnvironment onlyEnv = m_env;
        onlyEnv.insert(QStringLiteral("HOME"), chromiumOnly.path());
        onlyEnv.insert(QStringLiteral("XDG_CONFIG_HOME"),
                       chromiumOnly.filePath(QStringLiteral("c")));
        QProcess only;
        only.setProcessEnvironment(onlyEnv);
        only.start(QStringLiteral(FETCHDECK_BINARY), {QStringLiteral("--install-browser-host")});
        QVERIFY(only.waitForFinished(30000));
        QCOMPARE(only.exitCode(), 0);
        QVERIFY(QFile::exists(chromiumOnly.filePath(
            QStringLiteral("c/chromium/NativeMessagingHosts/" FETCHDECK_HOST_NAME ".json"))));
        QVERIFY(!QFileInfo::exists(chromiumOnly.filePath(QStringLiteral(".mozilla"))));
        QVERIFY(!QFileInfo::exists(chromiumOnly.filePath(QStringLiteral("c/google-chrome"))));
        QVERIFY2(only.readAllStandardOutput().contains("Firefox"), "the others are named");

        QCOMPARE(runFetchdeck({QStringLiteral("--uninstall-browser-host")}), 0);
        QVERIFY(
            !QFile::exists(home + "/.mozilla/native-messaging-hosts/" FETCHDECK_HOST_NAME ".json"));
        QVERIFY(!QFile::exists(home + "/.config/chromium/NativeMessagingHosts/" FETCHDECK_HOST_NAME
                                      ".json"));
    }
};

QTEST_GUILESS_MAIN(TestBrowserHost)
#include "tst_browserhost.moc"
