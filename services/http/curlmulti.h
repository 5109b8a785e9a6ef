// libcurl's multi interface on the Qt event loop: curl says which sockets to watch and when to
// call back (CURLMOPT_SOCKETFUNCTION, CURLMOPT_TIMERFUNCTION); we keep its sockets in one epoll
// set, watched by one QSocketNotifier, and its timeout in one single-shot QTimer, and call
// curl_multi_socket_action. No second event loop, no polling. Transfers are told what happened
// only after curl has returned, never from inside its callbacks, so a transfer's owner may abort
// or delete it from any slot.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

typedef void CURLM;
typedef void CURL;

class CurlTransfer;
class QSocketNotifier;

class CurlMulti final : public QObject {
    Q_OBJECT
public:
    explicit CurlMulti(QObject *parent = nullptr);
    ~CurlMulti() override; // transfers still attached are detached (they report an abort)

    int transferCount() const { return int(m_transfers.size()); }

private:
    friend class CurlTransfer;
    // false when curl refuses the handle at once; a transfer admitted later that curl refuses
    // finishes with CURLE_FAILED_INIT
    bool attach(CurlTransfer *transfer);
    void detach(CurlTransfer *transfer);      // never from inside a curl callback
    void notifyLater(CurlTransfer *transfer); // deliver the transfer's news once curl returned
    // curl handles of transfers that went well, reset (curl_easy_reset: no option survives) and
    // used again: creating and freeing one per transfer was 4% of the time of short transfers.
    CURL *takeEasy();
    void giveBackEasy(CURL *easy); // never from inside a curl callback

    static int socketCallback(CURL *easy, int fd, int what, void *self, void *socketData);
    static int timerCallback(CURLM *multi, long timeoutMs, void *self);
    void watchSocket(int fd, int what, void *socketData);
    void socketsReady();
    void timeout();
    void afterAction(); // reads finished transfers, then delivers pending news
    void deliver();
    bool hand(CurlTransfer *transfer); // curl_multi_add_handle
    void admit();

    // curl starts every handle added since its last action in its next one: 400 connections
    // added at once (50 split downloads' first answers) were one 15-50 ms event, mostly the
    // kernel's loopback handshakes on this thread. Handles go to curl at most AdmitPerTurn per
    // event-loop pass; the rest wait in m_waiting, in order.
    static constexpr int AdmitPerTurn = 16;
    CURLM *m_multi = nullptr;
    QTimer m_timer;                    // curl's one timeout
    QTimer m_deliver;                  // zero-interval: news that arrived outside a socket action
    QTimer m_admit;                    // zero-interval: wakes the loop while transfers wait
    QList<CurlTransfer *> m_transfers; // all attached, admitted or waiting
    QList<CurlTransfer *> m_waiting;   // attached, not yet handed to curl
    int m_admitted = 0;                // handed to curl in this pass of the event loop
    // One epoll set instead of a notifier per socket: with 400 connections, each pass of the
    // event loop polled 400 descriptors and sent an event per ready one. fetchdeck-ui-bench
    // (which also runs the fixture server) takes 12% less CPU with it. At most SocketsPerPass ready
    // sockets are served per pass; the set stays readable while more are, so the next pass goes on
    // after the timers and posted events had their turn.
    int m_epoll = -1;
    QSocketNotifier *m_ready = nullptr;
    static constexpr int SocketsPerPass = 64;
    QList<QPointer<CurlTransfer>> m_pending;
    int m_depth = 0;           // > 0 while curl is running our callbacks
    QList<CURL *> m_spareEasy; // at most SpareEasyMax
    static constexpr qsizetype SpareEasyMax = 32;
};
