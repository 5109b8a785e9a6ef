// Hands out QNetworkAccessManagers so that N concurrent transfers really are N: Qt 6.4 opens at
// most 6 connections per host per manager (QHttp1Configuration arrives in 6.5), so transfers to
// one host are spread over as many managers as needed.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>
#include <vector>

class QNetworkAccessManager;

class ManagerPool final : public QObject {
    Q_OBJECT
public:
    static constexpr int ConnectionsPerHost = 6;

    explicit ManagerPool(QObject *parent = nullptr);

    // A manager with a free connection slot for the URL's host; release it when done.
    QNetworkAccessManager *acquire(const QUrl &url);
    void release(QNetworkAccessManager *manager, const QUrl &url);
    int managerCount() const { return static_cast<int>(m_entries.size()); }

private:
    static QString hostKey(const QUrl &url);
    struct Entry {
        QNetworkAccessManager *manager;
        QHash<QString, int> perHost;
    };
    std::vector<Entry> m_entries;
};
