// The browsers' native messaging protocol as Fetchdeck's host reads it: framing (split reads,
// several messages at once, an oversized length refused before reading), and every request
// checked (JSON object, http/https only, field types and sizes, no header injection).
#include "app/nativemessaging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>

using namespace NativeMessaging;

class TestNativeMessaging : public QObject {
    Q_OBJECT
private:
    static QByteArray raw(const QByteArray &body)
    {
        const quint32 length = quint32(body.size());
        QByteArray out(4, '\0');
        std::memcpy(out.data(), &length, 4);
        return out + body;
    }

private Q_SLOTS:
    void framesArriveInPiecesAndTogether()
    {
        const QByteArray a = frame({{QStringLiteral("type"), QStringLiteral("download")}});
        const QByteArray b = raw("{\"type\":\"ping\"}");
        QByteArray buffer;
        // Byte by byte: nothing until a message is whole.
        QList<QByteArray> got;
        for (const char c : a + b) {
            buffer.append(c);
            const Decoded d = takeMessages(buffer);
            QVERIFY(d.error.isEmpty());
            got += d.messages;
        }
        QCOMPARE(got.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(got[0]).object().value(QLatin1String("type")).toString(),
                 QStringLiteral("download"));
        QCOMPARE(got[1], QByteArray("{\"type\":\"ping\"}"));
        QVERIFY(buffer.isEmpty());
        // Both at once.
        buffer = a + b;
        QCOMPARE(takeMessages(buffer).messages.size(), 2);
    }

    void anOversizedMessageIsRefusedBeforeItIsRead()
    {
        QByteArray buffer(4, '\0');
        const quint32 huge = 0xFFFFFFF0u;
        std::memcpy(buffer.data(), &huge, 4);
        const Decoded d = takeMessages(buffer);
        QVERIFY(d.messages.isEmpty());
        QVERIFY2(d.error.contains(QLatin1String("at most")), qPrintable(d.error));
    }

    void aGoodRequest()
    {
        QString why;
        const auto r =
            parseRequest("{\"type\":\"download\",\"url\":\"https://files.example.org/"
                         "a.iso\",\"filename\":\"a.iso\","
                         "\"referrer\":\"https://example.org/page\",\"userAgent\":\"Mozilla/"
                         "5.0\",\"cookies\":\"s=1; t=2\"}",
                         &why);
        QVERIFY2(r, qPrintable(why));
        QCOMPARE(r->url, QUrl(QStringLiteral("https://files.example.org/a.iso")));
        QCOMPARE(r->fileName, QStringLiteral("a.iso"));
        QCOMPARE(r->referrer, QUrl(QStringLiteral("https://example.org/page")));
        QCOMPARE(r->cookies, QStringLiteral("s=1; t=2"));
    }

    // Browsers leave | ^ { } ` unescaped (the URL Standard's href): they are percent-encoded,
    // not refused. Before, such a download was refused as "not a valid URL: " with nothing after.
    void addressesAsBrowsersSendThemAreTaken()
    {
        QString why;
        const auto r = parseRequest(
            "{\"type\":\"download\",\"url\":\"http://h/x|y.bin?q=a|b&c={1}^`\",\"referrer\":"
            "\"https://example.org/search?q=a|b\"}",
            &why);
        QVERIFY2(r, qPrintable(why));
        QCOMPARE(r->url.toEncoded(), QByteArray("http://h/x%7Cy.bin?q=a%7Cb&c=%7B1%7D%5E%60"));
        QCOMPARE(r->referrer.toEncoded(), QByteArray("https://example.org/search?q=a%7Cb"));
    }

    // A referrer that is no http(s) address costs the download its referrer, not the download.
    void aReferrerThatIsNoWebAddressIsDropped_data()
    {
        QTest::addColumn<QString>("referrer");
        QTest::newRow("data") << QStringLiteral("data:,x");
        QTest::newRow("about") << QStringLiteral("about:blank");
        QTest::newRow("file") << QStringLiteral("file:///home/me/page.html");
        QTest::newRow("invalid") << QStringLiteral("http://a b/");
        QTest::newRow("control character") // as JSON escapes it
            << QStringLiteral("https://example.org/a\\u0001b");
    }
    void aReferrerThatIsNoWebAddressIsDropped()
    {
        QFETCH(QString, referrer);
        QString why;
        const auto r = parseRequest(
            QStringLiteral("{\"type\":\"download\",\"url\":\"https://h/x\",\"referrer\":\"%1\"}")
                .arg(referrer)
                .toUtf8(),
            &why);
        QVERIFY2(r, qPrintable(why));
        QCOMPARE(r->url, QUrl(QStringLiteral("https://h/x")));
        QVERIFY(r->referrer.isEmpty());
    }

    // A refused address is shown as it came: cut short, control characters replaced.
    void aRefusedAddressIsShown_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("invalid host")
            << QStringLiteral("http://a b/x") << QStringLiteral("not a valid URL: http://a b/x");
        QTest::newRow("control character")
            << QStringLiteral("http://h/a") + QChar(1) + QStringLiteral("b\nc")
            << QStringLiteral("not a valid URL: http://h/a") + QChar(QChar::ReplacementCharacter) +
                   QChar(u'b') + QChar(QChar::ReplacementCharacter) + QChar(u'c');
        QTest::newRow("long") << QStringLiteral("http://h:99999/") + QString(5000, u'a')
                              << QStringLiteral("not a valid URL: http://h:99999/") +
                                     QString(200 - 15, u'a') + QChar(0x2026);
        QTest::newRow("password") << QStringLiteral("http://me:secret@a b/")
                                  << QStringLiteral("not a valid URL: http://me@a b/");
        // A password with '/', '?' or '#' ends the authority early: it was shown whole.
        QTest::newRow("password with /")
            << QStringLiteral("http://alice:pa/ss1@127.0.0.1/small")
            << QStringLiteral("not a valid URL: http://alice@127.0.0.1/small");
        QTest::newRow("password with ? and #") << QStringLiteral("http://u:p?a#ss@h/x")
                                               << QStringLiteral("not a valid URL: http://u@h/x");
    }
    void aRefusedAddressIsShown()
    {
        QFETCH(QString, url);
        QString why;
        QJsonObject o{{QStringLiteral("type"), QStringLiteral("download")},
                      {QStringLiteral("url"), url}};
        QVERIFY(!parseRequest(QJsonDocument(o).toJson(QJsonDocument::Compact), &why));
        QTEST(why, "expected");
    }

    // What the host takes, the dashboard takes again: it reads the request as the host passes
    // it on (encoded), and an address that grew past 8192 characters there ('|' as "%7C") was
    // dropped, so the whole batch read as refused though the rest were added. Such an address
    // is refused here, with its reason; such a referrer is dropped, as any unusable one.
    void whatTheHostTakesTheDashboardTakesToo()
    {
        const QString bars(3000, QLatin1Char('|'));
        QString why;
        QJsonObject o{{QStringLiteral("type"), QStringLiteral("download")},
                      {QStringLiteral("url"), QStringLiteral("https://h/") + bars}};
        QVERIFY(!parseRequest(QJsonDocument(o).toJson(QJsonDocument::Compact), &why));
        QVERIFY2(why.contains(QLatin1String("longer")), qPrintable(why));
        o.insert(QStringLiteral("url"), QStringLiteral("https://h/a.bin"));
        o.insert(QStringLiteral("referrer"), QStringLiteral("https://h/") + bars);
        const std::optional<Request> taken =
            parseRequest(QJsonDocument(o).toJson(QJsonDocument::Compact), &why);
        QVERIFY(taken);
        QVERIFY(taken->referrer.isEmpty());
        QVERIFY(parseRequest(toMessage(*taken), &why));
    }

    void badRequestsAreRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("garbage") << QByteArray("\x01\x02not json");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("no type") << QByteArray("{\"url\":\"https://h/x\"}");
        QTest::newRow("file url") << QByteArray(
            "{\"type\":\"download\",\"url\":\"file:///etc/passwd\"}");
        QTest::newRow("javascript")
            << QByteArray("{\"type\":\"download\",\"url\":\"javascript:alert(1)\"}");
        QTest::newRow("ftp") << QByteArray("{\"type\":\"download\",\"url\":\"ftp://h/x\"}");
        QTest::newRow("no url") << QByteArray("{\"type\":\"download\"}");
        QTest::newRow("url not a string") << QByteArray("{\"type\":\"download\",\"url\":42}");
        QTest::newRow("cookie injection") << QByteArray(
            "{\"type\":\"download\",\"url\":\"https://h/x\",\"cookies\":\"a=1\\r\\nX-Evil: 1\"}");
        QTest::newRow("user agent injection") << QByteArray(
            "{\"type\":\"download\",\"url\":\"https://h/x\",\"userAgent\":\"a\\nb\"}");
        // A NUL cut the header short where curl sent it ("a=1" of "a=1\0; b=2").
        QTest::newRow("cookie with a NUL") << QByteArray(
            "{\"type\":\"download\",\"url\":\"https://h/x\",\"cookies\":\"a=1\\u0000; b=2\"}");
        QTest::newRow("user agent with a control character") << QByteArray(
            "{\"type\":\"download\",\"url\":\"https://h/x\",\"userAgent\":\"UA\\u001bx\"}");
        QTest::newRow("huge filename")
            << (QByteArray("{\"type\":\"download\",\"url\":\"https://h/x\",\"filename\":\"") +
                QByteArray(5000, 'a') + QByteArray("\"}"));
    }
    void badRequestsAreRefusedWithAReason()
    {
        QFETCH(QByteArray, message);
        QString why;
        QVERIFY(!parseRequest(message, &why));
        QVERIFY(!why.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNativeMessaging)
#include "tst_nativemessaging.moc"
