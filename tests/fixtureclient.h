// The client side of the fixture server's own suites: requests through QNetworkAccessManager
// and raw sockets, the documented content formula, and a suite base with a fresh server and
// manager for every test.
#pragma once

#include "fixtureserver.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <memory>

namespace FixtureClient {

inline constexpr int kTimeoutMs = 5000;

inline QNetworkRequest httpRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept-Encoding", "identity");
    return request;
}

inline bool waitFinished(QNetworkReply *reply, int timeoutMs = kTimeoutMs)
{
    if (reply->isFinished())
        return true;
    QSignalSpy spy(reply, &QNetworkReply::finished);
    return spy.wait(timeoutMs);
}

inline int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// The documented formula, written independently of the server's implementation.
inline QByteArray expectedBytes(qint64 offset, qint64 length, quint32 seed)
{
    QByteArray bytes(length, Qt::Uninitialized);
    for (qint64 k = 0; k < length; ++k) {
        const quint64 i = quint64(offset + k);
        bytes[k] = static_cast<char>((i * 131 + (i >> 9) + quint64(seed) * 7) & 0xFF);
    }
    return bytes;
}

struct RawResponse {
    int status = 0;
    QList<QByteArray> headerLines;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : headerLines) {
            if (line.toLower().startsWith(name.toLower() + ':'))
                return line.mid(name.size() + 1).trimmed();
        }
        return {};
    }
};

// Reads one response off socket; its body is Content-Length bytes, or bodyLimit bytes if given.
inline bool readResponse(QTcpSocket &socket, QByteArray &buffer, RawResponse &out,
                         bool head = false, qint64 bodyLimit = -1)
{
    QElapsedTimer clock;
    clock.start();
    auto readMore = [&] {
        const int left = kTimeoutMs - int(clock.elapsed());
        if (left <= 0 || !socket.waitForReadyRead(left))
            return false;
        buffer += socket.readAll();
        return true;
    };
    qsizetype headEnd = -1;
    while ((headEnd = buffer.indexOf("\r\n\r\n")) < 0) {
        if (!readMore())
            return false;
    }
    QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    for (QByteArray &line : lines)
        line = line.trimmed();
    out = RawResponse();
    out.status = lines.takeFirst().split(' ').value(1).toInt();
    out.headerLines = lines;
    buffer.remove(0, headEnd + 4);
    const qint64 length = head             ? 0
                          : bodyLimit >= 0 ? bodyLimit
                                           : out.header("Content-Length").toLongLong();
    while (buffer.size() < length) {
        if (!readMore())
            return false;
    }
    out.body = buffer.left(length);
    buffer.remove(0, length);
    return true;
}

// Appends everything socket receives to buffer until the peer closes it.
inline bool readUntilClosed(QTcpSocket &socket, QByteArray &buffer)
{
    QElapsedTimer clock;
    clock.start();
    while (socket.state() == QAbstractSocket::ConnectedState) {
        const int left = kTimeoutMs - int(clock.elapsed());
        if (left <= 0)
            return false;
        socket.waitForReadyRead(left); // also returns when the peer closes
        buffer += socket.readAll();
    }
    buffer += socket.readAll();
    return true;
}

} // namespace FixtureClient

// Qt Test runs these slots for the derived suite: a new server and manager for each test.
class FixtureClientSuite : public QObject {
    Q_OBJECT
protected:
    std::unique_ptr<FixtureServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;

    // headers: "Name: value" lines.
    QNetworkReply *get(const QString &pathAndQuery, const QList<QByteArray> &headers = {})
    {
        QNetworkRequest request = FixtureClient::httpRequest(m_server->url(pathAndQuery));
        for (const QByteArray &header : headers) {
            const qsizetype colon = header.indexOf(':');
            request.setRawHeader(header.left(colon), header.mid(colon + 1).trimmed());
        }
        return m_nam->get(request);
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FixtureServer>();
        QVERIFY(m_server->isListening());
        QVERIFY(m_server->port() != 0);
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_nam->setProxy(QNetworkProxy::NoProxy);
    }
    void cleanup()
    {
        m_nam.reset();
        m_server.reset();
    }
};
