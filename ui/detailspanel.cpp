// The details panel.
#include "detailspanel.h"

#include "elidedlabel.h"
#include "icons.h"
#include "models/format.h"
#include "models/taskmodel.h"
#include "models/taskstatus.h"
#include "services/http/segmentplan.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QVBoxLayout>

DetailsPanel::DetailsPanel(TaskModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("detailsPanel"));
    setAccessibleName(tr("Task details"));

    auto *empty = new QLabel(tr("Select a download to see its details."), m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setEnabled(false);
    m_stack->addWidget(empty);

    auto *page = new QWidget(m_stack);
    auto *columns = new QHBoxLayout(page);
    columns->setContentsMargins(8, 6, 8, 6);
    // The fields scroll inside the panel: however many lines a value takes, the panel neither
    // grows the window nor jumps in height.
    auto *fields = m_fields = new QScrollArea(page);
    fields->setObjectName(QStringLiteral("detailsFields"));
    fields->setFrameShape(QFrame::NoFrame);
    fields->setWidgetResizable(true);
    fields->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *fieldsPage = new QWidget(fields);
    auto *left = new QVBoxLayout(fieldsPage);
    left->setContentsMargins(0, 0, 0, 0);
    m_title = new ElidedLabel(page);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    left->addWidget(m_title);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_url = new ElidedLabel(this);
    m_url->setObjectName(QStringLiteral("detailsUrl"));
    form->addRow(tr("URL:"), m_url);
    m_destination = new ElidedLabel(this);
    m_destination->setObjectName(QStringLiteral("detailsDestination"));
    form->addRow(tr("Saved to:"), m_destination);
    m_state = addRow(form, tr("State:"), QStringLiteral("detailsState"));
    m_engine = addRow(form, tr("Engine:"), QStringLiteral("detailsEngine"));
    m_browser = addRow(form, tr("From the browser:"), QStringLiteral("detailsBrowser"));
    m_httpStatus = addRow(form, tr("HTTP status:"), QStringLiteral("detailsHttpStatus"));
    m_size = addRow(form, tr("Size:"), QStringLiteral("detailsSize"));
    m_attempts = addRow(form, tr("Attempts:"), QStringLiteral("detailsAttempts"));
    m_connections = addRow(form, tr("Connections:"), QStringLiteral("detailsConnections"));
    m_error = addRow(form, tr("Error:"), QStringLiteral("detailsError"));
    m_detail = addRow(form, tr("Detail:"), QStringLiteral("detailsErrorDetail"));
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("detailsResult"));
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("detailsCopy"));
    m_copy->setAccessibleName(tr("Copy the result"));
    auto *resultRow = new QHBoxLayout;
    resultRow->addWidget(m_result, 1);
    resultRow->addWidget(m_copy);
    m_resultLabel = new QLabel(tr("Result:"), this);
    form->addRow(m_resultLabel, resultRow);
    connect(m_copy, &QPushButton::clicked, this, &DetailsPanel::copyResult);
    // A checksum mismatch: the digest the file really has, beside the one expected.
    m_actual = new QLabel(this);
    m_actual->setObjectName(QStringLiteral("detailsActualChecksum"));
    m_actual->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_actual->setWordWrap(true);
    m_actual->setTextFormat(Qt::PlainText);
    m_actual->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_actual->setFont(m_result->font());
    auto *copyActual = new QPushButton(tr("Co&py"), this);
    copyActual->setObjectName(QStringLiteral("detailsCopyActual"));
    copyActual->setAccessibleName(tr("Copy the actual checksum"));
    connect(copyActual, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_actual->text()); });
    auto *actualRow = new QHBoxLayout;
    actualRow->addWidget(m_actual, 1);
    actualRow->addWidget(copyActual);
    m_actualRow = new QWidget(this);
    actualRow->setContentsMargins(0, 0, 0, 0);
    m_actualRow->setLayout(actualRow);
    form->addRow(tr("Actual:"), m_actualRow);
    m_form = form;
    left->addLayout(form);
    left->addStretch();
    fields->setWidget(fieldsPage);
    columns->addWidget(fields, 3);

    auto *right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Log:"), page));
    m_log = new QPlainTextEdit(page);
    m_log->setObjectName(QStringLiteral("detailsLog"));
    m_log->setAccessibleName(tr("Task log"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_log->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_log->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    right->addWidget(m_log);
    columns->addLayout(right, 2);
    m_stack->addWidget(page);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_model, &TaskModel::dataChanged, this, &DetailsPanel::onDataChanged);
    connect(m_model, &TaskModel::stateChanged, this, [this](TaskId id) {
        if (id == m_id)
            refresh();
    });
    connect(m_model, &TaskModel::rowsRemoved, this, [this] {
        if (m_id != 0 && !m_model->task(m_id))
            setTaskId(0);
    });
    connect(m_model, &TaskModel::modelReset, this, [this] { setTaskId(0); });
}

QLabel *DetailsPanel::addRow(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *value = new QLabel(this);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    value->setTextFormat(Qt::PlainText);
    // Never wider than the panel: a long word is wrapped where it can be, or clipped (the
    // tooltip has it all), but it does not widen the window.
    value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    value->setMinimumWidth(100);
    form->addRow(label, value);
    return value;
}

void DetailsPanel::copyResult()
{
    if (const Task *task = m_id ? m_model->task(m_id) : nullptr)
        QGuiApplication::clipboard()->setText(
            task->kind == TaskKind::Download ? task->extra().checksum : task->extra().result);
}

void DetailsPanel::setTaskId(TaskId id)
{
    if (id == m_id)
        return;
    m_id = id;
    m_logShown = -1;
    refresh();
    // Another task opens at its top (its name and URL), not where the last one was scrolled
    // to; updates of the same task leave the scrolling to the user.
    m_fields->verticalScrollBar()->setValue(0);
}

void DetailsPanel::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    const int row = m_id ? m_model->rowOf(m_id) : -1;
    if (row >= 0 && row >= topLeft.row() && row <= bottomRight.row())
        refresh();
}

// "8 open, 12.5 MiB on disk in 3 pieces": what a download in pieces is doing (paused: what it
// has on disk; no connection and no pieces: "—").
QString DetailsPanel::connectionsText(const Task &task)
{
    QStringList parts;
    if (task.connections > 0)
        parts << tr("%n open", nullptr, task.connections);
    if (const auto map = SegmentPlan::parse(task.segments, 1)) {
        parts << tr("%1 on disk in %n piece(s)", nullptr, int(map->doneRanges().size()))
                     .arg(Format::bytes(map->doneBytes()));
    }
    QString text = parts.isEmpty() ? tr("—") : parts.join(tr(", "));
    for (const QString &line : task.extra().connectionDetails)
        text += QLatin1Char('\n') + line;
    return text;
}

void DetailsPanel::refresh()
{
    const Task *task = m_id ? m_model->task(m_id) : nullptr;
    if (!task) {
        m_stack->setCurrentIndex(0);
        m_log->clear();
        m_logShown = -1;
        return;
    }
    m_stack->setCurrentIndex(1);
    const QModelIndex nameIndex = m_model->index(m_model->rowOf(m_id), TaskModel::NameColumn);
    m_title->setFullText(nameIndex.data().toString());
    const bool job = task->kind != TaskKind::Download;
    m_url->setFullText(job ? task->extra().sourcePath : task->url.toDisplayString());
    // A job works on a local file: no URL, destination, HTTP status or connections.
    static_cast<QLabel *>(m_form->labelForField(m_url))->setText(job ? tr("File:") : tr("URL:"));
    m_form->setRowVisible(m_destination, !job);
    m_form->setRowVisible(m_httpStatus, !job);
    m_form->setRowVisible(m_connections, !job);
    // A remote engine's download: where it runs and the daemon's own fields (gid, status,
    // folder there, connections, its error code); attempts are the daemon's business.
    const bool remote = task->isRemote();
    m_form->setRowVisible(m_engine, remote);
    m_form->setRowVisible(m_attempts, !remote);
    if (remote) {
        QStringList lines{m_model->whereText(*task)};
        for (const auto &[name, value] : task->extra().remoteFields)
            lines.append(tr("%1: %2").arg(name, value));
        m_engine->setText(lines.join(QLatin1Char('\n')));
    }
    static_cast<QLabel *>(m_form->labelForField(m_destination))
        ->setText(remote ? tr("Saved there to:") : tr("Saved to:"));
    // A download the browser handed over: what it sends along (never the values: secrets).
    QStringList sent;
    if (!task->extra().cookies.isEmpty())
        sent << tr("its cookies for this site");
    if (!task->extra().referrer.isEmpty())
        sent << tr("the page as referrer");
    if (!task->extra().userAgent.isEmpty())
        sent << tr("its user agent");
    m_form->setRowVisible(m_browser, !sent.isEmpty() || task->extra().browserContextKept);
    m_browser->setText(sent.isEmpty() ? tr("kept with the secrets; not read back")
                                      : tr("sent with %1").arg(sent.join(tr(", "))));
    // "Expected: <hex>\nActual: <hex>": a download whose checksum did not match.
    const QString actualPrefix = tr("Actual: ");
    const QStringList detailLines = task->error.detail.split(QLatin1Char('\n'));
    const bool mismatch = !job && task->error.kind == TaskError::Kind::Checksum &&
                          detailLines.size() == 2 && detailLines[1].startsWith(actualPrefix);
    m_actual->setText(mismatch ? detailLines[1].mid(actualPrefix.size()) : QString());
    m_form->setRowVisible(m_actualRow, mismatch);
    m_form->setRowVisible(m_detail, !mismatch);
    m_resultLabel->setText(task->kind == TaskKind::Hash
                               ? tr("%1:").arg(task->extra().checksum.isEmpty()
                                                   ? QStringLiteral("sha-256")
                                                   : task->extra().checksum)
                           : task->kind == TaskKind::Extract ? tr("Unpacked to:")
                           : mismatch                        ? tr("Expected:")
                                                             : tr("Checksum:"));
    const QString result = job ? task->extra().result : task->extra().checksum;
    m_result->setText(result.isEmpty() ? tr("—") : result);
    m_copy->setVisible(!result.isEmpty());
    m_resultLabel->setVisible(job || !result.isEmpty()); // a plain download has no result row
    m_result->setVisible(job || !result.isEmpty());
    // A download names its file once the server answers; one that ended before never did.
    const bool ended = task->state == TaskState::Failed || task->state == TaskState::Canceled ||
                       task->state == TaskState::Completed;
    m_destination->setFullText(!task->fileName.isEmpty() ? task->filePath()
                               : ended ? tr("%1 (no file name was chosen)").arg(task->directory)
                                       : tr("%1 (file name not chosen yet)").arg(task->directory));
    m_state->setText(TaskStatus::text(*task)); // the same words as the row
    // A failure's own status, or else the answer the last attempt went on with (none for an
    // attempt that had no answer, such as a refused connection: each attempt starts without).
    const int status = task->error.httpStatus > 0 ? task->error.httpStatus : task->responseStatus;
    m_httpStatus->setText(!job && status > 0 ? tr("HTTP %1").arg(status) : tr("—"));
    // A size the server did not give reads as in the Size column ("—", "12.5 MiB so far").
    m_size->setText(
        task->bytesTotal >= 0
            ? tr("%1 of %2").arg(Format::bytes(task->bytesDone), Format::bytes(task->bytesTotal))
            : m_model->index(m_model->rowOf(m_id), TaskModel::SizeColumn).data().toString());
    // The attempts over the task's life; while it waits to retry, also the attempt the State
    // names ("attempt 2 of 5"), which counts from the user's last Start or Retry.
    m_attempts->setText(task->isWaitingToRetry() ? tr("%1 in all, the next is attempt %2 of %3")
                                                       .arg(QLocale().toString(task->attempts))
                                                       .arg(task->retryAttempt)
                                                       .arg(task->retryMax)
                                                 : QLocale().toString(task->attempts));
    m_connections->setText(connectionsText(*task));
    const bool failed = task->error.isError();
    m_error->setText(failed ? task->error.message : tr("None"));
    m_error->setStyleSheet(failed ? Icons::errorStyle(palette(), true) : QString());
    // A mirror's or a redirect's URL leads the detail; the task's own is on the URL row (the
    // registry keeps the detail without it).
    const QString &detail = task->error.detail;
    m_detail->setText(detail.isEmpty() ? tr("—") : detail);
    m_detail->setToolTip(detail);

    if (m_logShown < 0 || m_logShown > task->log.size()) {
        m_log->clear();
        m_logShown = 0;
        m_logDate = {};
    }
    // Times only; the date once, and again when it changes.
    const QLocale locale;
    for (qsizetype i = m_logShown; i < task->log.size(); ++i) {
        const TaskLogEntry &entry = task->log.at(i);
        if (entry.when.date() != m_logDate) {
            m_logDate = entry.when.date();
            m_log->appendPlainText(locale.toString(m_logDate, QLocale::LongFormat));
        }
        m_log->appendPlainText(QStringLiteral("%1  %2").arg(
            entry.when.toString(QStringLiteral("HH:mm:ss.zzz")), entry.text));
    }
    m_logShown = task->log.size();
}
