package blockdev

import "encoding/binary"

// NVMeSmart is qemu-ga's GuestDiskSmart for an NVMe disk (type "nvme"):
// the SMART / Health Information log page (log identifier 02h) of the
// NVMe specification, 128-bit counters split in two.
type NVMeSmart struct {
	Type                      string `json:"type"` // "nvme"
	CriticalWarning           int    `json:"critical-warning"`
	Temperature               int    `json:"temperature"`
	AvailableSpare            int    `json:"available-spare"`
	AvailableSpareThreshold   int    `json:"available-spare-threshold"`
	PercentageUsed            int    `json:"percentage-used"`
	DataUnitsReadLo           uint64 `json:"data-units-read-lo"`
	DataUnitsReadHi           uint64 `json:"data-units-read-hi"`
	DataUnitsWrittenLo        uint64 `json:"data-units-written-lo"`
	DataUnitsWrittenHi        uint64 `json:"data-units-written-hi"`
	HostReadCommandsLo        uint64 `json:"host-read-commands-lo"`
	HostReadCommandsHi        uint64 `json:"host-read-commands-hi"`
	HostWriteCommandsLo       uint64 `json:"host-write-commands-lo"`
	HostWriteCommandsHi       uint64 `json:"host-write-commands-hi"`
	ControllerBusyTimeLo      uint64 `json:"controller-busy-time-lo"`
	ControllerBusyTimeHi      uint64 `json:"controller-busy-time-hi"`
	PowerCyclesLo             uint64 `json:"power-cycles-lo"`
	PowerCyclesHi             uint64 `json:"power-cycles-hi"`
	PowerOnHoursLo            uint64 `json:"power-on-hours-lo"`
	PowerOnHoursHi            uint64 `json:"power-on-hours-hi"`
	UnsafeShutdownsLo         uint64 `json:"unsafe-shutdowns-lo"`
	UnsafeShutdownsHi         uint64 `json:"unsafe-shutdowns-hi"`
	MediaErrorsLo             uint64 `json:"media-errors-lo"`
	MediaErrorsHi             uint64 `json:"media-errors-hi"`
	NumberOfErrorLogEntriesLo uint64 `json:"number-of-error-log-entries-lo"`
	NumberOfErrorLogEntriesHi uint64 `json:"number-of-error-log-entries-hi"`
}

// SmartLogSize is the SMART log page's size in bytes.
const SmartLogSize = 512

// ParseSmartLog decodes a SMART log page (little-endian; the temperature
// is an unaligned 16-bit field at byte 1, the counters pairs of 64-bit
// words from byte 32).
func ParseSmartLog(log *[SmartLogSize]byte) *NVMeSmart {
	le := binary.LittleEndian
	pair := func(off int) (uint64, uint64) { return le.Uint64(log[off:]), le.Uint64(log[off+8:]) }
	s := &NVMeSmart{
		Type: "nvme", CriticalWarning: int(log[0]), Temperature: int(le.Uint16(log[1:])),
		AvailableSpare: int(log[3]), AvailableSpareThreshold: int(log[4]), PercentageUsed: int(log[5]),
	}
	s.DataUnitsReadLo, s.DataUnitsReadHi = pair(32)
	s.DataUnitsWrittenLo, s.DataUnitsWrittenHi = pair(48)
	s.HostReadCommandsLo, s.HostReadCommandsHi = pair(64)
	s.HostWriteCommandsLo, s.HostWriteCommandsHi = pair(80)
	s.ControllerBusyTimeLo, s.ControllerBusyTimeHi = pair(96)
	s.PowerCyclesLo, s.PowerCyclesHi = pair(112)
	s.PowerOnHoursLo, s.PowerOnHoursHi = pair(128)
	s.UnsafeShutdownsLo, s.UnsafeShutdownsHi = pair(144)
	s.MediaErrorsLo, s.MediaErrorsHi = pair(160)
	s.NumberOfErrorLogEntriesLo, s.NumberOfErrorLogEntriesHi = pair(176)
	return s
}
