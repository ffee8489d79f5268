package clock

import (
	"time"

	"golang.org/x/sys/unix"
)

// toRTC breaks t down as the RTC keeps it: in loc (UTC or local time),
// month 0-11, year since 1900, whole seconds.
func toRTC(t time.Time, loc *time.Location) unix.RTCTime {
	t = t.In(loc)
	return unix.RTCTime{
		Sec: int32(t.Second()), Min: int32(t.Minute()), Hour: int32(t.Hour()),
		Mday: int32(t.Day()), Mon: int32(t.Month()) - 1, Year: int32(t.Year() - 1900),
		Wday: int32(t.Weekday()), Yday: int32(t.YearDay() - 1), Isdst: -1,
	}
}

// fromRTC is the instant an RTC reading in loc names.
func fromRTC(r unix.RTCTime, loc *time.Location) time.Time {
	return time.Date(int(r.Year)+1900, time.Month(r.Mon+1), int(r.Mday), int(r.Hour), int(r.Min), int(r.Sec), 0, loc)
}
