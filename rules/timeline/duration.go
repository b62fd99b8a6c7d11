// Package timeline reads the times of a campaign spec: absolute date-times in the campaign's
// time zone, and durations after the previous boundary, so that the same spec runs a year in
// production and minutes in a demo.
package timeline

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"wenming/msg"
)

// Day and Week are calendar-free lengths: 24 and 168 hours.
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
)

// ParseDuration reads durations like "7d", "1w", "36h", "1d12h", "90s", "2m30s".
// Units: w (weeks), d (days), h, m, s.
func ParseDuration(s string) (time.Duration, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return 0, msg.Err("problem.duration.empty")
	}
	var total time.Duration
	for rest := text; rest != ""; {
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9') {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, msg.Err("problem.duration.not", "Text", s)
		}
		n, err := strconv.ParseInt(rest[:i], 10, 32)
		if err != nil {
			return 0, msg.Err("problem.duration.too_large", "Text", s)
		}
		unit, ok := units[rest[i]]
		if !ok {
			return 0, msg.Err("problem.duration.unit", "Text", s, "Unit", string(rest[i]))
		}
		total += time.Duration(n) * unit
		if total > 10*365*Day {
			return 0, msg.Err("problem.duration.ten_years", "Text", s)
		}
		rest = rest[i+1:]
	}
	return total, nil
}

var units = map[byte]time.Duration{'w': Week, 'd': Day, 'h': time.Hour, 'm': time.Minute, 's': time.Second}

// FormatDuration writes a duration the way ParseDuration reads it ("1d12h", "5d", "90s" as "1m30s").
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{Day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			d -= n * u.unit
		}
	}
	if b.Len() == 0 {
		return d.String()
	}
	return b.String()
}

// absoluteLayouts are the date-time forms a spec may use, in its time zone.
var absoluteLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// Point is a boundary as written: an absolute time, or a duration after the previous one.
type Point struct {
	At    time.Time     // absolute, when After is zero
	After time.Duration // relative to the previous boundary
	Text  string
}

// ParsePoint reads "2026-09-01T09:00" (in loc), an RFC 3339 time, or "+7d".
func ParsePoint(s string, loc *time.Location) (Point, error) {
	text := strings.TrimSpace(s)
	if strings.HasPrefix(text, "+") {
		d, err := ParseDuration(text[1:])
		if err != nil {
			return Point{}, err
		}
		if d <= 0 {
			return Point{}, msg.Err("problem.boundary.after_previous", "Text", s)
		}
		return Point{After: d, Text: text}, nil
	}
	if t, err := time.Parse(time.RFC3339, text); err == nil {
		return Point{At: t, Text: text}, nil
	}
	for _, layout := range absoluteLayouts {
		if t, err := time.ParseInLocation(layout, text, loc); err == nil {
			return Point{At: t, Text: text}, nil
		}
	}
	return Point{}, msg.Err("problem.boundary.not", "Text", s)
}

// Resolve turns the point into a time, given the previous boundary.
func (p Point) Resolve(previous time.Time) time.Time {
	if p.At.IsZero() {
		return previous.Add(p.After)
	}
	return p.At
}

// EndOfDay is midnight at the end of t's day in loc: "the same day" (小事不过夜).
func EndOfDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}
