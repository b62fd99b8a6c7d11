package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/campaign"
	"wenming/rules/grade"
	"wenming/rules/points"
	"wenming/rules/standard"
	"wenming/testenv/english"
)

var stars = grade.Bands{{Name: "五星", Min: points.Of(95)}, {Name: "四星", Min: points.Of(90)}}

// A rating round ranks the units inspected in it, grades each by its band, and carries the
// grade of a unit not inspected (skipped, with the reason shown); a unit falling below its
// band loses its grade. Closing a round again changes nothing.
func TestARatingRoundRanksAndGradesItsUnits(t *testing.T) {
	at := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)
	db, ctx := twoAgencies(t, at)
	score := func(unit, round string, total int) {
		t.Helper()
		p := points.Of(total)
		_, err := RecordCheckScore(ctx, db, CheckScore{ScoreSheet: ScoreSheet{
			Submission: Submission{CampaignID: "c1", UnitID: unit, SubmissionID: unit + "-" + round, By: "inspectors", At: at},
			Kind:       "check", Result: standard.Result{Base: p, Total: p, Eligible: true}}, CheckID: round})
		require.NoError(t, err)
	}
	byUnit := func(rs []RatingResult) map[string]RatingResult {
		out := map[string]RatingResult{}
		for _, r := range rs {
			out[r.UnitID] = r
		}
		return out
	}

	score("a", "r1", 96)
	score("b", "r1", 91)
	r1, err := CloseRatingRound(ctx, db, RoundClose{CampaignID: "c1", RoundID: "r1", RoundNo: 1, Grades: stars, At: at})
	require.NoError(t, err)
	got := byUnit(r1)
	assert.Equal(t, "五星", got["a"].Grade)
	assert.Equal(t, "gained", got["a"].Change)
	assert.Equal(t, 1, *got["a"].Rank)
	assert.Equal(t, "四星", got["b"].Grade)
	assert.Equal(t, 2, *got["b"].Rank)
	assert.Equal(t, "a", r1[0].UnitID, "by rank")
	assert.Equal(t, "甲局", r1[0].UnitName)

	score("a", "r2", 92)
	skip := RatingSkip{Submission: Submission{CampaignID: "c1", UnitID: "b", SubmissionID: "s1", By: "office", At: at, Workflow: "rating/c1"},
		RoundID: "r2", Reason: "整体搬迁，暂不检查"}
	require.NoError(t, SkipRating(ctx, db, skip))
	require.NoError(t, SkipRating(ctx, db, skip), "a resend")
	taken, err := AcceptedBefore(ctx, db, "rating/c1", "s1")
	require.NoError(t, err)
	assert.True(t, taken, "the audit line names the rating's workflow, where a resend after it ended is looked up")
	close2 := RoundClose{CampaignID: "c1", RoundID: "r2", RoundNo: 2, PrevRound: "r1", Grades: stars, At: at.Add(time.Hour)}
	r2, err := CloseRatingRound(ctx, db, close2)
	require.NoError(t, err)
	got = byUnit(r2)
	assert.Equal(t, "四星", got["a"].Grade, "below 95: a star lost")
	assert.Equal(t, "五星", got["a"].PrevGrade)
	assert.Equal(t, "lowered", got["a"].Change)
	assert.Equal(t, "四星", got["b"].Grade, "not inspected: the grade it held")
	assert.Nil(t, got["b"].Score)
	assert.Nil(t, got["b"].Rank)
	assert.Equal(t, "整体搬迁，暂不检查", got["b"].Skipped)
	assert.Equal(t, "b", r2[1].UnitID, "those not inspected last")

	score("a", "r3", 80)
	close2.At = at.Add(2 * time.Hour)
	again, err := CloseRatingRound(ctx, db, close2)
	require.NoError(t, err)
	assert.Equal(t, r2, again, "a round closes once")

	r3, err := CloseRatingRound(ctx, db, RoundClose{CampaignID: "c1", RoundID: "r3", RoundNo: 3, PrevRound: "r2", Grades: stars, At: at})
	require.NoError(t, err)
	assert.Equal(t, "lost", byUnit(r3)["a"].Change, "below every band")
	assert.Equal(t, "", byUnit(r3)["a"].Grade)

	score("a", "r4", 90)
	score("b", "r4", 90)
	r4, err := CloseRatingRound(ctx, db, RoundClose{CampaignID: "c1", RoundID: "r4", RoundNo: 4, PrevRound: "r3", Grades: stars, At: at})
	require.NoError(t, err)
	assert.Equal(t, 1, *byUnit(r4)["a"].Rank, "equal scores share a rank")
	assert.Equal(t, 1, *byUnit(r4)["b"].Rank)

	_, err = RatingResults(ctx, db, "c1", "r9")
	assert.ErrorIs(t, err, ErrNoRatingRound)
	name, err := RatingRoundName(ctx, db, "c1", "r2")
	require.NoError(t, err)
	assert.Equal(t, "r2", name, "a plan without the round: its id")
}

// A rating campaign cannot take the id of a campaign that names, nor the other way round: they
// would share the campaign's units.
func TestARatingCannotShareACampaignsID(t *testing.T) {
	at := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)
	db, ctx := twoAgencies(t, at)
	plan := campaign.Plan{ID: "c1", Title: "评定", Timezone: "Asia/Shanghai", Units: []string{"a"}, GroupSize: 10}
	err := RegisterRating(ctx, db, plan, at)
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "id c1 is taken by a campaign of the other kind")
	recorded, rating, err := CampaignKind(ctx, db, "c1")
	require.NoError(t, err)
	assert.True(t, recorded)
	assert.False(t, rating, "c1 stays the campaign it was")

	plan.ID = "r1"
	require.NoError(t, RegisterRating(ctx, db, plan, at))
	require.NoError(t, RegisterRating(ctx, db, plan, at), "again: nothing changes")
	plan.Units, plan.Title = []string{"a", "b"}, "文明单位"
	assert.Error(t, Mobilize(ctx, db, plan, at), "a naming campaign under the rating's id")
	var units int
	require.NoError(t, db.Get(&units, `SELECT count(*) FROM campaign_units WHERE campaign_id = 'r1'`))
	assert.Equal(t, 1, units, "nothing written by the refused one")
}
