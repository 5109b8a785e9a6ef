// Validates a pasted list of URLs, one per line, in time-boxed slices on the event loop so that
// tens of thousands of lines never freeze the window. Restarting drops the previous run.
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class UrlListValidator final : public QObject {
    Q_OBJECT
public:
    struct Problem {
        int line;        // 0-based
        bool duplicate;  // false: not a valid URL
        QString message; // "not a valid URL: ...", "already in the list"
    };
    static constexpr int SliceMs = 8; // work per event-loop turn

    explicit UrlListValidator(QObject *parent = nullptr);

    void setExistingKeys(const QSet<QUrl> &keys) { m_existing = keys; }
    void start(const QString &text);
    void finishNow(); // validates what is left synchronously
    bool isRunning() const { return m_timer.isActive(); }

    const QList<QUrl> &urls() const { return m_urls; } // valid, new, in order, no repeats
    const QList<Problem> &problems() const { return m_problems; }
    int invalidCount() const { return m_invalid; }
    int duplicateCount() const { return m_duplicates; }
    int linesDone() const { return m_next; }
    int lineCount() const { return static_cast<int>(m_lines.size()); }

Q_SIGNALS:
    void progressed(int linesDone, int lineCount);
    void finished();

private:
    void runSlice();
    void validateLine(int line);

    QTimer m_timer;
    QSet<QUrl> m_existing;
    QSet<QUrl> m_seen;
    QStringList m_lines;
    int m_next = 0;
    QList<QUrl> m_urls;
    QList<Problem> m_problems;
    int m_invalid = 0;
    int m_duplicates = 0;
};
