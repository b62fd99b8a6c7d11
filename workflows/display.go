package workflows

import (
	"time"

	"wenming/zones"
)

// local formats a time for people in the campaign's time zone (display only: no decision
// depends on it). Seconds show only when there are any, as in a compressed demo.
func local(t time.Time, tz string) string {
	loc := zones.Location(tz)
	if t.Second() != 0 {
		return t.In(loc).Format("2006-01-02 15:04:05 MST")
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}
