// Browser capture end to end, as a user has it: Debian's chromium (headless, driven by
// puppeteer-core from tests/browser/capture.mjs) with the unpacked Fetchdeck extension, the host
// registered by `fetchdeck --install-browser-host`, and a running dashboard (offscreen). A
// click on a link behind a cookie check makes the task appear in the dashboard and complete with
// the right bytes, and the browser's own download is canceled; with the host gone, the browser
// downloads by itself and the popup says why. Also: the extension's ids and manifests agree with
// the host's, for both browser families. Registering the host: tst_browserhost.
#include "app/nativemessaging.h"
#include "browsersupport.h"
#include "fixtureserver.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <csignal>

namespace {
// The first file named `name` under `root`, or "".
QString findFile(const QString &root, const QString &name)
{
    QDirIterator it(root, {name}, QDir::Files | QDir::System | QDir::Hidden,
                    QDirIterator::Subdirectories);
    return it.hasNext() ? it.next() : QString();
}
} // namespace

class TestBrowserCapture : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    QString extensionDir(const char *family) const
    {
        return QStringLiteral(FETCHDECK_BUILD_DIR "/browser/") + QLatin1String(family);
    }
    int runFetchdeck(const QStringList &args) { return runFetchdeckIn(m_env, args); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = userEnvironment(m_home.path());
    }

    // The id Chromium gives the unpacked extension comes from the public key in its manifest;
    // the host manifests allow exactly that id, and Firefox's add-on id.
    void theManifestsAgreeWithTheHost()
    {
        const QJsonObject chromium = readJson(extensionDir("chromium") + "/manifest.json");
        const QJsonObject firefox = readJson(extensionDir("firefox") + "/manifest.json");
        QCOMPARE(chromium.value("manifest_version").toInt(), 3);
        QCOMPARE(firefox.value("manifest_version").toInt(), 3);
        const QByteArray key = QByteArray::fromBase64(chromium.value("key").toString().toLatin1());
        QByteArray id = QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(32);
        for (char &c : id)
            c = char('a' + (c <= '9' ? c - '0' : c - 'a' + 10));
        QCOMPARE(id, QByteArray(FETCHDECK_CHROMIUM_ID));
        QVERIFY(chromium.value("background").toObject().contains("service_worker"));
        QVERIFY(!chromium.contains("browser_specific_settings"));
        // Firefox: its add-on id, background scripts, no Chromium key.
        QCOMPARE(firefox.value("browser_specific_settings")
                     .toObject()
                     .value("gecko")
                     .toObject()
                     .value("id")
                     .toString(),
                 QStringLiteral(FETCHDECK_FIREFOX_ID));
        QVERIFY(!firefox.contains("key"));
        QVERIFY(!firefox.value("background").toObject().contains("service_worker"));
        QCOMPARE(firefox.value("version").toString(), QStringLiteral(FETCHDECK_VERSION));
        // Every file either manifest names is in its folder.
        for (const char *family : {"chromium", "firefox"}) {
            const QJsonObject m = readJson(extensionDir(family) + "/manifest.json");
            QStringList files{m.value("action").toObject().value("default_popup").toString(),
                              m.value("action").toObject().value("default_icon").toString()};
            const QJsonObject background = m.value("background").toObject();
            if (background.contains("service_worker"))
                files << background.value("service_worker").toString();
            for (const QJsonValue &v : background.value("scripts").toArray())
                files << v.toString();
            for (const QJsonValue &c : m.value("content_scripts").toArray())
                for (const QJsonValue &v : c.toObject().value("js").toArray())
                    files << v.toString();
            for (const QJsonValue &v : m.value("icons").toObject())
                files << v.toString();
            for (const QString &f : files)
                QVERIFY2(!f.isEmpty() && QFile::exists(extensionDir(family) + '/' + f),
                         qPrintable(QLatin1String(family) + ": " + f));
            for (const char *permission : {"downloads", "nativeMessaging", "cookies"})
                QVERIFY(m.value("permissions").toArray().contains(QLatin1String(permission)));
        }
        QVERIFY(
            QFile::exists(QStringLiteral(FETCHDECK_BUILD_DIR "/browser/fetchdeck-firefox.xpi")));
        // The extension waits for the host's answer longer than the host may take, and less
        // than Chromium waits for a download's name (about 15 s) before it goes on with it.
        QFile script(extensionDir("chromium") + "/background.js");
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QRegularExpressionMatch wait =
            QRegularExpression(QStringLiteral("const HOST_TIMEOUT_MS = (\\d+);"))
                .match(QString::fromUtf8(script.readAll()));
        QVERIFY(wait.hasMatch());
        QVERIFY(wait.captured(1).toInt() > NativeMessaging::HostBudgetMs + 1000);
        QVERIFY(wait.captured(1).toInt() < 15000);
        QVERIFY(
            QFile::exists(QStringLiteral(FETCHDECK_BUILD_DIR "/browser/fetchdeck-chromium.zip")));
    }

    void aClickedLinkLandsInTheRunningDashboard()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        const QString scripts = QStringLiteral(FETCHDECK_SOURCE_DIR "/tests/browser");
        if (node.isEmpty() || chromium.isEmpty() ||
            !QFileInfo::exists(scripts + "/node_modules/puppeteer-core"))
            QSKIP("needs node, Debian's chromium and `npm ci` in tests/browser (./dev test "
                  "installs them)");
        const QString home = m_home.path();
        QCOMPARE(runFetchdeck({QStringLiteral("--install-browser-host")}), 0);

        // A site that sets a cookie on its page and serves the file only with it.
        FixtureServer server;
        QVERIFY(server.isListening());
        const QString cookie = QStringLiteral("sid=c00kie-7f3a");
        const auto page = [&](const QString &file, const QString &name, bool form = false) {
            QUrlQuery fileQuery;
            fileQuery.addQueryItem(QStringLiteral("needcookie"), cookie);
            if (form)
                fileQuery.addQueryItem(QStringLiteral("post"), QStringLiteral("1"));
            fileQuery.addQueryItem(QStringLiteral("cd"),
                                   QStringLiteral("attachment; filename=\"%1\"").arg(name));
            QUrl link = server.url(file);
            link.setQuery(fileQuery);
            QUrlQuery pageQuery;
            pageQuery.addQueryItem(QStringLiteral("link"),
                                   QString::fromUtf8(link.toEncoded(QUrl::FullyEncoded))
                                       .replace(QLatin1Char('%'), QStringLiteral("%25"))
                                       .replace(QLatin1Char('&'), QStringLiteral("%26")));
            pageQuery.addQueryItem(QStringLiteral("setcookie"),
                                   QString(cookie).replace(QLatin1Char('='), "%3D"));
            if (form)
                pageQuery.addQueryItem(QStringLiteral("form"), QStringLiteral("1"));
            QUrl url = server.url(QStringLiteral("/page"));
            url.setQuery(pageQuery);
            return url;
        };

        // The file's site as another site ("localhost" for the same server): its cookie, set
        // by its own page, and a page of 127.0.0.1 whose iframe ends in a download of that site
        // that refuses any Cookie. The browser's own request sends none there (a frame of another
        // site); Fetchdeck sent the cookie (SameSite unset reads as Lax).
        const auto onLocalhost = [](QUrl url) {
            url.setHost(QStringLiteral("localhost"));
            return url;
        };
        QUrl cookiePage = server.url(QStringLiteral("/page"));
        cookiePage.setQuery(QStringLiteral("setcookie=fsid%3Dframe-c00kie"));
        QUrl framed = onLocalhost(server.url(QStringLiteral("/file/20k/fr.bin")));
        framed.setQuery(QStringLiteral("nocookie=1&cd=attachment%3B%20filename%3DFramed.bin"));
        const auto encoded = [](const QUrl &url) {
            return QString::fromLatin1(
                QUrl::toPercentEncoding(QString::fromUtf8(url.toEncoded(QUrl::FullyEncoded))));
        };
        // The frame asks its own page's site first, which redirects (the rule held for the
        // frame's first address only).
        QUrl hop = server.url(QStringLiteral("/redirect"));
        hop.setQuery(QStringLiteral("to=") + encoded(framed));
        QUrl framePage = server.url(QStringLiteral("/page"));
        framePage.setQuery(QStringLiteral("frame=1&link=") + encoded(hop));

        // The dashboard, running before the click (the host starts one otherwise).
        QProcess dashboard;
        dashboard.setProcessEnvironment(m_env);
        dashboard.start(QStringLiteral(FETCHDECK_BINARY), {});
        QVERIFY(dashboard.waitForStarted());
        auto stop = qScopeGuard([&dashboard] {
            if (dashboard.state() != QProcess::NotRunning) {
                dashboard.kill();
                dashboard.waitForFinished();
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(!findFile(home, QStringLiteral("fetchdeck-*.sock")).isEmpty(),
                                 30000);

        const QString browserDownloads = home + QStringLiteral("/browser-downloads");
        QVERIFY(QDir().mkpath(browserDownloads));
        const QString hostManifest =
            home + "/.config/chromium/NativeMessagingHosts/" FETCHDECK_HOST_NAME ".json";
        QProcess driver;
        driver.setProcessEnvironment(m_env);
        driver.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        driver.start(
            node, {scripts + QStringLiteral("/capture.mjs"),
                   QStringLiteral("--chromium"),
                   chromium,
                   QStringLiteral("--extension"),
                   extensionDir("chromium"),
                   QStringLiteral("--profile"),
                   home + QStringLiteral("/.config/chromium"),
                   QStringLiteral("--downloads"),
                   browserDownloads,
                   QStringLiteral("--page"),
                   page(QStringLiteral("/file/300k/q.bin"), QStringLiteral("Quarterly Report.bin"))
                       .toString(QUrl::FullyEncoded),
                   QStringLiteral("--post-page"),
                   page(QStringLiteral("/file/50k/f.bin"), QStringLiteral("Form.bin"), true)
                       .toString(QUrl::FullyEncoded),
                   QStringLiteral("--frame-cookie-page"),
                   onLocalhost(cookiePage).toString(),
                   QStringLiteral("--frame-page"),
                   framePage.toString(QUrl::FullyEncoded),
                   QStringLiteral("--host-manifest"),
                   hostManifest,
                   QStringLiteral("--no-host-page"),
                   page(QStringLiteral("/file/100k/b.bin"), QStringLiteral("By Browser.bin"))
                       .toString(QUrl::FullyEncoded)});
        QVERIFY(driver.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(driver.state() == QProcess::NotRunning, 120000);
        const QByteArray said = driver.readAllStandardOutput();
        const QJsonObject result =
            QJsonDocument::fromJson(said.trimmed().split('\n').constLast()).object();
        QVERIFY2(driver.exitCode() == 0, said.constData());
        QCOMPARE(result.value("extensionId").toString(), QStringLiteral(FETCHDECK_CHROMIUM_ID));
        QCOMPARE(result.value("browserDownload").toString(), QStringLiteral("canceled"));

        // Fetchdeck has it, in its download folder, whole; the browser kept no copy of it.
        const QString saved = home + QStringLiteral("/Downloads/Quarterly Report.bin");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(saved).size() == 300 * 1024 &&
                                     !QFile::exists(saved + QStringLiteral(".part")),
                                 30000);
        QCOMPARE(sha256OfFile(saved), FixtureServer::contentSha256(300 * 1024));
        QVERIFY(!QFile::exists(browserDownloads + QStringLiteral("/Quarterly Report.bin")));
        // Fetchdeck's own request carried the browser's user agent and the page as referrer.
        const QList<QByteArray> sent =
            server.lastRequestHeaders(QStringLiteral("/file/300k/q.bin"));
        QVERIFY2(std::any_of(sent.cbegin(), sent.cend(),
                             [](const QByteArray &h) {
                                 return h.startsWith("User-Agent: Mozilla/") &&
                                        h.contains("Chrome");
                             }),
                 sent.join('\n').constData());
        QVERIFY(std::any_of(sent.cbegin(), sent.cend(), [](const QByteArray &h) {
            return h.startsWith("Referer: http://127.0.0.1:") && h.contains("/page?");
        }));

        // A form's download (a POST) stays with the browser: Fetchdeck, asking with a GET,
        // got "405 Method Not Allowed" (or, from another server, something else than the form's
        // answer).
        QCOMPARE(result.value("posted").toString(), QStringLiteral("completed"));
        QCOMPARE(sha256OfFile(browserDownloads + QStringLiteral("/Form.bin")),
                 FixtureServer::contentSha256(50 * 1024));

        // The frame's download is Fetchdeck's, fetched without the cookie (with it: 400).
        QCOMPARE(result.value("framed").toString(), QStringLiteral("canceled"));
        const QString framedFile = home + QStringLiteral("/Downloads/Framed.bin");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(framedFile).size() == 20 * 1024 &&
                                     !QFile::exists(framedFile + QStringLiteral(".part")),
                                 30000);

        // Without the host, the browser downloads by itself, and the popup says why.
        QCOMPARE(result.value("withoutHost").toString(), QStringLiteral("completed"));
        QVERIFY2(result.value("status").toString().contains(QLatin1String("could not be reached")),
                 qPrintable(result.value("status").toString()));
        QCOMPARE(sha256OfFile(browserDownloads + QStringLiteral("/By Browser.bin")),
                 FixtureServer::contentSha256(100 * 1024));

        // The dashboard stored it as completed, with the cookie nowhere in its files.
        ::kill(dashboard.processId(), SIGTERM);
        QVERIFY(dashboard.waitForFinished(30000));
        const QString database = findFile(home, QStringLiteral("tasks.sqlite"));
        QVERIFY(!database.isEmpty());
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "check");
            db.setDatabaseName(database);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(
                q.exec(QStringLiteral("SELECT state, file_name FROM tasks ORDER BY file_name")));
            for (const char *name : {"Framed.bin", "Quarterly Report.bin"}) {
                QVERIFY(q.next());
                QCOMPARE(q.value(0).toInt(), int(TaskState::Completed));
                QCOMPARE(q.value(1).toString(), QLatin1String(name));
            }
            QVERIFY(!q.next()); // the downloads the browser kept are not Fetchdeck's
        }
        QSqlDatabase::removeDatabase("check");
        QDirIterator it(QFileInfo(database).path(), QDir::Files);
        while (it.hasNext()) {
            const QString file = it.next();
            if (file.endsWith(QLatin1String("secrets.json")))
                continue; // 0600, where no keyring runs
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            // The URL names the cookie (needcookie=sid%3D...); the header value itself is nowhere.
            QVERIFY2(!f.readAll().contains("sid=c00kie-7f3a"), qPrintable(file));
        }
    }
};

QTEST_GUILESS_MAIN(TestBrowserCapture)
#include "tst_browsercapture.moc"
