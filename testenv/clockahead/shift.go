package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Shift is how far ahead the clock reads: calendar years and months, then days. Years and
// months keep the day of the month (the last day of a shorter month when the day is not in
// it), so that "3mo" from 6 December lands on 6 March, in another quarter and half-year.
type Shift struct {
	Years, Months, Days int
	Text                string // as written, for messages
}

// legacyYears is the shift of -years N: N years of 366 days each, what clockahead moved
// before it took calendar shifts.
func legacyYears(n int) Shift {
	return Shift{Days: 366 * n, Text: fmt.Sprintf("%d×366d", n)}
}

// shiftUnits are the units of a shift as written.
var shiftUnits = []string{"mo", "y", "w", "d"}

// ParseShifts reads a comma-separated list of shifts, each one or more <number><unit> with
// units y (years), mo (months), w (weeks), d (days), optionally after a '+': "2y", "3mo",
// "90d", "1y6mo", "3mo,6mo,9mo".
func ParseShifts(text string) ([]Shift, error) {
	var shifts []Shift
	for _, part := range strings.Split(text, ",") {
		s, err := parseShift(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		shifts = append(shifts, s)
	}
	return shifts, nil
}

func parseShift(text string) (Shift, error) {
	s := Shift{Text: strings.TrimPrefix(text, "+")}
	rest := s.Text
	if rest == "" {
		return Shift{}, fmt.Errorf("%q: give a shift such as 2y, 3mo, 90d or 1y6mo", text)
	}
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return Shift{}, fmt.Errorf("%q: a number must come before each unit (y, mo, w, d)", text)
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n > 10000 {
			return Shift{}, fmt.Errorf("%q: %q is too large", text, rest[:i])
		}
		rest = rest[i:]
		unit := ""
		for _, u := range shiftUnits {
			if strings.HasPrefix(rest, u) {
				unit = u
				break
			}
		}
		switch unit {
		case "y":
			s.Years += n
		case "mo":
			s.Months += n
		case "w":
			s.Days += 7 * n
		case "d":
			s.Days += n
		default:
			return Shift{}, fmt.Errorf("%q: unknown unit after %d; use y, mo, w or d", text, n)
		}
		rest = rest[len(unit):]
	}
	if s.Years == 0 && s.Months == 0 && s.Days == 0 {
		return Shift{}, fmt.Errorf("%q: the clock must move ahead", text)
	}
	return s, nil
}

// Target is the date the shift leads to from today's date (in UTC): years and months first,
// keeping the day of the month or taking the last day of a shorter month, then days.
func (s Shift) Target(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	first := time.Date(y+s.Years, m+time.Month(s.Months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC).AddDate(0, 0, s.Days)
}

// Seconds is what the overlay adds to time.Now: whole days from today to the target, so that
// the clock reads the target date at the same time of day (UTC) as now, and the overlay (and
// with it the build cache) stays the same all day.
func (s Shift) Seconds(now time.Time) int64 {
	y, m, d := now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return int64(s.Target(now).Sub(today) / time.Second)
}
