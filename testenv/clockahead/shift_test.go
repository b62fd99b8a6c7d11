package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// A shift of months lands on the same day of the month, in another season; the overlay adds
// the whole days up to it.
func TestShiftsLandOnTheTargetDate(t *testing.T) {
	today := time.Date(2026, 12, 6, 5, 35, 47, 0, time.UTC)
	for _, tt := range []struct {
		ahead  string
		target time.Time
		days   int64
	}{
		{"3mo", day(2027, 3, 6), 90},
		{"+6mo", day(2027, 6, 6), 182},
		{"9mo", day(2027, 9, 6), 274},
		{"2y", day(2028, 12, 6), 731},
		{"1y6mo", day(2028, 6, 6), 548},
		{"90d", day(2027, 3, 6), 90},
		{"2w", day(2026, 12, 20), 14},
		{"3mo10d", day(2027, 3, 16), 100},
	} {
		shifts, err := ParseShifts(tt.ahead)
		require.NoError(t, err, tt.ahead)
		require.Len(t, shifts, 1)
		assert.Equal(t, tt.target, shifts[0].Target(today), tt.ahead)
		seconds := shifts[0].Seconds(today)
		assert.Equal(t, tt.days*86400, seconds, tt.ahead)
		shifted := today.Add(time.Duration(seconds) * time.Second)
		assert.Equal(t, tt.target.Format(time.DateOnly), shifted.Format(time.DateOnly), tt.ahead)
		assert.Equal(t, today.Format(time.TimeOnly), shifted.Format(time.TimeOnly), "%s: the same time of day", tt.ahead)
	}
}

// A day the target month does not have becomes its last day; the day is read in UTC.
func TestShortMonthsTakeTheirLastDay(t *testing.T) {
	three, six := Shift{Months: 3}, Shift{Months: 6}
	assert.Equal(t, day(2027, 2, 28), three.Target(day(2026, 11, 30)))
	assert.Equal(t, day(2028, 2, 29), six.Target(day(2027, 8, 31)))
	assert.Equal(t, day(2027, 4, 30), six.Target(day(2026, 10, 31)))
	assert.Equal(t, day(2029, 2, 28), Shift{Years: 1}.Target(day(2028, 2, 29)))
	beijing := time.FixedZone("CST", 8*3600)
	assert.Equal(t, day(2027, 3, 6), three.Target(time.Date(2026, 12, 7, 7, 0, 0, 0, beijing)), "still 6 December in UTC")
}

func TestTheOlderYearsFlagKeepsItsDays(t *testing.T) {
	s := legacyYears(2)
	assert.Equal(t, int64(732*86400), s.Seconds(time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)))
	assert.Equal(t, day(2028, 12, 7), s.Target(day(2026, 12, 6)))
}

func TestAListRunsEachShift(t *testing.T) {
	shifts, err := ParseShifts("3mo, 6mo,9mo")
	require.NoError(t, err)
	var texts []string
	for _, s := range shifts {
		texts = append(texts, s.Text)
	}
	assert.Equal(t, []string{"3mo", "6mo", "9mo"}, texts)
}

func TestBadShiftsAreRefused(t *testing.T) {
	for text, want := range map[string]string{
		"":       "give a shift",
		"3":      "unknown unit after 3",
		"3m":     "unknown unit after 3",
		"mo":     "a number must come before each unit",
		"0d":     "the clock must move ahead",
		"3mo,":   "give a shift",
		"-3mo":   "a number must come before each unit",
		"99999y": "is too large",
	} {
		_, err := ParseShifts(text)
		require.Error(t, err, text)
		assert.Contains(t, err.Error(), want, text)
	}
}

// The overlay adds the seconds right after time.Now reads the clock, in this Go's time.go.
func TestTheOverlayShiftsTimeNow(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "time", "time.go"))
	require.NoError(t, err)
	shifted, err := shiftNow(string(text), 90*86400)
	require.NoError(t, err)
	assert.Contains(t, shifted, "func Now() Time {\n"+anchor+"\tsec += 7776000 // clockahead\n")
	assert.Equal(t, len(text)+len("\tsec += 7776000 // clockahead\n"), len(shifted))

	_, err = shiftNow(strings.Replace(string(text), anchor, "\tsec, nsec := now()\n", 1), 1)
	assert.ErrorContains(t, err, "update clockahead")
}
