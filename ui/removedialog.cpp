// The Remove confirmation.
#include "removedialog.h"

#include "icons.h"
#include "models/format.h"
#include "models/taskmodel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

RemoveDialog::Summary RemoveDialog::summarize(const TaskModel *model, const QList<TaskId> &ids)
{
    Summary s;
    for (TaskId id : ids) {
        const Task *t = model->task(id);
        if (!t)
            continue;
        ++s.tasks;
        if (t->state == TaskState::Running)
            ++s.running;
        if (t->isRemote()) { // its files are on the daemon's machine; nothing here is deleted
            ++s.remote;
            continue;
        }
        if (t->kind != TaskKind::Download || t->fileName.isEmpty())
            continue;
        if (t->state == TaskState::Completed) {
            ++s.downloadedFiles;
            s.downloadedBytes += qMax<qint64>(0, t->bytesTotal > 0 ? t->bytesTotal : t->bytesDone);
        } else if (t->bytesDone > 0) {
            ++s.partialFiles;
            s.partialBytes += t->bytesDone;
        }
    }
    return s;
}

RemoveDialog::RemoveDialog(const Summary &summary, bool deleteDownloaded, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("removeDialog"));
    setWindowTitle(tr("Remove Tasks"));
    setWindowModality(Qt::WindowModal);

    auto *question =
        new QLabel(tr("Remove %n task(s) from the list?", nullptr, summary.tasks), this);
    question->setObjectName(QStringLiteral("removeQuestion"));
    QFont bold = question->font();
    bold.setBold(true);
    question->setFont(bold);

    QStringList lines;
    if (summary.running > 0)
        lines << tr("%n running task(s) will stop.", nullptr, summary.running);
    if (summary.partialFiles > 0)
        lines << tr("Deleted from disk: the partial files of %n unfinished download(s), %1.",
                    nullptr, summary.partialFiles)
                     .arg(Format::bytes(summary.partialBytes));
    else
        lines << tr("No partial file is deleted.");
    if (summary.remote > 0)
        lines << tr("%n download(s) on remote engines leave their lists there; their files stay "
                    "on that machine.",
                    nullptr, summary.remote);
    auto *consequences = new QLabel(lines.join(QLatin1Char('\n')), this);
    consequences->setObjectName(QStringLiteral("removeConsequences"));
    consequences->setTextFormat(Qt::PlainText);
    consequences->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxQuestion).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    top->addWidget(icon);
    auto *texts = new QVBoxLayout;
    texts->addWidget(question);
    texts->addWidget(consequences);
    if (summary.downloadedFiles > 0) {
        m_deleteDownloaded = new QCheckBox(tr("Also &delete the downloaded files (%n file(s), %1)",
                                              nullptr, summary.downloadedFiles)
                                               .arg(Format::bytes(summary.downloadedBytes)),
                                           this);
        m_deleteDownloaded->setObjectName(QStringLiteral("removeDeleteDownloaded"));
        m_deleteDownloaded->setChecked(deleteDownloaded);
        texts->addWidget(m_deleteDownloaded);
    } else {
        auto *kept = new QLabel(tr("Files already downloaded stay where they are."), this);
        kept->setWordWrap(true);
        texts->addWidget(kept);
    }
    top->addLayout(texts, 1);
    layout->addLayout(top);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *remove = buttons->addButton(tr("&Remove"), QDialogButtonBox::AcceptRole);
    remove->setObjectName(QStringLiteral("removeConfirm"));
    remove->setIcon(Icons::get(Icons::Id::Remove));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("removeCancel"));
    buttons->button(QDialogButtonBox::Cancel)->setIcon(Icons::get(Icons::Id::Cancel));
    // Enter confirms only a Remove that deletes nothing (Undo brings the rows back). When
    // something is deleted, Cancel has the focus and takes Enter: a focused Remove would be the
    // default (it is an auto-default button) and Enter would delete. Ticking "Also delete the
    // downloaded files" changes which it is.
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    const bool partial = summary.partialFiles > 0;
    const auto enterConfirms = [remove, cancel, partial](bool ticked) {
        const bool deletes = partial || ticked;
        remove->setAutoDefault(!deletes);
        (deletes ? cancel : remove)->setDefault(true);
        (deletes ? remove : cancel)->setDefault(false);
    };
    enterConfirms(deleteDownloaded && m_deleteDownloaded);
    // The focus starts on the button Enter presses; ticking the box later leaves it there.
    (partial || (deleteDownloaded && m_deleteDownloaded) ? cancel : remove)->setFocus();
    if (m_deleteDownloaded)
        connect(m_deleteDownloaded, &QCheckBox::toggled, this, enterConfirms);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

bool RemoveDialog::deleteDownloaded() const
{
    return m_deleteDownloaded && m_deleteDownloaded->isChecked();
}
