package workflows

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/rank"
	"wenming/rules/schedule"
	"wenming/rules/standard"
)

var pioneerConfig = schedule.Config{Kind: schedule.Pioneer, Timezone: "Asia/Shanghai", StandardID: "pioneer-post",
	Voting: 2 * time.Hour, ShareBP: 3000, Notice: time.Hour, RemindEvery: 10 * time.Minute, GroupSize: 2}

var redFlagConfig = schedule.Config{Kind: schedule.RedFlag, Timezone: "Asia/Shanghai", StandardID: "red-flag-branch",
	SelfReport: time.Hour, Assessment: time.Hour, Flags: 2, Notice: time.Hour, RemindEvery: 10 * time.Minute, GroupSize: 2}

type roundTest struct {
	t        *testing.T
	env      *testsuite.TestWorkflowEnvironment
	tallies  map[string]func(decisions []rank.Decision) activities.Tally
	accepted []activities.SheetAcceptance
	dropped  []activities.CopyOf // the copies a group asked the store to drop
	digests  map[string]string   // the digest each branch's tally was asked to check
	approval *activities.Approval
	award    *activities.AwardInput
	ranks    []activities.RankRedFlagInput
	rankWith func(n int) activities.ReviewResult
	scores   []activities.RedFlagScore
	// decisions and reminders are the round's decisions and overdue reminders recorded.
	decisions []activities.RoundDecision
	reminders []activities.OverdueReminder
	// overdue are the WenmingOverdueSince upserts: a time set, or zero for the unset.
	overdue []time.Time
	// outOfRunning: the branches a violation took out of the running, with why.
	outOfRunning map[string]string
	// refuse, while set, makes the named activity fail as PostgreSQL's refusal of a statement
	// does (a constraint), counting the attempts.
	refuse   map[string]bool
	attempts map[string]int
}

// refused is how activities.classify reports a statement the database refused.
var refused = temporal.NewApplicationError("award: the database refused the statement: check_violation (SQLSTATE 23514)", activities.ErrRefused)

func (r *roundTest) try(name string) error {
	r.attempts[name]++
	if r.refuse[name] {
		return refused
	}
	return nil
}

func newRoundTest(t *testing.T, branches ...string) *roundTest {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	for _, w := range []any{Group, PioneerBranch, RedFlagBranch, PublicNotice, PioneerRound, RedFlagRound} {
		env.RegisterWorkflow(w)
	}
	r := &roundTest{t: t, env: env, tallies: map[string]func([]rank.Decision) activities.Tally{}, refuse: map[string]bool{}, attempts: map[string]int{},
		digests: map[string]string{}}
	a := &activities.Activities{}
	env.RegisterActivity(a)
	env.OnActivity(a.OpenRound, mock.Anything, mock.Anything).Return(activities.Opened{Branches: branches, Members: 30, Eligible: 29}, nil).Once()
	env.OnActivity(a.SetRoundPhase, mock.Anything, mock.Anything).Return(nil)
	env.OnActivity(a.LoadStandard, mock.Anything, mock.Anything).Return(loadStandard(t, "red-flag-branch"), nil)
	env.OnActivity(a.AcceptBallots, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.SheetAcceptance) (activities.SheetAccepted, error) {
		r.accepted = append(r.accepted, in)
		return activities.SheetAccepted{Digest: "digest-of-" + in.CopyID}, nil
	})
	env.OnActivity(a.AcceptSheets, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.SheetsAcceptance) (activities.SheetsAccepted, error) {
		r.dropped = append(r.dropped, in.Drop...)
		out := activities.SheetsAccepted{Refused: make([]msg.Text, len(in.Sheets)), Digests: make([]string, len(in.Sheets))}
		for i, s := range in.Sheets {
			if s.CopyID == "copy-stray" { // as PostgreSQL finds a form for someone not in the branch
				out.Refused[i] = msg.Say("problem.store.sheet_has_forms_for", "SubmissionID", s.SubmissionID, "Strays", 1, "BranchID", s.BranchID)
				continue
			}
			r.accepted = append(r.accepted, s)
			out.Digests[i] = "digest-of-" + s.CopyID
		}
		return out, nil
	})
	env.OnActivity(a.TallyBranch, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.TallyInput) (activities.Tally, error) {
		r.digests[in.BranchID] = in.Digest
		if f, ok := r.tallies[in.BranchID]; ok {
			return f(in.Decisions), nil
		}
		return activities.Tally{Members: 10, Limit: 3}, nil
	})
	env.OnActivity(a.Approve, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.Approval) (activities.ApproveResult, error) {
		if err := r.try("Approve"); err != nil {
			return activities.ApproveResult{}, err
		}
		r.approval = &in
		return activities.ApproveResult{Proposed: 4}, nil
	})
	env.OnActivity(a.RecordRoundDecision, mock.Anything, mock.Anything).Return(func(_ context.Context, d activities.RoundDecision) error {
		r.decisions = append(r.decisions, d)
		return nil
	})
	env.OnActivity(a.RemindOverdue, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.OverdueReminder) error {
		r.reminders = append(r.reminders, in)
		return nil
	})
	r.outOfRunning = map[string]string{}
	env.OnActivity(a.BranchStanding, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.BranchRef) (activities.Standing, error) {
		why, out := r.outOfRunning[in.BranchID]
		return activities.Standing{Eligible: !out, Reason: why}, nil
	})
	recordOverdueUpserts(env, &r.overdue)
	env.OnActivity(a.RecordRedFlagScore, mock.Anything, mock.Anything).Return(func(_ context.Context, s activities.RedFlagScore) error {
		r.scores = append(r.scores, s)
		return nil
	})
	r.rankWith = func(int) activities.ReviewResult { return activities.ReviewResult{Proposed: []string{"b1", "b2"}} }
	env.OnActivity(a.RankRedFlag, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.RankRedFlagInput) (activities.ReviewResult, error) {
		r.ranks = append(r.ranks, in)
		return r.rankWith(len(r.ranks) - 1), nil
	})
	env.OnActivity(a.PublishRoundNotice, mock.Anything, mock.Anything).Return(activities.PublishResult{Listed: 4}, nil)
	env.OnActivity(a.NoticeHasEntry, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.EntryInput) (activities.EntryResult, error) {
		return activities.EntryResult{Listed: in.Entry != "nobody"}, nil
	})
	env.OnActivity(a.RecordObjection, mock.Anything, mock.Anything).Return(nil)
	env.OnActivity(a.DecideObjection, mock.Anything, mock.Anything).Return(nil)
	env.OnActivity(a.CloseNotice, mock.Anything, mock.Anything).Return(nil)
	award := func(_ context.Context, in activities.AwardInput) (activities.AwardResult, error) {
		if err := r.try("Award"); err != nil {
			return activities.AwardResult{}, err
		}
		r.award = &in
		return activities.AwardResult{Outcomes: map[string]int{"awarded": 3}}, nil
	}
	env.OnActivity(a.AwardPioneer, mock.Anything, mock.Anything).Return(award)
	env.OnActivity(a.AwardRedFlag, mock.Anything, mock.Anything).Return(award)
	return r
}

func (r *roundTest) branch(id string) string { return BranchWorkflowID("pioneer/2026-Q3", id) }

// sheet hands a pioneer branch's sheet to its group (groups of two: b1 and b2 in the first).
func (r *roundTest) sheet(branch string, req BallotSheetRequest) *outcome {
	g := 0
	if branch > "b2" {
		g = 1
	}
	return sendSheet(r.env, GroupWorkflowID("pioneer/2026-Q3", g), branch, req)
}

func (r *roundTest) status(id string) RoundStatus { return statusOf[RoundStatus](r.t, r.env, id) }

func ballots(id string, present, ballots, forms int) BallotSheetRequest {
	return BallotSheetRequest{Submission: sub(id), Copy: "copy-" + id, Present: present, Ballots: ballots, Forms: forms}
}

// A pioneer round's groups take their branches' sheets (a batch of one here, as `ballots
// import` sends it); a round opened before groups took them (the version before
// group-takes-sheets) has every branch take its own. Both answer every sheet alike, but a
// sheet after the deadline: the group refuses it as late; the old round's branch had ended.
func TestAPioneerRound(t *testing.T) {
	t.Run("groups take the sheets", func(t *testing.T) { runPioneerRound(t, true) })
	t.Run("branches take the sheets", func(t *testing.T) { runPioneerRound(t, false) })
}

func runPioneerRound(t *testing.T, groups bool) {
	r := newRoundTest(t, "b1", "b2", "b3")
	sheetStep := func(offset time.Duration, name, branch string, req BallotSheetRequest) {}
	tie := &rank.Tie{Units: []string{"m2", "m3"}, Total: 9150, Slots: 1}
	r.tallies["b1"] = func(d []rank.Decision) activities.Tally {
		if len(d) == 0 {
			return activities.Tally{Members: 10, Limit: 3, Candidates: 10, Recommended: nil, Pending: tie}
		}
		return activities.Tally{Members: 10, Limit: 3, Candidates: 10, Recommended: []string{"m1", "m4", d[0].Include[0]}}
	}
	o := map[string]*outcome{}
	step := stepper(r.env, o)
	sheetStep = func(offset time.Duration, name, branch string, req BallotSheetRequest) {
		if groups {
			at(r.env, offset, func() { o[name] = r.sheet(branch, req) })
			return
		}
		step(offset, name, r.branch(branch), UpdateBallotSheet, req)
	}
	if !groups {
		r.env.OnGetVersion(groupTakesSheets, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	}
	uncopied := ballots("s9", 10, 10, 90)
	uncopied.Copy = ""
	sheetStep(9*time.Minute, "not copied in", "b1", uncopied)
	sheetStep(10*time.Minute, "too many ballots", "b1", ballots("s0", 9, 10, 90))
	sheetStep(11*time.Minute, "b1 sheet", "b1", ballots("s1", 10, 10, 90))
	sheetStep(12*time.Minute, "b1 resend", "b1", ballots("s1", 10, 10, 90))
	// The branch, running now, refuses a second sheet itself; its group would too.
	step(13*time.Minute, "b1 second sheet", r.branch("b1"), UpdateBallotSheet, ballots("s2", 10, 9, 81))
	sheetStep(13*time.Minute+30*time.Second, "b1 second sheet to the group", "b1", ballots("s2", 10, 9, 81))
	sheetStep(14*time.Minute, "b2 sheet", "b2", ballots("s3", 8, 8, 56))
	step(20*time.Minute, "approve too early", "", UpdateApprove, ApproveRequest{Submission: sub("a0")})
	step(30*time.Minute, "tie: two", r.branch("b1"), UpdateResolveTie, TieRequest{Submission: sub("t0"), Include: []string{"m2", "m3"}})
	step(31*time.Minute, "tie", r.branch("b1"), UpdateResolveTie, TieRequest{Submission: sub("t1"), Include: []string{"m3"}})
	sheetStep(3*time.Hour, "b3 late", "b3", ballots("s4", 5, 5, 20))
	step(3*time.Hour+time.Minute, "strike without reason", "", UpdateApprove, ApproveRequest{Submission: sub("a1"), Strikes: []Strike{{Member: "m4"}}})
	step(3*time.Hour+2*time.Minute, "approve", "", UpdateApprove, ApproveRequest{Submission: sub("a2"), Strikes: []Strike{{Member: "m4", Reason: "群众反映较多"}}})
	step(3*time.Hour+3*time.Minute, "approve again", "", UpdateApprove, ApproveRequest{Submission: sub("a2"), Strikes: []Strike{{Member: "m4", Reason: "群众反映较多"}}})
	step(3*time.Hour+10*time.Minute, "off the list", "pioneer/2026-Q3/notice", UpdateFileObjection, ObjectionRequest{Submission: sub("o0"), Entry: "nobody", Reason: "x"})
	step(3*time.Hour+11*time.Minute, "objection", "pioneer/2026-Q3/notice", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "m1", Reason: "工作中有失误"})
	step(3*time.Hour+12*time.Minute, "uphold", "pioneer/2026-Q3/notice", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("o2"), Objection: 1, Decision: "uphold", Note: "属实"})
	var voting, committee RoundStatus
	at(r.env, time.Hour, func() { voting = r.status("") })
	at(r.env, 2*time.Hour+30*time.Minute, func() { committee = r.status("") })

	r.env.ExecuteWorkflow(PioneerRound, RoundInput{Kind: KindPioneer, Period: "2026-Q3", Config: pioneerConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError())

	r.env.AssertActivityNumberOfCalls(t, "OpenRound", 1)
	rejected(t, o["not copied in"], "the sheet's ballots were not copied in: import the sheet with the CLI")
	rejected(t, o["too many ballots"], "10 ballots but only 9 members present")
	accepted(t, o["b1 sheet"], "sheet of branch b1 accepted: 10 ballots from 10 members present")
	resent(t, o["b1 resend"])
	rejected(t, o["b1 second sheet"], "branch b1 already handed in its sheet (submission s1); a branch hands in one sheet")
	accepted(t, o["b2 sheet"], "sheet of branch b2 accepted")
	rejected(t, o["approve too early"], "round pioneer/2026-Q3 is not waiting for the committee's approval (phase voting)")
	rejected(t, o["tie: two"], "choose exactly 1 of the tied m2, m3")
	accepted(t, o["tie"], "tie in branch b1 resolved: m3 recommended")
	rejected(t, o["b1 second sheet to the group"], "branch b1 already handed in its sheet (submission s1); a branch hands in one sheet")
	// b3 settled at the voting deadline without a sheet, and its part ended there.
	if groups {
		rejected(t, o["b3 late"], "voting closed at 2026-03-02 11:00 CST; the sheet of branch b3 comes too late")
	} else {
		require.True(t, o["b3 late"].done)
		require.Error(t, o["b3 late"].failed, "a sheet after the branch's part ended finds no branch to take it")
	}
	rejected(t, o["strike without reason"], "each name struck needs the member and the reason")
	accepted(t, o["approve"], "approved: 4 proposed for the award, 1 struck")
	resent(t, o["approve again"])
	// The list lives in the database: the handler, not the validator, refuses.
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, o["off the list"].failed, &appErr)
	text, ok := RefusalText(appErr)
	require.True(t, ok)
	assert.Equal(t, "nobody is not on the published list of pioneer/2026-Q3", msg.For(msg.English).Render(text))
	assert.Equal(t, "nobody 不在pioneer/2026-Q3的公示名单中", appErr.Message())
	accepted(t, o["objection"], "objection 1 against m1 filed")
	accepted(t, o["uphold"], "objection 1 upheld: m1 is removed")

	assert.Equal(t, RoundVoting, voting.Phase)
	assert.Equal(t, RoundCommittee, committee.Phase, "after the voting deadline the round waits for the committee")
	assert.Equal(t, 3, committee.Settled)
	require.Len(t, r.accepted, 2, "two sheets accepted, once each")
	assert.Equal(t, "copy-s1", r.accepted[0].CopyID, "the branch accepts the copy the sheet was imported under")
	for _, a := range r.accepted {
		assert.Equal(t, "digest-of-"+a.CopyID, r.digests[a.BranchID], "the tally of %s checks the ballots against the digest of their acceptance", a.BranchID)
	}
	require.NotNil(t, r.approval)
	assert.Equal(t, []activities.Strike{{Member: "m4", Reason: "群众反映较多"}}, r.approval.Strikes)
	require.NotNil(t, r.award)
	assert.Equal(t, []string{"m1"}, r.award.Removed)
	assert.Equal(t, "2026-Q3", r.award.Period)
}

// A statement the database refuses on the round's own course (a bug, or a constraint a
// migration got wrong) does not end the round: the write is retried until a fixed build lets
// it through, and the round then finishes as usual. A refusal of a person's submission still
// answers that person at once.
func TestARefusedWriteHoldsTheRoundUntilAFixedBuild(t *testing.T) {
	r := newRoundTest(t, "b1")
	r.refuse["Award"] = true
	var o, again *outcome
	at(r.env, 10*time.Minute, func() { r.sheet("b1", ballots("s1", 10, 10, 90)) })
	at(r.env, 3*time.Hour, func() {
		r.refuse["Approve"] = true
		o = send(r.env, "", UpdateApprove, ApproveRequest{Submission: sub("a1")})
	})
	at(r.env, 3*time.Hour+time.Minute, func() {
		r.refuse["Approve"] = false
		again = send(r.env, "", UpdateApprove, ApproveRequest{Submission: sub("a2")})
	})
	// The notice ends at +4h01m; the award is refused for the next two minutes of retries (the
	// test suite stops retrying after 10 attempts, Temporal never does), until the fixed build
	// is deployed.
	var phase RoundStatus
	at(r.env, 4*time.Hour+2*time.Minute, func() { phase = r.status("") })
	at(r.env, 4*time.Hour+3*time.Minute, func() { r.refuse["Award"] = false })

	r.env.ExecuteWorkflow(PioneerRound, RoundInput{Kind: KindPioneer, Period: "2026-Q3", Config: pioneerConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError(), "the refused write did not end the round")

	require.True(t, o.done)
	require.Error(t, o.failed, "the committee's approval that the database refused is answered")
	assert.Contains(t, o.failed.Error(), "the database refused the statement")
	accepted(t, again, "approved")
	assert.Equal(t, 2, r.attempts["Approve"], "a refused submission is not retried: one attempt each")
	assert.Greater(t, r.attempts["Award"], 5, "the award was retried while it was refused")
	assert.Equal(t, RoundNotice, phase.Phase, "while refused, the round waits where it is")
	require.NotNil(t, r.award, "the award went through once the build was fixed")
}

// A red-flag round (since redflag-waits): a branch reports by the self-report deadline or is not
// in the running, and the committee cannot score it; a branch that reported waits for its
// score past AssessBy, overdue and reminded on the round's cadence, and the late score is taken.
func TestARedFlagRound(t *testing.T) {
	r := newRoundTest(t, "b1", "b2", "b3", "b4")
	tie := &rank.Tie{Units: []string{"b2", "b3"}, Total: 9000, Slots: 1}
	r.rankWith = func(n int) activities.ReviewResult {
		if n == 0 {
			return activities.ReviewResult{Candidates: 3, Pending: tie}
		}
		return activities.ReviewResult{Candidates: 3, Proposed: []string{"b1", "b3"}}
	}
	std := loadStandard(t, "red-flag-branch")
	full := fullSheet(t, std, "")
	o := map[string]*outcome{}
	step := stepper(r.env, o)
	br := func(id string) string { return BranchWorkflowID("redflag/2026-H1", id) }
	step(10*time.Minute, "self", br("b1"), UpdateSelfReport, ScoreRequest{Submission: sub("s1"), Sheet: full})
	step(11*time.Minute, "self again", br("b1"), UpdateSelfReport, ScoreRequest{Submission: sub("s1"), Sheet: full})
	step(12*time.Minute, "bad sheet", br("b2"), UpdateSelfReport, ScoreRequest{Submission: sub("s2"), Sheet: fullSheet(t, std, "13")})
	step(13*time.Minute, "self with basis", br("b2"), UpdateSelfReport, ScoreRequest{Submission: sub("s2a"), Sheet: full, Basis: "自评依据"})
	step(15*time.Minute, "assess unreported", br("b4"), UpdateAssess, ScoreRequest{Submission: sub("cb4"), Sheet: full})
	step(20*time.Minute, "self b2", br("b2"), UpdateSelfReport, ScoreRequest{Submission: sub("s2b"), Sheet: full})
	step(30*time.Minute, "self b3", br("b3"), UpdateSelfReport, ScoreRequest{Submission: sub("s3"), Sheet: full})
	step(70*time.Minute, "late self", br("b3"), UpdateSelfReport, ScoreRequest{Submission: sub("s3b"), Sheet: fullSheet(t, std, "11")})
	for i, b := range []string{"b1", "b2"} {
		step(80*time.Minute+time.Duration(i)*time.Minute, "assess "+b, br(b), UpdateAssess, ScoreRequest{Submission: sub("c" + b), Sheet: full, Basis: " 党办日常考核记录 " + b})
	}
	step(2*time.Hour+25*time.Minute, "assess b3", br("b3"), UpdateAssess, ScoreRequest{Submission: sub("cb3"), Sheet: full})
	step(3*time.Hour, "tie", "", UpdateResolveTie, TieRequest{Submission: sub("t1"), Include: []string{"b3"}})
	var b3Overdue, b3Due, b4Gone BranchStatus
	at(r.env, 90*time.Minute, func() { b3Due = statusOf[BranchStatus](t, r.env, br("b3")) })
	at(r.env, 2*time.Hour+5*time.Minute, func() { b3Overdue = statusOf[BranchStatus](t, r.env, br("b3")) })
	at(r.env, 65*time.Minute, func() { b4Gone = statusOf[BranchStatus](t, r.env, br("b4")) })
	var review RoundStatus
	at(r.env, 2*time.Hour+40*time.Minute, func() { review = r.status("") })

	r.env.ExecuteWorkflow(RedFlagRound, RoundInput{Kind: KindRedFlag, Period: "2026-H1", Config: redFlagConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError())

	accepted(t, o["self"], "self score of branch b1 recorded: 100 of 100")
	resent(t, o["self again"])
	rejected(t, o["bad sheet"], `item "1": 13 is above the maximum 12`)
	rejected(t, o["self with basis"], "a self-report carries no basis")
	accepted(t, o["assess b1"], "on the basis of: 党办日常考核记录 b1")
	rejected(t, o["assess unreported"], "branch b4 has not reported yet: the self-report is the first step, due 2026-03-02 10:00 CST")
	accepted(t, o["self b2"], "self score of branch b2 recorded")
	accepted(t, o["self b3"], "self score of branch b3 recorded")
	rejected(t, o["late self"], "self-reports were due at 2026-03-02 10:00 CST")
	assert.Contains(t, o["assess unreported"].rejected.Error(), "逾期未报的支部不参加考核测评")
	assert.Equal(t, "did not report by 2026-03-02 10:00 CST: not assessed", msg.For(msg.English).Render(msg.Say("settled.redflag.not_reported", "Due", msg.At{T: start.Add(time.Hour), TZ: "Asia/Shanghai"})))
	assert.Equal(t, "逾期未自行申报（截止 2026年3月2日 10:00），不参加考核测评", b4Gone.Settled, "the clock decides only the self-report")
	for _, b := range []string{"b1", "b2", "b3"} {
		accepted(t, o["assess "+b], "committee score of branch "+b+" recorded")
	}
	assert.True(t, b3Due.OverdueSince.IsZero(), "not overdue before AssessBy")
	assert.Equal(t, start.Add(2*time.Hour), b3Overdue.OverdueSince.UTC(), "overdue since AssessBy, and still waiting")
	assert.Empty(t, b3Overdue.Settled)
	require.Len(t, r.reminders, 3, "reminded when it went overdue and every 10 minutes until the late score")
	assert.Equal(t, []time.Time{start.Add(2 * time.Hour), {}}, r.overdue, "WenmingOverdueSince set at AssessBy, unset when the late score came")
	for i, rem := range r.reminders {
		assert.Equal(t, activities.OverdueReminder{CampaignID: "redflag/2026-H1", Kind: "overdue-assess-b3", Seq: i + 1, At: start.Add(2*time.Hour + time.Duration(i)*10*time.Minute),
			Text: msg.Say("reminder.overdue.assess", "Round", "redflag/2026-H1", "Branch", "b3", "Since", msg.At{T: start.Add(2 * time.Hour), TZ: "Asia/Shanghai"})}, rem)
	}
	accepted(t, o["tie"], "tie resolved: b3 receive the flag")
	assert.Equal(t, RoundReview, review.Phase)
	require.NotNil(t, review.PendingTie, "the round waits for the committee's decision")
	require.Len(t, r.ranks, 2)
	assert.Equal(t, []rank.Decision{{Tie: "b2,b3", Include: []string{"b3"}}}, r.ranks[1].Decisions)
	assert.Equal(t, 2, r.ranks[0].Flags)
	require.NotNil(t, r.award)
	require.Len(t, r.scores, 6)
	for _, s := range r.scores {
		if s.Kind == "committee" && s.BranchID != "b3" {
			assert.Equal(t, "党办日常考核记录 "+s.BranchID, s.Basis, "the committee's basis, trimmed")
		} else {
			assert.Empty(t, s.Basis)
		}
	}
}

// Once the committee's score of a branch is overdue, an administrator may go on without it,
// saying why: the branch is ranked without a score, by their decision; before AssessBy, or
// without a reason, they may not, and once they have no score is taken.
func TestARedFlagBranchGoesOnWithoutAnOverdueScoreWhenTold(t *testing.T) {
	r := newRoundTest(t, "b1", "b2", "b3")
	std := loadStandard(t, "red-flag-branch")
	full := fullSheet(t, std, "")
	o := map[string]*outcome{}
	step := stepper(r.env, o)
	br := func(id string) string { return BranchWorkflowID("redflag/2026-H1", id) }
	for _, b := range []string{"b1", "b2"} {
		step(10*time.Minute, "self "+b, br(b), UpdateSelfReport, ScoreRequest{Submission: sub("s" + b), Sheet: full})
	}
	step(80*time.Minute, "assess b1", br("b1"), UpdateAssess, ScoreRequest{Submission: sub("cb1"), Sheet: full})
	proceed := func(id, reason string) ProceedRequest {
		return ProceedRequest{Submission: sub(id), Step: StepAssess, Reason: reason}
	}
	step(90*time.Minute, "too early", br("b2"), UpdateProceed, proceed("p1", "党委会延期"))
	step(2*time.Hour+5*time.Minute, "no reason", br("b2"), UpdateProceed, proceed("p2", " "))
	step(30*time.Minute, "not reported", br("b3"), UpdateProceed, proceed("p3", "党委会延期"))
	step(2*time.Hour+10*time.Minute, "proceed", br("b2"), UpdateProceed, proceed("p4", "党委会延期"))
	var ended BranchStatus
	at(r.env, 2*time.Hour+12*time.Minute, func() { ended = statusOf[BranchStatus](t, r.env, br("b2")) })

	r.env.ExecuteWorkflow(RedFlagRound, RoundInput{Kind: KindRedFlag, Period: "2026-H1", Config: redFlagConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError())

	rejected(t, o["too early"], "the committee has until 2026-03-02 11:00 CST to score branch b2")
	rejected(t, o["no reason"], "say why in --reason")
	rejected(t, o["not reported"], "branch b3 is not waiting for the committee's assessment")
	accepted(t, o["proceed"], "recorded as your decision: branch b2 is ranked without the committee's score (党委会延期)")
	assert.Equal(t, "未经党委考核测评（管理员决定：党委会延期）", ended.Settled)
	assert.Equal(t, "党委会延期", ended.Proceeded)
	// Its workflow has ended; the moment before, its validator refused a score as ended.
	after := &redFlagBranch{branchRun: &branchRun{in: BranchInput{BranchID: "b2"}}, waits: true, self: &standard.Result{}, proceeded: "党委会延期"}
	assert.ErrorContains(t, after.checkAssessable(start.Add(2*time.Hour+11*time.Minute)), "支部 b2 的考核测评已结束，不再接收评分")
	require.Len(t, r.decisions, 1)
	assert.Equal(t, activities.RoundDecision{RoundID: "redflag/2026-H1", SubmissionID: "b2/p4", Kind: "proceed",
		Detail: map[string]any{"step": StepAssess, "branch": "b2", "reason": "党委会延期"}, By: "tester", At: start.Add(2*time.Hour + 10*time.Minute)}, r.decisions[0],
		"keyed by branch: the same id for another branch is another decision")
	require.Len(t, r.ranks, 1, "ranked once every branch settled")
	require.NotNil(t, r.award)
}

// A violation that takes a branch out of the running while its score is overdue ends the wait:
// nobody is reminded of a score that no longer counts, and the branch settles saying why.
func TestAnOverdueBranchTakenOutOfTheRunningWaitsNoMore(t *testing.T) {
	r := newRoundTest(t, "b1")
	full := fullSheet(t, loadStandard(t, "red-flag-branch"), "")
	o := map[string]*outcome{}
	br := BranchWorkflowID("redflag/2026-H1", "b1")
	stepper(r.env, o)(10*time.Minute, "self", br, UpdateSelfReport, ScoreRequest{Submission: sub("s1"), Sheet: full})
	at(r.env, 2*time.Hour+15*time.Minute, func() { r.outOfRunning["b1"] = "党员受到党纪处分 (2026-03-02)" })
	var ended BranchStatus
	at(r.env, 2*time.Hour+25*time.Minute, func() { ended = statusOf[BranchStatus](t, r.env, br) })

	r.env.ExecuteWorkflow(RedFlagRound, RoundInput{Kind: KindRedFlag, Period: "2026-H1", Config: redFlagConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError())

	accepted(t, o["self"], "self score of branch b1 recorded")
	assert.Len(t, r.reminders, 2, "reminded at AssessBy and at 2h10, not after the violation")
	assert.Equal(t, "考核测评逾期期间已不具备资格（党员受到党纪处分 (2026-03-02)），不再等待评分", ended.Settled)
	assert.Equal(t, []time.Time{start.Add(2 * time.Hour), {}}, r.overdue, "the overdue attribute is unset when the wait ends")
}

func TestTheLauncherStartsThePeriodJustEnded(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	// 1 January 09:00 in Shanghai: the fourth quarter of the year before.
	env.SetStartTime(time.Date(2027, 1, 1, 1, 0, 0, 0, time.UTC))
	env.RegisterWorkflow(PioneerRound)
	var started RoundInput
	env.OnWorkflow(PioneerRound, mock.Anything, mock.Anything).Return(func(_ workflow.Context, in RoundInput) (RoundResult, error) {
		started = in
		return RoundResult{}, nil
	})
	env.ExecuteWorkflow(RoundLauncher, LaunchInput{Kind: KindPioneer, Config: pioneerConfig})
	require.NoError(t, env.GetWorkflowError())
	var res LaunchResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, LaunchResult{RoundID: "pioneer/2026-Q4"}, res)
	assert.Equal(t, "2026-Q4", started.Period)
}

// A group whose workflow id is already taken cannot start: the round fails and names it,
// instead of waiting forever for the group's word that its branches have started.
func TestAGroupThatCannotStartFailsItsOwner(t *testing.T) {
	r := newRoundTest(t, "b1", "b2")
	// The id of the round's first group is taken by a running workflow: this one.
	r.env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: GroupWorkflowID("pioneer/2026-Q3", 0)})
	r.env.ExecuteWorkflow(PioneerRound, RoundInput{Kind: KindPioneer, Period: "2026-Q3", Config: pioneerConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	err := r.env.GetWorkflowError()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "start group pioneer/2026-Q3/group/0")
}

// The round, tested apart from its children: it starts one group per chunk of branches (the
// groups and the notice are mocked and their calls counted), moves on once every group says
// its branches are ready and then done, takes the notice's removals into the award, and
// closes every group.
func TestARoundRunsItsGroupsAndNoticeAsChildren(t *testing.T) {
	r := newRoundTest(t, "b1", "b2", "b3", "b4", "b5")
	var groups []GroupInput
	var closed []string
	// Each group says its branches have started and are done, then waits for the close.
	r.env.OnWorkflow(Group, mock.Anything, mock.Anything).Return(func(ctx workflow.Context, in GroupInput) (GroupResult, error) {
		groups = append(groups, in)
		if err := tellParent(ctx, SignalGroupReady, in.Group); err != nil {
			return GroupResult{}, err
		}
		if err := tellParent(ctx, SignalGroupSettled, GroupSettled{Group: in.Group, Members: len(in.Members)}); err != nil {
			return GroupResult{}, err
		}
		workflow.GetSignalChannel(ctx, SignalClose).Receive(ctx, nil)
		closed = append(closed, workflow.GetInfo(ctx).WorkflowExecution.ID)
		return GroupResult{Members: len(in.Members)}, nil
	}).Times(3)
	r.env.OnWorkflow(PublicNotice, mock.Anything, mock.Anything).Return(NoticeResult{Removed: []string{"m9"}}, nil).Once()
	at(r.env, 3*time.Hour, func() { send(r.env, "", UpdateApprove, ApproveRequest{Submission: sub("a1")}) })

	r.env.ExecuteWorkflow(PioneerRound, RoundInput{Kind: KindPioneer, Period: "2026-Q3", Config: pioneerConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError())
	r.env.AssertActivityNumberOfCalls(t, "OpenRound", 1)
	r.env.AssertWorkflowNumberOfCalls(t, "Group", 3)
	r.env.AssertWorkflowNumberOfCalls(t, "PublicNotice", 1)
	r.env.AssertActivityNumberOfCalls(t, "AwardPioneer", 1)

	require.Len(t, groups, 3)
	members := map[int][]string{}
	for _, g := range groups {
		members[g.Group] = g.Members
	}
	assert.Equal(t, map[int][]string{0: {"b1", "b2"}, 1: {"b3", "b4"}, 2: {"b5"}}, members, "one group per chunk, in roster order")
	assert.ElementsMatch(t, []string{"pioneer/2026-Q3/group/0", "pioneer/2026-Q3/group/1", "pioneer/2026-Q3/group/2"}, closed)
	require.NotNil(t, r.award)
	assert.Equal(t, []string{"m9"}, r.award.Removed, "the notice's removals reach the award")
}

// A violation recorded late, before the committee approves, reaches the running round: the
// branch that had recommended the member recommends again; a new tie at its cut holds the
// approval until the committee decides it on the round.
func TestALateViolationMakesABranchRecommendAgain(t *testing.T) {
	r := newRoundTest(t, "b1")
	a := &activities.Activities{}
	var applied []activities.ViolationInput
	r.env.OnActivity(a.ApplyViolation, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.ViolationInput) (activities.ViolationEffect, error) {
		applied = append(applied, in)
		return activities.ViolationEffect{RoundID: in.RoundID, ViolationID: in.ViolationID, Stage: "before_approval", Subject: "m2", Retally: "b1",
			Lines: []msg.Text{msg.Say("effect.not_candidate", "Subject", "m2", "Round", in.RoundID, "Reason", "受到党纪处分 (2026-08-10)")}}, nil
	})
	tie := &rank.Tie{Units: []string{"m4", "m5"}, Total: 7000, Slots: 1}
	var retallies []activities.RetallyInput
	r.env.OnActivity(a.RetallyBranch, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.RetallyInput) (activities.Retally, error) {
		retallies = append(retallies, in)
		if len(retallies) == 1 {
			return activities.Retally{Pending: tie, Lines: []msg.Text{msg.Say("effect.retally.tie", "Branch", "b1",
				"Tied", tie.Units, "Total", tie.Total, "Slots", 1, "Round", in.RoundID)}}, nil
		}
		return activities.Retally{Recommended: []string{"m1", "m3", "m5"}, Added: []string{"m5"},
			Lines: []msg.Text{msg.Say("effect.retally.moved_up", "Members", []string{"m5"}, "Branch", "b1")}}, nil
	})
	o := map[string]*outcome{}
	step := stepper(r.env, o)
	at(r.env, 10*time.Minute, func() { o["b1 sheet"] = r.sheet("b1", ballots("s1", 10, 10, 90)) })
	step(3*time.Hour, "violation", "", UpdateViolation, ViolationRequest{Submission: sub("v1"), Violation: "v1"})
	step(3*time.Hour+time.Minute, "violation again", "", UpdateViolation, ViolationRequest{Submission: sub("v1"), Violation: "v1"})
	step(3*time.Hour+2*time.Minute, "approve while tied", "", UpdateApprove, ApproveRequest{Submission: sub("a1")})
	step(3*time.Hour+3*time.Minute, "tie of another branch", "", UpdateResolveTie, TieRequest{Submission: sub("t0"), Branch: "b2", Include: []string{"m5"}})
	step(3*time.Hour+4*time.Minute, "tie", "", UpdateResolveTie, TieRequest{Submission: sub("t1"), Branch: "b1", Include: []string{"m5"}})
	step(3*time.Hour+5*time.Minute, "approve", "", UpdateApprove, ApproveRequest{Submission: sub("a2")})
	var tied RoundStatus
	at(r.env, 3*time.Hour+150*time.Second, func() { tied = r.status("") })

	r.env.ExecuteWorkflow(PioneerRound, RoundInput{Kind: KindPioneer, Period: "2026-Q3", Config: pioneerConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError())

	accepted(t, o["violation"], "pioneer/2026-Q3 has applied the violation")
	assert.Contains(t, o["violation"].receipt.Message, "支部 b1 重新推荐时名额线上并列：m4、m5")
	resent(t, o["violation again"])
	require.Len(t, applied, 1)
	assert.Equal(t, "v1", applied[0].ViolationID)
	rejected(t, o["approve while tied"], "branch b1 has a tie from recommending again: the committee decides it first")
	assert.Equal(t, []BranchTie{{Branch: "b1", Tie: *tie}}, tied.BranchTies)
	rejected(t, o["tie of another branch"], "branch b2 has no tie to resolve")
	accepted(t, o["tie"], "tie in branch b1 resolved: m5 recommended")
	assert.Contains(t, o["tie"].receipt.Message, "m5 递补进入支部 b1 的推荐名单")
	accepted(t, o["approve"], "approved")
	require.Len(t, retallies, 2)
	assert.Equal(t, activities.RetallyInput{RoundID: "pioneer/2026-Q3", BranchID: "b1", ShareBP: 3000, ViolationID: "v1"}, retallies[0])
	assert.Empty(t, retallies[1].ViolationID, "after the committee's decision")
}

var annualConfig = schedule.Config{Kind: schedule.Annual, Timezone: "Asia/Shanghai", CheckEvery: time.Hour, Notice: time.Hour, RemindEvery: 10 * time.Minute}

// annualTest mocks the year-end round's own activities: the last rounds are pending until
// awardedAt, counted from the start.
func annualTest(t *testing.T, awardedAt time.Duration) (*roundTest, *[]activities.Nomination, *activities.Approval) {
	r := newRoundTest(t)
	a := &activities.Activities{}
	var nominations []activities.Nomination
	approval := &activities.Approval{}
	r.env.OnActivity(a.OpenAnnual, mock.Anything, mock.Anything).Return(nil)
	r.env.OnActivity(a.LastRoundsPending, mock.Anything, mock.Anything).Return(func(context.Context, activities.YearInput) ([]string, error) {
		if r.env.Now().Sub(start) < awardedAt {
			return []string{"pioneer/2026-Q4"}, nil
		}
		return nil, nil
	})
	r.env.OnActivity(a.ListAnnual, mock.Anything, mock.Anything).Return(1, nil)
	r.env.OnActivity(a.Nominate, mock.Anything, mock.Anything).Return(func(_ context.Context, n activities.Nomination) error {
		nominations = append(nominations, n)
		return nil
	})
	r.env.OnActivity(a.ApproveAnnual, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.Approval) (activities.ApproveResult, error) {
		*approval = in
		return activities.ApproveResult{Proposed: 2}, nil
	})
	r.env.OnActivity(a.AwardAnnual, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.AwardInput) (activities.AwardResult, error) {
		r.award = &in
		return activities.AwardResult{Outcomes: map[string]int{"awarded": 2, "not_approved": 1}}, nil
	})
	return r, &nominations, approval
}

// The year-end round waits for the year's fourth quarter to be awarded, looking again every
// CheckEvery; nominations come in meanwhile; the committee then approves, striking one; the
// list is noticed and the titles conferred.
func TestAYearEndRoundWaitsForItsQuarter(t *testing.T) {
	r, nominations, approval := annualTest(t, 3*time.Hour+30*time.Minute)
	o := map[string]*outcome{}
	step := func(offset time.Duration, name, update string, arg any) {
		at(r.env, offset, func() { o[name] = send(r.env, "", update, arg) })
	}
	step(10*time.Minute, "approve too early", UpdateApprove, ApproveRequest{Submission: sub("a0")})
	step(20*time.Minute, "nomination without reason", UpdateNominate, NominateRequest{Submission: sub("n0"), SubjectKind: "member", Subject: "m2"})
	step(30*time.Minute, "nomination", UpdateNominate, NominateRequest{Submission: sub("n1"), SubjectKind: "member", Subject: "m2", Reason: "服务群众成绩突出"})
	step(31*time.Minute, "nomination again", UpdateNominate, NominateRequest{Submission: sub("n1"), SubjectKind: "member", Subject: "m2", Reason: "服务群众成绩突出"})
	step(40*time.Minute, "branch nomination", UpdateNominate, NominateRequest{Submission: sub("n2"), SubjectKind: "branch", Subject: "b1", Reason: "支部建设扎实"})
	step(5*time.Hour, "proceed too late", UpdateProceed, ProceedRequest{Submission: sub("p0"), Reason: "x"})
	step(5*time.Hour+time.Minute, "approve", UpdateApprove, ApproveRequest{Submission: sub("a1"), Strikes: []Strike{{Member: "b1", Reason: "台账不全"}}})
	step(5*time.Hour+2*time.Minute, "nomination after approval", UpdateNominate, NominateRequest{Submission: sub("n3"), SubjectKind: "member", Subject: "m3", Reason: "x"})
	var waiting, nominating RoundStatus
	var meta sdkpb.WorkflowMetadata
	at(r.env, 2*time.Hour, func() {
		waiting = r.status("")
		v, err := r.env.QueryWorkflow("__temporal_workflow_metadata")
		require.NoError(t, err)
		require.NoError(t, v.Get(&meta))
	})
	at(r.env, 4*time.Hour+30*time.Minute, func() { nominating = r.status("") })

	r.env.ExecuteWorkflow(AnnualRound, RoundInput{Kind: KindAnnual, Period: "2026", Config: annualConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError())

	assert.Equal(t, RoundWaiting, waiting.Phase)
	assert.Equal(t, []string{"pioneer/2026-Q4"}, waiting.Pending)
	assert.Contains(t, meta.GetCurrentDetails(), "等待：本年度最后一期评选授予：pioneer/2026-Q4", "the Web UI's details say whom it waits for")
	assert.Equal(t, RoundNomination, nominating.Phase, "the quarter awarded, the round goes on at its next look")
	rejected(t, o["approve too early"], "round annual/2026 is not waiting for the committee's approval (phase waiting for the year's rounds)")
	rejected(t, o["nomination without reason"], "give the reason for the nomination")
	accepted(t, o["nomination"], "member m2 nominated onto the list of annual/2026")
	resent(t, o["nomination again"])
	accepted(t, o["branch nomination"], "branch b1 nominated")
	rejected(t, o["proceed too late"], "annual/2026 is not waiting for the year's rounds")
	accepted(t, o["approve"], "approved: 2 proposed for the award, 1 struck")
	rejected(t, o["nomination after approval"], "the committee has approved the list of annual/2026: no more nominations")
	require.Len(t, *nominations, 2)
	assert.Equal(t, []activities.Strike{{Member: "b1", Reason: "台账不全"}}, approval.Strikes)
	require.NotNil(t, r.award)
	assert.Equal(t, "2026", r.award.Period)
	r.env.AssertActivityNumberOfCalls(t, "LastRoundsPending", 5)
}

// An administrator may let the year-end round go on without the year's last rounds, with a
// reason; the decision is recorded.
func TestAYearEndRoundGoesOnWithoutItsQuarterWhenTold(t *testing.T) {
	r, _, _ := annualTest(t, 1000*time.Hour)
	o := map[string]*outcome{}
	at(r.env, 10*time.Minute, func() { o["no reason"] = send(r.env, "", UpdateProceed, ProceedRequest{Submission: sub("p0")}) })
	at(r.env, 11*time.Minute, func() {
		o["proceed"] = send(r.env, "", UpdateProceed, ProceedRequest{Submission: sub("p1"), Reason: "第四季度评选延期，年终总结会按期召开"})
	})
	at(r.env, 20*time.Minute, func() { o["approve"] = send(r.env, "", UpdateApprove, ApproveRequest{Submission: sub("a1")}) })
	r.env.ExecuteWorkflow(AnnualRound, RoundInput{Kind: KindAnnual, Period: "2026", Config: annualConfig})
	require.True(t, r.env.IsWorkflowCompleted())
	require.NoError(t, r.env.GetWorkflowError())
	rejected(t, o["no reason"], "say why the round goes on without the year's last rounds")
	accepted(t, o["proceed"], "annual/2026 goes on without pioneer/2026-Q4")
	accepted(t, o["approve"], "approved")
	require.NotNil(t, r.award)
}

// A group takes a batch of its branches' sheets in one transaction: each sheet is answered on
// its own (one refused by PostgreSQL leaves the others accepted), a batch that is not the
// group's is refused whole, and a branch starts its workflow only once its sheet is in.
func TestAGroupTakesABatchOfSheets(t *testing.T) {
	r := newRoundTest(t, "b1", "b2", "b3")
	group := GroupWorkflowID("pioneer/2026-Q3", 0)
	batch := func(id string, sheets ...BranchSheet) BallotSheetsRequest {
		return BallotSheetsRequest{Submission: sub(id), Sheets: sheets}
	}
	stray := ballots("s2", 8, 8, 56)
	stray.Copy = "copy-stray"
	var first, notOurs, twice, empty, again *outcome
	var firstAnswer, againAnswer SheetsReceipt
	var b2Before bool
	answered := func(o **outcome, into *SheetsReceipt, req BallotSheetsRequest) {
		*o = &outcome{}
		updateSeq++
		cb := (*o).callbacks()
		cb.OnComplete = func(v any, err error) {
			(*o).done, (*o).failed = true, err
			switch x := v.(type) {
			case SheetsReceipt:
				*into = x
			case converter.EncodedValue:
				_ = x.Get(into)
			}
		}
		if err := r.env.UpdateWorkflowByID(group, UpdateBallotSheets, fmt.Sprintf("u%d", updateSeq), cb, req); err != nil {
			(*o).done, (*o).failed = true, err
		}
	}
	at(r.env, 10*time.Minute, func() {
		answered(&first, &firstAnswer, batch("batch-1", BranchSheet{"b1", ballots("s1", 10, 10, 90)}, BranchSheet{"b2", stray}))
	})
	at(r.env, 11*time.Minute, func() {
		notOurs = send(r.env, group, UpdateBallotSheets, batch("batch-2", BranchSheet{"b3", ballots("s3", 5, 5, 20)}))
		twice = send(r.env, group, UpdateBallotSheets, batch("batch-3", BranchSheet{"b1", ballots("s1", 10, 10, 90)}, BranchSheet{"b1", ballots("s1", 10, 10, 90)}))
		empty = send(r.env, group, UpdateBallotSheets, batch("batch-4"))
		_, err := r.env.QueryWorkflowByID(r.branch("b2"), QueryStatus)
		b2Before = err == nil
	})
	at(r.env, 12*time.Minute, func() {
		answered(&again, &againAnswer, batch("batch-5", BranchSheet{"b1", ballots("s1", 10, 10, 90)}, BranchSheet{"b2", ballots("s4", 8, 8, 56)}))
	})
	at(r.env, 3*time.Hour, func() { send(r.env, "", UpdateApprove, ApproveRequest{Submission: sub("a1")}) })
	r.env.ExecuteWorkflow(PioneerRound, RoundInput{Kind: KindPioneer, Period: "2026-Q3", Config: pioneerConfig})
	require.NoError(t, r.env.GetWorkflowError())

	require.True(t, first.done)
	require.NoError(t, first.failed)
	require.Len(t, firstAnswer.Sheets, 2)
	assert.Nil(t, firstAnswer.Sheets[0].Refused, "b1's sheet accepted")
	assert.Equal(t, "s1", firstAnswer.Sheets[0].Receipt.SubmissionID)
	require.NotNil(t, firstAnswer.Sheets[1].Refused, "b2's sheet refused")
	assert.Contains(t, msg.For(msg.English).Render(*firstAnswer.Sheets[1].Refused), "b2")
	assert.False(t, b2Before, "a branch whose sheet was refused has no workflow yet")
	rejected(t, notOurs, "branch b3 is not in pioneer/2026-Q3/group/0")
	rejected(t, twice, "the sheet of branch b1 appears twice in one batch")
	rejected(t, empty, "a batch of 0 sheets")
	require.NoError(t, again.failed)
	require.Len(t, againAnswer.Sheets, 2)
	assert.True(t, againAnswer.Sheets[0].Receipt.Duplicate, "b1's sheet again: received before")
	assert.Nil(t, againAnswer.Sheets[1].Refused, "b2's corrected sheet accepted")
	var ids []string
	for _, a := range r.accepted {
		ids = append(ids, a.BranchID+":"+a.SubmissionID)
	}
	assert.Equal(t, []string{"b1:s1", "b2:s4"}, ids, "each branch's sheet accepted once, the stray one never")
	var dropped []string
	for _, c := range r.dropped {
		dropped = append(dropped, c.RoundID+":"+c.BranchID+":"+c.SubmissionID)
	}
	assert.Equal(t, []string{"pioneer/2026-Q3:b1:s1"}, dropped, "the copy of the sheet answered as received before goes in the acceptance's transaction")
}
