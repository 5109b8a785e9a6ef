// Icons for the dashboard: the desktop theme's when it has them, else the bundled ones drawn for
// Fetchdeck (resources/icons).
#pragma once

#include "models/task.h"

#include <QIcon>
#include <QPalette>

namespace Icons {
enum class Id { Add, Cancel, Retry, Remove, Open, Folder, Settings, Pause, Resume };

QIcon get(Id id);
QIcon forState(TaskState state); // bundled only: the State column must look the same everywhere
QIcon forKind(TaskKind kind);    // job tasks' mark in the Name column; a blank for downloads
QIcon retrying();                // a queued task waiting to retry (bundled, as forState())
QIcon app();
// The colour of an error's words: a deep red on a light window, a light one on a dark window,
// so that it reads in either palette. As a style sheet rule, optionally bold.
QString errorStyle(const QPalette &palette, bool bold = false);
} // namespace Icons
