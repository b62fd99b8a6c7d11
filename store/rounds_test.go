package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/problem"
	"wenming/rules/ballot"
	"wenming/rules/period"
	"wenming/rules/points"
	"wenming/rules/rank"
	"wenming/rules/roster"
	"wenming/rules/schedule"
	"wenming/rules/standard"
	"wenming/testenv/english"
	"wenming/testenv/pgtest"
)

var sh, _ = time.LoadLocation("Asia/Shanghai")

// rosterOf makes one branch per entry, with members b<i>m1..b<i>m<n>.
func rosterOf(t *testing.T, db *sqlx.DB, sizes ...int) {
	t.Helper()
	ctx := context.Background()
	_, err := ImportUnits(ctx, db, "u", []roster.Unit{{ID: "committee", Name: "机关工委", Kind: "committee"}})
	require.NoError(t, err)
	var branches []roster.Branch
	var members []roster.Member
	for i, n := range sizes {
		b := fmt.Sprintf("b%d", i+1)
		branches = append(branches, roster.Branch{ID: b, Name: "支部" + b, UnitID: "committee"})
		for j := 1; j <= n; j++ {
			members = append(members, roster.Member{ID: fmt.Sprintf("%sm%d", b, j), Name: "党员", BranchID: b})
		}
	}
	_, err = ImportBranches(ctx, db, "b", branches)
	require.NoError(t, err)
	_, err = ImportMembers(ctx, db, "m", members)
	require.NoError(t, err)
}

func open(t *testing.T, db *sqlx.DB, kind schedule.Kind, p string) Opened {
	t.Helper()
	return openWith(t, db, kind, p, schedule.Config{GroupSize: 200})
}

func openWith(t *testing.T, db *sqlx.DB, kind schedule.Kind, p string, cfg schedule.Config) Opened {
	t.Helper()
	per, err := period.Parse(p)
	require.NoError(t, err)
	o, err := OpenRound(context.Background(), db, RoundOpening{RoundID: string(kind) + "/" + p, Kind: kind, Period: p,
		Config: cfg, PeriodStart: per.Start(sh), PeriodEnd: per.End(sh), At: time.Now()})
	require.NoError(t, err)
	return o
}

// vote has every member present score each candidate: `totals` gives each candidate's score
// on every criterion (so the total is 10x).
func vote(t *testing.T, db *sqlx.DB, roundID, branch string, present int, totals map[string]int16) {
	t.Helper()
	ctx := context.Background()
	var rows []ballot.Row
	for cand, per := range totals {
		for range present {
			rows = append(rows, ballot.Row{Candidate: cand, Scores: []int16{per, per, per, per, per, per, per, per, per, per}})
		}
	}
	sheetID, copyID := "sheet-"+roundID+branch, NewCopyID()
	require.NoError(t, CopyBallots(ctx, db, []SheetCopy{{CopyID: copyID, RoundID: roundID, BranchID: branch, SubmissionID: sheetID, Rows: rows}}, time.Now()))
	_, err := AcceptBallots(ctx, db, SheetAcceptance{RoundID: roundID, BranchID: branch, SubmissionID: sheetID, CopyID: copyID,
		Present: present, Ballots: present, Forms: len(rows), By: "test", At: time.Now()})
	require.NoError(t, err)
}

func TestABranchRecommendsAtMost30PercentRoundedDown(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 10, 9)
	open(t, db, schedule.Pioneer, "2026-Q3")
	vote(t, db, "pioneer/2026-Q3", "b1", 10, map[string]int16{"b1m1": 10, "b1m2": 9, "b1m3": 8, "b1m4": 8, "b1m5": 7})
	tally, err := TallyBranch(ctx, db, "pioneer/2026-Q3", "b1", 3000, nil, "")
	require.NoError(t, err)
	assert.Equal(t, 10, tally.Members)
	assert.Equal(t, 3, tally.Limit)
	require.NotNil(t, tally.Pending, "b1m3 and b1m4 tie at 80 for the third place")
	assert.Equal(t, rank.Tie{Units: []string{"b1m3", "b1m4"}, Total: points.Of(80), Slots: 1}, *tally.Pending)

	tally, err = TallyBranch(ctx, db, "pioneer/2026-Q3", "b1", 3000, []rank.Decision{{Tie: "b1m3,b1m4", Include: []string{"b1m4"}}}, "")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"b1m1", "b1m2", "b1m4"}, tally.Recommended)
	var recorded []string
	require.NoError(t, db.Select(&recorded, `SELECT member_id FROM branch_tallies WHERE round_id = 'pioneer/2026-Q3' AND recommended ORDER BY member_id`))
	assert.Equal(t, []string{"b1m1", "b1m2", "b1m4"}, recorded)

	plan, err := ExplainTally(ctx, db, "pioneer/2026-Q3", "b1")
	require.NoError(t, err)
	assert.Contains(t, plan, "Execution Time")

	// 30% of 9 members is 2.7: two.
	vote(t, db, "pioneer/2026-Q3", "b2", 9, map[string]int16{"b2m1": 10, "b2m2": 9, "b2m3": 8})
	tally, err = TallyBranch(ctx, db, "pioneer/2026-Q3", "b2", 3000, nil, "")
	require.NoError(t, err)
	assert.Equal(t, 2, tally.Limit)
	assert.Equal(t, []string{"b2m1", "b2m2"}, tally.Recommended)

	// A member who loses eligibility after the sheet came in is no candidate any more.
	_, err = db.Exec(`UPDATE round_members SET eligible = false WHERE round_id = 'pioneer/2026-Q3' AND member_id = 'b2m1'`)
	require.NoError(t, err)
	tally, err = TallyBranch(ctx, db, "pioneer/2026-Q3", "b2", 3000, nil, "")
	require.NoError(t, err)
	assert.Equal(t, 2, tally.Candidates)
	assert.Equal(t, []string{"b2m2", "b2m3"}, tally.Recommended)
}

func TestAcceptingBallotsChecksAgainAndKeepsThemSecret(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 3, 3)
	_, err := db.Exec(`INSERT INTO violations (submission_id, subject_kind, subject_id, kind, occurred_on, note, recorded_by)
		VALUES ('v1', 'member', 'b1m3', 'criticism', '2026-08-03', '被通报批评', 'test')`)
	require.NoError(t, err)
	open(t, db, schedule.Pioneer, "2026-Q3")
	cands, err := RoundCandidates(ctx, db, "pioneer/2026-Q3", "b1")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"b1m1": "", "b1m2": "", "b1m3": "受到通报批评 (2026-08-03)"}, cands)

	row := func(c string) ballot.Row {
		return ballot.Row{Candidate: c, Scores: []int16{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}}
	}
	copyIn := func(copyID, round, branch string, rows ...ballot.Row) {
		require.NoError(t, CopyBallots(ctx, db, []SheetCopy{{CopyID: copyID, RoundID: round, BranchID: branch, SubmissionID: "sub-" + copyID, Rows: rows}}, time.Now()))
	}
	accept := func(id, copyID string, forms int) error {
		_, err := AcceptBallots(ctx, db, SheetAcceptance{RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: id, CopyID: copyID,
			Present: 3, Ballots: 3, Forms: forms, By: "t", At: time.Now()})
		return err
	}
	copyIn("bad", "pioneer/2026-Q3", "b1", row("b1m1"), row("b1m3"))
	assert.Contains(t, english.Of(accept("bad", "bad", 2)), "1 forms for members who are not candidates of branch b1")
	copyIn("stray", "pioneer/2026-Q3", "b1", row("b2m1"))
	assert.Contains(t, english.Of(accept("stray", "stray", 1)), "not candidates of branch b1")
	copyIn("b2sheet", "pioneer/2026-Q3", "b2", row("b1m1"))
	assert.Contains(t, english.Of(accept("b2sheet", "b2sheet", 1)), "was copied in for pioneer/2026-Q3, branch b2: import it again for branch b1")
	assert.Contains(t, english.Of(accept("missing", "nowhere", 4)), "no ballots were copied in for sheet missing of branch b1")

	copyIn("good", "pioneer/2026-Q3", "b1", row("b1m1"), row("b1m2"), row("b1m2"))
	assert.Contains(t, english.Of(accept("good", "good", 4)), "3 forms copied in, 4 announced")
	require.NoError(t, accept("good", "good", 3))
	require.NoError(t, accept("good", "good", 3), "accepting the same sheet again changes nothing")
	assert.Contains(t, english.Of(accept("bad", "bad", 2)), "branch b1 already handed in its sheet (submission good)")
	sheets, err := AcceptedSheets(ctx, db, "pioneer/2026-Q3")
	require.NoError(t, err)
	assert.Equal(t, map[string]AcceptedSheet{"b1": {SubmissionID: "good", CopyID: "good"}}, sheets)

	copyIn("again", "pioneer/2026-Q3", "b1", row("b1m1"), row("b1m2"), row("b1m2"))
	require.NoError(t, DropCopies(ctx, db, []string{"bad", "stray", "good"}), "dropping never touches an accepted copy")
	var copies []string
	require.NoError(t, db.Select(&copies, `SELECT copy_id FROM ballots ORDER BY copy_id`))
	assert.Equal(t, []string{"again", "again", "again", "b2sheet", "good", "good", "good"}, copies, "the accepted copy whole, the dropped ones gone")
	_, err = TallyBranch(ctx, db, "pioneer/2026-Q3", "b1", 3000, nil, "")
	require.NoError(t, err)
	var forms int
	require.NoError(t, db.Get(&forms, `SELECT forms FROM branch_tallies WHERE round_id = 'pioneer/2026-Q3' AND member_id = 'b1m2'`))
	assert.Equal(t, 2, forms, "only the accepted copy counts: another copy of the same sheet does not")

	var cols []string
	require.NoError(t, db.Select(&cols, `SELECT column_name FROM information_schema.columns WHERE table_name = 'ballots' ORDER BY ordinal_position`))
	assert.Equal(t, []string{"round_id", "branch_id", "candidate_id", "scores", "total", "copy_id"}, cols, "no voter, paper number, time or sequence")
	var audit string
	require.NoError(t, db.Get(&audit, `SELECT summary FROM audit_log WHERE kind = 'ballot-sheet'`))
	assert.Equal(t, "3 ballots from 3 members present", audit)
}

// round runs a whole pioneer round for one branch of six members: the given member tops the
// ballots and is approved and awarded (30% of 6 is one place).
func round(t *testing.T, db *sqlx.DB, p string, winner string) map[string]int {
	t.Helper()
	return roundWith(t, db, p, winner, schedule.Config{GroupSize: 200})
}

func roundWith(t *testing.T, db *sqlx.DB, p string, winner string, cfg schedule.Config) map[string]int {
	t.Helper()
	ctx := context.Background()
	id := "pioneer/" + p
	openWith(t, db, schedule.Pioneer, p, cfg)
	cands, err := RoundCandidates(ctx, db, id, "b1")
	require.NoError(t, err)
	scores := map[string]int16{}
	for c, why := range cands {
		if why == "" {
			scores[c] = 5
		}
	}
	if winner != "" {
		scores[winner] = 9
	}
	vote(t, db, id, "b1", 6, scores)
	_, err = TallyBranch(ctx, db, id, "b1", 3000, nil, "")
	require.NoError(t, err)
	_, err = Approve(ctx, db, Approval{RoundID: id, SubmissionID: "a-" + p, By: "t", At: time.Now()})
	require.NoError(t, err)
	per, _ := period.Parse(p)
	out, err := AwardPioneer(ctx, db, Award{RoundID: id, Period: p, Year: per.Year, At: time.Now()})
	require.NoError(t, err)
	return out
}

func TestFourAwardsInARowMakeAnExcellentMemberWhoStandsAgain(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	rosterOf(t, db, 6)
	for _, p := range []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} {
		assert.Equal(t, 1, round(t, db, p, "b1m1")["awarded"], p)
	}
	var honors []struct {
		Kind        string `db:"kind"`
		Period      string `db:"period"`
		Consecutive int    `db:"consecutive"`
	}
	require.NoError(t, db.Select(&honors, `SELECT kind, period, consecutive FROM honors WHERE subject_id = 'b1m1' ORDER BY kind, period`))
	assert.Equal(t, []struct {
		Kind        string `db:"kind"`
		Period      string `db:"period"`
		Consecutive int    `db:"consecutive"`
	}{{"excellent_member", "2026-Q4", 4}, {"pioneer_post", "2026-Q1", 1}, {"pioneer_post", "2026-Q2", 2},
		{"pioneer_post", "2026-Q3", 3}, {"pioneer_post", "2026-Q4", 4}}, honors)

	// 免评 names them the year's excellent member; it does not bar them: they stand and win again,
	// the first of a new year's streak.
	out := round(t, db, "2027-Q1", "b1m1")
	assert.Equal(t, 1, out["awarded"])
	assert.Zero(t, out["exempt"])
	var consecutive int
	require.NoError(t, db.Get(&consecutive, `SELECT consecutive FROM honors WHERE subject_id = 'b1m1' AND kind = 'pioneer_post' AND period = '2027-Q1'`))
	assert.Equal(t, 1, consecutive)
}

// 连续四次……免评作为年度优秀党员: the four quarters of one year. Four posts in a row across the
// year's end (2026-Q2 to 2027-Q1) make nobody the excellent member of 2027; a schedules file
// that says streak: rolling counts them on, and the fourth earns the title.
func TestAStreakAcrossTheYearsEndEarnsNoYearlyTitle(t *testing.T) {
	for _, c := range []struct {
		name    string
		rolling bool
		counts  []int
		titles  int
	}{
		{"inside the year", false, []int{1, 2, 3, 1}, 0},
		{"rolling", true, []int{1, 2, 3, 4}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, _ := pgtest.Fresh(t)
			rosterOf(t, db, 6)
			for _, p := range []string{"2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"} {
				roundWith(t, db, p, "b1m1", schedule.Config{GroupSize: 200, RollingStreak: c.rolling})
			}
			var counts []int
			require.NoError(t, db.Select(&counts, `SELECT consecutive FROM honors WHERE subject_id = 'b1m1' AND kind = 'pioneer_post' ORDER BY period`))
			assert.Equal(t, c.counts, counts)
			var titles int
			require.NoError(t, db.Get(&titles, `SELECT count(*) FROM honors WHERE subject_id = 'b1m1' AND kind = 'excellent_member'`))
			assert.Equal(t, c.titles, titles)
		})
	}
}

func TestABreakInTheStreakStartsTheCountAgain(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	rosterOf(t, db, 6)
	for _, pw := range [][2]string{{"2026-Q1", "b1m2"}, {"2026-Q2", "b1m2"}, {"2026-Q3", "b1m3"}, {"2026-Q4", "b1m2"}} {
		round(t, db, pw[0], pw[1])
	}
	var counts []int
	require.NoError(t, db.Select(&counts, `SELECT consecutive FROM honors WHERE subject_id = 'b1m2' AND kind = 'pioneer_post' ORDER BY period`))
	assert.Equal(t, []int{1, 2, 1}, counts)
	var excellent int
	require.NoError(t, db.Get(&excellent, `SELECT count(*) FROM honors WHERE kind = 'excellent_member'`))
	assert.Zero(t, excellent)
}

func TestTwoFlagsInARowMakeAnAdvancedBranch(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 3, 3, 3)
	flag := func(p string, scores map[string]string) map[string]int {
		id := "redflag/" + p
		open(t, db, schedule.RedFlag, p)
		for b, s := range scores {
			total, err := points.Parse(s)
			require.NoError(t, err)
			require.NoError(t, RecordRedFlagScore(ctx, db, RedFlagScore{RoundID: id, BranchID: b, Kind: "committee",
				SubmissionID: "c-" + b + p, Result: standardResult(total), By: "t", At: time.Now()}))
		}
		res, err := RankRedFlag(ctx, db, id, 1, nil)
		require.NoError(t, err)
		require.Nil(t, res.Pending)
		per, _ := period.Parse(p)
		out, err := AwardRedFlag(ctx, db, Award{RoundID: id, Period: p, Year: per.Year, At: time.Now()})
		require.NoError(t, err)
		return out
	}
	assert.Equal(t, 1, flag("2026-H1", map[string]string{"b1": "95", "b2": "90", "b3": "85"})["awarded"])
	assert.Equal(t, 1, flag("2026-H2", map[string]string{"b1": "96", "b2": "91", "b3": "80"})["awarded"])
	var advanced []string
	require.NoError(t, db.Select(&advanced, `SELECT subject_id || ' ' || period FROM honors WHERE kind = 'advanced_branch'`))
	assert.Equal(t, []string{"b1 2026-H2"}, advanced)
	out := flag("2027-H1", map[string]string{"b1": "97", "b2": "90", "b3": "85"})
	assert.Zero(t, out["exempt"], "the advanced branch stands again")
	var winner string
	require.NoError(t, db.Get(&winner, `SELECT subject_id FROM round_results WHERE round_id = 'redflag/2027-H1' AND outcome = 'awarded'`))
	assert.Equal(t, "b1", winner, "and can win the next flag")
}

// A red-flag branch without the committee's score says why in its result: it did not report
// (so it was not assessed), or an administrator went on without its score, in their words. The
// committee's score keeps the records it rests on; the round's report shows them with the
// branch's self-report. The flag comes with the material reward the plan states.
func TestARedFlagResultSaysWhyABranchHasNoScore(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 3, 3, 3)
	const id = "redflag/2026-H1"
	openWith(t, db, schedule.RedFlag, "2026-H1", schedule.Config{GroupSize: 200, Reward: "一定物质奖励"})
	score := func(branch, kind, total, basis string) error {
		p, err := points.Parse(total)
		require.NoError(t, err)
		return RecordRedFlagScore(ctx, db, RedFlagScore{RoundID: id, BranchID: branch, Kind: kind,
			SubmissionID: kind + "-" + branch, Result: standardResult(p), Basis: basis, By: "t", At: time.Now()})
	}
	require.NoError(t, score("b1", "self", "95", ""))
	require.NoError(t, score("b1", "committee", "94", "党办日常考核记录第3号"))
	require.NoError(t, score("b2", "self", "90", ""))
	require.ErrorContains(t, score("b3", "self", "80", "自己写的依据"), "redflag_scores_basis_check", "a self-report rests on no records of the party office")
	require.NoError(t, RecordRoundDecision(ctx, db, id, "p-b2", "proceed",
		map[string]any{"step": "assess", "branch": "b2", "reason": "党委会延期"}, "主任", time.Now()))
	_, err := RankRedFlag(ctx, db, id, 1, nil)
	require.NoError(t, err)
	_, err = AwardRedFlag(ctx, db, Award{RoundID: id, Period: "2026-H1", Year: 2026, At: time.Now()})
	require.NoError(t, err)
	var reasons []string
	require.NoError(t, db.Select(&reasons, `SELECT subject_id || ' ' || reason FROM round_results WHERE round_id = $1 ORDER BY subject_id`, id))
	assert.Equal(t, []string{"b1 授予流动红旗", "b2 未经党委考核测评（管理员决定：党委会延期）", "b3 逾期未自行申报"}, reasons)
	sums, err := BranchSummaries(ctx, db, id)
	require.NoError(t, err)
	require.Len(t, sums, 3)
	require.NotNil(t, sums[0].SelfScore)
	assert.Equal(t, "95", sums[0].SelfScore.String())
	require.NotNil(t, sums[0].Basis, "the round's report shows the records the committee's score rests on")
	assert.Equal(t, "党办日常考核记录第3号", *sums[0].Basis)
	assert.Nil(t, sums[1].Basis)
	assert.Nil(t, sums[2].SelfScore)
	honors, err := Honors(ctx, db, 2026)
	require.NoError(t, err)
	require.Len(t, honors, 1)
	assert.Equal(t, "一定物质奖励", honors[0].Reward, "the flag comes with the reward the round's plan states")
}

func standardResult(total points.Points) standard.Result {
	return standard.Result{Total: total, Base: total, Max: points.Of(100)}
}

// The database takes every kind of the registry: its rounds, the honor each confers and the
// yearly title its streak earns.
func TestTheDatabaseTakesEveryKindOfRound(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	rosterOf(t, db, 2)
	ctx := context.Background()
	for _, k := range schedule.Kinds {
		_, err := db.ExecContext(ctx, `INSERT INTO rounds (id, kind, period, config, opened_at) VALUES ($1, $2, $3, '{}', now())`,
			string(k.Kind)+"/"+k.Example, k.Kind, k.Example)
		require.NoError(t, err, k.Kind)
	}
	for _, k := range schedule.Rotating() {
		for _, honor := range []string{k.Award, k.Title1Y} {
			_, err := db.ExecContext(ctx, `INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at)
				VALUES ($1, 'x', $2, $3, 2026, 1, $4, now())`, k.Subject, honor, k.Example, string(k.Kind)+"/"+k.Example)
			assert.NoError(t, err, "%s: honor %s", k.Kind, honor)
		}
	}
}

// A group's sheets are accepted in one transaction, each checked as one sheet is: a refused
// sheet is answered and leaves nothing, the others count; a sheet sent again changes nothing.
func TestAGroupsSheetsAreAcceptedTogether(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 2, 2, 2)
	open(t, db, schedule.Pioneer, "2026-Q3")
	five := []int16{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	copies := []SheetCopy{
		{CopyID: "c1", RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: "s1", Rows: []ballot.Row{{Candidate: "b1m1", Scores: five}}},
		{CopyID: "c2", RoundID: "pioneer/2026-Q3", BranchID: "b2", SubmissionID: "s2", Rows: []ballot.Row{{Candidate: "b1m1", Scores: five}}},
		{CopyID: "c3", RoundID: "pioneer/2026-Q3", BranchID: "b3", SubmissionID: "s3", Rows: []ballot.Row{{Candidate: "b3m2", Scores: five}}},
	}
	require.NoError(t, CopyBallots(ctx, db, copies, time.Now()))
	sheets := make([]SheetAcceptance, len(copies))
	for i, c := range copies {
		sheets[i] = SheetAcceptance{RoundID: c.RoundID, BranchID: c.BranchID, SubmissionID: c.SubmissionID, CopyID: c.CopyID,
			Present: 2, Ballots: 1, Forms: 1, By: "t", At: time.Now()}
	}
	answers, err := AcceptSheets(ctx, db, sheets, nil)
	require.NoError(t, err)
	require.Len(t, answers, 3)
	assert.NoError(t, answers[0].Refused)
	assert.NotEmpty(t, answers[0].Digest, "an accepted sheet's digest")
	assert.Contains(t, english.Of(answers[1].Refused), "1 forms for members who are not candidates of branch b2")
	assert.Empty(t, answers[1].Digest)
	assert.NoError(t, answers[2].Refused)

	answers, err = AcceptSheets(ctx, db, sheets[:1], nil)
	require.NoError(t, err)
	assert.NoError(t, answers[0].Refused, "the same sheet again changes nothing")
	var accepted []string
	require.NoError(t, db.Select(&accepted, `SELECT branch_id || ':' || submission_id FROM ballot_sheets ORDER BY branch_id`))
	assert.Equal(t, []string{"b1:s1", "b3:s3"}, accepted)
	var audited int
	require.NoError(t, db.Get(&audited, `SELECT count(*) FROM audit_log WHERE kind = 'ballot-sheet' AND accepted`))
	assert.Equal(t, 2, audited, "one audit line for each sheet accepted")
}

// The copies of the sheets a group answers itself (refused by its rules, or received before
// under another copy) go in the transaction that answers the others: only a copy made for the
// round, branch and submission named, and never an accepted one.
func TestAGroupDropsTheCopiesItAnswersInTheSameTransaction(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 2, 2)
	open(t, db, schedule.Pioneer, "2026-Q3")
	five := []int16{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	row := func(c string) []ballot.Row { return []ballot.Row{{Candidate: c, Scores: five}} }
	const round = "pioneer/2026-Q3"
	require.NoError(t, CopyBallots(ctx, db, []SheetCopy{
		{CopyID: "accepted", RoundID: round, BranchID: "b1", SubmissionID: "s1", Rows: row("b1m1")},
		{CopyID: "again", RoundID: round, BranchID: "b1", SubmissionID: "s1", Rows: row("b1m1")},
		{CopyID: "late", RoundID: round, BranchID: "b2", SubmissionID: "s2", Rows: row("b2m1")},
		{CopyID: "other", RoundID: round, BranchID: "b2", SubmissionID: "s3", Rows: row("b2m2")},
	}, time.Now()))
	accept := []SheetAcceptance{{RoundID: round, BranchID: "b1", SubmissionID: "s1", CopyID: "accepted", Present: 2, Ballots: 1, Forms: 1, By: "t", At: time.Now()}}
	_, err := AcceptSheets(ctx, db, accept, []CopyOf{
		{CopyID: "accepted", RoundID: round, BranchID: "b1", SubmissionID: "s1"}, // accepted: stays
		{CopyID: "again", RoundID: round, BranchID: "b1", SubmissionID: "s1"},    // received before under another copy
		{CopyID: "late", RoundID: round, BranchID: "b2", SubmissionID: "s2"},     // refused by the group
		{CopyID: "other", RoundID: round, BranchID: "b2", SubmissionID: "s2"},    // named for another submission: stays
	})
	require.NoError(t, err)
	var left []string
	require.NoError(t, db.Select(&left, `SELECT copy_id FROM ballot_copies ORDER BY copy_id`))
	assert.Equal(t, []string{"accepted", "other"}, left)
	var ballots []string
	require.NoError(t, db.Select(&ballots, `SELECT copy_id FROM ballots ORDER BY copy_id`))
	assert.Equal(t, []string{"accepted", "other"}, ballots, "a dropped copy's ballots go with it")
}

// The same sheet accepted twice at once (sent twice, each send with its own copy) is one
// sheet: the second acceptance waits for the first and answers as it stands, instead of
// failing on the branch's one row, and drops its own copy; the audit log says once that the
// branch voted.
func TestTheSameSheetAcceptedTwiceAtOnceIsOneSheet(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 2)
	open(t, db, schedule.Pioneer, "2026-Q3")
	five := []int16{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	const round = "pioneer/2026-Q3"
	require.NoError(t, CopyBallots(ctx, db, []SheetCopy{
		{CopyID: "first", RoundID: round, BranchID: "b1", SubmissionID: "s1", Rows: []ballot.Row{{Candidate: "b1m1", Scores: five}}},
		{CopyID: "second", RoundID: round, BranchID: "b1", SubmissionID: "s1", Rows: []ballot.Row{{Candidate: "b1m1", Scores: five}}},
	}, time.Now()))
	acceptance := func(copyID string) SheetAcceptance {
		return SheetAcceptance{RoundID: round, BranchID: "b1", SubmissionID: "s1", CopyID: copyID, Present: 2, Ballots: 1, Forms: 1, By: "t", At: time.Now()}
	}
	tx, err := db.BeginTxx(ctx, nil)
	require.NoError(t, err)
	defer tx.Rollback()
	first, _, err := acceptSheet(ctx, tx, acceptance("first"))
	require.NoError(t, err)
	type answer struct {
		digest string
		err    error
	}
	second := make(chan answer, 1)
	go func() {
		answers, err := AcceptSheets(ctx, db, []SheetAcceptance{acceptance("second")}, nil)
		if err == nil {
			second <- answer{answers[0].Digest, answers[0].Refused}
			return
		}
		second <- answer{"", err}
	}()
	require.Eventually(t, func() bool {
		var waiting int
		err := db.Get(&waiting, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO ballot_sheets%'`)
		return err == nil && waiting == 1
	}, 10*time.Second, 10*time.Millisecond, "the second acceptance waits for the first")
	require.NoError(t, tx.Commit())
	got := <-second
	require.NoError(t, got.err)
	assert.Equal(t, first, got.digest)
	var sheets []string
	require.NoError(t, db.Select(&sheets, `SELECT copy_id FROM ballot_sheets`))
	assert.Equal(t, []string{"first"}, sheets)
	var copies []string
	require.NoError(t, db.Select(&copies, `SELECT copy_id FROM ballot_copies`))
	assert.Equal(t, []string{"first"}, copies, "the second copy went with its answer")
	var audited int
	require.NoError(t, db.Get(&audited, `SELECT count(*) FROM audit_log WHERE kind = 'ballot-sheet' AND accepted`))
	assert.Equal(t, 1, audited)
}

// A copy being accepted is never dropped: a drop of it waits for the acceptance and then
// keeps it, so an accepted sheet always has its ballots.
func TestACopyBeingAcceptedIsNotDropped(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 2)
	open(t, db, schedule.Pioneer, "2026-Q3")
	five := []int16{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	const round = "pioneer/2026-Q3"
	require.NoError(t, CopyBallots(ctx, db, []SheetCopy{
		{CopyID: "c", RoundID: round, BranchID: "b1", SubmissionID: "s1", Rows: []ballot.Row{{Candidate: "b1m1", Scores: five}}},
	}, time.Now()))
	tx, err := db.BeginTxx(ctx, nil)
	require.NoError(t, err)
	defer tx.Rollback()
	_, _, err = acceptSheet(ctx, tx, SheetAcceptance{RoundID: round, BranchID: "b1", SubmissionID: "s1", CopyID: "c", Present: 2, Ballots: 1, Forms: 1, By: "t", At: time.Now()})
	require.NoError(t, err)
	dropped := make(chan error, 1)
	go func() {
		_, err := AcceptSheets(ctx, db, nil, []CopyOf{{CopyID: "c", RoundID: round, BranchID: "b1", SubmissionID: "s1"}})
		dropped <- err
	}()
	require.Eventually(t, func() bool {
		var waiting int
		err := db.Get(&waiting, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'`)
		return err == nil && waiting == 1
	}, 10*time.Second, 10*time.Millisecond, "the drop waits for the acceptance")
	require.NoError(t, tx.Commit())
	require.NoError(t, <-dropped)
	var ballots int
	require.NoError(t, db.Get(&ballots, `SELECT count(*) FROM ballots WHERE copy_id = 'c'`))
	assert.Equal(t, 1, ballots, "the accepted sheet keeps its ballots")
}

// A round that has closed takes no copy: the close dropped every copy not accepted, and one
// made after it would stay for ever.
func TestAClosedRoundTakesNoCopy(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 2)
	open(t, db, schedule.Pioneer, "2026-Q3")
	five := []int16{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	sheet := []SheetCopy{{CopyID: "c1", RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: "s1",
		Rows: []ballot.Row{{Candidate: "b1m1", Scores: five}}}}
	_, err := db.ExecContext(ctx, `UPDATE rounds SET phase = 'closed' WHERE id = 'pioneer/2026-Q3'`)
	require.NoError(t, err)
	err = CopyBallots(ctx, db, sheet, time.Now())
	require.Error(t, err)
	assert.True(t, problem.Is(err), "the administrator's mistake, not a failure: %v", err)
	assert.Contains(t, english.Of(err), "round pioneer/2026-Q3 has ended: it takes no more sheets")
	var copies int
	require.NoError(t, db.Get(&copies, `SELECT count(*) FROM ballot_copies`))
	assert.Zero(t, copies)
}

// A sheet's ballots are sealed by a digest at acceptance, kept with the sheet and returned to
// the workflow: a ballot changed, added or removed before the tally stops the tally, whether
// the row's digest was left alone or rewritten to match (the workflow's copy still differs).
// A candidate with more forms than the sheet has ballots is refused at acceptance.
func TestATallyRefusesBallotsChangedSinceTheirAcceptance(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rosterOf(t, db, 3)
	open(t, db, schedule.Pioneer, "2026-Q3")
	five := []int16{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	rows := []ballot.Row{{Candidate: "b1m1", Scores: five}, {Candidate: "b1m2", Scores: five}, {Candidate: "b1m1", Scores: five}}
	require.NoError(t, CopyBallots(ctx, db, []SheetCopy{{CopyID: "over", RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: "over", Rows: rows}}, time.Now()))
	_, err := AcceptBallots(ctx, db, SheetAcceptance{RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: "over", CopyID: "over",
		Present: 3, Ballots: 1, Forms: 3, By: "t", At: time.Now()})
	assert.Contains(t, english.Of(err), "sheet over has 2 forms for b1m1, but only 1 ballots", "a candidate is on each ballot once")

	require.NoError(t, CopyBallots(ctx, db, []SheetCopy{{CopyID: "c1", RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: "s1", Rows: rows}}, time.Now()))
	digest, err := AcceptBallots(ctx, db, SheetAcceptance{RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: "s1", CopyID: "c1",
		Present: 3, Ballots: 2, Forms: 3, By: "t", At: time.Now()})
	require.NoError(t, err)
	require.Len(t, digest, 64, "a SHA-256, in hex")
	again, err := AcceptBallots(ctx, db, SheetAcceptance{RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: "s1", CopyID: "c1",
		Present: 3, Ballots: 2, Forms: 3, By: "t", At: time.Now()})
	require.NoError(t, err)
	assert.Equal(t, digest, again, "accepted again: the digest recorded the first time")
	_, err = TallyBranch(ctx, db, "pioneer/2026-Q3", "b1", 3000, nil, digest)
	require.NoError(t, err, "the ballots as accepted")

	for name, tamper := range map[string]string{
		"a score changed": `UPDATE ballots SET scores = '{10,10,10,10,10,10,10,10,10,10}', total = 100
			WHERE ctid = (SELECT ctid FROM ballots WHERE copy_id = 'c1' AND candidate_id = 'b1m2')`,
		"a ballot added":   `INSERT INTO ballots (round_id, branch_id, copy_id, candidate_id, scores, total) VALUES ('pioneer/2026-Q3', 'b1', 'c1', 'b1m2', '{9,9,9,9,9,9,9,9,9,9}', 90)`,
		"a ballot removed": `DELETE FROM ballots WHERE ctid = (SELECT ctid FROM ballots WHERE copy_id = 'c1' AND candidate_id = 'b1m1' LIMIT 1)`,
	} {
		t.Run(name, func(t *testing.T) {
			tx, err := db.Beginx()
			require.NoError(t, err)
			defer tx.Rollback()
			_, err = tx.Exec(tamper)
			require.NoError(t, err)
			_, err = tallyBranch(ctx, tx, "pioneer/2026-Q3", "b1", 3000, nil, "")
			assert.Contains(t, english.Of(err), "the ballots of branch b1 in pioneer/2026-Q3 changed after their sheet was accepted", "against the sheet's row")
			_, err = tx.Exec(`UPDATE ballot_sheets SET digest = (SELECT ` + ballotsDigest + ` FROM ballots b WHERE b.copy_id = 'c1') WHERE copy_id = 'c1'`)
			require.NoError(t, err)
			_, err = tallyBranch(ctx, tx, "pioneer/2026-Q3", "b1", 3000, nil, digest)
			assert.Contains(t, english.Of(err), "changed after their sheet was accepted", "the row rewritten too: against the workflow's digest")
		})
	}
	var order []string
	require.NoError(t, db.Select(&order, `SELECT candidate_id FROM ballots WHERE copy_id = 'c1'`))
	require.NoError(t, CopyBallots(ctx, db, []SheetCopy{{CopyID: "c2", RoundID: "pioneer/2026-Q3", BranchID: "b1", SubmissionID: "s2",
		Rows: []ballot.Row{rows[2], rows[1], rows[0]}}}, time.Now()))
	var other string
	require.NoError(t, db.Get(&other, `SELECT `+ballotsDigest+` FROM ballots b WHERE b.copy_id = 'c2'`))
	assert.Equal(t, digest, other, "the same ballots in another order: the same digest")
}
