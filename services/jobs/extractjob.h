// Unpacking downloaded archives (.zip, .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2, .7z) with
// libarchive as a blocking job for JobRunner: into a fresh folder, refusing entries that would
// land outside it, stopping zip bombs, and leaving nothing behind on failure or cancel.
#pragma once

#include "jobcontext.h"

#include <QString>

namespace ExtractJob {
// The unpacked size may not exceed this many times the archive's size...
constexpr qint64 MaxExpansionRatio = 100;
// ...except that any archive may unpack to this much (tiny archives of text exceed 100x).
constexpr qint64 MinUnpackedBudget = 16 * 1024 * 1024;
// Entries (files, folders, links) may not exceed one per this many archive bytes...
constexpr qint64 MinArchiveBytesPerEntry = 256;
// ...except that any archive may hold this many (a source tarball: tens of thousands at ~1 KiB
// each). 100,000 empty folders fit in 450 KiB of .tar.gz: 393 MB of directory blocks.
constexpr qint64 MinEntryBudget = 20000;

// "<archive dir>/<name without .tar.gz/.tgz/.tar.xz/.txz/.tar.bz2/.tbz2/.zip/.7z/.tar>".
QString extractionFolderFor(const QString &archivePath);

// Blocking. Unpacks into a new hidden folder beside `destDir` (".<name>.fetchdeck-unpacking"),
// syncs it, and renames it to `destDir` (or "destDir (1)", "destDir (2)", ... if it exists: an
// existing folder is never written into or replaced). Output: the folder actually used. Killed
// halfway, nothing is left under the archive's name; the next extraction for it removes what
// was left. Errors: "refused unsafe entry: <name>" (absolute path, "..", a link leading
// outside), a zip-bomb or disk-space stop, libarchive's message. On any failure or cancel the
// hidden folder is removed again. Progress: compressed bytes read out of the archive's size.
JobResult extractArchive(const QString &archive, const QString &destDir, JobContext &context);
} // namespace ExtractJob
