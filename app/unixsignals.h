// Turns SIGINT and SIGTERM into a Qt signal on the GUI thread (self-pipe), so shutdown runs as
// ordinary event-loop code instead of inside a signal handler.
#pragma once

#include <QObject>

class QSocketNotifier;

class UnixSignals final : public QObject {
    Q_OBJECT
public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void terminateRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
