// Icons for the dashboard: the desktop theme's when it has them, else the bundled ones drawn for
// Fetchdeck (resources/icons).
#pragma once

#include "models/task.h"

#include <QIcon>

namespace Icons {
enum class Id { Add, Cancel, Retry, Remove, Open, Folder, Settings };

QIcon get(Id id);
QIcon forState(TaskState state); // bundled only: the State column must look the same everywhere
QIcon app();
} // namespace Icons
