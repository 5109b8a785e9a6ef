// Headless mode output and exit status.
#include "headlessrunner.h"

#include "models/format.h"
#include "models/taskmodel.h"
#include "services/downloadengine.h"

#include <cstdio>

static void printLine(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

HeadlessRunner::HeadlessRunner(DownloadEngine *engine, bool interactive, QObject *parent)
    : QObject(parent), m_engine(engine), m_interactive(interactive)
{
    connect(engine, &DownloadEngine::taskFinished, this, &HeadlessRunner::onTaskFinished);
    connect(engine, &DownloadEngine::idle, this, &HeadlessRunner::onIdle);
    connect(engine, &DownloadEngine::stopped, this, [this] { finish(1); });
    m_progressTimer.setInterval(250);
    connect(&m_progressTimer, &QTimer::timeout, this, &HeadlessRunner::printProgress);
}

void HeadlessRunner::start(const QList<QUrl> &urls, const QString &directory,
                           const QStringList &badLines)
{
    m_clock.start();
    for (const QString &line : badLines)
        printLine(stderr, line);
    m_failed += static_cast<int>(badLines.size());
    m_engine->addUrls(urls, directory);
    // Tasks restored from the state folder count as well: they run to their end too.
    const TaskModel *model = m_engine->model();
    m_total = static_cast<int>(badLines.size()) + model->countIn(TaskState::Queued) +
              model->countIn(TaskState::Running);
    QTimer::singleShot(0, this, &HeadlessRunner::onIdle);
    if (m_interactive)
        m_progressTimer.start();
}

void HeadlessRunner::interrupt()
{
    if (m_done)
        return;
    clearProgress();
    printLine(stderr, tr("interrupted: stopping %1 running task(s); partial files are kept")
                          .arg(m_engine->runningCount()));
    m_engine->stopAll();
}

void HeadlessRunner::onTaskFinished(TaskId id, TaskState state)
{
    const Task *t = m_engine->model()->task(id);
    if (!t)
        return;
    clearProgress();
    switch (state) {
    case TaskState::Completed:
        ++m_completed;
        m_bytes += t->bytesDone;
        if (!m_interactive)
            printLine(stdout, tr("done      %1  %2  %3")
                                  .arg(t->filePath(), Format::bytes(t->bytesDone),
                                       t->url.toDisplayString()));
        break;
    case TaskState::Failed:
        ++m_failed;
        printLine(stderr, tr("failed    %1: %2").arg(t->url.toDisplayString(), t->error.message));
        break;
    case TaskState::Canceled:
        ++m_canceled;
        printLine(stderr, tr("canceled  %1").arg(t->url.toDisplayString()));
        break;
    default:
        break;
    }
}

void HeadlessRunner::onIdle()
{
    if (m_engine->hasWork())
        return;
    finish(m_completed == m_total ? 0 : 1);
}

void HeadlessRunner::printProgress()
{
    const TaskModel *model = m_engine->model();
    const QString line = tr("[%1/%2] %3 running, %4 failed, %5")
                             .arg(m_completed + m_failed + m_canceled)
                             .arg(m_total)
                             .arg(model->countIn(TaskState::Running))
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
    const double secs = qMax<qint64>(1, m_clock.elapsed()) / 1000.0;
    const int unfinished = m_total - m_completed - m_failed - m_canceled;
    QString summary =
        tr("%1 completed, %2 failed, %3 canceled").arg(m_completed).arg(m_failed).arg(m_canceled);
    if (unfinished > 0)
        summary += tr(", %1 unfinished").arg(unfinished);
    summary += tr(" in %1 s (%2)").arg(secs, 0, 'f', 1).arg(Format::speed(m_bytes / secs));
    printLine(stdout, summary);
    Q_EMIT finished(exitCode);
}
