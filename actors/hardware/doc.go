// Package hardware is the domain of the guest's vCPUs and memory blocks:
// guest-get-vcpus, guest-set-vcpus, guest-get-memory-blocks,
// guest-set-memory-blocks and guest-get-memory-block-info.
//
// It owns what it touches: the online state of CPUs and memory blocks
// (through os/hotplug). It turns hotplug's facts into qemu-ga's answers:
//   - every vCPU entry has can-offline (libvirt rejects a reply without
//     it); entries come in the kernel's directory order, as qemu-ga's;
//   - guest-set-vcpus applies entries in order and stops at the first
//     failure: it answers how many it processed, or the error when that
//     is the first entry; an empty list answers 0;
//   - guest-set-memory-blocks answers one result per block, in order:
//     success (also when the block already was so), not-found,
//     operation-not-supported or operation-failed, the last three with
//     the errno as error-code.
//
// Invariants:
//   - Logic holds no state; every OS call runs in an Op, off the actor,
//     and a set request's writes all run in one Op, so they are applied
//     in order and no other hardware request interleaves.
//   - Each set request leaves exactly one audit line (audit.Line) with
//     what it changed, counts bounded, never arguments verbatim.
//   - The setters are never AllowedFrozen; the readers are, because they
//     read sysfs only, never a frozen filesystem, and the VM suite proves
//     each answers within a second while the guest's disks are frozen.
package hardware
