// A remote engine on an https or wss daemon whose certificate comes from the user's own CA
// (--ca-certificate, Settings' CA certificates): its RPC calls trust that CA too. The fixture
// over TLS, with a CA made at run time, stands in for the daemon's port.
#include "fixtureserver.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/http/cabundle.h"
#include "services/remote/remoteengine.h"
#include "services/remote/remoteengines.h"
#include "testcertificates.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>
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
};

QTEST_GUILESS_MAIN(TestRemoteTls)
#include "tst_remotetls.moc"
