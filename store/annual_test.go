package store

import (
	"context"
	"testing"
	"time"

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
	list, err := YearTitles(ctx, db, 2026)
	require.NoError(t, err)
	assert.Equal(t, []YearTitle{{"机关工委", "党员", "excellent_member", "连续4次获党员先锋岗（至 2026-Q4）"},
		{"机关工委", "党员", "excellent_member", "支部推荐：全年服务群众成绩突出"}}, list)
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
