// The base of the suites that talk to the loopback fixture server: one server for the whole
// suite, started before the first test (a suite whose server cannot listen fails at once), its
// counters reset before each test. Qt Test runs these slots for the derived suite.
#pragma once

#include "fixtureserver.h"

#include <QObject>
#include <QTest>

class FixtureSuite : public QObject {
    Q_OBJECT
protected:
    FixtureServer *m_server = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = new FixtureServer(0, this);
        QVERIFY2(m_server->isListening(), qPrintable(m_server->errorString()));
    }
    void init() { m_server->resetStats(); }
};
