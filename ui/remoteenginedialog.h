// Adding or editing one remote engine: a name, the aria2 RPC address and its secret token, and
// a Test button that says what is wrong (unreachable, wrong secret, not aria2, TLS) before the
// engine is kept.
#pragma once

#include "services/remote/remoteengine.h"

#include <QDialog>
#include <QPointer>

class Aria2Rpc;
class QLabel;
class QLineEdit;
class QPushButton;

class RemoteEngineDialog final : public QDialog {
    Q_OBJECT
public:
    // `engine` with an empty id: a new one.
    RemoteEngineDialog(const RemoteEngineConfig &engine, QWidget *parent = nullptr);

    RemoteEngineConfig engine() const; // as edited; a new one gets a fresh id

public Q_SLOTS:
    void accept() override; // refuses an address that cannot be an aria2 endpoint

private:
    void test();
    void showResult(bool ok, const QString &text);

    RemoteEngineConfig m_engine;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_secret;
    QPushButton *m_test;
    QLabel *m_result;
    QPointer<Aria2Rpc> m_probe; // the connection test under way
    int m_generation = 0;       // which test an answer belongs to
};
