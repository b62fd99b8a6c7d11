package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/zones"
)

// A plan ranking by calendar month has its campaign rank on the first of each month, in its
// time zone, naming the month ranked and its briefing; a plan with a cadence ranks by it.
func TestAMonthlyRankingComesOnTheFirstOfTheMonth(t *testing.T) {
	sh := zones.Location("Asia/Shanghai")
	implement := time.Date(2026, 11, 20, 9, 0, 0, 0, sh)
	tl := campaign.Timeline{Implement: implement, SelfCheck: implement.AddDate(0, 2, 0), DeclareBy: implement.AddDate(0, 2, 10),
		AcceptBy: implement.AddDate(0, 3, 0), ProgressEvery: 60 * 24 * time.Hour, RankingEvery: 30 * 24 * time.Hour, RankMonthly: true}
	c := &campaignRun{plan: campaign.Plan{ID: "c1", Timezone: "Asia/Shanghai"}, tl: tl, sup: supervision{monthly: true}}
	ev := c.nextEvent(implement)
	assert.Equal(t, ranking, ev.kind)
	assert.Equal(t, time.Date(2026, 12, 1, 0, 0, 0, 0, sh), ev.at.In(sh))
	assert.Equal(t, "the task ranking of 2026-11, 2026-12-01 00:00 CST (its briefing: starter report briefing c1 --month 2026-11)",
		msg.For(msg.English).Render(ev.label))

	c.sup.monthly = false
	ev = c.nextEvent(implement)
	assert.Equal(t, implement.Add(30*24*time.Hour), ev.at, "a run begun before monthly rankings ranks by the cadence")
}
