package libvirt

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// IfAddr is one row of virsh domifaddr --full: an interface's address.
type IfAddr struct {
	Name, MAC, Proto, Addr string // Addr with prefix: 192.0.2.15/24
}

// tableRows are the lines of a virsh table after its header (the lines
// up to one of dashes), or all lines when it has none (virsh -q).
func tableRows(out string) []string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if t := strings.TrimSpace(l); t != "" && strings.Trim(t, "-") == "" {
			return lines[i+1:]
		}
	}
	return lines
}

// ParseDomifaddr reads virsh domifaddr --full: "NAME MAC PROTO ADDR"
// rows (--full repeats name and MAC on every row).
func ParseDomifaddr(out string) ([]IfAddr, error) {
	var rows []IfAddr
	for _, line := range tableRows(out) {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case len(f) == 4:
			rows = append(rows, IfAddr{Name: f[0], MAC: f[1], Proto: f[2], Addr: f[3]})
		default:
			return nil, fmt.Errorf("domifaddr: unexpected row %q", line)
		}
	}
	return rows, nil
}

var countRe = regexp.MustCompile(`^(?:Froze|Thawed) (\d+) filesystem\(s\)$`)

// ParseFSCount reads domfsfreeze's and domfsthaw's "Froze 2
// filesystem(s)" / "Thawed 2 filesystem(s)".
func ParseFSCount(out string) (int, error) {
	m := countRe.FindStringSubmatch(strings.TrimSpace(out))
	if m == nil {
		return 0, fmt.Errorf("not a filesystem count: %q", out)
	}
	return strconv.Atoi(m[1])
}

// ParseKeyValues reads virsh's "key : value" listings (guestinfo,
// guestvcpus, domtime --pretty is not one): keys in order, values
// trimmed. A line without " : " is an error.
func ParseKeyValues(out string) (map[string]string, error) {
	kv := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("not a key : value line: %q", line)
		}
		kv[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return kv, nil
}

// ParseTable reads a virsh table of cols white-space separated columns
// (domfsinfo), after its header.
func ParseTable(out string, cols int) ([][]string, error) {
	var rows [][]string
	for _, line := range tableRows(out) {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case len(f) == cols:
			rows = append(rows, f)
		default:
			return nil, fmt.Errorf("want %d columns: %q", cols, line)
		}
	}
	return rows, nil
}

// Group picks one entry of a guestinfo list ("fs.0.name", "fs.1.name",
// ...): the N whose prefix+N+"."+key is value. It returns that entry's
// keys without prefix+N+"." (nil when there is none).
func Group(kv map[string]string, prefix, key, value string) map[string]string {
	for k, v := range kv {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok || v != value {
			continue
		}
		n, sub, ok := strings.Cut(rest, ".")
		if !ok || sub != key {
			continue
		}
		if _, err := strconv.Atoi(n); err != nil {
			continue
		}
		entry := map[string]string{}
		for k2, v2 := range kv {
			if s, ok := strings.CutPrefix(k2, prefix+n+"."); ok {
				entry[s] = v2
			}
		}
		return entry
	}
	return nil
}
