// libcurl's multi interface driven by one epoll set, a QSocketNotifier on it and a QTimer.
#include "curlmulti.h"

#include "curltransfer.h"

#include <QAbstractEventDispatcher>
#include <QSocketNotifier>
#include <cerrno>
#include <curl/curl.h>
#include <mutex>
#include <sys/epoll.h>
#include <unistd.h>

namespace {
constexpr int IdleConnections = 256; // -j's limit: every slot may keep its connection
} // namespace

CurlMulti::CurlMulti(QObject *parent) : QObject(parent)
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlMulti::socketCallback);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlMulti::timerCallback);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    // One connection per transfer: HTTP/2 multiplexing would put bulk downloads on one TCP
    // stream and its flow-control windows.
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, long(CURLPIPE_NOTHING));
    // Idle connections kept for reuse. curl's default (four per attached transfer) shrinks to
    // almost nothing between one task's end and the next one's start, closing connections the
    // next task wanted: a new TCP (and TLS) handshake per small file.
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, long(IdleConnections));
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll >= 0) {
        m_ready = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
        m_ready->setObjectName(QStringLiteral("CurlMulti sockets")); // named in slow-event traces
        connect(m_ready, &QSocketNotifier::activated, this, &CurlMulti::socketsReady);
    }
    m_timer.setObjectName(QStringLiteral("CurlMulti timeout")); // named in slow-event traces
    m_deliver.setObjectName(QStringLiteral("CurlMulti deliver"));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CurlMulti::timeout);
    m_deliver.setSingleShot(true);
    m_deliver.setInterval(0);
    connect(&m_deliver, &QTimer::timeout, this, &CurlMulti::deliver);
    m_admit.setObjectName(QStringLiteral("CurlMulti admit"));
    m_admit.setSingleShot(true);
    m_admit.setInterval(0);
    connect(&m_admit, &QTimer::timeout, this, &CurlMulti::admit);
    // Each pass of the event loop begins with a new allowance (no timer per pass).
    if (QAbstractEventDispatcher *loop = QAbstractEventDispatcher::instance(thread()))
        connect(loop, &QAbstractEventDispatcher::awake, this, &CurlMulti::admit);
}

CurlMulti::~CurlMulti()
{
    const QList<CurlTransfer *> left = m_transfers;
    for (CurlTransfer *t : left) {
        detach(t);
        t->m_finished = true;
        t->m_aborted = true;
        t->wake(); // a waiting owner learns of it from the event loop
    }
    curl_multi_cleanup(m_multi);
    for (CURL *e : std::as_const(m_spareEasy))
        curl_easy_cleanup(e);
    if (m_epoll >= 0) {
        m_ready->setEnabled(false);
        ::close(m_epoll);
    }
}

bool CurlMulti::attach(CurlTransfer *transfer)
{
    if (m_epoll < 0)
        return false; // no epoll set (out of descriptors): nothing would ever be read
    if (m_waiting.isEmpty() && m_admitted < AdmitPerTurn) {
        if (!hand(transfer))
            return false;
    } else {
        m_waiting.append(transfer);
        if (!m_admit.isActive())
            m_admit.start(); // wakes the event loop: its next pass admits more
    }
    transfer->m_attached = true;
    m_transfers.append(transfer);
    return true;
}

bool CurlMulti::hand(CurlTransfer *transfer)
{
    if (curl_multi_add_handle(m_multi, transfer->m_easy) != CURLM_OK)
        return false;
    ++m_admitted;
    return true;
}

void CurlMulti::admit()
{
    m_admitted = 0;
    while (!m_waiting.isEmpty() && m_admitted < AdmitPerTurn) {
        CurlTransfer *transfer = m_waiting.takeFirst();
        if (!hand(transfer)) {
            transfer->m_attached = false;
            m_transfers.removeOne(transfer);
            transfer->finish(CURLE_FAILED_INIT); // its owner hears of it after this pass
        }
    }
    if (!m_waiting.isEmpty() && !m_admit.isActive())
        m_admit.start();
}

void CurlMulti::detach(CurlTransfer *transfer)
{
    if (!transfer->m_attached)
        return;
    transfer->m_attached = false;
    m_transfers.removeOne(transfer);
    if (!m_waiting.removeOne(transfer))
        curl_multi_remove_handle(m_multi, transfer->m_easy);
}

void CurlMulti::notifyLater(CurlTransfer *transfer)
{
    if (transfer->m_notifyPending)
        return;
    transfer->m_notifyPending = true;
    m_pending.append(transfer);
    if (m_depth == 0)
        m_deliver.start(); // no socket action will deliver it: the event loop does
}

int CurlMulti::socketCallback(CURL *, int fd, int what, void *self, void *socketData)
{
    static_cast<CurlMulti *>(self)->watchSocket(fd, what, socketData);
    return 0;
}

int CurlMulti::timerCallback(CURLM *, long timeoutMs, void *self)
{
    auto *multi = static_cast<CurlMulti *>(self);
    if (timeoutMs < 0)
        multi->m_timer.stop();
    else
        multi->m_timer.start(int(qMin<long>(timeoutMs, 24L * 3600 * 1000)));
    return 0;
}

void CurlMulti::watchSocket(int fd, int what, void *)
{
    if (what == CURL_POLL_REMOVE) {
        // Mostly before curl closes the socket. One closed first (a losing happy-eyeballs
        // attempt) has already left the set with its last descriptor: curl's connections are
        // opened close-on-exec (CurlTransfer), so no child process keeps one.
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        return;
    }
    epoll_event ev{};
    ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    // A number curl told us of before is modified, a new one added (curl may reuse a number
    // whose socket it closed).
    if (::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT)
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
}

void CurlMulti::socketsReady()
{
    epoll_event events[SocketsPerPass];
    const int n = ::epoll_wait(m_epoll, events, SocketsPerPass, 0);
    int running = 0;
    ++m_depth;
    for (int i = 0; i < n; ++i) {
        const uint32_t e = events[i].events;
        // An error or hang-up reads as readable and writable, as notifiers reported it: curl's
        // read or write then finds the reason ("Connection reset by peer"), where
        // CURL_CSELECT_ERR alone would say only that poll returned an error.
        const bool failed = e & (EPOLLERR | EPOLLHUP);
        const int bits = ((failed || (e & EPOLLIN)) ? CURL_CSELECT_IN : 0) |
                         ((failed || (e & EPOLLOUT)) ? CURL_CSELECT_OUT : 0);
        curl_multi_socket_action(m_multi, curl_socket_t(events[i].data.fd), bits, &running);
    }
    --m_depth;
    afterAction();
}

void CurlMulti::timeout()
{
    int running = 0;
    ++m_depth;
    curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
    --m_depth;
    afterAction();
}

void CurlMulti::afterAction()
{
    int left = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        char *priv = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
        const CURLcode result = msg->data.result;
        if (auto *t = reinterpret_cast<CurlTransfer *>(priv))
            t->finish(int(result)); // detaches: msg is not used after this
    }
    deliver();
}

void CurlMulti::deliver()
{
    m_deliver.stop();
    // Receivers may take data (curl may then write more and queue news) or abort: loop until
    // nothing is pending.
    while (!m_pending.isEmpty()) {
        const QList<QPointer<CurlTransfer>> batch = std::exchange(m_pending, {});
        for (const QPointer<CurlTransfer> &t : batch) {
            if (!t)
                continue;
            t->m_notifyPending = false;
            Q_EMIT t->progressed();
            if (t)
                t->wake();
        }
    }
}

CURL *CurlMulti::takeEasy()
{
    return m_spareEasy.isEmpty() ? curl_easy_init() : m_spareEasy.takeLast();
}

void CurlMulti::giveBackEasy(CURL *easy)
{
    if (m_spareEasy.size() >= SpareEasyMax) {
        curl_easy_cleanup(easy);
        return;
    }
    curl_easy_reset(easy);
    m_spareEasy.append(easy);
}
