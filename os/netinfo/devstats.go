package netinfo

import (
	"bytes"
	"strconv"
)

// maxStats bounds the entries ParseDevStats keeps (each needs a line of
// at least 32 bytes, so a 4 MiB read holds fewer anyway).
const maxStats = MaxLinks * 2

// ParseDevStats reads /proc/net/dev the way qemu-ga does: a line is
// "NAME: 16 counters" after optional leading white space (the receive
// bytes, packets, errs, drop, fifo, frame, compressed, multicast, then
// the same eight for transmit); other lines (the two headers) and lines
// with fewer than 16 counters are skipped; the first line for a name
// wins. Counters must be plain unsigned decimals, which /proc always
// writes: qemu-ga's sscanf would also take a number followed by junk.
func ParseDevStats(b []byte) map[string]Stats {
	out := make(map[string]Stats)
	for len(b) > 0 && len(out) < maxStats {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte{'\n'})
		name, vals, ok := parseDevLine(line)
		if !ok {
			continue
		}
		if _, seen := out[name]; !seen {
			out[name] = Stats{
				RxBytes: vals[0], RxPackets: vals[1], RxErrs: vals[2], RxDropped: vals[3],
				TxBytes: vals[8], TxPackets: vals[9], TxErrs: vals[10], TxDropped: vals[11],
			}
		}
	}
	return out
}

func parseDevLine(line []byte) (string, [16]uint64, bool) {
	var vals [16]uint64
	line = bytes.TrimLeft(line, " \t\v\f\r")
	name, rest, ok := bytes.Cut(line, []byte{':'})
	if !ok || len(name) == 0 {
		return "", vals, false
	}
	for i := range vals {
		var field []byte
		rest = bytes.TrimLeft(rest, " \t\v\f\r")
		end := bytes.IndexAny(rest, " \t\v\f\r")
		if end < 0 {
			end = len(rest)
		}
		field, rest = rest[:end], rest[end:]
		v, err := strconv.ParseUint(string(field), 10, 64) // digits only: no sign, no base prefix
		if err != nil {
			return "", vals, false
		}
		vals[i] = v
	}
	return string(name), vals, true
}
