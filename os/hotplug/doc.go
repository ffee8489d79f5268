// Package hotplug is the OS boundary of the hardware domain: the guest's
// logical processors and memory blocks as sysfs shows them
// (/sys/devices/system/cpu/cpuN/online, /sys/devices/system/memory/memoryN/
// {state,removable} and block_size_bytes), and the writes that take them
// online or offline.
//
// Two Sources:
//   - Linux reads and writes sysfs under a root (injectable: tests point it
//     at a tree in testdata built from this machine's values). Its writes
//     change the real machine: only the VM suite and a guest run them.
//   - Sim serves and changes the simulated guest's World (its Kernel's
//     CPUs and Memory) and journals every change it makes.
//
// WithFaults puts the fault points os.cpus, os.set_cpu, os.memory_blocks,
// os.set_memory_block and os.memory_block_size in front of either;
// WithDeadlines bounds every call (ReadDeadline, WriteDeadline).
//
// Invariants:
//   - Entries come in directory order, as qemu-ga's readdir walk gives
//     them; a directory is read in batches and at most MaxCPUs or
//     MaxMemoryBlocks entries are kept (more is an error, never a silent
//     cut).
//   - A setter writes only when the state differs ("changed"), as
//     qemu-ga does; the result tells whether it wrote.
//   - SetMemoryBlock's errors say which step failed (ErrNotFound,
//     ErrUnsupported, or anything else for a failed operation) and wrap
//     the errno, so the domain can answer qemu-ga's response and
//     error-code.
//   - Behind WithDeadlines no call takes longer than its deadline, and at
//     most one call of each kind (listing CPUs, listing blocks, the block
//     size, any write) is left stuck in the kernel.
//   - Every descriptor is close-on-exec (os.Open); nothing is read beyond
//     the few bytes a sysfs attribute holds.
package hotplug
