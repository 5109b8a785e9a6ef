// --headless --aria2-rpc: a script's downloads run on an aria2 daemon.
#pragma once

struct Options;

// The downloads of `opts` on its daemon; nothing is stored here and -d is a folder on the
// daemon's machine. The run's exit status.
int runOnAria2(const Options &opts);
