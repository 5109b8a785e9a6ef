// fetchdeck-ui-bench: how responsive the dashboard stays under load. With the window shown and
// 50 slow downloads running from the loopback fixture, it times adding 10,000 URLs, the Add
// dialog's validation of 10,000 and 100,000 pasted lines, sorting by each column and searching,
// and records the largest gap between ticks of a 10 ms timer (a frozen window shows as a gap)
// and, while it idles, the longest a key press would have waited (InputProbe).
#include "benchsupport.h"
#include "fixtureserver.h"
#include "models/taskmodel.h"
#include "services/engine/descriptortable.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/settings.h"
#include "ui/mainwindow.h"
#include "ui/tasktable.h"

#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <cstdio>
#include <ctime>
#include <functional>

namespace {

constexpr int TaskCount = 10'000;
constexpr int Running = 50;
constexpr int TimeoutMs = 120'000;

// Counts paint events of a widget: coalescing shows as a bounded repaint rate.
class PaintCounter final : public QObject {
public:
    explicit PaintCounter(QWidget *widget) { widget->installEventFilter(this); }
    int count = 0;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return false;
    }
};

// Lets the view handle what the operation posted (layout, repaint requests).
void settle()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

double msSince(const QElapsedTimer &clock)
{
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

struct Row {
    QString operation;
    double ms;
};

class Bench {
public:
    Bench(FixtureServer *server, DownloadEngine *engine, MainWindow *window)
        : m_server(server), m_engine(engine), m_window(window)
    {
    }

    bool run();
    void print() const;

private:
    void add(const QString &operation, double ms) { m_rows.append({operation, ms}); }
    bool addTasks();
    bool validate(int lines, int garbageEvery, const QString &label);
    bool sortEachColumn();
    bool search();
    void selectAll();
    void idle(const QString &label, int seconds);

    FixtureServer *m_server;
    DownloadEngine *m_engine;
    MainWindow *m_window;
    GapMeter m_gaps;
    InputProbe m_input;
    QList<Row> m_rows;
};

bool Bench::addTasks()
{
    QList<QUrl> urls;
    urls.reserve(TaskCount);
    // 10 MiB at 16 KB/s: none of them finishes while the benchmark runs.
    for (int i = 0; i < TaskCount; ++i)
        urls.append(m_server->url(QStringLiteral("/file/10m/task%1.bin?rate=16000").arg(i)));

    QTableView *table = m_window->table();
    m_gaps.reset();
    QElapsedTimer clock;
    clock.start();
    m_engine->addUrls(urls);
    add(QStringLiteral("add 10,000 URLs: engine->addUrls() returns"), msSince(clock));
    if (!waitUntil([&] {
            return m_window->model()->rowCount() == TaskCount &&
                   table->model()->rowCount() == TaskCount;
        }))
        return false;
    settle();
    add(QStringLiteral("add 10,000 URLs: model and view have the rows"), msSince(clock));
    // Each download may run over several connections (8 by default): count downloads.
    if (!waitUntil([&] { return m_engine->runningCount() == Running; }))
        return false;
    add(QStringLiteral("add 10,000 URLs: 50 downloads running"), msSince(clock));
    add(QStringLiteral("add 10,000 URLs: largest event-loop gap"), double(m_gaps.maxGapMs()));
    return true;
}

// Pastes `lines` URLs (every `garbageEvery`-th line not a URL, 0: none) into the Add dialog and
// waits for its summary to give the count of valid ones.
bool Bench::validate(int lines, int garbageEvery, const QString &label)
{
    QString text;
    text.reserve(lines * 48);
    int valid = 0;
    for (int i = 0; i < lines; ++i) {
        if (garbageEvery > 0 && i % garbageEvery == garbageEvery - 1) {
            text += QStringLiteral("garbage line %1 ::/ not-a-url\n").arg(i);
        } else {
            text += m_server->url(QStringLiteral("/file/1k/paste%1.bin").arg(i)).toString() +
                    QLatin1Char('\n');
            ++valid;
        }
    }

    m_window->showAddDialog();
    QPointer<QDialog> dialog = m_window->findChild<QDialog *>(QStringLiteral("addDialog"));
    if (!dialog)
        return false;
    auto *edit = dialog->findChild<QPlainTextEdit *>(QStringLiteral("addUrlsText"));
    auto *summary = dialog->findChild<QLabel *>(QStringLiteral("addSummary"));
    if (!edit || !summary)
        return false;
    settle();

    const QString expected = QString::number(valid) + QStringLiteral(" valid");
    m_gaps.reset();
    QElapsedTimer clock;
    clock.start();
    edit->setPlainText(text);
    const double pasted = msSince(clock);
    const qint64 pasteGap = m_gaps.maxGapMs();
    m_gaps.reset();
    if (!waitUntil([&] { return summary->text().startsWith(expected); })) {
        std::fprintf(stderr, "%s: the summary says \"%s\"\n", qPrintable(label),
                     qPrintable(summary->text()));
        return false;
    }
    const double total = msSince(clock);
    const qint64 validationGap = m_gaps.maxGapMs();
    add(label + QStringLiteral(": setPlainText (the paste itself)"), pasted);
    add(label + QStringLiteral(": until the summary shows the count"), total);
    add(label + QStringLiteral(": largest gap during the paste"), double(pasteGap));
    add(label + QStringLiteral(": largest gap during validation"), double(validationGap));

    dialog->reject();
    return waitUntil([&] { return dialog.isNull(); });
}

bool Bench::sortEachColumn()
{
    QTableView *table = m_window->table();
    QHeaderView *header = table->findChild<QHeaderView *>(QStringLiteral("taskTableHeader"));
    if (!header)
        return false;
    const QAbstractItemModel *shown = table->model();
    qint64 worstGap = 0;
    for (int column = 0; column < shown->columnCount(); ++column) {
        if (header->isSectionHidden(column))
            continue; // Where: shown only with a remote engine
        const QString name = shown->headerData(column, Qt::Horizontal).toString();
        // A user's click: the header sorts on release.
        const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
        const QPoint at(x, header->height() / 2);
        m_gaps.reset();
        QElapsedTimer clock;
        clock.start();
        QMouseEvent press(QEvent::MouseButtonPress, at, header->viewport()->mapToGlobal(at),
                          Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
        QMouseEvent release(QEvent::MouseButtonRelease, at, header->viewport()->mapToGlobal(at),
                            Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(header->viewport(), &press);
        QCoreApplication::sendEvent(header->viewport(), &release);
        settle();
        if (header->sortIndicatorSection() != column)
            return false;
        add(QStringLiteral("sort 10,000 rows by %1 (header click)").arg(name), msSince(clock));
        worstGap = std::max(worstGap, m_gaps.maxGapMs());
    }
    add(QStringLiteral("sorting: largest event-loop gap"), double(worstGap));
    return true;
}

bool Bench::search()
{
    QLineEdit *box = m_window->findChild<QLineEdit *>(QStringLiteral("searchBox"));
    if (!box)
        return false;
    const QAbstractItemModel *shown = m_window->table()->model();
    m_gaps.reset();
    QElapsedTimer clock;
    clock.start();
    // Typed a key at a time: each one filters the 10,000 rows again.
    for (const QChar c : QStringLiteral("task123")) {
        box->insert(QString(c));
        settle();
    }
    if (shown->rowCount() != 11) // task123 and task1230..task1239
        return false;
    add(QStringLiteral("search: type \"task123\" (7 keys, 11 rows left)"), msSince(clock));
    clock.restart();
    box->clear();
    settle();
    if (shown->rowCount() != TaskCount)
        return false;
    add(QStringLiteral("search: clear (10,000 rows back)"), msSince(clock));
    add(QStringLiteral("search: largest event-loop gap"), double(m_gaps.maxGapMs()));
    return true;
}

// The actions' enabled state is recomputed from the selection on every model batch: with every
// row selected that is the heaviest case.
void Bench::selectAll()
{
    QTableView *table = m_window->table();
    QElapsedTimer clock;
    clock.start();
    table->selectAll();
    settle();
    add(QStringLiteral("select all 10,000 rows"), msSince(clock));
    idle(QStringLiteral("5 s, 50 running, all rows selected"), 5);
    table->clearSelection();
    settle();
}

void Bench::idle(const QString &label, int seconds)
{
    if (qEnvironmentVariableIsSet("FETCHDECK_TRACE_SLOW"))
        std::fprintf(stderr, "%s\n", qPrintable(label));
    PaintCounter paints(m_window->table()->viewport());
    m_gaps.reset();
    m_input.start();
    QElapsedTimer clock;
    clock.start();
    waitUntil([&] { return clock.elapsed() >= seconds * 1000; });
    add(label + QStringLiteral(": largest event-loop gap"), double(m_gaps.maxGapMs()));
    add(label + QStringLiteral(": largest input delay"), m_input.stop());
    add(label + QStringLiteral(": table repaints per second"),
        paints.count * 1000.0 / static_cast<double>(clock.elapsed()));
}

bool Bench::run()
{
    if (!addTasks())
        return false;
    idle(QStringLiteral("5 s, 50 running, unsorted"), 5);
    if (!validate(10'000, 0, QStringLiteral("Add dialog, 10,000 lines")))
        return false;
    if (!validate(100'000, 10, QStringLiteral("Add dialog, 100,000 lines (1 in 10 garbage)")))
        return false;
    if (!sortEachColumn())
        return false;
    if (!search())
        return false;
    // The running rows at the top, in view, reordered on every batch.
    m_window->table()->sortByColumn(TaskModel::SpeedColumn, Qt::DescendingOrder);
    idle(QStringLiteral("5 s, 50 running, sorted by speed"), 5);
    selectAll();
    return m_engine->runningCount() == Running;
}

void Bench::print() const
{
    QTextStream out(stdout);
    qsizetype width = 0;
    for (const Row &row : m_rows)
        width = std::max(width, row.operation.size());
    out << QStringLiteral("operation").leftJustified(width + 2) << "ms\n";
    out << QString(width + 10, QLatin1Char('-')) << '\n';
    for (const Row &row : m_rows)
        out << row.operation.leftJustified(width + 2) << QString::number(row.ms, 'f', 1) << '\n';
}

} // namespace

static double monotonicSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// FETCHDECK_TRACE_SLOW=ms: prints every event the GUI thread took longer than that to handle
// (receiver class, event type): what a large gap is made of. FETCHDECK_TRACE_GAPS=ms (without
// FETCHDECK_TRACE_SLOW) sums the events of each gap that long instead (benchsupport.h).
class TracingApplication final : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        PassTrace &pass = passTrace();
        if (pass.thresholdMs > 0 && m_slowMs <= 0 && QThread::currentThread() == thread()) {
            const QByteArray kind = QByteArray(receiver->metaObject()->className()) + '(' +
                                    receiver->objectName().toUtf8() + ")/" +
                                    QByteArray::number(int(event->type()));
            QElapsedTimer clock;
            clock.start();
            ++pass.depth;
            const bool handled = QApplication::notify(receiver, event);
            if (--pass.depth == 0)
                pass.add(kind, clock.nsecsElapsed());
            return handled;
        }
        if (m_slowMs <= 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        QElapsedTimer clock;
        clock.start();
        const int type = event->type();
        const char *className = receiver->metaObject()->className(); // it may be deleted
        // Whose it is: a named timer's name (the registry's flush, curl's timeout, the queue's
        // pump), else the receiver's parent's class.
        const QObject *owner = receiver->parent();
        const QByteArray ownerName = !receiver->objectName().isEmpty()
                                         ? receiver->objectName().toUtf8()
                                     : owner ? QByteArray(owner->metaObject()->className())
                                             : QByteArray("-");
        const bool handled = QApplication::notify(receiver, event);
        if (const qint64 ms = clock.elapsed(); ms >= m_slowMs)
            std::fprintf(stderr, "slow event: %lld ms, %s (%s), type %d, ended at %.6f\n", ms,
                         className, ownerName.constData(), type, monotonicSeconds());
        return handled;
    }

private:
    const int m_slowMs = qEnvironmentVariableIntValue("FETCHDECK_TRACE_SLOW");
};

int main(int argc, char **argv)
{
    DescriptorTable::raiseLimit(); // as the app does
    DescriptorTable::reserve();
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApplication app(argc, argv);

    FixtureServer server;
    if (!server.isListening()) {
        std::fprintf(stderr, "fixture server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QTemporaryDir downloads;
    QTemporaryDir config;
    TaskRegistry tasks;
    DownloadEngine engine(&tasks);
    engine.setDefaultDirectory(downloads.path());
    engine.setMaxConcurrent(Running);
    Settings settings(config.filePath(QStringLiteral("settings.ini")));
    MainWindow window(&engine, &settings);
    window.show();
    if (!waitUntil([&] { return window.isVisible(); }, 5000))
        return 1;
    settle();

    Bench bench(&server, &engine, &window);
    const bool ok = bench.run();
    bench.print();
    if (!ok) {
        std::fprintf(stderr, "a step did not reach its expected state\n");
        return 1;
    }
    return 0;
}
