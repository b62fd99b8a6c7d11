package store

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/english"
	"wenming/testenv/pgtest"
)

// The year-end list holds the year's streak holders (免评) and the nominations; the committee
// strikes nominations only; the conferral records every title with how it was earned.
func TestTheYearEndCommendation(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 6)
	for _, p := range []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} {
		require.Equal(t, 1, round(t, db, p, "b1m1")["awarded"], p)
	}
	pending, err := LastRoundsPending(ctx, db, 2026)
	require.NoError(t, err)
	assert.Equal(t, []string{"redflag/2026-H2"}, pending, "the fourth quarter is awarded, the second half has not run")

	const id = "annual/2026"
	require.NoError(t, OpenAnnual(ctx, db, id, 2026, time.Now()))
	n, err := ListAnnual(ctx, db, id, 2026, time.Now())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	nominate := func(sub, kind, subject, reason string) error {
		return Nominate(ctx, db, Nomination{RoundID: id, SubmissionID: sub, SubjectKind: kind, SubjectID: subject, Reason: reason, By: "t", At: time.Now()})
	}
	require.NoError(t, nominate("n1", "member", "b1m2", "全年服务群众成绩突出"))
	require.NoError(t, nominate("n1", "member", "b1m2", "全年服务群众成绩突出"), "a resend changes nothing")
	require.NoError(t, nominate("n2", "branch", "b1", "支部建设扎实"))
	assert.Contains(t, english.Of(nominate("n3", "member", "b1m1", "x")), "b1m1 is on the year-end list already: 连续4次获党员先锋岗（至 2026-Q4）")
	assert.Contains(t, english.Of(nominate("n4", "member", "nobody", "x")), "the roster has no member nobody")
	n, err = ListAnnual(ctx, db, id, 2026, time.Now())
	require.NoError(t, err)
	assert.Equal(t, 3, n, "listing again lists nobody twice")

	approve := func(sub string, strikes ...Strike) (int, error) {
		return ApproveAnnual(ctx, db, Approval{RoundID: id, SubmissionID: sub, Strikes: strikes, By: "党委", At: time.Now()})
	}
	_, err = approve("a0", Strike{Member: "b1m1", Reason: "x"}, Strike{Member: "b9", Reason: "y"})
	assert.Contains(t, english.Of(err), "b1m1 is on the list by a streak (免评): the committee cannot strike it")
	assert.Contains(t, english.Of(err), "b9 is not on the list of annual/2026")
	proposed, err := approve("a1", Strike{Member: "b1", Reason: "台账不全"})
	require.NoError(t, err)
	assert.Equal(t, 2, proposed)

	out, err := AwardAnnual(ctx, db, Award{RoundID: id, Period: "2026", Year: 2026, At: time.Now()})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"awarded": 2, "not_approved": 1}, out)
	outcome, reason := outcomeOf(t, db, id, "b1")
	assert.Equal(t, "not_approved", outcome)
	assert.Equal(t, "党委未批准: 台账不全", reason)

	var titles []string
	require.NoError(t, db.Select(&titles, `SELECT subject_id || ' ' || period || ' ' || basis FROM honors
		WHERE kind = 'excellent_member' AND conferred_in = $1 ORDER BY subject_id`, id))
	assert.Equal(t, []string{"b1m1 2026-Q4 连续4次获党员先锋岗（至 2026-Q4）", "b1m2 2026 支部推荐：全年服务群众成绩突出"}, titles)
	// Each title is in the register, held by the member, conferred by the unit's committee, and
	// the year's list gives its number there.
	var register []string
	require.NoError(t, db.Select(&register, `SELECT t.holder || ' ' || t.person || ' ' || t.kind || ' ' || t.level || ' ' || t.name || ' '
		|| t.source || ' ' || t.status || ' ' || e.action || ' ' || e.reason FROM titles t JOIN title_events e ON e.title_id = t.id
		WHERE t.round_id = $1 ORDER BY t.holder, e.seq`, id))
	assert.Equal(t, []string{
		"b1m1 党员 excellent-member committee 2026年度优秀共产党员 annual active confer 连续4次获党员先锋岗（至 2026-Q4）",
		"b1m2 党员 excellent-member committee 2026年度优秀共产党员 annual active confer 全年服务群众成绩突出"}, register,
		"two members of one unit with one name hold a title each")
	list, err := YearTitles(ctx, db, 2026)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, YearTitle{"机关工委", "党员", "excellent_member", "连续4次获党员先锋岗（至 2026-Q4）", registerID(t, db, "b1m1")}, list[0])
	assert.Equal(t, YearTitle{"机关工委", "党员", "excellent_member", "支部推荐：全年服务群众成绩突出", registerID(t, db, "b1m2")}, list[1])
	assert.NotZero(t, list[0].TitleID)
	held, err := UnitTitles(ctx, db, "committee", time.Now())
	require.NoError(t, err)
	assert.Empty(t, held, "a member's yearly title is not the unit's")
	_, err = AwardAnnual(ctx, db, Award{RoundID: id, Period: "2026", Year: 2026, At: time.Now()})
	require.NoError(t, err, "awarding again (a retry)")
	var entered int
	require.NoError(t, db.Get(&entered, `SELECT count(*) FROM titles`))
	assert.Equal(t, 2, entered, "a retry enters nothing more")
	var advanced int
	require.NoError(t, db.Get(&advanced, `SELECT count(*) FROM honors WHERE kind = 'advanced_branch'`))
	assert.Zero(t, advanced, "the struck nomination confers nothing")

	// A violation found later in the streak withdraws the conferred title, and the year-end
	// result says so.
	violation(t, db, "v1", "b1m1", "2026-02-02")
	apply(t, db, "pioneer/2026-Q1", "v1")
	outcome, reason = outcomeOf(t, db, id, "b1m1")
	assert.Equal(t, "revoked", outcome)
	assert.Equal(t, "撤销：连续4次党员先锋岗因 pioneer/2026-Q1 撤销而中断", reason)
	withdrawn, err := LoadTitle(ctx, db, registerID(t, db, "b1m1"))
	require.NoError(t, err)
	assert.Equal(t, "revoked", withdrawn.Status, "the register withdraws the title with the streak")
	events, err := TitleHistory(ctx, db, withdrawn.ID)
	require.NoError(t, err)
	require.Len(t, events, 2)
	assert.Equal(t, TitleEvent{Seq: 2, Action: "revoke", Status: "revoked", Reason: "连续4次党员先锋岗因 pioneer/2026-Q1 撤销而中断",
		By: "system", At: events[1].At}, events[1])
	list, err = YearTitles(ctx, db, 2026)
	require.NoError(t, err)
	assert.Len(t, list, 1, "the nominated title stands")
}

// A 免评 entry goes only by a violation: one recorded after the list was made revokes the
// streak's title, and the year-end round does not confer it.
func TestAViolationTakesAStreakOffTheYearEndList(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 6)
	for _, p := range []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} {
		require.Equal(t, 1, round(t, db, p, "b1m1")["awarded"], p)
	}
	const id = "annual/2026"
	require.NoError(t, OpenAnnual(ctx, db, id, 2026, time.Now()))
	_, err := ListAnnual(ctx, db, id, 2026, time.Now())
	require.NoError(t, err)
	_, err = ApproveAnnual(ctx, db, Approval{RoundID: id, SubmissionID: "a1", By: "党委", At: time.Now()})
	require.NoError(t, err)

	violation(t, db, "v1", "b1m1", "2026-11-02")
	assert.Equal(t, StageAfterAward, apply(t, db, "pioneer/2026-Q4", "v1").Stage)
	out, err := AwardAnnual(ctx, db, Award{RoundID: id, Period: "2026", Year: 2026, At: time.Now()})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"ineligible": 1}, out)
	titles, err := YearTitles(ctx, db, 2026)
	require.NoError(t, err)
	assert.Empty(t, titles)
}

// registerID is the number of the yearly title a member or branch holds in the register.
func registerID(t *testing.T, db *sqlx.DB, holder string) int64 {
	t.Helper()
	var id int64
	require.NoError(t, db.Get(&id, `SELECT id FROM titles WHERE holder = $1`, holder))
	return id
}

// A branch's yearly title is the branch's: the register holds it by the branch, and its unit's
// titles (which the declaration rules read) do not include it.
func TestABranchsYearlyTitleIsEnteredForTheBranch(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 2, 2)
	const id = "annual/2026"
	require.NoError(t, OpenAnnual(ctx, db, id, 2026, time.Now()))
	require.NoError(t, Nominate(ctx, db, Nomination{RoundID: id, SubmissionID: "n1", SubjectKind: "branch", SubjectID: "b2",
		Reason: "支部建设扎实", By: "党委", At: time.Now()}))
	_, err := ApproveAnnual(ctx, db, Approval{RoundID: id, SubmissionID: "a1", By: "党委", At: time.Now()})
	require.NoError(t, err)
	at := time.Date(2026, 12, 28, 20, 0, 0, 0, time.UTC) // the 29th in Beijing
	_, err = AwardAnnual(ctx, db, Award{RoundID: id, Period: "2026", Year: 2026, At: at, On: "2026-12-29"})
	require.NoError(t, err)

	got, err := LoadTitle(ctx, db, registerID(t, db, "b2"))
	require.NoError(t, err)
	assert.Equal(t, Title{ID: got.ID, UnitID: "committee", Person: "支部b2", Kind: "advanced-branch", Level: "committee",
		Name: "2026年度先进党支部", ConferredBy: "机关党委", ConferredOn: got.ConferredOn, Status: "active", Source: "annual"}, got)
	assert.Equal(t, "2026-12-29", got.ConferredOn.Format(time.DateOnly), "the award's day where the round runs")
	assert.True(t, got.Yearly())
	held, err := UnitTitles(ctx, db, "committee", at)
	require.NoError(t, err)
	assert.Empty(t, held, "the branch's title is not its unit's")
}
