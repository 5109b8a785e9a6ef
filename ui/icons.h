// Icons for the dashboard: the desktop theme's when it has them, else the bundled ones drawn for
// Fetchdeck (resources/icons).
#pragma once

#include "models/task.h"

#include <QIcon>

namespace Icons {
enum class Id { Add, Cancel, Retry, Remove, Open, Folder, Settings, Pause, Resume };

QIcon get(Id id);
QIcon forState(TaskState state); // bundled only: the State column must look the same everywhere
QIcon forKind(TaskKind kind);    // job tasks' mark in the Name column; a blank for downloads
QIcon app();
} // namespace Icons
