// The base of the suites that run the fetchdeck binary in headless mode, as a script would: a
// home folder of its own (nothing of the user's is touched) and a task database per run.
#pragma once

#include "fixturesuite.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <functional>

class HeadlessSuite : public FixtureSuite {
protected:
    QTemporaryDir m_home; // XDG folders of the runs, so nothing of the user's is touched
    int m_runs = 0;

    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };

    // `inChild` runs in the child before fetchdeck starts (a limit to lower, say).
    QProcess *startFetchdeck(const QStringList &args, const std::function<void()> &inChild = {})
    {
        auto *p = new QProcess(this);
        if (inChild)
            p->setChildProcessModifier(inChild);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        p->setProcessEnvironment(env);
        // Each run gets a task database of its own unless the test names one.
        QStringList all = args;
        if (!all.contains(QStringLiteral("--state-dir")))
            all << QStringLiteral("--state-dir")
                << m_home.filePath(QStringLiteral("state-%1").arg(++m_runs));
        p->start(QStringLiteral(FETCHDECK_BINARY), all);
        return p;
    }

    Run fetchdeck(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess *p = startFetchdeck(args);
        if (!stdinData.isNull()) {
            p->write(stdinData);
            p->closeWriteChannel();
        }
        Run r;
        if (!p->waitForFinished(60000)) {
            p->kill();
            p->waitForFinished();
        }
        r.exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
        r.out = QString::fromLocal8Bit(p->readAllStandardOutput());
        r.err = QString::fromLocal8Bit(p->readAllStandardError());
        p->deleteLater();
        return r;
    }
};
