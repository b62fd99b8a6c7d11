package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
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
