// What a browser handed over with a download goes with every request of it, as the browser
// would have sent it: cookies (only to the download's own origin: never a mirror elsewhere, nor
// a site Change URL points at), the referrer (only the origin to another one, nothing from https
// to http) and the user agent; pieces and retries alike; forgotten once the download completes.
#include "fixturesuite.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

constexpr qint64 MiB = 1024 * 1024;

class TestBrowserContext : public FixtureSuite {
    Q_OBJECT
private:
    // The fixture's URL that redirects (302) to `target`, an absolute URL or a path.
    QUrl redirectTo(const QString &target) const
    {
        return m_server->url(QStringLiteral("/redirect?to=") +
                             QString::fromLatin1(QUrl::toPercentEncoding(target)));
    }

private Q_SLOTS:
    // A download a browser handed over: its cookies, referrer and user agent go with every
    // piece and every retry, and the cookies never to a mirror of another origin.
    void browserContextGoesWithEveryPieceAndCookiesStayHome()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        fastRetries(engine);
        engine.setMinSplitSize(256 * 1024);
        Task t;
        t.url = m_server->url(
            QStringLiteral("/file/8m/b.bin?rate=2000000&seed=5&failfirst=1&needcookie=sid%3D42"));
        // Another origin (localhost, not 127.0.0.1), which must never see the cookie.
        QUrl mirror = m_server->url(QStringLiteral("/file/8m/elsewhere/b.bin?rate=2000000&seed=5"
                                                   "&nocookie=1"));
        mirror.setHost(QStringLiteral("localhost"));
        t.editExtra().mirrors = {mirror};
        t.editExtra().referrer = QStringLiteral("http://127.0.0.1/page");
        t.editExtra().cookies = QStringLiteral("theme=dark; sid=42");
        t.editExtra().userAgent = QStringLiteral("Mozilla/5.0 (X11; Linux x86_64) Chromium/156");
        t.directory = dir.path();
        const TaskId id = addTask(engine, t);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("b.bin"))),
                 FixtureServer::contentSha256(8 * MiB, 5));
        // Every request to the origin carried the cookie (needcookie answers 403 otherwise);
        // the mirror gave pieces, so it never got one (nocookie answers 400).
        QVERIFY(m_server->requestCount(QStringLiteral("/file/8m/b.bin")) >= 3); // 503, then pieces
        QVERIFY(m_server->requestCount(QStringLiteral("/file/8m/elsewhere/b.bin")) > 0);
        QVERIFY(!logContains(tasks.task(id), QStringLiteral("left out")));
        const QList<QByteArray> sent =
            m_server->lastRequestHeaders(QStringLiteral("/file/8m/elsewhere/b.bin"));
        QVERIFY(sent.contains("Referer: http://127.0.0.1/")); // another origin: the page's only
        // From an https page, an http address gets no referrer at all.
        t.url = m_server->url(QStringLiteral("/file/1000/plain.bin?seed=6"));
        t.editExtra().mirrors.clear();
        t.editExtra().cookies.clear();
        t.editExtra().referrer = QStringLiteral("https://secure.example/page");
        const TaskId second = addTask(engine, t);
        WAIT_FOR_STATE(tasks, second, TaskState::Completed, 30000);
        for (const QByteArray &h :
             m_server->lastRequestHeaders(QStringLiteral("/file/1000/plain.bin")))
            QVERIFY2(!h.startsWith("Referer"), h.constData());
        QVERIFY(sent.contains("User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chromium/156"));
        // The log and the error texts never show the cookies.
        for (const TaskLogEntry &e : tasks.task(id)->log)
            QVERIFY2(!e.text.contains(QLatin1String("sid=42")), qPrintable(e.text));
        // A session's cookies are kept no longer than the download needs them.
        QVERIFY(!tasks.task(id)->hasBrowserContext());
    }

    // A link on the page's own site that redirects to another (a release page's file served by
    // a CDN): the CDN hears only the page's origin, as a browser tells it, and no cookies; a
    // redirect within the site keeps the whole page address.
    void aRedirectToAnotherSiteHearsOnlyThePagesOrigin()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        const QString page = m_server->url(QStringLiteral("/releases/page?id=77")).toString();
        // Large enough to come in pieces: each piece's request to the CDN is checked too.
        engine.setMinSplitSize(256 * 1024);
        QUrl cdn = m_server->url(QStringLiteral("/file/4m/cdn.bin?seed=8&nocookie=1&rate=4000000"));
        cdn.setHost(QStringLiteral("localhost"));
        const auto add = [&](const QUrl &url) {
            Task t;
            t.url = url;
            t.directory = dir.path();
            t.editExtra().referrer = page;
            t.editExtra().cookies = QStringLiteral("sid=42");
            return addTask(engine, t);
        };
        const TaskId away = add(redirectTo(cdn.toString()));
        WAIT_FOR_STATE(tasks, away, TaskState::Completed, 30000);
        QCOMPARE(sha256OfFile(tasks.task(away)->filePath()),
                 FixtureServer::contentSha256(4 * MiB, 8));
        QVERIFY(m_server->requestCount(QStringLiteral("/file/4m/cdn.bin")) > 1); // in pieces
        QVERIFY(m_server->lastRequestHeaders(QStringLiteral("/redirect"))
                    .contains("Referer: " + page.toUtf8()));
        const QList<QByteArray> atCdn =
            m_server->lastRequestHeaders(QStringLiteral("/file/4m/cdn.bin"));
        const QByteArray origin = m_server->url(QStringLiteral("/")).toEncoded();
        QVERIFY2(atCdn.contains("Referer: " + origin), atCdn.join('\n').constData());
        for (const QByteArray &h : atCdn)
            QVERIFY2(!h.startsWith("Cookie"), h.constData());

        const TaskId home = add(redirectTo(QStringLiteral("/file/2000/same.bin?seed=9")));
        WAIT_FOR_STATE(tasks, home, TaskState::Completed, 30000);
        QCOMPARE(sha256OfFile(tasks.task(home)->filePath()), FixtureServer::contentSha256(2000, 9));
        const QList<QByteArray> atHome =
            m_server->lastRequestHeaders(QStringLiteral("/file/2000/same.bin"));
        QVERIFY2(atHome.contains("Referer: " + page.toUtf8()), atHome.join('\n').constData());
        QVERIFY(atHome.contains("Cookie: sid=42"));
    }

    // The redirects followed one at a time for the Referer keep curl's limits and its words.
    void redirectsFollowedForTheRefererFailAsCurlsWould_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("a loop") << "/loop/0"
                                << "too many redirects";
        QTest::newRow("to ftp") << "/redirect?to=ftp%3A%2F%2F127.0.0.1%2Fx.bin"
                                << "redirect to an unsupported protocol (ftp) refused";
    }
    void redirectsFollowedForTheRefererFailAsCurlsWould()
    {
        QFETCH(QString, path);
        QFETCH(QString, message);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        Task t;
        t.url = m_server->url(path);
        t.directory = dir.path();
        t.editExtra().referrer = m_server->url(QStringLiteral("/page")).toString();
        const TaskId id = addTask(engine, t);
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 30000);
        QCOMPARE(tasks.task(id)->error.message, message);
        QVERIFY(m_server->requestCount(QStringLiteral("/loop/10")) <= 1);
        QVERIFY(m_server->requestCount(QStringLiteral("/loop/11")) == 0);
    }

    // ... and reach what curl's own following reaches: a Location written with a space, the
    // cookies again once a detour through another site comes back, and a URL's own password
    // on within its site.
    void redirectsFollowedForTheRefererGoWhereCurlWould()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        const auto run = [&](const QUrl &url, const QString &cookies) {
            Task t;
            t.url = url;
            t.directory = dir.path();
            t.editExtra().referrer = m_server->url(QStringLiteral("/page")).toString();
            t.editExtra().cookies = cookies;
            const TaskId id = addTask(engine, t);
            return QTest::qWaitFor([&] { return !tasks.task(id)->isActive(); }, 30000) &&
                   tasks.task(id)->state == TaskState::Completed;
        };
        // An absolute Location with a space, as servers write them.
        const QString spaced =
            m_server->url(QStringLiteral("/")).toString() + QStringLiteral("file/1000/my file.bin");
        QVERIFY(run(redirectTo(spaced), {}));
        QCOMPARE(m_server->lastRequestTarget(), QByteArray("/file/1000/my%20file.bin"));
        // ... or with a Latin-1 byte: sent percent-encoded as it came, as curl's own following
        // does (not as UTF-8's replacement character).
        QVERIFY(run(m_server->url(QStringLiteral("/redirect?to=") +
                                  QString::fromLatin1(QUrl::toPercentEncoding(
                                      m_server->url(QStringLiteral("/")).toString())) +
                                  QStringLiteral("file%2F1000%2Fcaf%E9.bin")),
                    {}));
        QCOMPARE(m_server->lastRequestTarget().toLower(), QByteArray("/file/1000/caf%e9.bin"));
        // Away to another site and back: the cookies go again at home (needcookie says 403
        // without them).
        const QUrl home = m_server->url(QStringLiteral("/file/1000/back.bin?needcookie=sid%3D42"));
        QUrl detour = redirectTo(home.toString());
        detour.setHost(QStringLiteral("localhost"));
        QVERIFY(run(redirectTo(detour.toString()), QStringLiteral("sid=42")));
        // A URL's own password, on to another address of its site.
        QUrl login = redirectTo(m_server->url(QStringLiteral("/file/1000/pw.bin")).toString());
        login.setUserInfo(QStringLiteral("u:p"));
        QVERIFY(run(login, {}));
        QVERIFY(m_server->lastRequestHeaders(QStringLiteral("/file/1000/pw.bin"))
                    .contains("Authorization: Basic " + QByteArray("u:p").toBase64()));
    }

    // A login from ~/.netrc for the page's site goes with the request there, never on to the
    // site it redirects to.
    void aNetrcLoginStaysWithItsHostAcrossARedirect()
    {
        QTemporaryDir home;
        const ScopedEnv homeEnv("HOME", home.path().toUtf8());
        writeFile(home.filePath(QStringLiteral(".netrc")),
                  "machine 127.0.0.1 login alice password n3trc-pw\n");
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        QUrl cdn = m_server->url(QStringLiteral("/file/1000/away.bin?seed=3"));
        cdn.setHost(QStringLiteral("localhost"));
        Task t;
        t.url = redirectTo(cdn.toString());
        t.directory = dir.path();
        t.editExtra().referrer = m_server->url(QStringLiteral("/page")).toString();
        const TaskId id = addTask(engine, t);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        const QByteArray login = "Authorization: Basic " + QByteArray("alice:n3trc-pw").toBase64();
        QVERIFY(m_server->lastRequestHeaders(QStringLiteral("/redirect")).contains(login));
        for (const QByteArray &h :
             m_server->lastRequestHeaders(QStringLiteral("/file/1000/away.bin")))
            QVERIFY2(!h.startsWith("Authorization"), h.constData());
    }

    // Change URL to another site: the browser's cookies for the old one stay behind (the new
    // server answers 400 to any cookie); the same site keeps them.
    void changeUrlToAnotherSiteLeavesTheCookiesBehind()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        Task t;
        t.url = m_server->url(QStringLiteral("/file/5000/c.bin?status=404"));
        t.editExtra().cookies = QStringLiteral("sid=42");
        t.directory = dir.path();
        const TaskId id = addTask(engine, t);
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 30000);
        QString why;
        QVERIFY2(engine.changeUrl(id, m_server->url(QStringLiteral("/file/5000/c.bin?status=410")),
                                  &why),
                 qPrintable(why));
        QCOMPARE(tasks.task(id)->extra().cookies, QStringLiteral("sid=42")); // the same site
        QUrl other = m_server->url(QStringLiteral("/file/5000/c.bin?nocookie=1"));
        other.setHost(QStringLiteral("localhost"));
        QVERIFY2(engine.changeUrl(id, other, &why), qPrintable(why));
        engine.retry(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("c.bin"))),
                 FixtureServer::contentSha256(5000));
    }
};

QTEST_GUILESS_MAIN(TestBrowserContext)
#include "tst_browsercontext.moc"
