package blockdev

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/goqga/goqga/os/sim"
)

// Sim serves the simulated guest's disks (World.Storage.Disks) as the
// Walker would find them in a real sysfs: partitions carry their disk's
// address with their own node, virtual devices resolve through their
// slaves, devices that are not listed have only a name.
type Sim struct {
	disks []sim.Disk
	byDev map[string]simDev  // "major:minor" -> device
	named map[string]simDev  // kernel name -> device
	addrs map[string]Address // disk name -> its address, Dev empty
}

// simDev is a disk, or a partition of one.
type simDev struct {
	disk *sim.Disk
	part string // the partition's name; "" for the disk itself
}

func (d simDev) name() string {
	if d.part != "" {
		return d.part
	}
	return d.disk.Name
}

// NewSim checks the World's disks (names and devs unique and well
// formed, slaves known, addresses parse) and serves them.
func NewSim(w *sim.World) (*Sim, error) {
	s := &Sim{disks: w.Storage.Disks, byDev: map[string]simDev{}, named: map[string]simDev{}, addrs: map[string]Address{}}
	for i := range s.disks {
		d := &s.disks[i]
		if err := s.add(simDev{disk: d}, d.Dev); err != nil {
			return nil, err
		}
		for _, p := range d.Partitions {
			if err := s.add(simDev{disk: d, part: p.Name}, p.Dev); err != nil {
				return nil, err
			}
		}
		if d.Address != nil {
			a, err := simAddress(d.Address)
			if err != nil {
				return nil, fmt.Errorf("sim disk %s: %v", d.Name, err)
			}
			s.addrs[d.Name] = a
		}
	}
	for _, d := range s.disks {
		for _, sl := range d.Slaves {
			if _, ok := s.named[sl]; !ok {
				return nil, fmt.Errorf("sim disk %s: unknown slave %q", d.Name, sl)
			}
		}
	}
	return s, nil
}

func (s *Sim) add(d simDev, dev string) error {
	name := d.name()
	if _, _, ok := parseDev(dev); name == "" || !ok {
		return fmt.Errorf("sim disk %q: bad name or dev %q (want major:minor)", name, dev)
	}
	if _, dup := s.named[name]; dup {
		return fmt.Errorf("sim disk %q listed twice", name)
	}
	if _, dup := s.byDev[dev]; dup {
		return fmt.Errorf("sim disk %q: dev %s listed twice", name, dev)
	}
	s.named[name], s.byDev[dev] = d, d
	return nil
}

func simAddress(sa *sim.Address) (Address, error) {
	a := Unknown()
	if sa.BusType != "" {
		a.BusType = sa.BusType
	}
	if sa.PCI != "" {
		pci, n, ok := parsePCI(sa.PCI)
		if !ok || n != len(sa.PCI) {
			return a, fmt.Errorf("bad PCI address %q (want 0000:00:04.0)", sa.PCI)
		}
		a.PCI = pci
	}
	a.Bus, a.Target, a.Unit, a.Serial = sa.Bus, sa.Target, sa.Unit, sa.Serial
	return a, nil
}

// Device resolves major:minor.
func (s *Sim) Device(major, minor uint32) (Device, error) {
	key := fmt.Sprintf("%d:%d", major, minor)
	d, ok := s.byDev[key]
	if !ok {
		return Device{Name: key}, nil // not in sysfs: the name is all there is
	}
	out := Device{Name: d.name()}
	s.resolve(d, &out, 0)
	return out, nil
}

func (s *Sim) resolve(d simDev, out *Device, depth int) {
	if depth > maxDepth {
		return
	}
	if a, ok := s.addrs[d.disk.Name]; ok {
		a.Dev = "/dev/" + d.name()
		out.Disks = append([]Address{a}, out.Disks...)
		return
	}
	if d.part != "" {
		return
	}
	for _, sl := range d.disk.Slaves {
		s.resolve(s.named[sl], out, depth+1)
	}
}

// Disks lists the devices as guest-get-disks does.
func (s *Sim) Disks() ([]Disk, error) {
	var out []Disk
	for _, d := range s.disks {
		if d.Empty {
			continue
		}
		node := "/dev/" + d.Name
		e := Disk{Name: node, Alias: d.Alias, Dependencies: []string{}}
		if a, ok := s.addrs[d.Name]; ok {
			a.Dev = node
			e.Address = &a
		}
		for _, sl := range d.Slaves {
			e.Dependencies = append([]string{"/dev/" + sl}, e.Dependencies...)
		}
		out = append(out, e)
		for _, p := range d.Partitions {
			out = append(out, Disk{Name: "/dev/" + p.Name, Partition: true, Dependencies: []string{node}})
		}
	}
	slices.Reverse(out)
	return out, nil
}

// DevOf answers for /dev/block/M:m nodes, the sources SimMounts gives.
func (s *Sim) DevOf(path string) (uint32, uint32, error) {
	if dev, ok := strings.CutPrefix(path, "/dev/block/"); ok {
		if major, minor, ok := parseDev(dev); ok {
			return major, minor, nil
		}
	}
	return 0, 0, ErrNotBlockDevice
}

// parseDev parses "major:minor".
func parseDev(s string) (uint32, uint32, bool) {
	a, b, ok := strings.Cut(s, ":")
	major, err1 := strconv.ParseUint(a, 10, 32)
	minor, err2 := strconv.ParseUint(b, 10, 32)
	return uint32(major), uint32(minor), ok && err1 == nil && err2 == nil
}

// Smart answers a healthy log for the simulated NVMe disks: 37 °C (310
// K), all spare left, nothing used, and "no such device" for others.
func (s *Sim) Smart(node string) (*NVMeSmart, error) {
	d, ok := s.named[strings.TrimPrefix(node, "/dev/")]
	if !ok || d.part != "" || d.disk.Address == nil || d.disk.Address.BusType != "nvme" {
		return nil, syscall.ENODEV
	}
	return &NVMeSmart{Type: "nvme", Temperature: 310, AvailableSpare: 100, AvailableSpareThreshold: 10, PowerCyclesLo: 1}, nil
}
