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
	"wenming/rules/rank"
	"wenming/rules/roster"
	"wenming/rules/standard"
	"wenming/rules/title"
	"wenming/testenv/english"
	"wenming/testenv/pgtest"
)

// declaringFixture is a campaign of the given units under the plan's default rules for the
// subject, with the register holding the given titles.
func declaringFixture(t *testing.T, subject string, units []roster.Unit, held []title.Held) (*sqlx.DB, func(unit, id string) error) {
	t.Helper()
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2027, 10, 1, 9, 0, 0, 0, time.UTC)
	std := civilizedUnitStandard(t)
	require.NoError(t, SaveStandard(ctx, db, std))
	_, err := ImportUnits(ctx, db, "units.csv", units)
	require.NoError(t, err)
	if len(held) > 0 {
		_, err = ImportTitles(ctx, db, "titles.csv", "tester", held, at)
		require.NoError(t, err)
	}
	var ids []string
	for _, u := range units {
		if u.Kind == subject || subject == campaign.SubjectUnit && u.Kind == "agency" {
			ids = append(ids, u.ID)
		}
	}
	spec, err := campaign.Parse("c.yaml", []byte("subject: "+subject+"\n"))
	require.NoError(t, err)
	rules := resolveRules(t, spec)
	require.NoError(t, Mobilize(ctx, db, campaign.Plan{ID: "c1", Title: "创建", StandardID: std.ID, StandardDigest: std.Digest(),
		Timezone: "Asia/Shanghai", Units: ids, GroupSize: 10}, at))
	declare := func(unit, id string) error {
		return RecordDeclaration(ctx, db, Declaration{Submission: Submission{CampaignID: "c1", UnitID: unit, SubmissionID: id, By: "tester", At: at},
			Report: "申报材料", Opinion: "无违纪", Recommendation: "同意推荐", Summary: "简介", Rules: rules, Timezone: "Asia/Shanghai"})
	}
	return db, declare
}

// resolveRules resolves the declaration rules a spec with only a subject gets by default.
func resolveRules(t *testing.T, spec *campaign.Spec) *campaign.DeclarationRules {
	t.Helper()
	spec.ID, spec.Title, spec.Standard, spec.Units = "c1", "创建", "civilized-unit", []string{"x"}
	spec.Schedule = campaign.Schedule{Implement: "+1d", SelfCheck: "+1d", DeclareBy: "+1d", AcceptBy: "+1d"}
	plan, l := spec.Resolve("c.yaml", time.Now(), lookup{t})
	require.NoError(t, l.Err())
	return plan.Declaring
}

// lookup finds the shipped civilized-unit standard, whatever the spec names.
type lookup struct{ t *testing.T }

func (l lookup) Standard(string) (*standard.Standard, error) { return civilizedUnitStandard(l.t), nil }
func (lookup) UnitIDs(string) ([]string, error)              { return nil, nil }

func day(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }

// Seed 001 三.1-2: a unit holding a city civilized-unit title (or above) declares only windows,
// departments and model individuals; the unit title needs an honor at the 市直 level or above;
// a title past its term holds nobody back, and is the honor received all the same; an honor
// revoked is none. The refusal names the rule's source.
func TestTheUnitTitleIsForUnitsWithAPriorHonorAndNoTitleAbove(t *testing.T) {
	units := []roster.Unit{
		{ID: "holder", Name: "公安局", Kind: "agency"}, {ID: "expired", Name: "水务局", Kind: "agency"},
		{ID: "honored", Name: "财政局", Kind: "agency"}, {ID: "district", Name: "统计局", Kind: "agency"}, {ID: "none", Name: "审计局", Kind: "agency"},
		{ID: "lapsed", Name: "商务局", Kind: "agency"}, {ID: "revoked", Name: "民政局", Kind: "agency"},
	}
	held := []title.Held{
		{Unit: "holder", Kind: "civilized-unit", Level: title.City, Name: "市级文明单位", ConferredBy: "市文明委", DocumentNo: "市文明委〔2026〕9号", ConferredOn: day("2026-01-05"), TermEnd: day("2028-01-04"), Line: 2},
		{Unit: "holder", Kind: "honor", Level: title.National, Name: "全国优秀公安局", ConferredBy: "公安部", ConferredOn: day("2023-12-10"), Line: 3},
		{Unit: "expired", Kind: "civilized-unit", Level: title.Provincial, Name: "省级文明单位", ConferredBy: "省文明委", ConferredOn: day("2023-01-05"), TermEnd: day("2025-01-04"), Line: 4},
		{Unit: "expired", Kind: "honor", Level: title.CityOrgans, Name: "先进基层党组织", ConferredBy: "市直机关工委", ConferredOn: day("2025-06-28"), Line: 5},
		{Unit: "honored", Kind: "honor", Level: title.CityOrgans, Name: "先进基层党组织", ConferredBy: "市直机关工委", ConferredOn: day("2025-06-28"), Line: 6},
		{Unit: "district", Kind: "honor", Level: title.District, Name: "区先进集体", ConferredBy: "区委", ConferredOn: day("2025-06-28"), Line: 7},
		{Unit: "lapsed", Kind: "civilized-unit", Level: title.CityOrgans, Name: "市直机关文明单位", ConferredBy: "市直机关工委", ConferredOn: day("2023-12-20"), TermEnd: day("2025-12-19"), Line: 8},
		{Unit: "revoked", Kind: "honor", Level: title.City, Name: "市级先进集体", ConferredBy: "市委", ConferredOn: day("2025-06-28"), Line: 9},
	}
	db, declare := declaringFixture(t, campaign.SubjectUnit, units, held)
	var revoked int64
	require.NoError(t, db.Get(&revoked, `SELECT id FROM titles WHERE unit_id = 'revoked'`))
	_, err := ActOnTitle(context.Background(), db, TitleAction{TitleID: revoked, SubmissionID: "r1", Action: title.Revoke, Reason: "弄虚作假",
		By: "office", At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	require.NoError(t, err)

	err = declare("holder", "d1")
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "公安局 holds 市级文明单位 (市级, 市文明委〔2026〕9号): a unit holding a civilized-unit title of the city or above declares only windows")
	assert.Contains(t, english.Of(err), "《市直机关开展“三创三树”精神文明创建活动实施方案》")
	require.NoError(t, declare("expired", "d2"), "a title past its term holds nobody back")
	require.NoError(t, declare("honored", "d3"))
	var by string
	require.NoError(t, db.Get(&by, `SELECT recommended_by FROM declarations WHERE unit_id = 'honored'`))
	assert.Equal(t, "单位党组（党委）", by, "a first-level unit's own party group recommends it (三.4)")
	require.NoError(t, declare("lapsed", "d4"), "an honor received counts though its term has ended")
	for _, unit := range []string{"district", "none", "revoked"} {
		err := declare(unit, "d-"+unit)
		require.Error(t, err, unit)
		assert.Contains(t, english.Of(err), "holds no honor at the 市直 level or above in the register of titles", unit)
	}
}

// Seed 001 三.5: windows declare within 10% of their parent's internal departments, rounded
// down; two windows of one parent declaring at once cannot both take its last place; a window
// turned down frees its place; a retried declaration is not counted against itself.
func TestWindowsDeclareWithinTheirParentsShare(t *testing.T) {
	units := []roster.Unit{
		{ID: "service", Name: "行政审批局", Kind: "agency", Departments: 19},
		{ID: "stats", Name: "统计局", Kind: "agency", Departments: 9},
		{ID: "w1", Name: "审批一窗", ParentID: "service", Kind: "window"}, {ID: "w2", Name: "审批二窗", ParentID: "service", Kind: "window"},
		{ID: "w3", Name: "审批三窗", ParentID: "service", Kind: "window"}, {ID: "s1", Name: "统计窗口", ParentID: "stats", Kind: "window"},
		{ID: "hall", Name: "政务中心统计窗口", ParentID: "stats", Kind: "window", StationedAt: "市政务服务中心"},
	}
	db, declare := declaringFixture(t, campaign.SubjectWindow, units, nil)

	err := declare("s1", "s1")
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "统计窗口 cannot declare: 统计局 has 9 internal departments, and at most 10% of them (rounded down) may declare: 0")

	// Three windows of one place declare at once: each has counted the declarations under the
	// parent before any of them writes, unless the parent's row is locked while they count.
	windows := []string{"w1", "w2", "w3"}
	var calls []func() error
	for _, w := range windows {
		calls = append(calls, func() error { return declare(w, w) })
	}
	errs := atOnce(t, db, "declarations", calls...)
	var taken string
	refused := 0
	for i, err := range errs {
		if err == nil {
			taken = windows[i]
			continue
		}
		refused++
		assert.Contains(t, english.Of(err), "行政审批局 has 19 internal departments, and at most 10% of them (rounded down) may declare: 1; declared:")
	}
	require.Equal(t, 2, refused, "one place, three windows at once: %v", errs)
	var declared int
	require.NoError(t, db.Get(&declared, `SELECT count(*) FROM declarations WHERE unit_id IN ('w1', 'w2', 'w3')`))
	require.Equal(t, 1, declared, "one place, one declaration")
	require.NoError(t, declare(taken, taken), "a retry is not counted against itself")
	var by string
	require.NoError(t, db.Get(&by, `SELECT recommended_by FROM declarations WHERE unit_id = $1`, taken))
	assert.Equal(t, "主管单位机关党委", by, "a window's supervising agency's party committee recommends it (三.4)")

	// A window stationed at a service centre is recommended by the centre (三.4); it is still
	// one of its parent's windows.
	err = declare("hall", "hall")
	require.Error(t, err, "统计局's share is 0 for its stationed window too")
	db.MustExec(`UPDATE units SET department_count = 10 WHERE id = 'stats'`)
	require.NoError(t, declare("hall", "hall-2"))
	require.NoError(t, db.Get(&by, `SELECT recommended_by FROM declarations WHERE unit_id = 'hall'`))
	assert.Equal(t, "市政务服务中心", by)

	other := map[bool]string{true: "w2", false: "w1"}[taken == "w1"]
	_, err = db.ExecContext(context.Background(), `UPDATE declarations SET review = 'turned_down' WHERE unit_id = $1`, taken)
	require.NoError(t, err)
	require.NoError(t, declare(other, other+"-again"), "a window turned down frees its place")
}

// The review applies the per-parent share with the plan's rounding: one place for a parent of
// 9 internal departments at 10% rounded up, none rounded down.
func TestTheReviewRoundsTheParentsShareAsThePlanSays(t *testing.T) {
	units := []roster.Unit{
		{ID: "stats", Name: "统计局", Kind: "agency", Departments: 9},
		{ID: "s1", Name: "统计一窗", ParentID: "stats", Kind: "window"}, {ID: "s2", Name: "统计二窗", ParentID: "stats", Kind: "window"},
	}
	db, _ := declaringFixture(t, campaign.SubjectWindow, units, nil)
	ctx := context.Background()
	at := time.Date(2027, 11, 1, 9, 0, 0, 0, time.UTC)
	for i, u := range []string{"s1", "s2"} {
		sub := Submission{CampaignID: "c1", UnitID: u, SubmissionID: u + "-d", By: "tester", At: at}
		require.NoError(t, RecordDeclaration(ctx, db, Declaration{Submission: sub, Report: "报告", Opinion: "无违纪"}))
		sub.SubmissionID = u + "-i"
		total := points.Points(9500 - 100*i)
		_, err := RecordInspection(ctx, db, Inspection{ScoreSheet: ScoreSheet{Submission: sub, Kind: "actual",
			Result: standard.Result{Base: total, Total: total, Eligible: true}}, Timezone: "Asia/Shanghai"})
		require.NoError(t, err)
	}
	for rounding, want := range map[rank.Rounding][]string{rank.Up: {"s1"}, rank.Down: nil} {
		res, err := Review(ctx, db, "c1", campaign.PlannedQuota{PerParentShareBP: 1000, Rounding: rounding}, "", nil, at)
		require.NoError(t, err)
		assert.Equal(t, want, res.Proposed, string(rounding))
	}
}
