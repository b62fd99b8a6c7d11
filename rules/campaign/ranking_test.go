package campaign

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// 每月公布考核测评排名: monthly rankings come on the first of each calendar month in the
// campaign's time zone, ranking the month just ended, until acceptance; a cadence (plans that
// give one) ranks every so often until the self-check, as before.
func TestRankingsComeByCalendarMonthUntilAcceptance(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	in := func(s string) time.Time {
		at, err := time.ParseInLocation("2006-01-02 15:04", s, sh)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	monthly := Timeline{Implement: in("2026-11-20 09:00"), SelfCheck: in("2027-01-10 00:00"), AcceptBy: in("2027-02-01 00:00"), RankMonthly: true}
	cadence := Timeline{Implement: in("2026-11-20 09:00"), SelfCheck: in("2027-01-10 00:00"), AcceptBy: in("2027-02-01 00:00"), RankingEvery: 30 * 24 * time.Hour}
	cases := []struct {
		name string
		tl   Timeline
		n    int
		at   string
		ok   bool
	}{
		{"the month implementation began in (UTC is still on the 30th)", monthly, 1, "2026-12-01 00:00", true},
		{"across the year's end", monthly, 2, "2027-01-01 00:00", true},
		{"on the acceptance deadline itself", monthly, 3, "2027-02-01 00:00", true},
		{"after acceptance: none", monthly, 4, "2027-03-01 00:00", false},
		{"a cadence: 30 days on", cadence, 1, "2026-12-20 09:00", true},
		{"a cadence stops at the self-check", cadence, 2, "2027-01-19 09:00", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			at, ok := c.tl.RankingAt(c.n, sh)
			assert.Equal(t, in(c.at), at.In(sh))
			assert.Equal(t, c.ok, ok)
		})
	}
}
