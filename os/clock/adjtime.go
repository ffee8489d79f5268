package clock

import "strings"

// AdjtimePath is where hwclock records whether the RTC keeps UTC or local
// time.
const AdjtimePath = "/etc/adjtime"

// ParseAdjtime reports whether /etc/adjtime says the RTC keeps local
// time: its third line is "LOCAL". A missing or short file means UTC, as
// hwclock assumes.
func ParseAdjtime(b []byte) (local bool) {
	lines := strings.SplitN(string(b), "\n", 4)
	return len(lines) >= 3 && strings.TrimSpace(lines[2]) == "LOCAL"
}
