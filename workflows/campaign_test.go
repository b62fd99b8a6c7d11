package workflows

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"wenming/activities"
	"wenming/rules/campaign"
	"wenming/rules/rank"
	"wenming/rules/standard"
)

// campaignTest runs the campaign with its real groups, units and notice, on mocked
// activities that record what the workflows asked for.
type campaignTest struct {
	t        *testing.T
	env      *testsuite.TestWorkflowEnvironment
	plan     campaign.Plan
	std      *standard.Standard
	mu       sync.Mutex
	phases   []campaign.Phase
	reviews  []activities.ReviewInput
	vetoes   []activities.Veto
	decided  []activities.Decision
	reminded []activities.OverdueReminder // the reminders of overdue waits written to the outbox
	// overdue are the values WenmingOverdueSince was set to, in order, by the campaign and its
	// children (zero: unset).
	overdue  []time.Time
	named    *activities.NameInput
	progress int
	rankings int
	// review answers the n-th review (0-based).
	review func(n int) activities.ReviewResult
	// inspected is what recording an inspection answers: the rectifications it opened.
	inspected activities.InspectionResult
	// materials are the preliminary reviews recorded, in order.
	materials []activities.DeclarationReview
	// titles are what the naming answers it conferred.
	titles []activities.TitleRef
	// refuse, while set, makes the named write ("Name", or "LoadUnit <unit>") fail as a
	// statement PostgreSQL refuses does; attempts counts its calls, and attempt is the
	// activity's own attempt number at the last call (see try).
	refuse   map[string]bool
	attempts map[string]int
	attempt  map[string]int32
}

func newCampaignTest(t *testing.T) *campaignTest {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.RegisterWorkflow(Group)
	env.RegisterWorkflow(Unit)
	env.RegisterWorkflow(PublicNotice)
	env.RegisterWorkflow(Title)
	c := &campaignTest{t: t, env: env, std: loadStandard(t, "civilized-unit"), refuse: map[string]bool{}, attempts: map[string]int{}, attempt: map[string]int32{}, plan: campaign.Plan{
		ID: "c1", Title: "测试创建活动", StandardID: "civilized-unit", Timezone: "Asia/Shanghai",
		Units: []string{"a", "b", "c"}, GroupSize: 2, ReportMaxChars: 1500, Timeline: testTimeline(),
		Quota: campaign.PlannedQuota{Max: 1},
	}}
	c.review = func(int) activities.ReviewResult {
		return activities.ReviewResult{Candidates: 1, Proposed: []string{"a"}}
	}
	a := &activities.Activities{}
	env.RegisterActivity(a)
	env.OnActivity(a.LoadStandard, mock.Anything, mock.Anything).Return(c.std, nil)
	env.OnActivity(a.Mobilize, mock.Anything, mock.Anything).Return(nil).Once()
	env.OnActivity(a.SetPhase, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.PhaseInput) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.phases = append(c.phases, in.Phase)
		return nil
	})
	env.OnActivity(a.Counts, mock.Anything, mock.Anything).Return(activities.Counts{Units: 3}, nil)
	env.OnActivity(a.LoadUnit, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.UnitRef) (activities.UnitStart, error) {
		return activities.UnitStart{}, c.try(ctx, "LoadUnit "+in.UnitID)
	})
	env.OnActivity(a.Supervise, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.SuperviseInput) (activities.Supervision, error) {
		c.progress++
		assert.Equal(t, c.progress, in.Seq, "progress checks are numbered in order")
		return activities.Supervision{}, nil
	})
	env.OnActivity(a.RankTasks, mock.Anything, mock.Anything).Return(func(context.Context, activities.RankTasksInput) (activities.RankTasksResult, error) {
		c.rankings++
		return activities.RankTasksResult{}, nil
	})
	env.OnActivity(a.Review, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.ReviewInput) (activities.ReviewResult, error) {
		c.reviews = append(c.reviews, in)
		return c.review(len(c.reviews) - 1), nil
	})
	env.OnActivity(a.Name, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.NameInput) (activities.NameResult, error) {
		if err := c.try(ctx, "Name"); err != nil {
			return activities.NameResult{}, err
		}
		c.named = &in
		return activities.NameResult{Outcomes: map[string]int{"named": 1, "not_declared": 1, "vetoed": 1}, Titles: c.titles}, nil
	})
	env.OnActivity(a.RecordVeto, mock.Anything, mock.Anything).Return(func(_ context.Context, v activities.Veto) error {
		c.vetoes = append(c.vetoes, v)
		return nil
	})
	env.OnActivity(a.RecordDecision, mock.Anything, mock.Anything).Return(func(_ context.Context, d activities.Decision) error {
		c.decided = append(c.decided, d)
		return nil
	})
	recordOverdueUpserts(env, &c.overdue)
	env.OnActivity(a.RemindOverdue, mock.Anything, mock.Anything).Return(func(_ context.Context, r activities.OverdueReminder) error {
		c.reminded = append(c.reminded, r)
		return nil
	})
	env.OnActivity(a.RecordDeclaration, mock.Anything, mock.Anything).Return(activities.DeclarationResult{}, nil)
	for _, act := range []any{a.RecordTaskReport, a.RecordSelfCheck, a.PublishNotice, a.RecordObjection, a.DecideObjection, a.CloseNotice} {
		env.OnActivity(act, mock.Anything, mock.Anything).Return(nil)
	}
	env.OnActivity(a.RecordDeclarationReview, mock.Anything, mock.Anything).Return(func(_ context.Context, r activities.DeclarationReview) error {
		c.materials = append(c.materials, r)
		return nil
	})
	env.OnActivity(a.RecordInspection, mock.Anything, mock.Anything).Return(func(context.Context, activities.Inspection) (activities.InspectionResult, error) {
		return c.inspected, nil
	})
	return c
}

func (c *campaignTest) at(offset time.Duration, fn func()) { at(c.env, offset, fn) }

func (c *campaignTest) toUnit(unit, update string, arg any) *outcome {
	return send(c.env, UnitWorkflowID("c1", unit), update, arg)
}

func (c *campaignTest) toCampaign(update string, arg any) *outcome {
	return send(c.env, "", update, arg)
}

// declare has unit a score itself at full marks and declare, in the self-check window.
func (c *campaignTest) declare(unit string) {
	c.at(130*time.Minute, func() {
		c.toUnit(unit, UpdateSelfCheck, SelfCheckRequest{Submission: sub(unit + "-s"), Sheet: fullSheet(c.t, c.std, "")})
	})
	c.at(140*time.Minute, func() {
		c.toUnit(unit, UpdateDeclare, DeclareRequest{Submission: sub(unit + "-d"), Report: "创建工作报告", Opinion: "无违纪"})
	})
}

func (c *campaignTest) inspect(unit string, offset time.Duration) {
	c.at(offset, func() {
		c.toUnit(unit, UpdateInspect, InspectRequest{Submission: sub(unit + "-i"), Sheet: fullSheet(c.t, c.std, "5")})
	})
}

func (c *campaignTest) status() CampaignStatus { return statusOf[CampaignStatus](c.t, c.env, "") }

func (c *campaignTest) run() {
	c.env.ExecuteWorkflow(Campaign, CampaignInput{Plan: c.plan})
	require.True(c.t, c.env.IsWorkflowCompleted())
	require.NoError(c.t, c.env.GetWorkflowError())
}

func TestCampaignRunsEveryPhaseInOrder(t *testing.T) {
	c := newCampaignTest(t)
	c.declare("a")
	c.inspect("a", 190*time.Minute)
	var objection, decision *outcome
	var inNotice, afterNaming CampaignStatus
	c.at(70*time.Minute, func() {
		c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v1"), Unit: "c", Reason: "major-accident"})
	})
	// The review begins at the acceptance deadline (+4h) and the notice right after.
	c.at(4*time.Hour+10*time.Minute, func() {
		inNotice = c.status()
		objection = send(c.env, "campaign/c1/notice", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "a", Reason: "有群众反映"})
	})
	c.at(4*time.Hour+20*time.Minute, func() {
		decision = send(c.env, "campaign/c1/notice", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("od1"), Objection: 1, Decision: "dismiss", Note: "查无实据"})
	})
	c.at(6*time.Hour, func() { afterNaming = c.status() })
	c.run()

	assert.Equal(t, []campaign.Phase{campaign.PhaseMobilize, campaign.PhaseImplement, campaign.PhaseSelfCheck,
		campaign.PhaseAcceptance, campaign.PhaseReview, campaign.PhaseNotice, campaign.PhaseConsolidate, campaign.PhaseClosed}, c.phases)
	// Progress checks every 30 minutes from implementation (+1h) until the acceptance
	// deadline (+4h): at +1.5h, +2h, ... +3.5h; rankings hourly until the self-check (+2h).
	assert.Equal(t, 5, c.progress)
	assert.Equal(t, 1, c.rankings)
	require.Len(t, c.reviews, 1)
	assert.Equal(t, campaign.PlannedQuota{Max: 1}, c.reviews[0].Quota)
	accepted(t, objection, "objection 1 against a filed")
	accepted(t, decision, "objection 1 dismissed: a stays on the list")
	require.NotNil(t, c.named)
	assert.Empty(t, c.named.Removed, "a dismissed objection keeps the unit")
	require.Len(t, c.vetoes, 1)
	assert.Equal(t, "implement", c.vetoes[0].Phase)

	assert.Equal(t, campaign.PhaseNotice, inNotice.Phase)
	assert.Equal(t, []string{"a"}, inNotice.Proposed)
	assert.Equal(t, 2, inNotice.Groups, "three units in groups of at most two")
	assert.Equal(t, 2, inNotice.GroupsSettled)
	assert.Equal(t, []VetoView{{Unit: "c", Reason: "major-accident"}}, inNotice.Vetoed)
	assert.Equal(t, campaign.PhaseConsolidate, afterNaming.Phase)
	assert.Equal(t, 1, afterNaming.Outcomes["named"])

	var res CampaignResult
	require.NoError(t, c.env.GetWorkflowResult(&res))
	assert.Equal(t, map[string]int{"named": 1, "not_declared": 1, "vetoed": 1}, res.Outcomes)
}

func TestAnUpheldObjectionRemovesTheUnit(t *testing.T) {
	c := newCampaignTest(t)
	c.declare("a")
	c.inspect("a", 190*time.Minute)
	c.at(4*time.Hour+10*time.Minute, func() {
		send(c.env, "campaign/c1/notice", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "a", Reason: "弄虚作假"})
	})
	c.at(4*time.Hour+20*time.Minute, func() {
		send(c.env, "campaign/c1/notice", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("od1"), Objection: 1, Decision: "uphold", Note: "经核实属实"})
	})
	c.run()
	require.NotNil(t, c.named)
	assert.Equal(t, []string{"a"}, c.named.Removed)
}

func TestATieAtTheCutWaitsForTheAdministrator(t *testing.T) {
	c := newCampaignTest(t)
	for _, u := range []string{"a", "b"} {
		c.declare(u)
		c.inspect(u, 190*time.Minute)
	}
	tie := &rank.Tie{Units: []string{"a", "b"}, Total: 9500, Slots: 1}
	c.review = func(n int) activities.ReviewResult {
		if n == 0 {
			return activities.ReviewResult{Candidates: 2, Pending: tie}
		}
		return activities.ReviewResult{Candidates: 2, Proposed: []string{"b"}}
	}
	o := map[string]*outcome{}
	c.at(3*time.Hour, func() {
		o["no tie yet"] = c.toCampaign(UpdateResolveTie, TieRequest{Submission: sub("t0"), Include: []string{"a"}})
	})
	var waiting CampaignStatus
	c.at(5*time.Hour, func() {
		waiting = c.status()
		o["both"] = c.toCampaign(UpdateResolveTie, TieRequest{Submission: sub("t1"), Include: []string{"a", "b"}})
	})
	c.at(5*time.Hour+time.Minute, func() {
		o["stranger"] = c.toCampaign(UpdateResolveTie, TieRequest{Submission: sub("t2"), Include: []string{"c"}})
	})
	c.at(5*time.Hour+2*time.Minute, func() {
		o["b"] = c.toCampaign(UpdateResolveTie, TieRequest{Submission: sub("t3"), Include: []string{"b"}})
	})
	c.at(5*time.Hour+3*time.Minute, func() {
		o["b again"] = c.toCampaign(UpdateResolveTie, TieRequest{Submission: sub("t3"), Include: []string{"b"}})
	})
	c.run()

	rejected(t, o["no tie yet"], "campaign c1 has no tie to resolve (phase acceptance)")
	rejected(t, o["both"], "choose exactly 1 of the tied a, b (tied at 95), not 2")
	rejected(t, o["stranger"], "c is not one of the tied a, b")
	accepted(t, o["b"], "tie resolved: b proposed")
	resent(t, o["b again"])
	assert.Equal(t, campaign.PhaseReview, waiting.Phase, "an hour after the acceptance deadline the campaign still waits")
	require.NotNil(t, waiting.PendingTie)
	assert.Equal(t, tie.Units, waiting.PendingTie.Units)
	require.Len(t, c.reviews, 2)
	assert.Equal(t, []rank.Decision{{Tie: "a,b", Include: []string{"b"}}}, c.reviews[1].Decisions)
	require.Len(t, c.decided, 1)
	assert.Equal(t, "tie", c.decided[0].Kind)
}

func TestAVetoInEveryPhase(t *testing.T) {
	tests := []struct {
		name    string
		offset  time.Duration
		unit    string
		want    string // in the receipt, or the rejection
		refused bool
		after   bool // recorded as after naming
	}{
		{"mobilize", 5 * time.Minute, "b", "b is vetoed (发生重大责任事故，造成重大经济损失或人员伤亡) and out of campaign c1", false, false},
		{"implement", 70 * time.Minute, "b", "is vetoed", false, false},
		{"self-check", 130 * time.Minute, "b", "is vetoed", false, false},
		{"acceptance", 190 * time.Minute, "b", "is vetoed", false, false},
		{"notice", 4*time.Hour + 10*time.Minute, "a", "a is vetoed", false, false},
		{"after naming", 6 * time.Hour, "a", "the title of a is revoked: 发生重大责任事故，造成重大经济损失或人员伤亡", false, true},
		{"after naming, a unit never named", 6 * time.Hour, "b", "b holds no title from campaign c1 to revoke", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCampaignTest(t)
			c.declare("a")
			c.inspect("a", 190*time.Minute)
			var o *outcome
			c.at(tt.offset, func() {
				o = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v1"), Unit: tt.unit, Reason: "major-accident", Note: "媒体报道"})
			})
			c.run()
			if tt.refused {
				rejected(t, o, tt.want)
				assert.Empty(t, c.vetoes)
				return
			}
			accepted(t, o, tt.want)
			require.Len(t, c.vetoes, 1)
			assert.Equal(t, tt.after, c.vetoes[0].AfterNaming)
		})
	}
}

func TestVetoesThatAreRefused(t *testing.T) {
	c := newCampaignTest(t)
	c.plan.Timeline.Mobilize = start.Add(30 * time.Minute)
	o := map[string]*outcome{}
	c.at(10*time.Minute, func() {
		o["before mobilization"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v0"), Unit: "a", Reason: "major-accident"})
	})
	c.at(70*time.Minute, func() {
		o["stranger"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v1"), Unit: "z", Reason: "major-accident"})
	})
	c.at(71*time.Minute, func() {
		o["no reason"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v2"), Unit: "a", Reason: "lateness"})
	})
	c.at(72*time.Minute, func() {
		o["veto"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v3"), Unit: "a", Reason: "staff-crime"})
	})
	c.at(73*time.Minute, func() {
		o["veto again"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v3"), Unit: "a", Reason: "staff-crime"})
	})
	c.at(74*time.Minute, func() {
		o["second veto"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v4"), Unit: "a", Reason: "grave-misconduct"})
	})
	var unit UnitStatus
	c.at(75*time.Minute, func() { unit = c.unitStatus("a") })
	c.run()
	rejected(t, o["before mobilization"], "campaign c1 has not been mobilized yet")
	rejected(t, o["stranger"], "z does not take part in campaign c1")
	rejected(t, o["no reason"], `"lateness" is not on the veto list of standard civilized-unit`)
	accepted(t, o["veto"], "a is vetoed")
	resent(t, o["veto again"])
	rejected(t, o["second veto"], "a was already vetoed (staff-crime)")
	assert.Equal(t, "staff-crime", unit.Vetoed, "the unit was told at once")
	assert.Len(t, c.vetoes, 1)
}

func TestADeadlineExtensionMovesEveryTimer(t *testing.T) {
	c := newCampaignTest(t)
	later := start.Add(5 * time.Hour)
	o := map[string]*outcome{}
	ext := func(id string, b campaign.Boundary, to time.Time) ExtendRequest {
		return ExtendRequest{Submission: sub(id), Boundary: b, To: to}
	}
	c.at(150*time.Minute, func() { o["passed"] = c.toCampaign(UpdateExtendDeadline, ext("e0", campaign.BoundarySelfCheck, later)) })
	c.at(151*time.Minute, func() {
		o["earlier"] = c.toCampaign(UpdateExtendDeadline, ext("e1", campaign.BoundaryDeclareBy, start.Add(150*time.Minute)))
	})
	c.at(152*time.Minute, func() {
		o["out of order"] = c.toCampaign(UpdateExtendDeadline, ext("e2", campaign.BoundaryDeclareBy, later))
	})
	c.at(153*time.Minute, func() { o["unknown"] = c.toCampaign(UpdateExtendDeadline, ext("e3", "someday", later)) })
	c.at(154*time.Minute, func() {
		o["accept_by"] = c.toCampaign(UpdateExtendDeadline, ext("e4", campaign.BoundaryAcceptBy, start.Add(6*time.Hour)))
	})
	c.at(155*time.Minute, func() {
		o["declare_by"] = c.toCampaign(UpdateExtendDeadline, ext("e5", campaign.BoundaryDeclareBy, later))
	})
	c.at(156*time.Minute, func() {
		o["declare_by again"] = c.toCampaign(UpdateExtendDeadline, ext("e5", campaign.BoundaryDeclareBy, later))
	})
	// Past the old deadline (+3h), b scores itself and declares.
	c.at(210*time.Minute, func() {
		o["late but in time"] = c.toUnit("b", UpdateSelfCheck, SelfCheckRequest{Submission: sub("b-s"), Sheet: fullSheet(t, c.std, "")})
	})
	c.at(211*time.Minute, func() {
		o["declare"] = c.toUnit("b", UpdateDeclare, DeclareRequest{Submission: sub("b-d"), Report: "报告", Opinion: "无违纪"})
	})
	c.inspect("b", 310*time.Minute)
	var st CampaignStatus
	c.at(4*time.Hour+30*time.Minute, func() { st = c.status() })
	c.run()

	rejected(t, o["passed"], "selfcheck already passed at 2026-03-02 11:00 CST")
	rejected(t, o["earlier"], "an extension moves it later")
	rejected(t, o["out of order"], "would put it after a later boundary; extend that one first")
	rejected(t, o["unknown"], `"someday" is not a boundary`)
	accepted(t, o["accept_by"], "accept_by moved from 2026-03-02 13:00 CST to 2026-03-02 15:00 CST")
	accepted(t, o["declare_by"], "declare_by moved from 2026-03-02 12:00 CST to 2026-03-02 14:00 CST")
	resent(t, o["declare_by again"])
	accepted(t, o["late but in time"], "may declare by 2026-03-02 14:00 CST")
	accepted(t, o["declare"], "b declared")
	assert.Equal(t, campaign.PhaseSelfCheck, st.Phase, "at +4.5h the self-check is still open")
	assert.Len(t, c.decided, 2)
	require.Len(t, c.reviews, 1)
}

// Under a plan whose list ends in the open clause, a veto under it must say what happened; a
// reason from another plan's list is refused with this list shown.
func TestTheOpenClauseNeedsADescription(t *testing.T) {
	c := newCampaignTest(t)
	district, ok := standard.FindVetoList("district-civilized-organ")
	require.True(t, ok)
	c.std.Veto = district.Vetoes
	o := map[string]*outcome{}
	c.at(70*time.Minute, func() {
		o["other list"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v1"), Unit: "a", Reason: "staff-crime"})
	})
	c.at(71*time.Minute, func() {
		o["no description"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v2"), Unit: "a", Reason: "other-incompatible", Note: "  "})
	})
	c.at(72*time.Minute, func() {
		o["described"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v3"), Unit: "a", Reason: "other-incompatible",
			Note: "单位负责人在窗口公开辱骂办事群众，视频广泛传播"})
	})
	c.run()
	rejected(t, o["other list"], `"staff-crime" is not on the veto list of standard civilized-unit`)
	rejected(t, o["other list"], "other-incompatible（其它与文明机关称号极不相符的事件与行为）")
	rejected(t, o["no description"], "is the open clause: say with --note what happened")
	accepted(t, o["described"], "a is vetoed")
	require.Len(t, c.vetoes, 1)
	assert.Equal(t, "其它与文明机关称号极不相符的事件与行为", c.vetoes[0].VetoText)
	assert.Equal(t, "单位负责人在窗口公开辱骂办事群众，视频广泛传播", c.vetoes[0].Note)
}
