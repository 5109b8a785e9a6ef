// The process's descriptor table, sized once at start for the connections and files to come.
// Linux grows the table (doubling) when a new descriptor does not fit, and in a process with
// more than one thread every growth first waits for an RCU grace period (synchronize_rcu() in
// expand_files()): 10-30 ms on a 2-core VM, spent by whichever thread asked for the descriptor.
// 50 downloads that split open 350 connections in their first second and crossed 128, 256 and
// 512 descriptors on the GUI thread: the window froze for up to 28 ms each time (perf's
// sched_switch stacks: socket() -> alloc_fd -> expand_files -> synchronize_rcu).
#pragma once

namespace DescriptorTable {

inline constexpr int DefaultSlots = 4096; // 32 KiB of table; the kernel never shrinks it
inline constexpr int SoftLimit = 16384;   // descriptors the app may open, the hard limit allowing

// Raises the soft RLIMIT_NOFILE (1024 where Debian starts a program) to SoftLimit, or to the
// hard limit when that is lower: connections beyond the soft limit fail, and a thread started
// then aborts the process (Qt's event dispatcher needs a descriptor). Call first thing in
// main(). Epoll and poll() have no limit of their own; select() is never used.
void raiseLimit();

// Grows the table to `slots` descriptors, or to the soft RLIMIT_NOFILE when that is lower (no
// descriptor could be numbered higher anyway). Call first thing in main(), while the process
// has one thread and the growth costs no grace period. Opens nothing that stays open.
void reserve(int slots = DefaultSlots);

// The table's size (FDSize in /proc/self/status), -1 when it cannot be read.
int size();

} // namespace DescriptorTable
