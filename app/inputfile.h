// An aria2 input file (-i) read into downloads: each entry's URLs (the first, then its
// mirrors), out=, dir= (which may not leave the download folder unless --allow-dirs-outside),
// checksum= and extract=. Bad entries go to the options' bad lines.
#pragma once

#include "options.h"

class QTextStream;

void readInputFile(QTextStream &in, const QString &baseDirectory, Options &opts);
