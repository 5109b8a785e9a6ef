// The folder an extraction unpacks into: hidden beside the one it is for
// (".<name>.fetchdeck-unpacking", numbered when taken), so that nothing under the archive's
// name is ever half of it. Whole and synced, it is renamed to that name (or "name (1)" and so
// on: an existing folder is never written into or replaced). What an extraction killed halfway
// left is removed by the next one for the same name; a folder in use is locked (flock) while
// it is, and left alone by every process.
#pragma once

#include <QString>

class UnpackingFolder {
public:
    // Clears what a killed extraction into `destDir` left, then creates the hidden folder.
    explicit UnpackingFolder(const QString &destDir);
    ~UnpackingFolder(); // removes the folder and all in it, unless it was published
    UnpackingFolder(const UnpackingFolder &) = delete;
    UnpackingFolder &operator=(const UnpackingFolder &) = delete;

    QString path() const { return m_path; } // empty when it could not be created: error()
    QString error() const { return m_error; }
    // Syncs everything in it, renames it to `destDir` (or a numbered name beside it) and syncs
    // the parent folder. Returns the name used; empty on failure, with `*error` saying why.
    QString publish(QString *error);

private:
    QString m_destDir;
    QString m_path;
    QString m_error;
    int m_lock = -1; // the folder, open and locked while this lives
    bool m_published = false;
};
