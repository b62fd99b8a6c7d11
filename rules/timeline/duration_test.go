package timeline

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{"7d", 7 * Day, false},
		{"1w", Week, false},
		{"1d12h", 36 * time.Hour, false},
		{"90s", 90 * time.Second, false},
		{"2m30s", 150 * time.Second, false},
		{"0s", 0, false},
		{"", 0, true},
		{"7", 0, true},
		{"d", 0, true},
		{"7y", 0, true},
		{"-1d", 0, true},
		{"1.5d", 0, true},
		{"9999999999d", 0, true},
		{"4000d", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if tt.bad {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, "1d12h", FormatDuration(36*time.Hour))
	assert.Equal(t, "5d", FormatDuration(5*Day))
	assert.Equal(t, "1m30s", FormatDuration(90*time.Second))
}

func TestParsePoint(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	p, err := ParsePoint("2026-09-01T09:00", sh)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 9, 1, 1, 0, 0, 0, time.UTC), p.At.UTC())

	p, err = ParsePoint("2026-09-01", sh)
	require.NoError(t, err)
	assert.Equal(t, "2026-08-31T16:00:00Z", p.At.UTC().Format(time.RFC3339))

	p, err = ParsePoint("+7d", sh)
	require.NoError(t, err)
	prev := time.Date(2026, 3, 1, 9, 0, 0, 0, sh)
	assert.Equal(t, prev.Add(7*Day), p.Resolve(prev))

	p, err = ParsePoint("2026-09-01T09:00:00+08:00", time.UTC)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 9, 1, 1, 0, 0, 0, time.UTC), p.At.UTC())

	for _, bad := range []string{"tomorrow", "+0s", "+x", "2026-13-01", "01/09/2026"} {
		_, err := ParsePoint(bad, sh)
		assert.Error(t, err, bad)
	}
}

func TestEndOfDay(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := time.Date(2026, 9, 1, 15, 30, 0, 0, sh)
	assert.Equal(t, time.Date(2026, 9, 2, 0, 0, 0, 0, sh), EndOfDay(at, sh))
	// 23:00 UTC on Sep 1 is 07:00 on Sep 2 in Shanghai: the day that counts is the local one.
	assert.Equal(t, time.Date(2026, 9, 3, 0, 0, 0, 0, sh), EndOfDay(time.Date(2026, 9, 1, 23, 0, 0, 0, time.UTC), sh))
}
