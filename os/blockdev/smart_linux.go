//go:build linux

package blockdev

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// nvmeAdminCmd is linux/nvme_ioctl.h's struct nvme_admin_cmd.
type nvmeAdminCmd struct {
	Opcode      uint8
	Flags       uint8
	Rsvd1       uint16
	NSID        uint32
	Cdw2, Cdw3  uint32
	Metadata    uint64
	Addr        uint64
	MetadataLen uint32
	DataLen     uint32
	Cdw10       uint32
	Cdw11       uint32
	Cdw12       uint32
	Cdw13       uint32
	Cdw14       uint32
	Cdw15       uint32
	TimeoutMs   uint32
	Result      uint32
}

// The NVMe admin ioctl and the Get Log Page command for SMART, as qemu-ga
// issues it: every namespace, "retain asynchronous event" set, the
// length in dwords minus one.
const (
	nvmeIoctlAdminCmd = 0xC0484E41 // _IOWR('N', 0x41, struct nvme_admin_cmd)
	nvmeGetLogPage    = 0x02
	nvmeLogSmart      = 0x02
	nvmeNSIDAll       = 0xFFFFFFFF
)

// Smart reads an NVMe disk's SMART log through its device node (under
// Root), with the admin ioctl qemu-ga uses. It needs CAP_SYS_ADMIN.
func (w *Walker) Smart(node string) (*NVMeSmart, error) {
	fd, err := unix.Open(w.abs(node), unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	log := new([SmartLogSize]byte) // on the heap: the kernel writes it through a plain address
	cmd := nvmeAdminCmd{
		Opcode: nvmeGetLogPage, NSID: nvmeNSIDAll,
		Addr:    uint64(uintptr(unsafe.Pointer(log))),
		DataLen: SmartLogSize,
		Cdw10:   nvmeLogSmart | 1<<15 | (SmartLogSize/4-1)<<16,
	}
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), nvmeIoctlAdminCmd, uintptr(unsafe.Pointer(&cmd)))
	runtime.KeepAlive(log)
	if e != 0 {
		return nil, e
	}
	return ParseSmartLog(log), nil
}
