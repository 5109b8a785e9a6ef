// The Remote engines page of Settings.
#include "remoteenginespage.h"

#include "remoteenginedialog.h"
#include "services/remote/remoteengines.h"
#include "services/remote/remoteenginesetup.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

RemoteEnginesPage::RemoteEnginesPage(RemoteEngineSetup *setup, QWidget *parent)
    : QWidget(parent), m_setup(setup), m_list(new QTreeWidget(this)),
      m_edit(new QPushButton(tr("&Edit…"), this)), m_remove(new QPushButton(tr("&Remove"), this)),
      m_secrets(new QLabel(this))
{
    setObjectName(QStringLiteral("remoteEnginesPage"));
    auto *intro = new QLabel(tr("aria2 daemons on other machines (a NAS, a seedbox, a server): "
                                "their downloads appear in the list beside this computer's, "
                                "and you can add, pause, resume, cancel and remove them there."),
                             this);
    intro->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("remoteEngineList"));
    m_list->setHeaderLabels({tr("Name"), tr("Address"), tr("State")});
    m_list->setRootIsDecorated(false);
    m_list->setAllColumnsShowFocus(true);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->resizeSection(0, 120);
    m_list->header()->resizeSection(1, 260);
    m_list->setAccessibleName(tr("Remote engines"));
    auto *add = new QPushButton(tr("&Add…"), this);
    add->setObjectName(QStringLiteral("remoteEngineAdd"));
    m_edit->setObjectName(QStringLiteral("remoteEngineEdit"));
    m_remove->setObjectName(QStringLiteral("remoteEngineRemove"));
    for (QPushButton *b : {add, m_edit, m_remove})
        b->setAutoDefault(false);
    m_secrets->setObjectName(QStringLiteral("remoteEngineSecrets"));
    m_secrets->setWordWrap(true);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addLayout(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(row, 1);
    layout->addWidget(m_secrets);

    connect(add, &QPushButton::clicked, this, &RemoteEnginesPage::add);
    connect(m_edit, &QPushButton::clicked, this, &RemoteEnginesPage::edit);
    connect(m_remove, &QPushButton::clicked, this, &RemoteEnginesPage::removeSelected);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &RemoteEnginesPage::edit);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, [this] {
        m_edit->setEnabled(m_setup->isLoaded() && selectedRow() >= 0);
        m_remove->setEnabled(m_setup->isLoaded() && selectedRow() >= 0);
    });
    connect(setup->engines(), &RemoteEngines::enginesChanged, this, &RemoteEnginesPage::refresh);
    connect(setup->engines(), &RemoteEngines::statusChanged, this,
            &RemoteEnginesPage::refreshStatus);
    connect(setup, &RemoteEngineSetup::saved, this, &RemoteEnginesPage::showSecretsWhere);
    connect(setup, &RemoteEngineSetup::loaded, this, [this] {
        refresh();
        showSecretsWhere();
    });
    m_add = add;
    showSecretsWhere();
    refresh();
}

int RemoteEnginesPage::selectedRow() const
{
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    return items.isEmpty() ? -1 : m_list->indexOfTopLevelItem(items.first());
}

void RemoteEnginesPage::refresh()
{
    const int selected = selectedRow();
    m_list->clear();
    for (const RemoteEngineConfig &c : m_setup->engines()->configs())
        m_list->addTopLevelItem(new QTreeWidgetItem({c.name, c.url.toDisplayString(), {}}));
    refreshStatus();
    if (selected >= 0 && selected < m_list->topLevelItemCount())
        m_list->setCurrentItem(m_list->topLevelItem(selected));
    // Until the saved engines are read (a keyring may be waiting to be unlocked), nothing can
    // be edited: a change would be made to a list that is not the whole one.
    const bool ready = m_setup->isLoaded();
    m_add->setEnabled(ready);
    m_list->setEnabled(ready);
    m_edit->setEnabled(ready && selectedRow() >= 0);
    m_remove->setEnabled(ready && selectedRow() >= 0);
    if (!ready)
        m_secrets->setText(tr("Reading the saved engines and their secret tokens…"));
}

void RemoteEnginesPage::refreshStatus()
{
    const QList<RemoteEngineConfig> configs = m_setup->engines()->configs();
    for (int i = 0; i < configs.size() && i < m_list->topLevelItemCount(); ++i) {
        const RemoteEngine *e = m_setup->engines()->engine(configs[i].id);
        QString state;
        switch (e->status()) {
        case RemoteEngine::Status::Online:
            state = tr("Online, aria2 %1").arg(e->version());
            break;
        case RemoteEngine::Status::Offline:
            state = tr("Offline: %1").arg(e->lastError().message);
            break;
        case RemoteEngine::Status::Connecting:
            state = tr("Connecting…");
            break;
        }
        m_list->topLevelItem(i)->setText(2, state);
        m_list->topLevelItem(i)->setToolTip(2, state);
    }
}

void RemoteEnginesPage::showSecretsWhere()
{
    if (m_setup->keepFailed()) {
        m_secrets->setText(tr("A secret token could not be kept: it is used until Fetchdeck "
                              "quits."));
        return;
    }
    switch (m_setup->secretsWhere()) {
    case SecretStore::Where::File:
        m_secrets->setText(tr("No keyring service runs: secret tokens are kept in %1, which only "
                              "you can read.")
                               .arg(m_setup->secretsFile()));
        break;
    case SecretStore::Where::Nowhere:
        m_secrets->setText(tr("Secret tokens are kept in the desktop keyring, or in a file only "
                              "you can read where no keyring runs."));
        break;
    case SecretStore::Where::Keyring:
        m_secrets->setText(tr("Secret tokens are kept in the desktop keyring."));
        break;
    }
}

void RemoteEnginesPage::add()
{
    auto *dialog = new RemoteEngineDialog({}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QList<RemoteEngineConfig> configs = m_setup->engines()->configs();
        configs.append(dialog->engine());
        m_setup->save(configs);
        m_list->setCurrentItem(m_list->topLevelItem(m_list->topLevelItemCount() - 1));
    });
    dialog->open();
}

void RemoteEnginesPage::edit()
{
    const int row = selectedRow();
    const QList<RemoteEngineConfig> configs = m_setup->engines()->configs();
    if (row < 0 || row >= configs.size())
        return;
    auto *dialog = new RemoteEngineDialog(configs[row], this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const RemoteEngineConfig edited = dialog->engine();
        QList<RemoteEngineConfig> now = m_setup->engines()->configs();
        for (RemoteEngineConfig &c : now)
            if (c.id == edited.id)
                c = edited;
        m_setup->save(now);
    });
    dialog->open();
}

void RemoteEnginesPage::removeSelected()
{
    const int row = selectedRow();
    QList<RemoteEngineConfig> configs = m_setup->engines()->configs();
    if (row < 0 || row >= configs.size())
        return;
    configs.removeAt(row); // its rows leave the list; its downloads go on on the daemon
    m_setup->save(configs);
}
