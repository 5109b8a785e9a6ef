// The remote engine dialog.
#include "remoteenginedialog.h"

#include "icons.h"
#include "services/remote/aria2rpc.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>

RemoteEngineDialog::RemoteEngineDialog(const RemoteEngineConfig &engine, QWidget *parent)
    : QDialog(parent), m_engine(engine), m_name(new QLineEdit(engine.name, this)),
      m_url(new QLineEdit(engine.url.toString(), this)),
      m_secret(new QLineEdit(engine.secret, this)),
      m_test(new QPushButton(tr("&Test Connection"), this)), m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("remoteEngineDialog"));
    setWindowTitle(engine.id.isEmpty() ? tr("Add Remote Engine") : tr("Edit Remote Engine"));
    setMinimumWidth(460);
    m_name->setObjectName(QStringLiteral("remoteEngineName"));
    m_name->setPlaceholderText(tr("NAS, seedbox, …"));
    m_url->setObjectName(QStringLiteral("remoteEngineUrl"));
    m_url->setPlaceholderText(QStringLiteral("http://192.168.1.10:6800/jsonrpc"));
    m_url->setToolTip(tr("aria2's RPC address: http:// or https://, or ws:// or wss:// for live "
                         "updates"));
    m_secret->setObjectName(QStringLiteral("remoteEngineSecret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("aria2's --rpc-secret"));
    m_test->setObjectName(QStringLiteral("remoteEngineTest"));
    m_test->setAutoDefault(false);
    m_result->setObjectName(QStringLiteral("remoteEngineResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("RPC &address:"), m_url);
    form->addRow(tr("&Secret token:"), m_secret);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_result, 1);
    form->addRow(QString(), testRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &RemoteEngineDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RemoteEngineDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &RemoteEngineDialog::test);
}

RemoteEngineConfig RemoteEngineDialog::engine() const
{
    RemoteEngineConfig c = m_engine;
    if (c.id.isEmpty())
        c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    c.url = url;
    c.name = m_name->text().trimmed().isEmpty() ? url.host() : m_name->text().trimmed();
    c.secret = m_secret->text();
    return c;
}

void RemoteEngineDialog::showResult(bool ok, const QString &text)
{
    m_result->setStyleSheet(ok ? QString() : Icons::errorStyle(palette()));
    m_result->setText(text);
}

void RemoteEngineDialog::accept()
{
    const QString why = Aria2Rpc::checkUrl(QUrl(m_url->text().trimmed()));
    if (!why.isEmpty()) {
        showResult(false, why);
        m_url->setFocus();
        return;
    }
    QDialog::accept();
}

void RemoteEngineDialog::test()
{
    const QUrl url(m_url->text().trimmed());
    if (const QString why = Aria2Rpc::checkUrl(url); !why.isEmpty()) {
        showResult(false, why);
        return;
    }
    delete m_probe; // a test still under way ends (its answer is dropped)
    auto *probe = new Aria2Rpc(url, m_secret->text(), this);
    m_probe = probe;
    m_test->setEnabled(false);
    showResult(true, tr("Connecting…"));
    QPointer<RemoteEngineDialog> self(this);
    const int generation = ++m_generation;
    probe->call(QStringLiteral("aria2.getVersion")).then([self, generation](const RpcResult &r) {
        if (!self || self->m_generation != generation)
            return; // the dialog closed, or another test began
        self->m_test->setEnabled(true);
        if (r.error.isError())
            self->showResult(false, r.error.message);
        else
            self->showResult(
                true, tr("Connected: aria2 %1")
                          .arg(r.value.toObject().value(QLatin1String("version")).toString()));
        if (self->m_probe)
            self->m_probe->deleteLater();
    });
}
