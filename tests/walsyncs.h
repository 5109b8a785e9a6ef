// Counts the syncs SQLite asks of write-ahead logs: a VFS wrapping the default one, made the
// default for every connection opened after install() (the task store's own included). What
// SQLite reports written is only on the disk once its log is synced.
#pragma once

#include <atomic>
#include <sqlite3.h>

namespace WalSyncs {

inline std::atomic<int> &count()
{
    static std::atomic<int> n{0};
    return n;
}

namespace detail {

struct File {
    sqlite3_file base;
    bool wal;
    sqlite3_file *real() { return reinterpret_cast<sqlite3_file *>(this + 1); }
};

inline sqlite3_file *real(sqlite3_file *f)
{
    return reinterpret_cast<File *>(f)->real();
}

inline const sqlite3_io_methods &methods()
{
    static const sqlite3_io_methods m = {
        3,
        [](sqlite3_file *f) { return real(f)->pMethods->xClose(real(f)); },
        [](sqlite3_file *f, void *p, int n, sqlite3_int64 o) {
            return real(f)->pMethods->xRead(real(f), p, n, o);
        },
        [](sqlite3_file *f, const void *p, int n, sqlite3_int64 o) {
            return real(f)->pMethods->xWrite(real(f), p, n, o);
        },
        [](sqlite3_file *f, sqlite3_int64 size) {
            return real(f)->pMethods->xTruncate(real(f), size);
        },
        [](sqlite3_file *f, int flags) {
            if (reinterpret_cast<File *>(f)->wal)
                ++count();
            return real(f)->pMethods->xSync(real(f), flags);
        },
        [](sqlite3_file *f, sqlite3_int64 *size) {
            return real(f)->pMethods->xFileSize(real(f), size);
        },
        [](sqlite3_file *f, int lock) { return real(f)->pMethods->xLock(real(f), lock); },
        [](sqlite3_file *f, int lock) { return real(f)->pMethods->xUnlock(real(f), lock); },
        [](sqlite3_file *f, int *out) {
            return real(f)->pMethods->xCheckReservedLock(real(f), out);
        },
        [](sqlite3_file *f, int op, void *arg) {
            return real(f)->pMethods->xFileControl(real(f), op, arg);
        },
        [](sqlite3_file *f) { return real(f)->pMethods->xSectorSize(real(f)); },
        [](sqlite3_file *f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); },
        [](sqlite3_file *f, int page, int size, int extend, void volatile **out) {
            return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
        },
        [](sqlite3_file *f, int offset, int n, int flags) {
            return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
        },
        [](sqlite3_file *f) { real(f)->pMethods->xShmBarrier(real(f)); },
        [](sqlite3_file *f, int deleteFlag) {
            return real(f)->pMethods->xShmUnmap(real(f), deleteFlag);
        },
        [](sqlite3_file *f, sqlite3_int64 offset, int amount, void **out) {
            return real(f)->pMethods->xFetch(real(f), offset, amount, out);
        },
        [](sqlite3_file *f, sqlite3_int64 offset, void *p) {
            return real(f)->pMethods->xUnfetch(real(f), offset, p);
        },
    };
    return m;
}

} // namespace detail

// Once per process, before the connections to watch are opened.
inline void install()
{
    static sqlite3_vfs vfs = [] {
        sqlite3_vfs *base = sqlite3_vfs_find(nullptr);
        sqlite3_vfs v = *base; // the rest as the default one does it
        v.szOsFile = int(sizeof(detail::File)) + base->szOsFile;
        v.zName = "fetchdeck-walsyncs";
        v.pAppData = base;
        v.pNext = nullptr;
        v.xOpen = [](sqlite3_vfs *self, const char *name, sqlite3_file *file, int flags,
                     int *outFlags) {
            auto *base = static_cast<sqlite3_vfs *>(self->pAppData);
            auto *wrapped = reinterpret_cast<detail::File *>(file);
            wrapped->base.pMethods = nullptr;
            wrapped->wal = (flags & SQLITE_OPEN_WAL) != 0;
            const int rc = base->xOpen(base, name, wrapped->real(), flags, outFlags);
            if (wrapped->real()->pMethods)
                wrapped->base.pMethods = &detail::methods();
            return rc;
        };
        v.xDelete = [](sqlite3_vfs *self, const char *name, int syncDir) {
            auto *base = static_cast<sqlite3_vfs *>(self->pAppData);
            return base->xDelete(base, name, syncDir);
        };
        v.xAccess = [](sqlite3_vfs *self, const char *name, int flags, int *out) {
            auto *base = static_cast<sqlite3_vfs *>(self->pAppData);
            return base->xAccess(base, name, flags, out);
        };
        v.xFullPathname = [](sqlite3_vfs *self, const char *name, int n, char *out) {
            auto *base = static_cast<sqlite3_vfs *>(self->pAppData);
            return base->xFullPathname(base, name, n, out);
        };
        return v;
    }();
    static const bool registered = sqlite3_vfs_register(&vfs, 1) == SQLITE_OK;
    (void)registered;
}

} // namespace WalSyncs
