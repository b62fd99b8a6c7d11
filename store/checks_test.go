package store

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/campaign"
	"wenming/rules/points"
	"wenming/rules/roster"
	"wenming/rules/standard"
	"wenming/rules/timeline"
	"wenming/testenv/pgtest"
	"wenming/zones"
)

// twoAgencies is campaign c1 of two agencies, a and b, under the civilized-unit standard,
// mobilized at the given time.
func twoAgencies(t *testing.T, at time.Time) (*sqlx.DB, context.Context) {
	t.Helper()
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	std := civilizedUnitStandard(t)
	require.NoError(t, SaveStandard(ctx, db, std))
	_, err := ImportUnits(ctx, db, "units.csv", []roster.Unit{{ID: "a", Name: "甲局", Kind: "agency"}, {ID: "b", Name: "乙局", Kind: "agency"}})
	require.NoError(t, err)
	require.NoError(t, Mobilize(ctx, db, campaign.Plan{ID: "c1", Title: "文明单位", StandardID: std.ID, StandardDigest: std.Digest(),
		Timezone: "Asia/Shanghai", Units: []string{"a", "b"}, GroupSize: 10}, at))
	return db, ctx
}

// Checks before the final acceptance are kept; the monthly ranking goes by task completion
// until a unit is inspected, then by each unit's latest inspection score; the review ranks by
// the final acceptance's score, or by the average of every inspection when the plan says so,
// and the results show the score that ranked.
func TestInspectionsRankAsThePlanSays(t *testing.T) {
	at := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)
	db, ctx := twoAgencies(t, at)
	sheet := func(unit, id, kind string, total float64, when time.Time) ScoreSheet {
		p := points.Points(total * 100)
		return ScoreSheet{Submission: Submission{CampaignID: "c1", UnitID: unit, SubmissionID: id, By: "inspectors", At: when}, Kind: kind,
			Result: standard.Result{Base: p, Total: p, Eligible: true}}
	}
	ranking := func(seq int, when time.Time) map[string][2]string {
		t.Helper()
		_, err := RankTasks(ctx, db, "c1", seq, when)
		require.NoError(t, err)
		var rows []struct {
			Unit  string         `db:"unit_id"`
			Rank  int            `db:"rank"`
			Basis string         `db:"basis"`
			Score *points.Points `db:"score"`
		}
		require.NoError(t, db.SelectContext(ctx, &rows, `SELECT unit_id, rank, basis, score FROM task_rankings WHERE seq = $1`, seq))
		out := map[string][2]string{}
		for _, r := range rows {
			score := ""
			if r.Score != nil {
				score = r.Score.String()
			}
			out[r.Unit] = [2]string{r.Basis, score}
			out[r.Unit+" rank"] = [2]string{"", string(rune('0' + r.Rank))}
		}
		return out
	}
	assert.Equal(t, [2]string{"tasks", ""}, ranking(1, at)["a"], "no inspection yet: by tasks")

	for unit, total := range map[string]float64{"a": 90, "b": 95} {
		_, err := RecordCheckScore(ctx, db, CheckScore{ScoreSheet: sheet(unit, unit+"-m", "check", total, at.Add(time.Hour)), CheckID: "midterm"})
		require.NoError(t, err)
		_, err = RecordCheckScore(ctx, db, CheckScore{ScoreSheet: sheet(unit, unit+"-m", "check", total, at.Add(time.Hour)), CheckID: "midterm"})
		require.NoError(t, err, "a retry")
	}
	mid := ranking(2, at.Add(2*time.Hour))
	assert.Equal(t, [2]string{"inspections", "95"}, mid["b"])
	assert.Equal(t, "1", mid["b rank"][1], "the better mid-term score ranks first")

	for unit, total := range map[string]float64{"a": 99, "b": 96} {
		s := sheet(unit, unit+"-f", "actual", total, at.Add(3*time.Hour))
		require.NoError(t, RecordDeclaration(ctx, db, Declaration{Submission: Submission{CampaignID: "c1", UnitID: unit, SubmissionID: unit + "-d",
			By: unit, At: at.Add(150 * time.Minute)}, Report: "报告", Opinion: "无违纪"}))
		_, err := RecordInspection(ctx, db, Inspection{ScoreSheet: s, Timezone: "Asia/Shanghai"})
		require.NoError(t, err)
	}
	final := ranking(3, at.Add(4*time.Hour))
	assert.Equal(t, [2]string{"inspections", "99"}, final["a"], "the latest inspection: the final acceptance")
	assert.Equal(t, "1", final["a rank"][1])

	last, err := Review(ctx, db, "c1", campaign.PlannedQuota{Max: 1}, campaign.RankByLast, nil, at.Add(5*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, last.Proposed, "by the final acceptance: 99 against 96")
	avg, err := Review(ctx, db, "c1", campaign.PlannedQuota{Max: 1}, campaign.RankByAverage, nil, at.Add(5*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, avg.Proposed, "by the average: 95.5 against 94.5")

	_, err = Name(ctx, db, Naming{CampaignID: "c1", At: at.Add(6 * time.Hour)})
	require.NoError(t, err)
	var total points.Points
	require.NoError(t, db.GetContext(ctx, &total, `SELECT total FROM campaign_results WHERE unit_id = 'b'`))
	assert.Equal(t, "95.5", total.String(), "the result shows the score that ranked")
}

// Problems a mid-term check finds are rectification notices under the inspection's rules (a
// small one by the end of the day, a big one in a week); a retry issues none again; the final
// inspection's notices are numbered after them.
func TestACheckIssuesRectificationNotices(t *testing.T) {
	at := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC) // 17:00 in Asia/Shanghai
	db, ctx := twoAgencies(t, at)
	sheet := func(id, kind string) ScoreSheet {
		return ScoreSheet{Submission: Submission{CampaignID: "c1", UnitID: "a", SubmissionID: id, By: "inspectors", At: at}, Kind: kind,
			Result: standard.Result{Base: 9000, Total: 9000, Eligible: true}}
	}
	rules := func(c *CheckScore) {
		c.SmallFix, c.BigFix, c.Timezone = campaign.FixRule{SameDay: true}, campaign.FixRule{Within: 7 * 24 * time.Hour}, "Asia/Shanghai"
	}
	check := CheckScore{ScoreSheet: sheet("a-m", "check"), CheckID: "midterm",
		Findings: []Finding{{Item: "15", Size: Small, Problem: "楼道有杂物"}, {Item: "22", Size: Big, Problem: "台账缺失"}}}
	rules(&check)
	for range 2 {
		notices, err := RecordCheckScore(ctx, db, check)
		require.NoError(t, err)
		require.Len(t, notices, 2, "issued once, a retry included")
		assert.Equal(t, timeline.EndOfDay(at, zones.Location("Asia/Shanghai")).UTC(), notices[0].Deadline.UTC(), "a small one by the end of the day in Beijing")
		assert.Equal(t, at.Add(7*24*time.Hour), notices[1].Deadline.UTC())
	}
	all, err := RecordInspection(ctx, db, Inspection{ScoreSheet: sheet("a-f", "actual"), Findings: []Finding{{Item: "3", Size: Small, Problem: "标识破损"}},
		SmallFix: campaign.FixRule{SameDay: true}, BigFix: campaign.FixRule{Within: 7 * 24 * time.Hour}, Timezone: "Asia/Shanghai"})
	require.NoError(t, err)
	var numbers []int
	for _, n := range all {
		numbers = append(numbers, n.No)
	}
	assert.Equal(t, []int{1, 2, 3}, numbers, "the final inspection's notice comes after the check's")
}

// A month's briefing shows the ranking of that month, which comes at the first instant of the
// next month, against the one of the month before.
func TestAMonthsBriefingShowsTheRankingOfThatMonth(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	nov, dec, jan := time.Date(2026, 11, 1, 0, 0, 0, 0, sh), time.Date(2026, 12, 1, 0, 0, 0, 0, sh), time.Date(2027, 1, 1, 0, 0, 0, 0, sh)
	db, ctx := twoAgencies(t, nov.Add(-24*time.Hour))
	_, err = RankTasks(ctx, db, "c1", 1, dec) // November's
	require.NoError(t, err)
	_, err = RankTasks(ctx, db, "c1", 2, jan) // December's
	require.NoError(t, err)
	november, err := RankMoves(ctx, db, "c1", nov, dec)
	require.NoError(t, err)
	require.Len(t, november, 2)
	for _, m := range november {
		assert.Nil(t, m.Before, "no ranking before November's")
		assert.NotNil(t, m.After, "November's briefing shows November's ranking, made on 1 December")
	}
	december, err := RankMoves(ctx, db, "c1", dec, jan)
	require.NoError(t, err)
	require.Len(t, december, 2)
	for _, m := range december {
		assert.NotNil(t, m.Before, "December's briefing compares with November's ranking")
	}
}
