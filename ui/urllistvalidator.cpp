// Sliced validation of pasted URL lists.
#include "urllistvalidator.h"

#include "services/urls.h"
#include "urlintake.h"

UrlListValidator::UrlListValidator(QObject *parent) : QObject(parent)
{
    m_timer.setObjectName(QStringLiteral("UrlListValidator slice")); // named in slow-event traces
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &UrlListValidator::runSlice);
}

void UrlListValidator::start(const QString &text)
{
    m_lines = text.split(QLatin1Char('\n'));
    m_next = 0;
    m_seen.clear();
    m_urls.clear();
    m_problems.clear();
    m_invalid = 0;
    m_duplicates = 0;
    m_timer.start();
}

void UrlListValidator::finishNow()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    while (m_next < m_lines.size())
        validateLine(m_next++);
    Q_EMIT progressed(m_next, lineCount());
    Q_EMIT finished();
}

void UrlListValidator::runSlice()
{
    QElapsedTimer clock;
    clock.start();
    while (m_next < m_lines.size()) {
        validateLine(m_next++);
        // Checking the clock every 64 lines keeps its own cost negligible.
        if ((m_next & 63) == 0 && clock.elapsed() >= SliceMs)
            break;
    }
    Q_EMIT progressed(m_next, lineCount());
    if (m_next < m_lines.size())
        m_timer.start();
    else
        Q_EMIT finished();
}

void UrlListValidator::validateLine(int line)
{
    const QString &text = m_lines.at(line);
    if (text.trimmed().isEmpty())
        return;
    QString why;
    const QUrl url = Urls::parse(text, &why);
    if (!url.isValid()) {
        ++m_invalid;
        m_problems.append({line, false, why});
        return;
    }
    const QUrl key = UrlIntake::key(url);
    if (m_existing.contains(key)) {
        ++m_duplicates;
        m_problems.append({line, true, tr("already in the list")});
        return;
    }
    if (m_seen.contains(key)) {
        ++m_duplicates;
        m_problems.append({line, true, tr("repeated above")});
        return;
    }
    m_seen.insert(key);
    m_urls.append(url);
}
