package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A seed gives the same fault points again; another seed gives others.
func TestTheSeedFixesTheFaultPoints(t *testing.T) {
	points := func(seed uint64) []time.Duration {
		f := seededFaults(seed, 2, "faults", 2*time.Second, 4*time.Second, nil)
		var d []time.Duration
		for range 20 {
			d = append(d, f.nextDelay())
		}
		return d
	}
	assert.Equal(t, points(1764000000), points(1764000000))
	assert.NotEqual(t, points(1764000000), points(1764000001))
}

func TestRunsCrossMidnightInTheOfficesTimeZone(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return v
	}
	assert.False(t, crossedMidnight(at("2026-12-07T01:00:00Z"), at("2026-12-07T15:59:00Z")), "09:00 to 23:59 in Beijing")
	assert.True(t, crossedMidnight(at("2026-12-07T15:55:00Z"), at("2026-12-07T16:05:00Z")), "23:55 to 00:05 in Beijing")
	assert.False(t, crossedMidnight(at("2026-12-07T23:55:00Z"), at("2026-12-08T00:05:00Z")), "midnight in UTC is 08:00 in Beijing")
}
