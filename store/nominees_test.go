package store

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/campaign"
	"wenming/rules/roster"
	"wenming/testenv/english"
	"wenming/testenv/pgtest"
)

// peopleFixture is a model-individual campaign of three units of three sizes: 45 staff (one
// nominee), 75 (three) and 260 (five).
func peopleFixture(t *testing.T) (*sqlx.DB, func(unit, person, id string) error, campaign.NominationRules) {
	t.Helper()
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2027, 10, 1, 9, 0, 0, 0, time.UTC)
	_, err := ImportUnits(ctx, db, "units.csv", []roster.Unit{
		{ID: "stats", Name: "市统计局", Kind: "agency", Staff: 45, Departments: 5},
		{ID: "commerce", Name: "市商务局", Kind: "agency", Staff: 75, Departments: 7},
		{ID: "tax", Name: "市税务局", Kind: "agency", Staff: 260, Departments: 15}})
	require.NoError(t, err)
	rules := campaign.NominationRules{Categories: campaign.DefaultCategories, PerUnit: campaign.DefaultPerUnit, DeedsMaxChars: 1500}
	require.NoError(t, Mobilize(ctx, db, campaign.Plan{ID: "c1", Title: "文明标兵", Timezone: "Asia/Shanghai",
		Units: []string{"stats", "commerce", "tax"}, GroupSize: 10}, at))
	nominate := func(unit, person, id string) error {
		return RecordNomination(ctx, db, PersonNomination{Submission: Submission{CampaignID: "c1", UnitID: unit, SubmissionID: id, By: "tester", At: at},
			PersonID: person, Name: "姓名" + person, Post: "科员", Categories: []string{campaign.DefaultCategories[1]},
			Deeds: "事迹", Recommendation: "同意推荐", Rules: &rules, Source: "三创三树方案"})
	}
	return db, nominate, rules
}

// Seed 001 三.5: 50人以下的单位可推荐1名；50人以上200人以下的单位，可推荐2~3名；200人以上的单位，最多可推荐5名.
func TestAUnitNominatesUpToItsQuotaByStaff(t *testing.T) {
	db, nominate, _ := peopleFixture(t)
	for unit, quota := range map[string]int{"stats": 1, "commerce": 3, "tax": 5} {
		for i := range quota {
			require.NoError(t, nominate(unit, string(rune('a'+i)), unit+"-"+string(rune('a'+i))), unit)
		}
		err := nominate(unit, "z", unit+"-z")
		require.Error(t, err, "%s nominates at most %d", unit, quota)
		assert.Contains(t, english.Of(err), "may nominate", unit)
		// The correction of a nominee already in is not a new place.
		require.NoError(t, nominate(unit, "a", unit+"-a2"), unit)
		// A nomination sent again changes nothing.
		require.NoError(t, nominate(unit, "a", unit+"-a2"), unit)
	}
	err := nominate("stats", "z", "stats-z")
	assert.Contains(t, english.Of(err), "市统计局 has a staff of 45: it may nominate 1 (姓名a already)")
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM nominees`))
	assert.Equal(t, 9, n)
}

// Seed 001 三.5: a unit of 45 staff nominates one; two nominations at once cannot both take
// its place, even when each has counted the nominees before either writes.
func TestTwoNominationsAtOnceCannotBothTakeTheLastPlace(t *testing.T) {
	db, nominate, _ := peopleFixture(t)
	errs := atOnce(t, db, "nominees",
		func() error { return nominate("stats", "a", "sa") },
		func() error { return nominate("stats", "b", "sb") })
	require.True(t, (errs[0] == nil) != (errs[1] == nil), "one place, one taken: %v", errs)
	refused := errs[0]
	if refused == nil {
		refused = errs[1]
	}
	assert.Regexp(t, `市统计局 has a staff of 45: it may nominate 1 \(姓名[ab] already\)`, english.Of(refused))
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM nominees WHERE unit_id = 'stats'`))
	assert.Equal(t, 1, n, "one place, one nominee")
}

// The review proposes the nominees whose unit's declaration stands; the naming names each
// person with the unit, enters the title in the register under the person, and gives every
// other nominee the reason.
func TestNomineesAreNamedAsPeopleOfTheirUnits(t *testing.T) {
	db, nominate, _ := peopleFixture(t)
	ctx := context.Background()
	at := time.Date(2027, 10, 5, 9, 0, 0, 0, time.UTC)
	for _, n := range [][2]string{{"stats", "li"}, {"commerce", "wang"}, {"commerce", "zhao"}, {"commerce", "sun"}, {"tax", "zhou"}} {
		require.NoError(t, nominate(n[0], n[1], n[0]+"-"+n[1]))
	}
	declare := func(unit string, review string) {
		require.NoError(t, RecordDeclaration(ctx, db, Declaration{Submission: Submission{CampaignID: "c1", UnitID: unit, SubmissionID: unit + "-d", By: "tester", At: at},
			Report: "推荐报告", Opinion: "无违纪", Recommendation: "同意推荐", Summary: "推荐", OnNotice: true}))
		require.NoError(t, RecordDeclaringNotice(ctx, db, DeclaringNoticeResult{CampaignID: "c1", UnitID: unit, Status: "passed", UnderReview: true, At: at,
			Removed: map[string][]string{"commerce": {"sun"}}[unit]}))
		require.NoError(t, ReviewDeclaration(ctx, db, DeclarationReview{Submission: Submission{CampaignID: "c1", UnitID: unit, SubmissionID: unit + "-r", By: "office", At: at},
			Status: review, Note: "材料不实"}))
	}
	declare("commerce", "accepted")
	declare("tax", "turned_down")
	// stats nominated, and its declaration refused: its people say why.
	require.NoError(t, RecordAudit(ctx, db, Audit{Kind: "declare", Target: "campaign/c1/unit/stats", SubmissionID: "stats-d", Actor: "tester",
		Reason: "推荐人数超过限额", At: at}))

	res, err := ReviewNominees(ctx, db, "c1")
	require.NoError(t, err)
	assert.Equal(t, []string{"commerce/wang", "commerce/zhao"}, res.Proposed, "sun was taken off the unit's notice; tax turned down; stats refused")
	again, err := ReviewNominees(ctx, db, "c1")
	require.NoError(t, err)
	assert.Equal(t, res.Proposed, again.Proposed)

	naming := Naming{CampaignID: "c1", At: at, People: true, Document: "市文明办〔2027〕20号", Body: "市文明办、市直机关工委", On: day("2027-12-18"),
		Struck:  []UnitReason{{Unit: "commerce/zhao", Reason: "事迹不够突出"}},
		Confers: &campaign.Conferred{Kind: "model-individual", Level: "city-organs", Name: "市直机关文明标兵"}}
	for range 2 {
		counts, err := Name(ctx, db, naming)
		require.NoError(t, err)
		assert.Equal(t, map[string]int{"named": 1, "not_approved": 1, "removed_by_objection": 1, "turned_down": 1, "not_declared": 1}, counts)
	}
	people, err := Nominees(ctx, db, "c1")
	require.NoError(t, err)
	got := map[string][3]string{}
	for _, p := range people {
		got[p.Key()] = [3]string{p.Outcome, p.Reason, p.DocumentNo}
	}
	assert.Equal(t, map[string][3]string{
		"commerce/wang": {"named", "命名", "市文明办〔2027〕20号"},
		"commerce/zhao": {"not_approved", "决定时未予批准: 事迹不够突出", "市文明办〔2027〕20号"},
		"commerce/sun":  {"removed_by_objection", "申报前公示期间异议成立", ""},
		"tax/zhou":      {"turned_down", "初步审查不予通过: 材料不实", ""},
		"stats/li":      {"not_declared", "单位申报未被受理: 推荐人数超过限额", ""},
	}, got)
	var titles []struct {
		Unit   string `db:"unit_id"`
		Person string `db:"person"`
		Kind   string `db:"kind"`
		Doc    string `db:"document_no"`
	}
	require.NoError(t, db.Select(&titles, `SELECT unit_id, person, kind, document_no FROM titles`))
	assert.Equal(t, []struct {
		Unit   string `db:"unit_id"`
		Person string `db:"person"`
		Kind   string `db:"kind"`
		Doc    string `db:"document_no"`
	}{{"commerce", "姓名wang", "model-individual", "市文明办〔2027〕20号"}}, titles)
}
