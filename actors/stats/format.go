package stats

import "github.com/goqga/goqga/os/kstat"

// CPUStat is one entry of guest-get-cpustats (GuestCpuStats, type linux).
type CPUStat struct {
	Type      string  `json:"type"`
	CPU       int64   `json:"cpu"`
	User      uint64  `json:"user"`
	Nice      uint64  `json:"nice"`
	System    uint64  `json:"system"`
	Idle      uint64  `json:"idle"`
	IOWait    *uint64 `json:"iowait,omitempty"`
	IRQ       *uint64 `json:"irq,omitempty"`
	SoftIRQ   *uint64 `json:"softirq,omitempty"`
	Steal     *uint64 `json:"steal,omitempty"`
	Guest     *uint64 `json:"guest,omitempty"`
	GuestNice *uint64 `json:"guestnice,omitempty"`
}

// cpuStat converts ticks to milliseconds as qemu-ga does (ticks * 1000 /
// USER_HZ in unsigned 64-bit arithmetic) and shows the optional times
// qemu-ga shows for the counters present.
func cpuStat(c kstat.CPUStat, ticks uint64) CPUStat {
	ms := func(i int) uint64 { return c.Ticks[i] * 1000 / ticks }
	opt := func(i, need int) *uint64 {
		if c.N < need {
			return nil
		}
		v := ms(i)
		return &v
	}
	return CPUStat{
		Type: "linux", CPU: c.CPU, User: ms(0), Nice: ms(1), System: ms(2), Idle: ms(3),
		IOWait: opt(4, 5), IRQ: opt(5, 6), SoftIRQ: opt(6, 6), // qemu-ga: irq and softirq together
		Steal: opt(7, 8), Guest: opt(8, 9), GuestNice: opt(9, 10),
	}
}

// DiskStatsInfo is one entry of guest-get-diskstats.
type DiskStatsInfo struct {
	Name  string    `json:"name"`
	Major uint64    `json:"major"`
	Minor uint64    `json:"minor"`
	Stats DiskStats `json:"stats"`
}

// DiskStats are a device's counters under qemu-ga's names, in its order;
// each is present only where the kernel's line has it.
type DiskStats struct {
	ReadSectors    *uint64 `json:"read-sectors,omitempty"`
	ReadIOs        *uint64 `json:"read-ios,omitempty"`
	ReadMerges     *uint64 `json:"read-merges,omitempty"`
	WriteSectors   *uint64 `json:"write-sectors,omitempty"`
	WriteIOs       *uint64 `json:"write-ios,omitempty"`
	WriteMerges    *uint64 `json:"write-merges,omitempty"`
	DiscardSectors *uint64 `json:"discard-sectors,omitempty"`
	DiscardIOs     *uint64 `json:"discard-ios,omitempty"`
	DiscardMerges  *uint64 `json:"discard-merges,omitempty"`
	FlushIOs       *uint64 `json:"flush-ios,omitempty"`
	ReadTicks      *uint64 `json:"read-ticks,omitempty"`
	WriteTicks     *uint64 `json:"write-ticks,omitempty"`
	DiscardTicks   *uint64 `json:"discard-ticks,omitempty"`
	FlushTicks     *uint64 `json:"flush-ticks,omitempty"`
	IOsPgr         *uint64 `json:"ios-pgr,omitempty"`
	TotalTicks     *uint64 `json:"total-ticks,omitempty"`
	WeightTicks    *uint64 `json:"weight-ticks,omitempty"`
}

// diskStats names the counters of a line by its length, as qemu-ga:
// 4 (old partitions: read ios, read sectors, write ios, write sectors),
// 11 and more (the full read/write set), 15 and more (discards), 17
// (flushes). Other lengths name nothing.
func diskStats(d kstat.DiskStat) DiskStats {
	c := d.Counters
	p := func(i int) *uint64 { v := c[i]; return &v }
	var s DiskStats
	if d.N == 4 {
		s.ReadIOs, s.ReadSectors, s.WriteIOs, s.WriteSectors = p(0), p(1), p(2), p(3)
	}
	if d.N >= 11 {
		s.ReadIOs, s.ReadMerges, s.ReadSectors, s.ReadTicks = p(0), p(1), p(2), p(3)
		s.WriteIOs, s.WriteMerges, s.WriteSectors, s.WriteTicks = p(4), p(5), p(6), p(7)
		s.IOsPgr, s.TotalTicks, s.WeightTicks = p(8), p(9), p(10)
	}
	if d.N >= 15 {
		s.DiscardIOs, s.DiscardMerges, s.DiscardSectors, s.DiscardTicks = p(11), p(12), p(13), p(14)
	}
	if d.N >= 17 {
		s.FlushIOs, s.FlushTicks = p(15), p(16)
	}
	return s
}
