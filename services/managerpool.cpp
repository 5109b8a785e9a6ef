// Spreads transfers over managers, at most ConnectionsPerHost per host on each.
#include "managerpool.h"

#include <QNetworkAccessManager>

ManagerPool::ManagerPool(QObject *parent) : QObject(parent) {}

QString ManagerPool::hostKey(const QUrl &url)
{
    return url.scheme() + QLatin1Char('|') + url.host() + QLatin1Char('|') +
           QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

QNetworkAccessManager *ManagerPool::acquire(const QUrl &url)
{
    const QString key = hostKey(url);
    for (Entry &e : m_entries) {
        int &count = e.perHost[key];
        if (count < ConnectionsPerHost) {
            ++count;
            return e.manager;
        }
    }
    auto *manager = new QNetworkAccessManager(this);
    manager->setAutoDeleteReplies(false);
    m_entries.push_back({manager, {{key, 1}}});
    return manager;
}

void ManagerPool::release(QNetworkAccessManager *manager, const QUrl &url)
{
    const QString key = hostKey(url);
    for (Entry &e : m_entries) {
        if (e.manager == manager) {
            auto it = e.perHost.find(key);
            if (it != e.perHost.end() && --it.value() <= 0)
                e.perHost.erase(it);
            return;
        }
    }
}
