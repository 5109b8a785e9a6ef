// What a browser handed over with a download goes with every request of it, as the browser
// would have sent it: cookies (only to the download's own origin: never a mirror elsewhere, nor
// a site Change URL points at), the referrer (only the origin to another one, nothing from https
// to http) and the user agent; pieces and retries alike; forgotten once the download completes.
#include "fixturesuite.h"
#include "services/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

constexpr qint64 MiB = 1024 * 1024;

class TestBrowserContext : public FixtureSuite {
    Q_OBJECT
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
        std::vector<Task> one;
        one.push_back(t);
        const TaskId id = engine.addDownloads(std::move(one)).constFirst();
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
        std::vector<Task> again;
        again.push_back(t);
        const TaskId second = engine.addDownloads(std::move(again)).constFirst();
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
        std::vector<Task> one;
        one.push_back(t);
        const TaskId id = engine.addDownloads(std::move(one)).constFirst();
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
