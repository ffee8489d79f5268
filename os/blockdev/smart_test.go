package blockdev

import (
	"encoding/binary"
	"testing"
	"unsafe"
)

// The log page's layout: the unaligned temperature at byte 1, 128-bit
// counters from byte 32, little-endian.
func TestParseSmartLog(t *testing.T) {
	var log [SmartLogSize]byte
	log[0], log[3], log[4], log[5] = 0x04, 97, 10, 3
	binary.LittleEndian.PutUint16(log[1:], 0x0135) // 309 K
	for i := range 10 {
		binary.LittleEndian.PutUint64(log[32+16*i:], uint64(100+i))
		binary.LittleEndian.PutUint64(log[40+16*i:], uint64(i))
	}
	s := ParseSmartLog(&log)
	want := NVMeSmart{Type: "nvme", CriticalWarning: 4, Temperature: 309, AvailableSpare: 97, AvailableSpareThreshold: 10, PercentageUsed: 3,
		DataUnitsReadLo: 100, DataUnitsReadHi: 0, DataUnitsWrittenLo: 101, DataUnitsWrittenHi: 1,
		HostReadCommandsLo: 102, HostReadCommandsHi: 2, HostWriteCommandsLo: 103, HostWriteCommandsHi: 3,
		ControllerBusyTimeLo: 104, ControllerBusyTimeHi: 4, PowerCyclesLo: 105, PowerCyclesHi: 5,
		PowerOnHoursLo: 106, PowerOnHoursHi: 6, UnsafeShutdownsLo: 107, UnsafeShutdownsHi: 7,
		MediaErrorsLo: 108, MediaErrorsHi: 8, NumberOfErrorLogEntriesLo: 109, NumberOfErrorLogEntriesHi: 9}
	if *s != want {
		t.Errorf("got  %+v\nwant %+v", *s, want)
	}
}

// The admin ioctl must be _IOWR('N', 0x41, struct nvme_admin_cmd), a
// 72-byte struct: a wrong number would send another ioctl to the disk.
func TestNVMeIoctlNumber(t *testing.T) {
	size := uint(unsafe.Sizeof(nvmeAdminCmd{}))
	if got := 3<<30 | size<<16 | 'N'<<8 | 0x41; size != 72 || got != nvmeIoctlAdminCmd {
		t.Errorf("NVME_IOCTL_ADMIN_CMD %#x, _IOWR('N',0x41,72) = %#x (size %d)", nvmeIoctlAdminCmd, got, size)
	}
}
