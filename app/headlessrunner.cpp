// Headless mode output and exit status.
#include "headlessrunner.h"

#include "models/format.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"

#include <QDir>
#include <cstdio>

QString HeadlessLines::printable(const QString &text)
{
    // Lines quote URLs, names and input files that others wrote: a control character would
    // reach the terminal (ESC sequences retitle or clear it), and a line of megabytes all of it.
    constexpr qsizetype Longest = 8192;
    QString out = text.left(Longest);
    if (text.size() > Longest && out.back().isHighSurrogate())
        out.chop(1); // never half of a character
    for (QChar &c : out) {
        if (c.category() == QChar::Other_Control)
            c = QChar::ReplacementCharacter;
    }
    if (text.size() > Longest)
        out += QStringLiteral("... (%1 more characters)").arg(text.size() - Longest);
    return out;
}

void HeadlessLines::print(FILE *stream, const QString &text)
{
    std::fputs(printable(text).toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

static QString what(const Task &t)
{
    return t.kind == TaskKind::Download ? t.url.toDisplayString() : t.extra().sourcePath;
}

QString HeadlessLines::done(const Task &t)
{
    const QString result = t.kind == TaskKind::Extract ? t.extra().result : t.filePath();
    return HeadlessRunner::tr("done      %1  %2  %3")
        .arg(result, Format::bytes(t.bytesDone), what(t));
}

// A disk's error names the file (its detail): "No space left on device" alone leaves the
// reader to guess which disk.
static QString errorText(const Task &t)
{
    const TaskError &e = t.error;
    if (e.kind == TaskError::Kind::Disk && !e.detail.isEmpty() && !e.message.contains(e.detail))
        return QStringLiteral("%1 (%2)").arg(e.message, e.detail);
    return e.message;
}

QString HeadlessLines::failed(const Task &t)
{
    return HeadlessRunner::tr("failed    %1: %2").arg(what(t), errorText(t));
}

QString HeadlessLines::canceled(const Task &t)
{
    return HeadlessRunner::tr("canceled  %1").arg(what(t));
}

QString HeadlessLines::summary(int completed, int failed, int canceled, int unfinished,
                               qint64 elapsedMs, qint64 bytes)
{
    const double secs = qMax<qint64>(1, elapsedMs) / 1000.0;
    QString text = HeadlessRunner::tr("%1 completed, %2 failed, %3 canceled")
                       .arg(completed)
                       .arg(failed)
                       .arg(canceled);
    if (unfinished > 0)
        text += HeadlessRunner::tr(", %1 unfinished").arg(unfinished);
    if (bytes <= 0)
        return text + HeadlessRunner::tr(" in %1 s").arg(secs, 0, 'f', 1);
    return text + HeadlessRunner::tr(" in %1 s (%2)")
                      .arg(secs, 0, 'f', 1)
                      .arg(Format::speed(bytes / secs));
}

using HeadlessLines::print;

HeadlessRunner::HeadlessRunner(DownloadEngine *engine, bool interactive, QObject *parent)
    : QObject(parent), m_engine(engine), m_interactive(interactive)
{
    connect(engine, &DownloadEngine::taskFinished, this, &HeadlessRunner::onTaskFinished);
    connect(engine, &DownloadEngine::idle, this, &HeadlessRunner::onIdle);
    connect(engine, &DownloadEngine::stopped, this, [this] { finish(1); });
    m_progressTimer.setInterval(250);
    connect(&m_progressTimer, &QTimer::timeout, this, &HeadlessRunner::printProgress);
}

void HeadlessRunner::start(std::vector<Task> downloads, const QStringList &badLines)
{
    m_started = true;
    m_clock.start();
    for (const QString &line : badLines)
        print(stderr, line);
    m_failed += static_cast<int>(badLines.size());
    m_engine->addDownloads(continueUnfinished(std::move(downloads)));
    QTimer::singleShot(0, this, &HeadlessRunner::onIdle);
    if (m_interactive)
        m_progressTimer.start();
}

void HeadlessRunner::finishWhatIsThere()
{
    // Everything unfinished goes on: failed in an earlier run, or paused in the dashboard (they
    // were skipped, and the run said "0 failed", exit 0, with downloads unfinished). A download
    // the user canceled is not started again: it counts as canceled.
    const TaskRegistry *tasks = m_engine->tasks();
    for (TaskId id : tasks->ids()) {
        const Task *t = tasks->task(id);
        if (t->kind != TaskKind::Download || t->isRemote())
            continue;
        const QString url = t->url.toDisplayString(QUrl::RemovePassword);
        if (t->state == TaskState::Failed) {
            print(stderr, QStringLiteral("fetchdeck: ") +
                              tr("retrying %1 (it failed in an earlier run)").arg(url));
            m_engine->retry(id);
        } else if (t->state == TaskState::Paused) {
            print(stderr,
                  QStringLiteral("fetchdeck: ") + tr("continuing %1 from an earlier run").arg(url));
            m_engine->resume(id);
        } else if (t->state == TaskState::Canceled) {
            print(stderr, QStringLiteral("fetchdeck: ") +
                              tr("not starting %1 again: it was canceled (give its URL to "
                                 "continue it)")
                                  .arg(url));
            ++m_canceled;
        }
    }
    start({}, {});
}

// What makes a download the same one: its address, folder, name and options (a corrected
// checksum or other mirrors make another download, not the old one continued).
static QString sameDownloadKey(const Task &t, const QString &defaultDirectory)
{
    const QString directory = t.directory.isEmpty() ? defaultDirectory : t.directory;
    QStringList key{t.url.adjusted(QUrl::RemoveFragment | QUrl::NormalizePathSegments)
                        .toString(QUrl::FullyEncoded),
                    QDir::cleanPath(directory), t.extra().requestedName, t.extra().checksum,
                    t.extra().extract ? QStringLiteral("x") : QString()};
    for (const QUrl &mirror : t.extra().mirrors)
        key << mirror.toString(QUrl::FullyEncoded);
    return key.join(QChar(0));
}

std::vector<Task> HeadlessRunner::continueUnfinished(std::vector<Task> downloads)
{
    const TaskRegistry *tasks = m_engine->tasks();
    const QString defaultDirectory = m_engine->defaultDirectory();
    QMultiHash<QString, TaskId> unfinished; // the same URL twice: two tasks, one for each
    for (TaskId id : tasks->ids()) {
        const Task *t = tasks->task(id);
        if (t->kind == TaskKind::Download && !t->isRemote() && t->state != TaskState::Completed)
            unfinished.insert(sameDownloadKey(*t, defaultDirectory), id);
    }
    if (unfinished.isEmpty())
        return downloads;
    std::vector<Task> fresh;
    fresh.reserve(downloads.size());
    for (Task &t : downloads) {
        const auto it = unfinished.constFind(sameDownloadKey(t, defaultDirectory));
        if (it == unfinished.cend()) {
            fresh.push_back(std::move(t));
            continue;
        }
        const TaskId id = *it;
        unfinished.erase(it);
        print(stderr, QStringLiteral("fetchdeck: ") +
                          tr("continuing %1 from an earlier run")
                              .arg(t.url.toDisplayString(QUrl::RemovePassword)));
        // Queued or running: restored from an interrupted run, it goes on already.
        const TaskState state = tasks->task(id)->state;
        if (state == TaskState::Paused)
            m_engine->resume(id);
        else if (state == TaskState::Failed || state == TaskState::Canceled)
            m_engine->retry(id);
    }
    return fresh;
}

void HeadlessRunner::startHashing(const QStringList &files, HashAlgo algo)
{
    m_started = true;
    m_clock.start();
    m_interactive = false; // stdout carries only the digest lines
    m_hashOrder = m_engine->addHashTasks(files, algo);
    QTimer::singleShot(0, this, &HeadlessRunner::onIdle);
}

void HeadlessRunner::interrupt()
{
    if (m_done)
        return;
    m_interrupted = true;
    clearProgress();
    print(stderr, tr("interrupted: stopping %n running task(s); partial files are kept", nullptr,
                     m_engine->runningCount()));
    m_engine->stopAll();
}

void HeadlessRunner::onTaskFinished(TaskId id, TaskState state)
{
    const Task *t = m_engine->tasks()->task(id);
    if (!t)
        return;
    clearProgress();
    switch (state) {
    case TaskState::Completed:
        ++m_completed;
        if (t->kind == TaskKind::Download)
            m_bytes += t->bytesDone;
        if (!m_interactive && m_hashOrder.isEmpty())
            print(stdout, HeadlessLines::done(*t));
        break;
    case TaskState::Failed:
        ++m_failed;
        if (m_hashOrder.isEmpty())
            print(stderr, HeadlessLines::failed(*t));
        else
            print(stderr, QStringLiteral("fetchdeck: %1: %2").arg(what(*t), errorText(*t)));
        break;
    case TaskState::Canceled:
        ++m_canceled;
        print(stderr, HeadlessLines::canceled(*t));
        break;
    default:
        break;
    }
    if (!m_hashOrder.isEmpty())
        printHashesInOrder();
}

// sha256sum prints in argument order; the pool finishes in any order.
void HeadlessRunner::printHashesInOrder()
{
    while (m_hashPrinted < m_hashOrder.size()) {
        const Task *t = m_engine->tasks()->task(m_hashOrder[m_hashPrinted]);
        if (!t || t->isActive())
            return;
        if (t->state == TaskState::Completed)
            print(stdout, QStringLiteral("%1  %2").arg(t->extra().result, t->extra().sourcePath));
        ++m_hashPrinted;
    }
}

void HeadlessRunner::onIdle()
{
    // Before start() the engine is idle too (restored tasks wait for their passwords): that is
    // no end of a run that has not begun.
    if (!m_started || m_engine->hasWork())
        return;
    finish(m_failed == 0 && m_canceled == 0 && !m_interrupted ? 0 : 1);
}

void HeadlessRunner::printProgress()
{
    const TaskRegistry *model = m_engine->tasks();
    const QString line = tr("[%1 done] %2 running, %3 queued, %4 failed %5")
                             .arg(m_completed)
                             .arg(model->countIn(TaskState::Running))
                             .arg(model->countIn(TaskState::Queued))
                             .arg(m_failed)
                             .arg(Format::speed(model->totalSpeed()));
    std::fprintf(stdout, "\r\033[K%s", line.toLocal8Bit().constData());
    std::fflush(stdout);
    m_progressShown = true;
}

void HeadlessRunner::clearProgress()
{
    if (m_progressShown) {
        std::fputs("\r\033[K", stdout);
        std::fflush(stdout);
        m_progressShown = false;
    }
}

void HeadlessRunner::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_progressTimer.stop();
    clearProgress();
    if (m_hashOrder.isEmpty()) {
        const int unfinished = m_engine->tasks()->countIn(TaskState::Queued) +
                               m_engine->tasks()->countIn(TaskState::Running);
        print(stdout,
              HeadlessLines::summary(m_completed, m_failed, m_canceled,
                                     m_interrupted ? unfinished : 0, m_clock.elapsed(), m_bytes));
    }
    Q_EMIT finished(exitCode);
}
