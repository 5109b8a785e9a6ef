// Equal texts share one copy: 100,000 downloads refused the same way hold "Connection refused"
// once instead of 100,000 times (a QString is implicitly shared; the pool hands out the copy it
// keeps). Bounded: past Capacity distinct texts it starts over; texts handed out keep theirs.
#pragma once

#include <QSet>
#include <QString>

class TextPool {
public:
    static constexpr qsizetype Capacity = 4096;

    QString share(const QString &text)
    {
        if (text.isEmpty())
            return text;
        const auto it = m_texts.constFind(text);
        if (it != m_texts.cend())
            return *it;
        if (m_texts.size() >= Capacity)
            m_texts.clear();
        QString kept = text;
        if (kept.capacity() > kept.size())
            kept.squeeze(); // a text built by appending keeps no spare room for every task
        m_texts.insert(kept);
        return kept;
    }

private:
    QSet<QString> m_texts;
};
