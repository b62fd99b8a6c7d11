package activities

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The year's titles are conferred on the day of the award where the round runs: an award at
// 04:00 in Beijing is that day's, not the day before (UTC's); an award scheduled before the
// round's time zone travelled with it takes the office's default.
func TestAnAwardIsDatedInTheRoundsTimeZone(t *testing.T) {
	at := time.Date(2026, 12, 28, 20, 0, 0, 0, time.UTC) // 2026-12-29 04:00 in Beijing
	for _, c := range []struct{ tz, want string }{
		{"Asia/Shanghai", "2026-12-29"},
		{"", "2026-12-29"},
		{"UTC", "2026-12-28"},
		{"America/New_York", "2026-12-28"},
	} {
		a, err := AwardInput{RoundID: "annual/2026", Kind: "annual", Period: "2026", At: at, Timezone: c.tz}.award()
		require.NoError(t, err)
		assert.Equal(t, c.want, a.On, c.tz)
	}
}
