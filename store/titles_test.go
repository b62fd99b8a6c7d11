package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/campaign"
	"wenming/rules/rank"
	"wenming/rules/roster"
	"wenming/rules/title"
	"wenming/testenv/english"
	"wenming/testenv/pgtest"
)

// Titles held before the product enter the register all or none: a row naming a unit the
// roster lacks refuses the file; importing it again changes nothing; each title's history
// starts with its import.
func TestTitlesHeldArriveByImport(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	_, err := ImportUnits(ctx, db, "units.csv", []roster.Unit{{ID: "finance", Name: "财政局", Kind: "agency"}})
	require.NoError(t, err)
	held := []title.Held{
		{Unit: "finance", Kind: "civilized-unit", Level: title.City, Name: "市级文明单位", ConferredBy: "市文明委", DocumentNo: "市文明委〔2024〕9号",
			ConferredOn: day("2024-12-30"), TermEnd: day("2026-12-29"), Line: 2},
		{Unit: "finance", Person: "王芳", Kind: "model-individual", Level: title.CityOrgans, Name: "市直机关文明标兵", ConferredBy: "市直机关工委",
			ConferredOn: day("2025-01-10"), Line: 3},
	}
	_, err = ImportTitles(ctx, db, "titles.csv", "office", append(held, title.Held{Unit: "nowhere", Kind: "honor", Level: title.City,
		Name: "表彰", ConferredBy: "市委", ConferredOn: day("2025-01-10"), Line: 4}), at)
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "titles.csv:4: unit:")
	var n int
	require.NoError(t, db.GetContext(ctx, &n, `SELECT count(*) FROM titles`))
	assert.Zero(t, n, "nothing of a refused file is written")

	c, err := ImportTitles(ctx, db, "titles.csv", "office", held, at)
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Added: 2}, c)
	c, err = ImportTitles(ctx, db, "titles.csv", "office", held, at.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Unchanged: 2}, c)

	own, err := UnitTitles(ctx, db, "finance", day("2026-12-01"))
	require.NoError(t, err)
	require.Len(t, own, 1, "the unit's own titles, not its people's")
	assert.Equal(t, "市级文明单位", own[0].Name)
	expired, err := UnitTitles(ctx, db, "finance", day("2026-12-30"))
	require.NoError(t, err)
	assert.Empty(t, expired, "held no more after its term")

	var events []struct {
		Action string    `db:"action"`
		By     string    `db:"by_whom"`
		At     time.Time `db:"at"`
	}
	require.NoError(t, db.SelectContext(ctx, &events, `SELECT action, by_whom, at FROM title_events ORDER BY title_id`))
	require.Len(t, events, 2, "one history entry per title, not per import")
	assert.Equal(t, "import", events[0].Action)
	assert.Equal(t, "office", events[0].By)
	assert.True(t, at.Equal(events[0].At))
}

// A campaign's naming enters each named unit's title in the register (once, however often
// naming is retried), with the deciding body, its document and day; the next campaign's
// declaration rules read it as a prior honor; a veto after naming revokes it there, and the
// result says when, in the campaign's time zone.
func TestNamingEntersTheTitlesAndAVetoRevokesThem(t *testing.T) {
	at := time.Date(2027, 12, 20, 9, 0, 0, 0, time.UTC)
	db, ctx := twoAgencies(t, at)
	var err error
	require.NoError(t, saveReview(ctx, db, "c1", rank.Selection{Selected: []string{"a"}, Ranked: []rank.Ranked{{ID: "a", Total: 9800, Rank: 1}}}, at))
	naming := Naming{CampaignID: "c1", At: at, Document: "市文明办〔2027〕12号", Body: "市文明办、市直机关工委", On: day("2027-12-18"),
		Confers: &campaign.Conferred{Kind: "civilized-unit", Level: title.CityOrgans, Name: "市直机关文明单位"}}
	for range 2 {
		_, err = Name(ctx, db, naming)
		require.NoError(t, err)
	}
	held, err := UnitTitles(ctx, db, "a", day("2028-03-01"))
	require.NoError(t, err)
	require.Len(t, held, 1)
	assert.Equal(t, "2027-12-18", held[0].ConferredOn.Format(time.DateOnly), "the day of the decision")
	held[0].ConferredOn = time.Time{}
	assert.Equal(t, Title{ID: held[0].ID, UnitID: "a", Kind: "civilized-unit", Level: "city-organs", Name: "市直机关文明单位",
		ConferredBy: "市文明办、市直机关工委", DocumentNo: "市文明办〔2027〕12号", Status: "active"}, held[0],
		"a plan that states no term: no term end, the title does not expire")
	none, err := UnitTitles(ctx, db, "b", day("2028-03-01"))
	require.NoError(t, err)
	assert.Empty(t, none, "only the named are entered")

	// The next year's campaign: a has the prior honor it needs.
	rules := &campaign.DeclarationRules{Subject: campaign.SubjectUnit, PriorHonor: title.CityOrgans, Source: "方案"}
	tx := db.MustBegin()
	defer tx.Rollback() //nolint:errcheck // a read: nothing to keep
	require.NoError(t, checkTitles(ctx, tx, Declaration{Submission: Submission{UnitID: "a", At: day("2028-10-01")}, Rules: rules, Timezone: "Asia/Shanghai"},
		declarant{Name: "甲局"}))

	for range 2 {
		require.NoError(t, RecordVeto(ctx, db, Veto{Submission: Submission{CampaignID: "c1", UnitID: "a", SubmissionID: "v1", By: "office", At: at.Add(48 * time.Hour)},
			VetoID: "major-accident", VetoText: "发生重大安全责任事故", Phase: "consolidate", AfterNaming: true}))
	}
	var result [2]string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT outcome, reason FROM campaign_results WHERE campaign_id = 'c1' AND unit_id = 'a'`).
		Scan(&result[0], &result[1]))
	assert.Equal(t, [2]string{"revoked", "撤销: 发生重大安全责任事故 (2027-12-22 17:00)"}, result,
		"the veto's time in the campaign's zone (09:00 UTC is 17:00 in Asia/Shanghai)")
	held, err = UnitTitles(ctx, db, "a", day("2028-03-01"))
	require.NoError(t, err)
	assert.Empty(t, held, "revoked: held no more")
	var events []string
	require.NoError(t, db.SelectContext(ctx, &events, `SELECT action || ':' || reason FROM title_events ORDER BY seq`))
	assert.Equal(t, []string{"confer:campaign c1", "revoke:一票否决: 发生重大安全责任事故"}, events)

	// Revoked, it is still the title the campaign conferred on a: a veto sent again finds it.
	revoked, err := UnitTitle(ctx, db, "c1", "a")
	require.NoError(t, err)
	assert.Equal(t, string(title.Revoked), revoked.Status)
	_, err = UnitTitle(ctx, db, "c1", "b")
	assert.ErrorIs(t, err, sql.ErrNoRows, "b was not named")
}

// A title conferred under a plan that states its term runs that term from the day of the
// decision, and comes with the material reward the plan states, which the register lists.
func TestATitleRunsThePlansTerm(t *testing.T) {
	at := time.Date(2027, 12, 20, 9, 0, 0, 0, time.UTC)
	db, ctx := twoAgencies(t, at)
	require.NoError(t, saveReview(ctx, db, "c1", rank.Selection{Selected: []string{"a"}, Ranked: []rank.Ranked{{ID: "a", Total: 9800, Rank: 1}}}, at))
	_, err := Name(ctx, db, Naming{CampaignID: "c1", At: at, Document: "区文明委〔2027〕3号", Body: "区文明委", On: day("2027-12-18"),
		Confers: &campaign.Conferred{Kind: "civilized-unit", Level: title.District, Name: "区级文明机关", Term: 730 * 24 * time.Hour, Reward: "奖励1万元"}})
	require.NoError(t, err)
	held, err := UnitTitles(ctx, db, "a", day("2028-03-01"))
	require.NoError(t, err)
	require.Len(t, held, 1)
	require.NotNil(t, held[0].TermEnd)
	assert.Equal(t, "2029-12-17", held[0].TermEnd.Format(time.DateOnly), "730 days after the decision")
	listed, err := ListTitles(ctx, db, TitleFilter{Held: true})
	require.NoError(t, err)
	require.Len(t, listed, 1)
	assert.Equal(t, "奖励1万元", listed[0].Reward)
}
