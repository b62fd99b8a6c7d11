package period

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var sh, _ = time.LoadLocation("Asia/Shanghai")

func TestParse(t *testing.T) {
	for _, ok := range []string{"2026-Q1", "2026-Q4", "2026-H1", "2026-H2", "2026"} {
		p, err := Parse(ok)
		require.NoError(t, err)
		assert.Equal(t, ok, p.String())
	}
	for _, bad := range []string{"2026-Q5", "2026-H3", "2026Q1", "26-Q1", "2026-q1", "", "2026-Q0", "26", "2026-Y1", "20261"} {
		_, err := Parse(bad)
		assert.Error(t, err, bad)
	}
}

func TestPrevAndNextCrossYears(t *testing.T) {
	q1 := Period{2026, Quarter, 1}
	assert.Equal(t, "2025-Q4", q1.Prev().String())
	assert.Equal(t, "2026-Q2", q1.Next().String())
	assert.Equal(t, "2027-Q1", Period{2026, Quarter, 4}.Next().String())
	assert.Equal(t, "2025-H2", Period{2026, HalfYear, 1}.Prev().String())
	assert.Equal(t, "2025", Period{2026, Year, 1}.Prev().String())
	assert.Equal(t, "2027", Period{2026, Year, 1}.Next().String())
}

func TestTheLastPeriodOfAYear(t *testing.T) {
	y := Period{2026, Year, 1}
	assert.Equal(t, "2026-Q4", y.Last(Quarter).String())
	assert.Equal(t, "2026-H2", y.Last(HalfYear).String())
	assert.Equal(t, "2026", y.Last(Year).String())
}

func TestJustEnded(t *testing.T) {
	tests := []struct {
		kind Kind
		at   time.Time
		want string
	}{
		{Quarter, time.Date(2027, 1, 1, 9, 0, 0, 0, sh), "2026-Q4"},
		{Quarter, time.Date(2026, 4, 1, 9, 0, 0, 0, sh), "2026-Q1"},
		{Quarter, time.Date(2026, 10, 1, 9, 0, 0, 0, sh), "2026-Q3"},
		{HalfYear, time.Date(2026, 7, 1, 9, 0, 0, 0, sh), "2026-H1"},
		{HalfYear, time.Date(2027, 1, 1, 9, 0, 0, 0, sh), "2026-H2"},
		{Year, time.Date(2027, 1, 20, 9, 0, 0, 0, sh), "2026"},
		// 1 January 01:00 in Shanghai is still 31 December in UTC: the local date counts.
		{Quarter, time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), "2026-Q4"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, JustEnded(tt.kind, tt.at, sh).String(), tt.at)
	}
}

func TestStartEndContains(t *testing.T) {
	q3 := Period{2026, Quarter, 3}
	assert.Equal(t, time.Date(2026, 7, 1, 0, 0, 0, 0, sh), q3.Start(sh))
	assert.Equal(t, time.Date(2026, 10, 1, 0, 0, 0, 0, sh), q3.End(sh))
	assert.True(t, q3.Contains(time.Date(2026, 9, 30, 23, 59, 0, 0, sh), sh))
	assert.False(t, q3.Contains(time.Date(2026, 10, 1, 0, 0, 0, 0, sh), sh))
	assert.Equal(t, time.Date(2027, 1, 1, 0, 0, 0, 0, sh), Period{2026, HalfYear, 2}.End(sh))
	y := Period{2026, Year, 1}
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, sh), y.Start(sh))
	assert.Equal(t, time.Date(2027, 1, 1, 0, 0, 0, 0, sh), y.End(sh))
	assert.True(t, y.Contains(q3.Start(sh), sh))
}
