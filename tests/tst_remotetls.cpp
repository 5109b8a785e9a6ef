// A remote engine on an https or wss daemon whose certificate comes from the user's own CA
// (--ca-certificate, Settings' CA certificates): its RPC calls trust that CA too; and its
// WebSocket goes through the proxy. The fixture over TLS, with a CA made at run time, stands in
// for the daemon's port.
#include "fixtureproxy.h"
#include "fixtureserver.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/http/cabundle.h"
#include "services/remote/remoteengine.h"
#include "services/remote/remoteengines.h"
#include "testcertificates.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>
#include <optional>

class TestRemoteTls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The RPC calls ignored the CA: "certificate ... not trusted" for a daemon the downloads
    // would trust.
    void aDaemonSignedByTheUsersCaIsReached_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::newRow("https") << QStringLiteral("https");
        QTest::newRow("wss") << QStringLiteral("wss");
    }
    void aDaemonSignedByTheUsersCaIsReached()
    {
        QFETCH(QString, scheme);
        TestCertificates certs;
        QTemporaryDir dir;
        const QString caFile = dir.filePath(QStringLiteral("ca.pem"));
        writeFile(caFile, certs.caPem);
        CaBundle ca;
        QCOMPARE(ca.setExtra(caFile), QString());
        FixtureServer server(certs.valid.chainPem, certs.valid.keyPem);
        QVERIFY(server.isListening());
        QUrl url = server.url(QStringLiteral("/jsonrpc"));
        url.setScheme(scheme);
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), url, {}});
        engine.setConnection(ca.file(), {});
        std::optional<RpcResult> result;
        engine.check().then([&result](const RpcResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        // Through TLS to the fixture, which is no aria2: the certificate was trusted.
        QVERIFY2(result->error.kind == RpcError::Kind::NotAria2, qPrintable(result->error.message));
    }

    // The dashboard's remote engines take the CA certificates and proxy the downloads use, as
    // Settings changes them (they were only ever given the command line's).
    void remoteEnginesFollowTheDownloadsCaCertificates()
    {
        TestCertificates certs;
        QTemporaryDir dir;
        const QString caFile = dir.filePath(QStringLiteral("ca.pem"));
        writeFile(caFile, certs.caPem);
        FixtureServer server(certs.valid.chainPem, certs.valid.keyPem);
        QVERIFY(server.isListening());
        QUrl url = server.url(QStringLiteral("/jsonrpc"));
        url.setScheme(QStringLiteral("https"));
        TaskRegistry tasks;
        DownloadEngine downloads(&tasks);
        RemoteEngines remotes(&tasks);
        remotes.followConnectionOf(&downloads);
        remotes.setEngines({{QStringLiteral("nas"), QStringLiteral("NAS"), url, {}}});
        const auto check = [&remotes] {
            std::optional<RpcResult> result;
            remotes.engine(QStringLiteral("nas"))->check().then([&result](const RpcResult &r) {
                result = r;
            });
            (void)QTest::qWaitFor([&result] { return result.has_value(); }, 15000);
            return result.value_or(RpcResult{});
        };
        QVERIFY(check().error.kind != RpcError::Kind::NotAria2);  // the CA is not trusted yet
        QCOMPARE(downloads.setCaCertificates(caFile), QString()); // as Settings does
        const RpcResult trusted = check();
        QVERIFY2(trusted.error.kind == RpcError::Kind::NotAria2, qPrintable(trusted.error.message));
    }

    // --proxy and Settings' proxy reached http(s) daemons only: a ws:// one was connected to
    // directly. Its WebSocket goes through the proxy as well (an HTTP proxy's CONNECT).
    void aWebSocketDaemonIsReachedThroughTheProxy()
    {
        QWebSocketServer server(QStringLiteral("fake"), QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        connect(&server, &QWebSocketServer::newConnection, this, [&server, this] {
            QWebSocket *ws = server.nextPendingConnection();
            ws->setParent(this);
            connect(ws, &QWebSocket::textMessageReceived, this, [ws](const QString &m) {
                const QJsonObject r = QJsonDocument::fromJson(m.toUtf8()).object();
                const QJsonObject answer{
                    {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                    {QStringLiteral("id"), r.value(QLatin1String("id"))},
                    {QStringLiteral("result"),
                     QJsonObject{{QStringLiteral("version"), QStringLiteral("1.36.0")}}}};
                ws->sendTextMessage(
                    QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact)));
            });
        });
        FixtureProxy proxy;
        QVERIFY(proxy.isListening());
        TaskRegistry tasks;
        RemoteEngine engine(
            &tasks, {QStringLiteral("nas"),
                     QStringLiteral("NAS"),
                     QUrl(QStringLiteral("ws://127.0.0.1:%1/jsonrpc").arg(server.serverPort())),
                     {}});
        engine.setConnection({}, proxy.url());
        std::optional<RpcResult> result;
        engine.check().then([&result](const RpcResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QVERIFY2(!result->error.isError(), qPrintable(result->error.message));
        QVERIFY(!proxy.requestLines().isEmpty());
        QVERIFY2(proxy.requestLines().constFirst().startsWith("CONNECT 127.0.0.1:"),
                 proxy.requestLines().constFirst().constData());
    }

    // An https:// proxy in front of a ws:// daemon: QNetworkProxy speaks no TLS to a proxy, and
    // sent it the CONNECT and the proxy's login in the clear. Nothing goes to it, and the error
    // says why.
    void anHttpsProxyNeverCarriesAWebSocketInTheClear()
    {
        FixtureProxy proxy;
        QVERIFY(proxy.isListening());
        QUrl https = proxy.url();
        https.setScheme(QStringLiteral("https"));
        https.setUserInfo(QStringLiteral("pu:pr0xy-pw"));
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"),
                                     QStringLiteral("NAS"),
                                     QUrl(QStringLiteral("ws://127.0.0.1:9/jsonrpc")),
                                     {}});
        engine.setConnection({}, https.toString());
        std::optional<RpcResult> result;
        engine.check().then([&result](const RpcResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QVERIFY2(result->error.message.contains(QLatin1String("https:// proxy")),
                 qPrintable(result->error.message));
        QVERIFY(proxy.requestLines().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRemoteTls)
#include "tst_remotetls.moc"
