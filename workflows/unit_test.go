package workflows

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/standard"
	"wenming/testenv/english"
)

type unitTest struct {
	t            *testing.T
	env          *testsuite.TestWorkflowEnvironment
	std          *standard.Standard
	in           UnitInput
	loadStandard *testsuite.MockCallWrapper
}

// noStandard is a unit of a campaign without a standard (one naming people): it loads none.
func (u *unitTest) noStandard() {
	u.in.StandardID = ""
	u.loadStandard.Never()
}

func newUnitTest(t *testing.T) *unitTest {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	u := &unitTest{t: t, env: env, std: loadStandard(t, "civilized-unit"), in: UnitInput{
		CampaignID: "c1", UnitID: "finance", StandardID: "civilized-unit", Timeline: testTimeline(),
		Timezone: "Asia/Shanghai", ReportMaxChars: 1500,
	}}
	a := &activities.Activities{}
	env.RegisterActivity(a)
	u.loadStandard = env.OnActivity(a.LoadStandard, mock.Anything, activities.StandardRef{ID: "civilized-unit"}).Return(u.std, nil)
	env.OnActivity(a.LoadUnit, mock.Anything, mock.Anything).Return(activities.UnitStart{Tasks: []activities.TaskRef{
		{ID: "plan", Title: "制定方案", Deadline: start.Add(90 * time.Minute)},
	}}, nil)
	return u
}

func (u *unitTest) at(offset time.Duration, fn func()) { at(u.env, offset, fn) }

func (u *unitTest) send(name string, arg any) *outcome { return send(u.env, "", name, arg) }

func (u *unitTest) run() {
	u.env.ExecuteWorkflow(Unit, u.in)
	require.True(u.t, u.env.IsWorkflowCompleted())
}

func (u *unitTest) status() UnitStatus { return statusOf[UnitStatus](u.t, u.env, "") }

// continuedAsNew is the input of the run the unit continued as, which carries its state.
func (u *unitTest) continuedAsNew() UnitInput {
	u.t.Helper()
	var can *workflow.ContinueAsNewError
	require.ErrorAs(u.t, u.env.GetWorkflowError(), &can)
	var next UnitInput
	require.NoError(u.t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.NotNil(u.t, next.Carry)
	return next
}

// rejected asserts a refusal: its English rendering says want, and the words the workflow
// itself keeps (the error's message, as the Web UI shows it) are Chinese.
func rejected(t *testing.T, o *outcome, want string) {
	t.Helper()
	require.True(t, o.done, "the update was answered")
	require.Error(t, o.rejected, "rejected")
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, o.rejected, &appErr)
	text, ok := RefusalText(appErr)
	require.True(t, ok, "the refusal carries its Text: %v", o.rejected)
	assert.Contains(t, msg.For(msg.English).Render(text), want)
	assert.Empty(t, english.Runs(appErr.Message()), "the refusal's own words are Chinese")
}

func accepted(t *testing.T, o *outcome, want string) {
	t.Helper()
	require.True(t, o.done, "the update was answered")
	require.NoError(t, o.rejected)
	require.NoError(t, o.failed)
	assert.False(t, o.receipt.Duplicate)
	en := msg.For(msg.English).Render(o.receipt.Text)
	for _, more := range o.receipt.More {
		en += "\n" + msg.For(msg.English).Render(more)
	}
	assert.Contains(t, en, want)
	assert.Empty(t, english.Runs(o.receipt.Message), "the receipt's own words are Chinese")
}

func resent(t *testing.T, o *outcome) {
	t.Helper()
	require.True(t, o.done)
	require.NoError(t, o.rejected)
	require.NoError(t, o.failed)
	assert.True(t, o.receipt.Duplicate, "a resend is a no-op that says so")
}

// A unit's whole part: progress, self-check, declaration, inspection, rectification; each
// kind of submission early, in time, late, and sent twice.
func TestUnitThroughEveryPhase(t *testing.T) {
	u := newUnitTest(t)
	a := &activities.Activities{}
	u.env.OnActivity(a.RecordTaskReport, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.RecordSelfCheck, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.RecordDeclaration, mock.Anything, mock.Anything).Return(activities.DeclarationResult{}, nil).Once()
	u.env.OnActivity(a.RecordInspection, mock.Anything, mock.MatchedBy(func(in activities.Inspection) bool {
		return len(in.Findings) == 2 && in.Result.Base.String() == "99.5"
	})).Return(activities.InspectionResult{Rectifications: []activities.RectificationRef{
		{No: 1, Size: "small", Deadline: start.Add(3*time.Hour + 20*time.Minute), Status: "open"},
		{No: 2, Size: "big", Deadline: start.Add(4*time.Hour + 10*time.Minute), Status: "open"},
	}}, nil).Once()
	u.env.OnActivity(a.RecordRectification, mock.Anything, mock.Anything).Return(
		func(_ context.Context, r activities.Rectification) (activities.RectificationRef, error) {
			status := map[string]string{activities.ActionClose: "closed", activities.ActionVerify: "verified"}[r.Action]
			return activities.RectificationRef{No: r.No, Status: status}, nil
		}).Times(4)

	full := fullSheet(t, u.std, "")
	inspection := InspectRequest{Submission: sub("i1"), Sheet: fullSheet(t, u.std, "5.5"), Findings: []Finding{
		{Item: "15", Size: "small", Problem: "楼道有杂物"}, {Item: "17", Size: "big", Problem: "消防通道堵塞"},
	}}
	o := map[string]*outcome{}
	// Each step is sent a minute after the previous one, from the given offset on, as a
	// person at the CLI would: the previous answer has come back.
	steps := func(from time.Duration, list ...func()) {
		for i, step := range list {
			u.at(from+time.Duration(i)*time.Minute, step)
		}
	}
	step := func(name, update string, arg any) func() {
		return func() { o[name] = u.send(update, arg) }
	}
	steps(30*time.Minute, step("early report", UpdateTaskReport, TaskReportRequest{Submission: sub("r0"), Task: "plan", Percent: 50}))
	steps(70*time.Minute,
		step("report", UpdateTaskReport, TaskReportRequest{Submission: sub("r1"), Task: "plan", Percent: 100}),
		step("report again", UpdateTaskReport, TaskReportRequest{Submission: sub("r1"), Task: "plan", Percent: 100}),
		step("unknown task", UpdateTaskReport, TaskReportRequest{Submission: sub("r2"), Task: "nope", Percent: 10}),
		step("bad percent", UpdateTaskReport, TaskReportRequest{Submission: sub("r3"), Task: "plan", Percent: 120}),
		step("early self-check", UpdateSelfCheck, SelfCheckRequest{Submission: sub("s0"), Sheet: full}),
	)
	steps(130*time.Minute,
		step("late report", UpdateTaskReport, TaskReportRequest{Submission: sub("r4"), Task: "plan", Percent: 100}),
		step("declare first", UpdateDeclare, DeclareRequest{Submission: sub("d0"), Report: "报告", Opinion: "同意"}),
		step("bad sheet", UpdateSelfCheck, SelfCheckRequest{Submission: sub("s1"), Sheet: fullSheet(t, u.std, "7")}),
		step("self-check", UpdateSelfCheck, SelfCheckRequest{Submission: sub("s2"), Sheet: full}),
		step("self-check again", UpdateSelfCheck, SelfCheckRequest{Submission: sub("s2"), Sheet: full}),
		step("no report", UpdateDeclare, DeclareRequest{Submission: sub("d1"), Report: " ", Opinion: "同意"}),
		step("long report", UpdateDeclare, DeclareRequest{Submission: sub("d2"), Report: strings.Repeat("创", 1501), Opinion: "同意"}),
		step("no opinion", UpdateDeclare, DeclareRequest{Submission: sub("d3"), Report: "报告"}),
		step("declare", UpdateDeclare, DeclareRequest{Submission: sub("d4"), Report: strings.Repeat("创", 1500), Opinion: "经审查无违纪问题"}),
		step("declare again", UpdateDeclare, DeclareRequest{Submission: sub("d4"), Report: "x", Opinion: "y"}),
		step("self-check after declaring", UpdateSelfCheck, SelfCheckRequest{Submission: sub("s3"), Sheet: full}),
		step("early inspection", UpdateInspect, InspectRequest{Submission: sub("i0"), Sheet: full}),
	)
	var beforeLast, afterLast UnitStatus
	steps(190*time.Minute,
		step("bad finding", UpdateInspect, InspectRequest{Submission: sub("i2"), Sheet: full, Findings: []Finding{{Item: "99", Size: "small", Problem: "x"}}}),
		step("inspect", UpdateInspect, inspection),
		step("inspect again", UpdateInspect, inspection),
		step("second inspection", UpdateInspect, InspectRequest{Submission: sub("i3"), Sheet: full}),
		step("verify open", UpdateRectify, RectifyRequest{Submission: sub("x0"), Rectification: 1, Action: "verify"}),
		step("no notice", UpdateRectify, RectifyRequest{Submission: sub("x1"), Rectification: 3, Action: "close"}),
		step("close 1", UpdateRectify, RectifyRequest{Submission: sub("x2"), Rectification: 1, Action: "close", Note: "已清理"}),
		step("close 1 again", UpdateRectify, RectifyRequest{Submission: sub("x2"), Rectification: 1, Action: "close", Note: "已清理"}),
		step("reopen without note", UpdateRectify, RectifyRequest{Submission: sub("x3"), Rectification: 1, Action: "reopen"}),
		step("verify 1", UpdateRectify, RectifyRequest{Submission: sub("x4"), Rectification: 1, Action: "verify"}),
		step("close 2", UpdateRectify, RectifyRequest{Submission: sub("x5"), Rectification: 2, Action: "close"}),
		func() { beforeLast = u.status() },
		step("verify 2", UpdateRectify, RectifyRequest{Submission: sub("x6"), Rectification: 2, Action: "verify"}),
		func() { afterLast = u.status() },
	)
	u.at(10*time.Hour, func() { u.env.SignalWorkflow(SignalClose, nil) })
	u.run()
	require.NoError(t, u.env.GetWorkflowError())
	u.env.AssertExpectations(t)

	rejected(t, o["early report"], "implementation begins at 2026-03-02 10:00 CST")
	accepted(t, o["report"], "task plan of finance: 100% recorded")
	resent(t, o["report again"])
	rejected(t, o["unknown task"], `finance has no task "nope" in campaign c1 (its tasks: plan)`)
	rejected(t, o["bad percent"], "progress 120% is outside 0..100")
	rejected(t, o["early self-check"], "the self-check opens at 2026-03-02 11:00 CST")
	rejected(t, o["late report"], "progress reports closed when the self-check opened")
	rejected(t, o["declare first"], "finance has no self-score yet")
	rejected(t, o["bad sheet"], `sheet.csv:2: score: item "1": 7 is above the maximum 6`)
	accepted(t, o["self-check"], "self-score recorded: base 100 of 100, bonus 0; at or above the pass line 90: finance may declare")
	resent(t, o["self-check again"])
	rejected(t, o["no report"], "the declaration needs its report")
	rejected(t, o["long report"], "the report has 1501 characters; at most 1500 are allowed")
	rejected(t, o["no opinion"], "discipline-inspection opinion")
	accepted(t, o["declare"], "finance declared")
	resent(t, o["declare again"])
	rejected(t, o["self-check after declaring"], "finance has already declared")
	rejected(t, o["early inspection"], "inspections begin when declarations close")
	rejected(t, o["bad finding"], `finding 1: item "99" is not in standard civilized-unit`)
	accepted(t, o["inspect"], "inspection of finance recorded: actual base 99.5 of 100")
	accepted(t, o["inspect"], "rectification notice 2 (big) due 2026-03-02 13:10 CST")
	assert.Contains(t, o["inspect"].receipt.Message, "第 2 号整改通知（一周内整改），期限 2026年3月2日 13:10", "in Chinese, as the office writes dates")
	resent(t, o["inspect again"])
	rejected(t, o["second inspection"], "finance was already inspected (submission i1)")
	rejected(t, o["verify open"], "rectification 1 is open; verify applies to a rectification that is closed")
	rejected(t, o["no notice"], "finance has no rectification notice 3 (it has 2)")
	accepted(t, o["close 1"], "rectification 1 of finance is now closed")
	resent(t, o["close 1 again"])
	rejected(t, o["reopen without note"], "reopening needs a note")
	accepted(t, o["verify 1"], "rectification 1 of finance is now verified")
	accepted(t, o["close 2"], "rectification 2 of finance is now closed")
	accepted(t, o["verify 2"], "now verified")

	assert.Empty(t, beforeLast.Settled, "one notice still waited for verification")
	assert.Equal(t, "inspected, every rectification verified", afterLast.Settled)
	var res UnitResult
	require.NoError(t, u.env.GetWorkflowResult(&res))
	assert.Equal(t, "inspected, every rectification verified", res.Settled)
}

func TestAUnitThatMissesTheDeadlineIsSettledAndLateSubmissionsAreRefused(t *testing.T) {
	u := newUnitTest(t)
	var late *outcome
	var st UnitStatus
	u.at(3*time.Hour+time.Minute, func() {
		late = u.send(UpdateSelfCheck, SelfCheckRequest{Submission: sub("s1"), Sheet: fullSheet(t, u.std, "")})
		st = u.status()
	})
	u.at(5*time.Hour, func() { u.env.SignalWorkflow(SignalClose, nil) })
	u.run()
	require.NoError(t, u.env.GetWorkflowError())
	rejected(t, late, "the self-check deadline passed at 2026-03-02 12:00 CST: units that miss it lose the right to declare this round")
	assert.Equal(t, "not declared by the deadline", st.Settled)
}

func TestAnExtendedDeadlineMovesTheTimer(t *testing.T) {
	u := newUnitTest(t)
	a := &activities.Activities{}
	u.env.OnActivity(a.RecordSelfCheck, mock.Anything, mock.Anything).Return(nil).Once()
	later := testTimeline()
	later.DeclareBy = start.Add(5 * time.Hour)
	later.AcceptBy = start.Add(6 * time.Hour)
	var o *outcome
	var st UnitStatus
	u.at(150*time.Minute, func() { u.env.SignalWorkflow(SignalExtend, later) })
	u.at(3*time.Hour+30*time.Minute, func() {
		o = u.send(UpdateSelfCheck, SelfCheckRequest{Submission: sub("s1"), Sheet: fullSheet(t, u.std, "")})
		st = u.status()
	})
	u.at(8*time.Hour, func() { u.env.SignalWorkflow(SignalClose, nil) })
	u.run()
	accepted(t, o, "may declare by 2026-03-02 14:00 CST")
	assert.Empty(t, st.Settled, "the old deadline passed without settling the unit")
}

func TestAVetoStopsEverySubmission(t *testing.T) {
	u := newUnitTest(t)
	var o *outcome
	var st UnitStatus
	u.at(100*time.Minute, func() { u.env.SignalWorkflow(SignalVeto, VetoSignal{VetoID: "major-accident"}) })
	u.at(130*time.Minute, func() {
		o = u.send(UpdateSelfCheck, SelfCheckRequest{Submission: sub("s1"), Sheet: fullSheet(t, u.std, "")})
		st = u.status()
	})
	u.at(5*time.Hour, func() { u.env.SignalWorkflow(SignalClose, nil) })
	u.run()
	rejected(t, o, "finance was vetoed (major-accident) and takes no further part in campaign c1")
	assert.Equal(t, "vetoed", st.Settled)
}

func TestAVetoRecordedBeforeTheUnitStartedCounts(t *testing.T) {
	env, a := activityEnv()
	env.OnActivity(a.LoadStandard, mock.Anything, mock.Anything).Return(loadStandard(t, "civilized-unit"), nil)
	env.OnActivity(a.LoadUnit, mock.Anything, mock.Anything).Return(activities.UnitStart{Vetoed: "staff-crime"}, nil)
	var st UnitStatus
	at(env, time.Minute, func() {
		st = statusOf[UnitStatus](t, env, "")
		env.SignalWorkflow(SignalClose, nil)
	})
	env.ExecuteWorkflow(Unit, UnitInput{CampaignID: "c1", UnitID: "tax", StandardID: "civilized-unit", Timeline: testTimeline()})
	require.NoError(t, env.GetWorkflowError())
	assert.Equal(t, "vetoed", st.Settled)
}

func TestAUnitContinuesAsNewWithItsState(t *testing.T) {
	u := newUnitTest(t)
	a := &activities.Activities{}
	u.env.OnActivity(a.RecordTaskReport, mock.Anything, mock.Anything).Return(nil)
	u.in.HistoryLimit = 10_000
	u.at(70*time.Minute, func() {
		u.send(UpdateTaskReport, TaskReportRequest{Submission: sub("r1"), Task: "plan", Percent: 40})
	})
	u.at(75*time.Minute, func() {
		u.env.SetCurrentHistoryLength(10_001)
		u.send(UpdateTaskReport, TaskReportRequest{Submission: sub("r2"), Task: "plan", Percent: 60})
	})
	u.run()
	next := u.continuedAsNew()
	assert.Equal(t, 60, next.Carry.Progress["plan"])
	assert.True(t, next.Carry.Seen.has("r1") && next.Carry.Seen.has("r2"), "resends stay no-ops after continue-as-new")
	assert.Equal(t, "finance", next.UnitID)
}

// A veto that comes in while the unit tells its group it has settled, at the moment its
// history reaches the limit, is carried into the new run: continue-as-new would drop a signal
// left in the channel.
func TestAVetoAtTheHistoryLimitSurvivesContinueAsNew(t *testing.T) {
	u := newUnitTest(t)
	u.in.HistoryLimit = 10_000
	u.in.Group = "campaign/c1/group/0"
	// The unit settles at the declaration deadline (+3h) without a declaration; its signal
	// to the group is where the veto and the history limit arrive.
	u.env.OnSignalExternalWorkflow(mock.Anything, "campaign/c1/group/0", "", SignalMemberSettled, mock.Anything).
		Run(func(mock.Arguments) {
			u.env.SetCurrentHistoryLength(10_001)
			u.env.SignalWorkflow(SignalVeto, VetoSignal{VetoID: "v-late"})
		}).Return(nil).Once()
	u.run()
	next := u.continuedAsNew()
	assert.Equal(t, "not declared by the deadline", next.Carry.Settled)
	assert.Equal(t, "v-late", next.Carry.Vetoed, "the veto reached the new run")
	u.env.AssertExpectations(t)
}

// An extension that comes in while the unit tells its group it has settled, at the moment its
// history reaches the limit, opens the unit again before it continues as new: the group hears
// that it reopened, and the new run may still take its declaration by the new deadline.
// (Taken in on the way to continue-as-new, the extension was once carried on with the unit
// still settled on the deadline the office had just moved.)
func TestAnExtensionAtTheHistoryLimitReopensTheUnit(t *testing.T) {
	u := newUnitTest(t)
	u.in.HistoryLimit = 10_000
	u.in.Group = "campaign/c1/group/0"
	later := testTimeline()
	later.DeclareBy = start.Add(5 * time.Hour)
	later.AcceptBy = start.Add(6 * time.Hour)
	settled := func(reopened bool) any {
		return mock.MatchedBy(func(m MemberSettled) bool { return m.Reopened == reopened })
	}
	// The unit settles at the declaration deadline (+3h) without a declaration.
	u.env.OnSignalExternalWorkflow(mock.Anything, u.in.Group, "", SignalMemberSettled, settled(false)).
		Run(func(mock.Arguments) {
			u.env.SetCurrentHistoryLength(10_001)
			u.env.SignalWorkflow(SignalExtend, later)
		}).Return(nil).Once()
	u.env.OnSignalExternalWorkflow(mock.Anything, u.in.Group, "", SignalMemberSettled, settled(true)).Return(nil).Once()
	u.run()
	next := u.continuedAsNew()
	assert.Empty(t, next.Carry.Settled, "open again: it may still declare")
	assert.True(t, next.Carry.Timeline.DeclareBy.Equal(later.DeclareBy), "the new deadline is carried")
	u.env.AssertExpectations(t)
}

// Rectifications were called notices before the word was kept for the public notice: state
// carried over continue-as-new, inspection results and requests recorded under the old names
// still read the same.
func TestRectificationsReadUnderTheirOldWireNames(t *testing.T) {
	dc := converter.GetDefaultDataConverter()
	var st UnitState
	p, err := dc.ToPayload(map[string]any{"Notices": []map[string]any{{"No": 2, "Size": "big", "Status": "open"}}})
	require.NoError(t, err)
	require.NoError(t, dc.FromPayload(p, &st))
	require.Len(t, st.Rectifications, 1)
	assert.Equal(t, 2, st.Rectifications[0].No)
	var req RectifyRequest
	p, err = dc.ToPayload(map[string]any{"Notice": 3, "Action": "close"})
	require.NoError(t, err)
	require.NoError(t, dc.FromPayload(p, &req))
	assert.Equal(t, 3, req.Rectification)
	var res activities.InspectionResult
	p, err = dc.ToPayload(map[string]any{"Notices": []map[string]any{{"No": 1}}})
	require.NoError(t, err)
	require.NoError(t, dc.FromPayload(p, &res))
	assert.Len(t, res.Rectifications, 1)
}
