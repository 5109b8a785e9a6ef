// Settings > Remote engines: the aria2 daemons shown beside this computer's downloads. Add,
// edit (with a connection test) and remove; each change applies at once. Says where the
// secrets are kept, and each engine's state (online with its version, or why it is offline).
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class RemoteEngineSetup;

class RemoteEnginesPage final : public QWidget {
    Q_OBJECT
public:
    explicit RemoteEnginesPage(RemoteEngineSetup *setup, QWidget *parent = nullptr);

private:
    void refresh();
    void refreshStatus();
    void showSecretsWhere();
    void add();
    void edit();
    void removeSelected();
    int selectedRow() const;

    RemoteEngineSetup *m_setup;
    QTreeWidget *m_list;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QLabel *m_secrets;
};
