package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/msg"
	"wenming/rules/period"
	"wenming/rules/points"
	"wenming/rules/rank"
	"wenming/rules/schedule"
	"wenming/testenv/english"
	"wenming/testenv/pgtest"
)

// violation records a violation of a member (or a branch: "branch:b1") on a day.
func violation(t *testing.T, db *sqlx.DB, id, subject, day string) Violation {
	t.Helper()
	return violationOf(t, db, "violation", id, subject, day)
}

// violationOf records a violation of the kind (see ViolationKinds).
func violationOf(t *testing.T, db *sqlx.DB, kindOf, id, subject, day string) Violation {
	t.Helper()
	kind := "member"
	if len(subject) > 7 && subject[:7] == "branch:" {
		kind, subject = "branch", subject[7:]
	}
	on, err := time.Parse(time.DateOnly, day)
	require.NoError(t, err)
	v := Violation{SubmissionID: id, SubjectKind: kind, SubjectID: subject, Kind: kindOf, On: on, Note: "违反工作纪律", By: "纪委"}
	added, err := RecordViolation(context.Background(), db, v, time.Now())
	require.NoError(t, err)
	require.True(t, added)
	return v
}

func apply(t *testing.T, db *sqlx.DB, round, id string) ViolationEffect {
	t.Helper()
	e, err := ApplyViolation(context.Background(), db, round, id, "纪委", time.Now())
	require.NoError(t, err)
	return e
}

func chinese(lines []msg.Text) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.String()
	}
	return out
}

func outcomeOf(t *testing.T, db *sqlx.DB, round, subject string) (outcome, reason string) {
	t.Helper()
	require.NoError(t, db.QueryRow(`SELECT outcome, reason FROM round_results WHERE round_id = $1 AND subject_id = $2`, round, subject).Scan(&outcome, &reason))
	return outcome, reason
}

func awardPioneer(t *testing.T, db *sqlx.DB, p string) map[string]int {
	t.Helper()
	per, err := period.Parse(p)
	require.NoError(t, err)
	out, err := AwardPioneer(context.Background(), db, Award{RoundID: "pioneer/" + p, Period: p, Year: per.Year, At: time.Now()})
	require.NoError(t, err)
	return out
}

// The rounds a violation touches are those whose period holds its day: a member's, the
// quarter's pioneer round and the half's red-flag round; a branch's, the red-flag round. A
// round of the quarter before, still in its approval or notice that day, is touched too (期间
// is the evaluation), and takes the member off its list; one that had closed by then is not.
func TestAViolationTouchesTheRoundsOfItsDay(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	touched := func(v Violation) []string {
		t.Helper()
		out, err := RoundsTouched(ctx, db, v)
		require.NoError(t, err)
		return out
	}
	on := time.Date(2026, 8, 3, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, []string{"pioneer/2026-Q3", "redflag/2026-H2"}, touched(Violation{SubjectKind: "member", On: on}))
	assert.Equal(t, []string{"redflag/2026-H2"}, touched(Violation{SubjectKind: "branch", On: on}))

	const id = "pioneer/2026-Q3"
	inTheNotice(t, db, id)
	db.MustExec(`UPDATE rounds SET opened_at = '2026-10-01T09:00:00+08:00' WHERE id = $1`, id)
	inNotice := time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, []string{"pioneer/2026-Q4", "redflag/2026-H2", id}, touched(Violation{SubjectKind: "member", On: inNotice}),
		"the quarter's own round, the half's, and the round of the quarter before, still running")
	violation(t, db, "v1", "b1m1", "2026-10-12")
	e := apply(t, db, id, "v1")
	assert.Equal(t, StageDuringNotice, e.Stage)
	assert.Equal(t, []string{"pioneer/2026-Q3：b1m1 从公示名单中取消（受到党纪处分 (2026-10-12)），名额空缺"}, chinese(e.Lines))

	db.MustExec(`UPDATE rounds SET closed_at = '2026-10-20T09:00:00+08:00' WHERE id = $1`, id)
	assert.Equal(t, []string{"pioneer/2026-Q4", "redflag/2026-H2"}, touched(Violation{SubjectKind: "member", On: time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC)}),
		"a round closed before the day is not touched")
	violation(t, db, "v2", "b1m2", "2026-10-25")
	_, err := ApplyViolation(ctx, db, id, "v2", "纪委", time.Now())
	require.Error(t, err, "nor may a violation be applied to it")
}

// Recorded before the committee approves, a late violation takes the member off the
// candidates and the branch recommends again: the next in rank moves up.
func TestAViolationBeforeApprovalLetsTheNextInRankMoveUp(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 10)
	const id = "pioneer/2026-Q3"
	open(t, db, schedule.Pioneer, "2026-Q3")
	vote(t, db, id, "b1", 10, map[string]int16{"b1m1": 10, "b1m2": 9, "b1m3": 8, "b1m4": 7, "b1m5": 6})
	tally, err := TallyBranch(ctx, db, id, "b1", 3000, nil, "")
	require.NoError(t, err)
	require.Equal(t, []string{"b1m1", "b1m2", "b1m3"}, tally.Recommended)

	violation(t, db, "v1", "b1m2", "2026-08-10")
	e := apply(t, db, id, "v1")
	assert.Equal(t, StageBeforeApproval, e.Stage)
	assert.Equal(t, "b1", e.Retally, "the branch had recommended: it recommends again")
	assert.Equal(t, []string{"pioneer/2026-Q3：b1m2 取消本期评选资格（受到党纪处分 (2026-08-10)）"}, chinese(e.Lines))

	re, err := RetallyBranch(ctx, db, id, "b1", 3000, "v1")
	require.NoError(t, err)
	assert.Equal(t, []string{"b1m1", "b1m3", "b1m4"}, re.Recommended)
	assert.Equal(t, []string{"b1m4"}, re.Added)
	assert.Equal(t, []string{"b1m2"}, re.Dropped)

	again := apply(t, db, id, "v1")
	assert.Equal(t, chinese(re.Lines), chinese(again.Retallied), "a resend says again what the first did, the new recommendation too")
	retried, err := RetallyBranch(ctx, db, id, "b1", 3000, "v1")
	require.NoError(t, err)
	assert.Equal(t, chinese(re.Lines), chinese(retried.Lines), "run again (its completion lost), it says what the first run did")
	assert.Equal(t, []string{"b1m1", "b1m3", "b1m4"}, retried.Recommended)
	var audits int
	require.NoError(t, db.Get(&audits, `SELECT count(*) FROM audit_log WHERE kind = 'violation-applied' AND submission_id = 'v1'`))
	assert.Equal(t, 1, audits)

	n, err := Approve(ctx, db, Approval{RoundID: id, SubmissionID: "a1", By: "党委", At: time.Now()})
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	out := awardPioneer(t, db, "2026-Q3")
	assert.Equal(t, 3, out["awarded"])
	outcome, reason := outcomeOf(t, db, id, "b1m2")
	assert.Equal(t, "ineligible", outcome)
	assert.Equal(t, "受到党纪处分 (2026-08-10)", reason)
	outcome, _ = outcomeOf(t, db, id, "b1m4")
	assert.Equal(t, "awarded", outcome)
}

// Recommending again can make a new tie at the cut: it waits for the committee, and the
// committee's recorded decision settles it.
func TestRecommendingAgainCanMakeATieForTheCommittee(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 10)
	const id = "pioneer/2026-Q3"
	open(t, db, schedule.Pioneer, "2026-Q3")
	vote(t, db, id, "b1", 10, map[string]int16{"b1m1": 10, "b1m2": 9, "b1m3": 8, "b1m4": 7, "b1m5": 7})
	_, err := TallyBranch(ctx, db, id, "b1", 3000, nil, "")
	require.NoError(t, err)
	violation(t, db, "v1", "b1m1", "2026-07-01")
	require.Equal(t, "b1", apply(t, db, id, "v1").Retally)

	re, err := RetallyBranch(ctx, db, id, "b1", 3000, "v1")
	require.NoError(t, err)
	require.NotNil(t, re.Pending)
	assert.Equal(t, []string{"b1m4", "b1m5"}, re.Pending.Units)
	var stale int
	require.NoError(t, db.Get(&stale, `SELECT count(*) FROM branch_tallies WHERE round_id = $1 AND member_id = 'b1m1' AND recommended`, id))
	assert.Equal(t, 1, stale, "a pending tie records nothing yet")

	require.NoError(t, RecordRoundDecision(ctx, db, id, "tie1", "tie",
		map[string]any{"branch": "b1", "decision": rank.Decision{Tie: re.Pending.Key(), Include: []string{"b1m5"}}}, "党委", time.Now()))
	re, err = RetallyBranch(ctx, db, id, "b1", 3000, "")
	require.NoError(t, err)
	assert.Nil(t, re.Pending)
	assert.Equal(t, []string{"b1m2", "b1m3", "b1m5"}, re.Recommended)
	var members []string
	require.NoError(t, db.Select(&members, `SELECT member_id FROM branch_tallies WHERE round_id = $1 ORDER BY member_id`, id))
	assert.NotContains(t, members, "b1m1", "the tally no longer ranks a member who is not a candidate")
}

// inTheNotice runs pioneer round id of a branch of ten to its notice: b1m1, b1m2 and b1m3
// approved.
func inTheNotice(t *testing.T, db *sqlx.DB, id string) {
	t.Helper()
	ctx := context.Background()
	rosterOf(t, db, 10)
	open(t, db, schedule.Pioneer, strings.TrimPrefix(id, "pioneer/"))
	vote(t, db, id, "b1", 10, map[string]int16{"b1m1": 10, "b1m2": 9, "b1m3": 8, "b1m4": 7})
	_, err := TallyBranch(ctx, db, id, "b1", 3000, nil, "")
	require.NoError(t, err)
	_, err = Approve(ctx, db, Approval{RoundID: id, SubmissionID: "a1", By: "党委", At: time.Now()})
	require.NoError(t, err)
}

// Recorded during the public notice, a violation takes the member off the list like an upheld
// objection: the place stays empty.
func TestAViolationDuringTheNoticeLeavesThePlaceEmpty(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	const id = "pioneer/2026-Q3"
	inTheNotice(t, db, id)

	violation(t, db, "v1", "b1m1", "2026-09-30")
	e := apply(t, db, id, "v1")
	assert.Equal(t, StageDuringNotice, e.Stage)
	assert.Empty(t, e.Retally)
	assert.Equal(t, []string{"pioneer/2026-Q3：b1m1 从公示名单中取消（受到党纪处分 (2026-09-30)），名额空缺"}, chinese(e.Lines))
	// An exposure by the media is a kind of its own (三.3), with the same effect.
	violationOf(t, db, "media", "v2", "b1m2", "2026-09-29")
	assert.Equal(t, []string{"pioneer/2026-Q3：b1m2 从公示名单中取消（被媒体曝光 (2026-09-29)），名额空缺"}, chinese(apply(t, db, id, "v2").Lines))

	out := awardPioneer(t, db, "2026-Q3")
	assert.Equal(t, 1, out["awarded"], "b1m4 does not move up into either place")
	outcome, _ := outcomeOf(t, db, id, "b1m1")
	assert.Equal(t, "ineligible", outcome)
	var honors int
	require.NoError(t, db.Get(&honors, `SELECT count(*) FROM honors WHERE subject_id = 'b1m1'`))
	assert.Zero(t, honors)
}

// Recorded after the award, a violation revokes the honor; the streak it was part of is
// counted again, and the yearly title it earned is withdrawn.
func TestAViolationAfterTheAwardRevokesTheHonorAndTheTitle(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	rosterOf(t, db, 6)
	for _, p := range []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} {
		require.Equal(t, 1, round(t, db, p, "b1m1")["awarded"], p)
	}
	violation(t, db, "v1", "b1m1", "2026-05-05")
	assert.Equal(t, StageBeforeOpening, apply(t, db, "redflag/2026-H1", "v1").Stage, "no red-flag round ran this half")

	e := apply(t, db, "pioneer/2026-Q2", "v1")
	assert.Equal(t, StageAfterAward, e.Stage)
	assert.Equal(t, []string{
		"pioneer/2026-Q2：撤销 b1m1 的党员先锋岗（受到党纪处分 (2026-05-05)：违反工作纪律）",
		"b1m1 2026-Q3 的党员先锋岗连续次数由 3 改为 1",
		"b1m1 2026-Q4 的党员先锋岗连续次数由 4 改为 2",
		"撤销 b1m1 2026-Q4 的优秀共产党员：连续4次党员先锋岗因 pioneer/2026-Q2 撤销而中断",
	}, chinese(e.Lines))
	outcome, reason := outcomeOf(t, db, "pioneer/2026-Q2", "b1m1")
	assert.Equal(t, "revoked", outcome)
	assert.Equal(t, "撤销：受到党纪处分 (2026-05-05)：违反工作纪律", reason)

	var standing []string
	require.NoError(t, db.Select(&standing, `SELECT kind || ' ' || period || ' ' || consecutive FROM honors
		WHERE subject_id = 'b1m1' AND revoked_at IS NULL ORDER BY kind, period`))
	assert.Equal(t, []string{"pioneer_post 2026-Q1 1", "pioneer_post 2026-Q3 1", "pioneer_post 2026-Q4 2"}, standing)

	// A new year starts a streak afresh, whatever the old year's ended at.
	require.Equal(t, 1, round(t, db, "2027-Q1", "b1m1")["awarded"])
	var consecutive int
	require.NoError(t, db.Get(&consecutive, `SELECT consecutive FROM honors WHERE subject_id = 'b1m1' AND kind = 'pioneer_post' AND period = '2027-Q1'`))
	assert.Equal(t, 1, consecutive)
}

// A member's violation takes the red flag from their branch: before the ranking the branch is
// not ranked; after the award its flag is revoked and its advanced-branch title withdrawn.
func TestAMembersViolationTakesTheRedFlagFromTheBranch(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 3, 3, 3)
	flag := func(p string, scores map[string]int) {
		id := "redflag/" + p
		open(t, db, schedule.RedFlag, p)
		for b, s := range scores {
			require.NoError(t, RecordRedFlagScore(ctx, db, RedFlagScore{RoundID: id, BranchID: b, Kind: "committee",
				SubmissionID: "c-" + b + p, Result: standardResult(points.Of(s)), By: "t", At: time.Now()}))
		}
	}
	award := func(p string) {
		per, _ := period.Parse(p)
		res, err := RankRedFlag(ctx, db, "redflag/"+p, 1, nil)
		require.NoError(t, err)
		require.Nil(t, res.Pending)
		_, err = AwardRedFlag(ctx, db, Award{RoundID: "redflag/" + p, Period: p, Year: per.Year, At: time.Now()})
		require.NoError(t, err)
	}
	flag("2026-H1", map[string]int{"b1": 95, "b2": 90})
	award("2026-H1")
	flag("2026-H2", map[string]int{"b1": 96, "b2": 91})
	violation(t, db, "v2", "b1m3", "2026-11-11")
	e := apply(t, db, "redflag/2026-H2", "v2")
	assert.Equal(t, StageBeforeApproval, e.Stage)
	assert.Equal(t, "b1", e.Subject)
	award("2026-H2")
	outcome, reason := outcomeOf(t, db, "redflag/2026-H2", "b1")
	assert.Equal(t, "ineligible", outcome)
	assert.Equal(t, "支部党员受到党纪处分 (2026-11-11)", reason)
	outcome, _ = outcomeOf(t, db, "redflag/2026-H2", "b2")
	assert.Equal(t, "awarded", outcome, "the next branch is ranked in its place")

	violation(t, db, "v1", "b1m1", "2026-03-01")
	e = apply(t, db, "redflag/2026-H1", "v1")
	assert.Equal(t, StageAfterAward, e.Stage)
	touched, err := RoundsTouched(ctx, db, Violation{SubjectKind: "member", On: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, "pioneer/2026-Q1", touched[0])
	outcome, _ = outcomeOf(t, db, "redflag/2026-H1", "b1")
	assert.Equal(t, "revoked", outcome)
}

// A violation of a member who took no part, or who was not awarded, changes nothing, and says so.
func TestAViolationThatChangesNothingSaysSo(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	rosterOf(t, db, 6)
	require.Equal(t, 1, round(t, db, "2026-Q3", "b1m1")["awarded"])
	violation(t, db, "v1", "b1m2", "2026-08-01")
	e := apply(t, db, "pioneer/2026-Q3", "v1")
	assert.Equal(t, StageNone, e.Stage)
	assert.Equal(t, []string{"pioneer/2026-Q3：b1m2 本期未获授予，未作改动"}, chinese(e.Lines))

	_, err := RecordViolation(context.Background(), db, Violation{SubmissionID: "v9", SubjectKind: "member", SubjectID: "nobody",
		Kind: "violation", On: time.Now(), By: "t"}, time.Now())
	assert.Contains(t, english.Of(err), "the roster has no member nobody")
}
