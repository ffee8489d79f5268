package blockdev

import (
	"slices"
	"strconv"
	"strings"
)

// The PCI drivers whose disks qemu-ga can place on a bus. A path's PCI
// devices are tried from the root down until one is driven by one of
// them (bridges and ports are passed through).
var knownDrivers = []string{"ata_piix", "sym53c8xx", "virtio-pci", "ahci", "nvme", "xhci_hcd", "ehci-pci"}

// maxHosts is how many ataN/hostN entries qemu-ga reads to number a
// controller's buses.
const maxHosts = 8

// lookup is what address resolution reads besides the path: the driver
// of a PCI device directory ("" when it has none) and the numbers of the
// ataN (ata) or hostN entries of a directory, in directory order.
type lookup interface {
	driver(dir string) string
	hosts(dir string, ata bool) ([]int, error)
}

// resolve fills a from a real device's sysfs path (the realpath of
// /sys/dev/block/M:m) the way qemu-ga does, and reports whether the path
// told anything about the hardware.
func resolve(syspath string, a *Address, l lookup) (bool, error) {
	switch {
	case strings.Contains(syspath, "/devices/pci"):
		return resolvePCI(syspath, a, l)
	case strings.Contains(syspath, "/devices/css"):
		return resolveCCW(syspath, a), nil
	case strings.Contains(syspath, "/virtio"):
		return resolveVirtio(syspath, a), nil
	}
	return false, nil
}

// resolvePCI handles a disk behind a PCI controller.
func resolvePCI(syspath string, a *Address, l lookup) (bool, error) {
	i := strings.Index(syspath, "/devices/pci")
	rest := syspath[i+len("/devices/pci"):]
	// "0000:00/" names the root bus; the first device follows it.
	slash := strings.IndexByte(rest, '/')
	if slash < 0 || !isRootBus(rest[:slash]) {
		return false, nil
	}
	pci, n, ok := parsePCI(rest[slash+1:])
	if !ok {
		return false, nil
	}
	end := len(syspath) - len(rest) + slash + 1 + n
	driver := ""
	for {
		if d := l.driver(syspath[:end]); slices.Contains(knownDrivers, d) {
			driver = d
			break
		}
		if !strings.HasPrefix(syspath[end:], "/") {
			return false, nil
		}
		next, n, ok := parsePCI(syspath[end+1:])
		if !ok {
			return false, nil
		}
		pci, end = next, end+1+n
	}
	tgt, hasTgt := parseTarget(syspath)
	host, hostDir, ata, hasHost := parseHost(syspath)
	var hosts []int
	if hasHost {
		var err error
		if hosts, err = l.hosts(hostDir, ata); err != nil {
			return false, err
		}
	}
	a.PCI = pci
	return busAddress(driver, a, tgt, hasTgt, slices.Index(sorted(hosts), host), hasHost), nil
}

// busAddress sets the bus type, bus and unit from what the path said:
// tgt is the SCSI address after "target", hostIdx the controller's rank
// among its hosts (-1 when not among them).
func busAddress(driver string, a *Address, tgt [3]int, hasTgt bool, hostIdx int, hasHost bool) bool {
	switch driver {
	case "ata_piix": // a host per IDE bus, target*:0:<unit>:0
		if !hasHost || !hasTgt || hostIdx < 0 {
			return false
		}
		a.BusType, a.Bus, a.Unit = "ide", hostIdx, tgt[1]
	case "sym53c8xx": // LSI SCSI: target*:0:<unit>:0
		if !hasTgt {
			return false
		}
		a.BusType, a.Unit = "scsi", tgt[1]
	case "virtio-pci":
		if hasTgt { // virtio-scsi: target*:0:0:<unit>
			a.BusType, a.Unit = "scsi", tgt[2]
		} else { // virtio-blk: one disk per device
			a.BusType = "virtio"
		}
	case "ahci": // a host per port
		if !hasHost || !hasTgt || hostIdx < 0 {
			return false
		}
		a.BusType, a.Unit = "sata", hostIdx
	case "nvme":
		a.BusType = "nvme"
	case "xhci_hcd", "ehci-pci":
		a.BusType = "usb"
	default:
		return false
	}
	return true
}

// resolveVirtio handles a virtio device on a non-PCI transport (mmio,
// ccw).
func resolveVirtio(syspath string, a *Address) bool {
	if !strings.Contains(syspath, "/virtio") || !strings.Contains(syspath, "/block") {
		return false
	}
	if tgt, ok := parseTarget(syspath); ok { // virtio-scsi: target*:0:<target>:<unit>
		a.BusType, a.Bus, a.Target, a.Unit = "scsi", tgt[0], tgt[1], tgt[2]
	} else {
		a.BusType = "virtio"
	}
	return true
}

// resolveCCW handles an s390x channel device:
// /devices/css0/0.0.0000/0.0.0001/virtio0/block/vda.
func resolveCCW(syspath string, a *Address) bool {
	i := strings.Index(syspath, "/devices/css")
	parts := strings.Split(syspath[i+len("/devices/css"):], "/")
	if len(parts) < 4 {
		return false
	}
	sch := hexFields(parts[1], '.', 3)
	dev := hexFields(parts[2], '.', 3)
	if sch == nil || dev == nil {
		return false
	}
	a.CCW = &CCWAddress{CSSID: sch[0], SSID: sch[1], Subchno: sch[2], Devno: dev[2]}
	if strings.Contains(syspath[i:], "/virtio") {
		resolveVirtio(syspath, a)
	}
	return true
}

// isRootBus accepts "DDDD:BB", the PCI root's directory name after "pci".
func isRootBus(s string) bool { return hexFields(s, ':', 2) != nil }

// parsePCI reads "DDDD:BB:SS.F" at the start of s.
func parsePCI(s string) (PCIAddress, int, bool) {
	end := strings.IndexByte(s, '/')
	if end < 0 {
		end = len(s)
	}
	dbs, fn, ok := strings.Cut(s[:end], ".")
	f := hexFields(dbs, ':', 3)
	fnv, err := strconv.ParseUint(fn, 16, 31)
	if !ok || f == nil || err != nil {
		return PCIAddress{}, 0, false
	}
	return PCIAddress{f[0], f[1], f[2], int(fnv)}, end, true
}

// parseTarget reads the SCSI address after "/target": in
// "/target2:0:1/2:0:1:3" it is channel 0, target 1, lun 3.
func parseTarget(syspath string) ([3]int, bool) {
	i := strings.Index(syspath, "/target")
	if i < 0 {
		return [3]int{}, false
	}
	parts := strings.SplitN(syspath[i+len("/target"):], "/", 3)
	if len(parts) < 2 || decFields(parts[0], 3) == nil {
		return [3]int{}, false
	}
	f := decFields(parts[1], 4)
	if f == nil {
		return [3]int{}, false
	}
	return [3]int{f[1], f[2], f[3]}, true
}

// parseHost finds the ATA port ("/ataN", preferred) or SCSI host
// ("/hostN") in the path: its number and the directory listing its
// siblings.
func parseHost(syspath string) (host int, dir string, ata, ok bool) {
	i, skip := strings.Index(syspath, "/ata"), len("/ata")
	ata = i >= 0
	if !ata {
		i, skip = strings.Index(syspath, "/host"), len("/host")
	}
	if i < 0 {
		return 0, "", ata, false
	}
	n, ok := leadingUint(syspath[i+skip:])
	return n, syspath[:i], ata, ok
}

// leadingUint reads the decimal number that s starts with.
func leadingUint(s string) (int, bool) {
	end := 0
	for end < len(s) && end < 9 && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 {
		return 0, false
	}
	n, _ := strconv.Atoi(s[:end])
	return n, true
}

// hexFields splits s at sep into exactly n hexadecimal numbers.
func hexFields(s string, sep byte, n int) []int { return fields(s, sep, n, 16) }

// decFields splits s at ':' into exactly n decimal numbers.
func decFields(s string, n int) []int { return fields(s, ':', n, 10) }

func fields(s string, sep byte, n, base int) []int {
	parts := strings.Split(s, string(sep))
	if len(parts) != n {
		return nil
	}
	out := make([]int, n)
	for i, p := range parts {
		v, err := strconv.ParseUint(p, base, 31)
		if err != nil {
			return nil
		}
		out[i] = int(v)
	}
	return out
}

func sorted(s []int) []int {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
