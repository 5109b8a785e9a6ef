// Who may use a state folder: one process at a time (fetchdeck.lock: two engines would write
// the same .part files), and a dashboard holds dashboard.lock for its whole life as well, taken
// first, so that a launch can tell a dashboard still starting (it will listen: wait and hand
// over) from a headless run (it never listens: stop at once).
#pragma once

#include <QLockFile>
#include <QString>
#include <functional>

class StateFolderLocks {
public:
    explicit StateFolderLocks(const QString &stateDir);

    enum class Claim { Ours, HandedOver, Refused };
    // Takes the folder for this process (`dashboard`: the dashboard's lock too). A dashboard
    // launch that may hand over (`handOver` returns true once a dashboard took its URLs) waits
    // for one still starting, as long as its start may take, instead of exiting with its URLs
    // lost. Refused: `*why` says so (another Fetchdeck, a folder that cannot be written).
    Claim claim(bool dashboard, bool mayHandOver, const std::function<bool()> &handOver,
                QString *why);

private:
    QString whyNot(QLockFile &held) const;

    QString m_stateDir;
    QLockFile m_dashboard;
    QLockFile m_folder;
};
