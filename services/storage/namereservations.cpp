// Name reservations.
#include "namereservations.h"

#include "services/storage/filenames.h"

int NameReservations::reserveFrom(TaskId id, const QString &dir, const QString &wanted, int from)
{
    release(id);
    const auto owners = m_byDir.constFind(dir);
    const int skipTo = nextNumber(dir, wanted);
    int n = from;
    while (owners != m_byDir.cend() && owners->contains(FileNames::candidate(wanted, n)))
        n = n == from ? std::max(n + 1, skipTo) : n + 1;
    claim(id, dir, FileNames::candidate(wanted, n));
    if (n > 0) {
        int &next = m_next[dir + QLatin1Char('/') + wanted];
        next = std::max(next, n + 1);
    }
    return n;
}

int NameReservations::nextNumber(const QString &dir, const QString &wanted) const
{
    return m_next.value(dir + QLatin1Char('/') + wanted, 0);
}

bool NameReservations::claim(TaskId id, const QString &dir, const QString &name)
{
    const auto owners = m_byDir.constFind(dir);
    if (owners != m_byDir.cend()) {
        const auto owner = owners->constFind(name);
        if (owner != owners->cend())
            return *owner == id;
    }
    release(id);
    m_byDir[dir].insert(name, id);
    m_byTask.insert(id, {dir, name});
    return true;
}

void NameReservations::release(TaskId id)
{
    const auto it = m_byTask.constFind(id);
    if (it == m_byTask.cend())
        return;
    auto dir = m_byDir.find(it->dir);
    if (dir != m_byDir.end()) {
        dir->remove(it->name);
        if (dir->isEmpty())
            m_byDir.erase(dir);
    }
    m_byTask.erase(it);
}

bool NameReservations::isHeld(const QString &dir, const QString &name) const
{
    return m_byDir.value(dir).contains(name);
}

bool NameReservations::holds(TaskId id, const QString &dir, const QString &name) const
{
    const auto it = m_byDir.constFind(dir);
    return it != m_byDir.cend() && it->value(name, 0) == id;
}
