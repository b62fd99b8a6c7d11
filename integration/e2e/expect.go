package e2e

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/demo/scenario"
	"wenming/store"
)

// refusedDeclarations are the results of the units whose declarations the demo has refused:
// each says the refusal the office recorded, in the words of the plan's rule (the demo's plan
// names no source of its rules: the default one).
var refusedDeclarations = map[string]string{
	"commerce": "申报未被受理: 市商务局 已获得市级文明单位（市级，市文明委〔2025〕9号）：已获得市级以上文明单位等称号的单位，" +
		"仅参加文明窗口（科室）、文明标兵创建申报，不再申报文明单位（依据《市直机关开展“三创三树”精神文明创建活动实施方案》）",
	"statistics": "申报未被受理: 市统计局 在称号名册中没有市直级以上的表彰：申报文明单位应有一定荣誉基础，获得市直级以上表彰的方可申报" +
		"（依据《市直机关开展“三创三树”精神文明创建活动实施方案》）",
}

// CheckCampaignResults compares campaign_results with the demo campaign's expected rows.
func CheckCampaignResults(t *testing.T, ctx context.Context, db *sqlx.DB) {
	t.Helper()
	rows, err := store.Results(ctx, db, scenario.CampaignID)
	require.NoError(t, err)
	require.Len(t, rows, len(scenario.CampaignResults))
	str := func(p interface{ String() string }, isNil bool) string {
		if isNil {
			return ""
		}
		return p.String()
	}
	for _, r := range rows {
		want, ok := scenario.CampaignResults[r.UnitID]
		require.True(t, ok, r.UnitID)
		rank := 0
		if r.Rank != nil {
			rank = *r.Rank
		}
		got := scenario.Expect{Outcome: r.Outcome, Rank: rank,
			Self: str(r.SelfBase, r.SelfBase == nil), Actual: str(r.ActualBase, r.ActualBase == nil),
			Bonus: str(r.Bonus, r.Bonus == nil), Total: str(r.Total, r.Total == nil)}
		assert.Equal(t, want, got, r.UnitID)
		assert.NotEmpty(t, r.Reason, r.UnitID)
		if reason, ok := refusedDeclarations[r.UnitID]; ok {
			assert.Equal(t, reason, r.Reason, r.UnitID)
		}
		// The deciding body's document is on every name it decided: named, later revoked, struck.
		doc := ""
		if r.DocumentNo != nil {
			doc = *r.DocumentNo
		}
		if r.Outcome == "named" || r.Outcome == "revoked" || r.UnitID == "hr-social" {
			assert.Equal(t, scenario.NamingDocument, doc, r.UnitID)
		} else {
			assert.Empty(t, doc, r.UnitID)
		}
	}
}

func ExpectOf(r store.RoundResult) scenario.RoundExpect {
	e := scenario.RoundExpect{Outcome: r.Outcome}
	if r.Rank != nil {
		e.Rank = *r.Rank
	}
	if r.Score != nil {
		e.Score = r.Score.String()
	}
	return e
}

// CheckRoundResults compares round_results and honors with the demo rounds' expected rows.
func CheckRoundResults(t *testing.T, ctx context.Context, db *sqlx.DB, pioneer, redflag string) {
	t.Helper()
	rows, err := store.RoundResults(ctx, db, pioneer)
	require.NoError(t, err)
	want := scenario.DemoPioneerResults()
	require.Len(t, rows, len(want))
	for _, r := range rows {
		assert.Equal(t, want[r.SubjectID], ExpectOf(r), r.SubjectID)
		assert.Equal(t, r.SubjectID, *r.MemberID)
	}

	rows, err = store.RoundResults(ctx, db, redflag)
	require.NoError(t, err)
	flags := scenario.RedFlagResults(pioneer, redflag)
	require.Len(t, rows, len(flags))
	for _, r := range rows {
		assert.Equal(t, flags[r.SubjectID], ExpectOf(r), r.SubjectID)
		assert.Nil(t, r.MemberID)
	}

	honors, err := store.Honors(ctx, db, 0)
	require.NoError(t, err)
	var got []string
	for _, h := range honors {
		if h.Consecutive > 0 { // the rounds' honors; a title the year-end round conferred by nomination counts none
			got = append(got, fmt.Sprintf("%s %s %d", h.Kind, h.SubjectID, h.Consecutive))
		}
	}
	sort.Strings(got)
	assert.Equal(t, scenario.RoundHonors(pioneer, redflag), got)
}

// CheckPeopleResults: the model-individual campaign ended with the outcomes the office expects.
func CheckPeopleResults(t *testing.T, db *sqlx.DB) {
	t.Helper()
	var rows []struct {
		Key     string `db:"key"`
		Outcome string `db:"outcome"`
	}
	require.NoError(t, db.Select(&rows, `SELECT unit_id || '/' || person_id AS key, outcome FROM nominee_results WHERE campaign_id = $1`,
		scenario.PeopleCampaignID))
	got := map[string]string{}
	for _, r := range rows {
		got[r.Key] = r.Outcome
	}
	assert.Equal(t, scenario.PeopleResults, got)
}

// CheckTitles: after the demo the register holds each title in the status its decisions left it
// in, each decision an event: the units' titles handed over at naming, the imported ones under
// management, a veto after the campaign's end revoking one.
func CheckTitles(t *testing.T, db *sqlx.DB) {
	t.Helper()
	var rows []struct {
		Unit     string `db:"unit_id"`
		Person   string `db:"person"`
		Campaign string `db:"campaign"`
		Status   string `db:"status"`
		Actions  string `db:"actions"`
	}
	require.NoError(t, db.Select(&rows, `
		SELECT t.unit_id, t.person, coalesce(t.campaign_id, '') AS campaign, t.status,
		       string_agg(e.action, ',' ORDER BY e.seq) AS actions
		FROM titles t JOIN title_events e ON e.title_id = t.id
		WHERE t.campaign_id IS NOT NULL OR t.kind = 'civilized-unit'
		GROUP BY t.id ORDER BY t.unit_id, t.person`))
	got := map[string][2]string{}
	for _, r := range rows {
		got[r.Unit+"/"+r.Person+"@"+r.Campaign] = [2]string{r.Status, r.Actions}
	}
	assert.Equal(t, map[string][2]string{
		"finance/@" + scenario.CampaignID:            {"warned", "confer,warn"},
		"tax/@" + scenario.CampaignID:                {"active", "confer,rectify,verify"},
		"education/@" + scenario.CampaignID:          {"revoked", "confer,revoke"},
		"commerce/@":                                 {"active", "import,suspend,restore"},
		"commerce/王芳@" + scenario.PeopleCampaignID:   {"active", "confer"},
		scenario.RenewedUnit + "/@":                  {"renewed", "import,renew"},
		"statistics/吴静@" + scenario.PeopleCampaignID: {"active", "confer"},
		"tax/李明@" + scenario.PeopleCampaignID:        {"active", "confer"},
	}, got)
	var revoked string
	require.NoError(t, db.Get(&revoked, `SELECT outcome FROM campaign_results WHERE campaign_id = $1 AND unit_id = 'education'`, scenario.CampaignID))
	assert.Equal(t, "revoked", revoked, "a veto after the campaign's end revokes the result too")
	var term string
	require.NoError(t, db.Get(&term, `SELECT (term_end - conferred_on)::text FROM titles WHERE unit_id = $1 AND kind = 'civilized-unit'`,
		scenario.RenewedUnit))
	assert.Equal(t, "1460", term, "renewed at the end of its first term: a second two-year term")
	// The demo's plans state no term (confers.term): the titles their campaigns confer do not expire.
	var unbounded []string
	require.NoError(t, db.Select(&unbounded, `SELECT unit_id || '/' || person FROM titles WHERE campaign_id IS NOT NULL AND term_end IS NULL`))
	sort.Strings(unbounded)
	assert.Equal(t, []string{"commerce/王芳", "education/", "finance/", "statistics/吴静", "tax/", "tax/李明"}, unbounded,
		"a title conferred under a plan that states no term has no term end")
}
