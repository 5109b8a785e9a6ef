// The Add dialog.
#include "adddialog.h"

#include "icons.h"
#include "services/jobs/hashjob.h"
#include "services/settings.h"
#include "urllistedit.h"
#include "urllistvalidator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTextBlock>
#include <QVBoxLayout>

AddDialog::AddDialog(const QSet<QUrl> &existingKeys, const QString &directory, QWidget *parent)
    : QDialog(parent), m_validator(new UrlListValidator(this)), m_text(new UrlListEdit(this)),
      m_summary(new QLabel(this)), m_problems(new QListWidget(this)), m_target(new QComboBox(this)),
      m_localDirectory(directory), m_knownDirectory(directory),
      m_directory(new QLineEdit(directory, this)), m_checksum(new QLineEdit(this)),
      m_extract(new QCheckBox(tr("&Extract archives once downloaded (.zip, .tar.*, .7z)"), this)),
      m_checksumError(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("addDialog"));
    setWindowTitle(tr("Add Downloads"));
    resize(720, 520);
    m_validator->setExistingKeys(existingKeys);

    auto *layout = new QVBoxLayout(this);
    auto *prompt = new QLabel(tr("&URLs to download, one per line:"), this);
    prompt->setBuddy(m_text);
    layout->addWidget(prompt);

    m_text->setObjectName(QStringLiteral("addUrlsText"));
    m_text->setAccessibleName(tr("URLs to download"));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlaceholderText(tr("https://example.org/file.iso"));
    layout->addWidget(m_text, 3);

    m_summary->setObjectName(QStringLiteral("addSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    m_problems->setObjectName(QStringLiteral("addProblems"));
    m_problems->setAccessibleName(tr("Lines that will not be added"));
    m_problems->setVisible(false);
    layout->addWidget(m_problems, 1);

    auto *destination = new QHBoxLayout;
    auto *destinationLabel = new QLabel(tr("Save &to:"), this);
    destinationLabel->setBuddy(m_directory);
    m_target->setObjectName(QStringLiteral("addTarget"));
    m_target->setAccessibleName(tr("Where to download"));
    m_target->addItem(tr("This computer"), QString(QLatin1String("")));
    m_target->hide(); // until there is a remote engine
    m_directory->setObjectName(QStringLiteral("addDestination"));
    m_directory->setAccessibleName(tr("Destination folder"));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setAccessibleName(tr("Choose the destination folder"));
    destination->addWidget(destinationLabel);
    destination->addWidget(m_target);
    destination->addWidget(m_directory, 1);
    destination->addWidget(m_browse);
    layout->addLayout(destination);

    auto *checksum = new QHBoxLayout;
    auto *checksumLabel = new QLabel(tr("C&hecksum:"), this);
    checksumLabel->setBuddy(m_checksum);
    m_checksum->setObjectName(QStringLiteral("addChecksum"));
    m_checksum->setAccessibleName(tr("Expected checksum"));
    m_checksum->setPlaceholderText(
        tr("optional, for one file: the digest (its length tells md5, sha-1, sha-256 or "
           "sha-512), or sha-256=HEX"));
    checksum->addWidget(checksumLabel);
    checksum->addWidget(m_checksum, 1);
    layout->addLayout(checksum);
    m_checksumError->setObjectName(QStringLiteral("addChecksumError"));
    m_checksumError->setStyleSheet(Icons::errorStyle(palette()));
    m_checksumError->setVisible(false);
    layout->addWidget(m_checksumError);
    m_extract->setObjectName(QStringLiteral("addExtract"));
    layout->addWidget(m_extract);
    // The toolbar's icons, not the style's.
    m_buttons->button(QDialogButtonBox::Ok)->setIcon(Icons::get(Icons::Id::Add));
    m_buttons->button(QDialogButtonBox::Cancel)->setIcon(Icons::get(Icons::Id::Cancel));
    layout->addWidget(m_buttons);
    connect(m_checksum, &QLineEdit::textChanged, m_checksumError, &QWidget::hide);

    m_debounce.setObjectName(QStringLiteral("AddDialog debounce")); // named in slow-event traces
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, [this] { m_validator->start(m_text->urls()); });
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        m_debounce.start();
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    });
    connect(m_validator, &UrlListValidator::progressed, this, &AddDialog::onProgress);
    connect(m_validator, &UrlListValidator::finished, this, &AddDialog::showResult);
    connect(m_problems, &QListWidget::itemActivated, this, &AddDialog::jumpToLine);
    connect(m_problems, &QListWidget::itemClicked, this, &AddDialog::jumpToLine);
    connect(m_browse, &QPushButton::clicked, this, &AddDialog::chooseDirectory);
    connect(m_target, &QComboBox::currentIndexChanged, this, &AddDialog::onTargetChanged);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AddDialog::reject);
    showResult();
}

void AddDialog::setText(const QString &text)
{
    m_text->setUrls(text);
}

void AddDialog::setTargets(const QList<std::pair<QString, QString>> &engines,
                           const QString &current, const QHash<QString, QString> &remoteFolders)
{
    m_remoteFolders = remoteFolders;
    const QSignalBlocker quiet(m_target);
    while (m_target->count() > 1)
        m_target->removeItem(1);
    for (const auto &[id, name] : engines)
        m_target->addItem(name, id);
    m_target->setVisible(!engines.isEmpty());
    m_target->setCurrentIndex(qMax(0, m_target->findData(current)));
    onTargetChanged();
}

QString AddDialog::target() const
{
    return m_target->currentData().toString();
}

// A remote engine's folder is a path on its machine: no browsing here, no unpacking here.
void AddDialog::onTargetChanged()
{
    const QString id = target();
    const bool remote = !id.isEmpty();
    if (m_shownTarget.isEmpty()) // what was typed for the place shown before is kept
        m_localDirectory = m_directory->text();
    else
        m_remoteFolders.insert(m_shownTarget, m_directory->text());
    m_shownTarget = id;
    m_directory->setText(remote ? m_remoteFolders.value(id) : m_localDirectory);
    m_directory->setPlaceholderText(remote ? tr("a folder on that machine; empty: aria2's own")
                                           : QString());
    m_directory->setToolTip(remote ? tr("A path on the engine's machine") : QString());
    m_browse->setEnabled(!remote);
    m_extract->setEnabled(!remote);
    if (remote)
        m_extract->setChecked(false);
    m_extract->setToolTip(remote ? tr("Unpacking happens on this computer only") : QString());
}

QString AddDialog::directory() const
{
    // A folder on an engine's machine is that machine's to read.
    return target().isEmpty() ? Settings::typedFolder(m_directory->text(), m_knownDirectory)
                              : m_directory->text().trimmed();
}

void AddDialog::validateNow()
{
    if (m_debounce.isActive()) {
        m_debounce.stop();
        m_validator->start(m_text->urls());
    }
    m_validator->finishNow();
}

bool AddDialog::isValidating() const
{
    return m_debounce.isActive() || m_validator->isRunning();
}

QList<QUrl> AddDialog::urls() const
{
    return m_validator->urls();
}

int AddDialog::validCount() const
{
    return static_cast<int>(m_validator->urls().size());
}

int AddDialog::invalidCount() const
{
    return m_validator->invalidCount();
}

int AddDialog::duplicateCount() const
{
    return m_validator->duplicateCount();
}

QString AddDialog::checksum() const
{
    const auto parsed = parseChecksum(m_checksum->text().trimmed());
    return parsed ? hashAlgoName(parsed->algo) + QLatin1Char('=') + QString::fromLatin1(parsed->hex)
                  : QString();
}

bool AddDialog::extract() const
{
    return m_extract->isChecked();
}

void AddDialog::accept()
{
    validateNow();
    QString why;
    const QString text = m_checksum->text().trimmed();
    if (!text.isEmpty() && !parseChecksum(text, &why)) {
        m_checksumError->setText(why);
        m_checksumError->show();
        m_checksum->setFocus();
        return;
    }
    if (!text.isEmpty() && validCount() > 1) {
        m_checksumError->setText(tr("A checksum belongs to one file: add one URL with it."));
        m_checksumError->show();
        return;
    }
    if (validCount() > 0)
        QDialog::accept();
}

void AddDialog::chooseDirectory()
{
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Save Downloads To"), m_directory->text());
    if (!dir.isEmpty()) {
        m_knownDirectory = dir;
        m_directory->setText(dir);
    }
}

void AddDialog::onProgress(int done, int total)
{
    if (done < total)
        m_summary->setText(tr("Checking… %1 of %2 lines")
                               .arg(QLocale().toString(done), QLocale().toString(total)));
}

void AddDialog::showResult()
{
    const int valid = validCount();
    QStringList parts;
    parts << tr("%n valid URL(s) to add", nullptr, valid);
    if (invalidCount() > 0)
        parts << tr("%n invalid line(s)", nullptr, invalidCount());
    if (duplicateCount() > 0)
        parts << tr("%n already in the list, skipped", nullptr, duplicateCount());
    m_summary->setText(parts.join(QStringLiteral(" · ")));

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Add %n URL(s)", nullptr, valid));
    ok->setEnabled(valid > 0 && !isValidating());

    // Mark the lines in place: red for invalid, amber for repeated ones.
    const auto &problems = m_validator->problems();
    QList<QTextEdit::ExtraSelection> marks;
    QTextCharFormat invalid;
    invalid.setBackground(QColor(0xff, 0xcd, 0xd2));
    invalid.setForeground(Qt::black);
    invalid.setProperty(QTextFormat::FullWidthSelection, true);
    QTextCharFormat repeated = invalid;
    repeated.setBackground(QColor(0xff, 0xec, 0xb3));
    QTextDocument *doc = m_text->document();
    for (qsizetype i = 0; !m_text->isBulk() && i < problems.size() && i < MaxMarkedLines; ++i) {
        const QTextBlock block = doc->findBlockByNumber(problems[i].line);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(block);
        mark.format = problems[i].duplicate ? repeated : invalid;
        marks.append(mark);
    }
    m_text->setExtraSelections(marks);

    m_problems->clear();
    for (qsizetype i = 0; i < problems.size() && i < MaxListedProblems; ++i) {
        auto *item = new QListWidgetItem(
            tr("line %1: %2").arg(problems[i].line + 1).arg(problems[i].message), m_problems);
        item->setData(Qt::UserRole, problems[i].line);
        item->setForeground(problems[i].duplicate ? QColor(0x8d, 0x6e, 0x00)
                                                  : QColor(0xc6, 0x28, 0x28));
    }
    if (problems.size() > MaxListedProblems)
        new QListWidgetItem(
            tr("… and %n more", nullptr, static_cast<int>(problems.size() - MaxListedProblems)),
            m_problems);
    m_problems->setVisible(!problems.isEmpty());
    Q_EMIT validated();
}

void AddDialog::jumpToLine(QListWidgetItem *item)
{
    const QVariant line = item->data(Qt::UserRole);
    if (!line.isValid() || m_text->isBulk()) // lines kept aside are not shown
        return;
    const QTextBlock block = m_text->document()->findBlockByNumber(line.toInt());
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    m_text->setTextCursor(cursor);
    m_text->setFocus();
}
