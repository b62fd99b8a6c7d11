package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/rules/campaign"
	"wenming/rules/rank"
)

func (c *campaignTest) unitStatus(unit string) UnitStatus {
	return statusOf[UnitStatus](c.t, c.env, UnitWorkflowID("c1", unit))
}

// As a run begun before inspectionWaits ran (it replays so): an inspection that never happens
// does not hold the campaign: at the acceptance deadline the unit is ready as not inspected,
// and the review goes on at once.
func TestAUnitNeverInspectedDidNotHoldTheCampaign(t *testing.T) {
	c := newCampaignTest(t)
	c.env.OnGetVersion(inspectionWaits, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	c.declare("a")
	c.declare("b")
	c.inspect("a", 190*time.Minute)
	var waiting CampaignStatus
	var before, after UnitStatus
	c.at(200*time.Minute, func() { waiting, before = c.status(), c.unitStatus("b") })
	c.at(4*time.Hour+time.Minute, func() { after = c.unitStatus("b") })
	c.run()

	assert.Empty(t, before.Settled, "before the deadline b waits for its inspection")
	assert.Equal(t, readyNotInspected, after.Settled)
	require.Len(t, c.reviews, 1)
	assert.Equal(t, start.Add(4*time.Hour), c.reviews[0].At, "the review runs at the deadline, not waiting for b")
	assert.Equal(t, "waiting.inspectors", waiting.Waiting.Who.ID)
	assert.Equal(t, start.Add(3*time.Hour), waiting.Waiting.Since, "the inspectors are waited for since the declarations closed")
	require.NotNil(t, c.named, "the campaign names")
}

// The acceptance deadline decides nothing for a declared unit not yet inspected: it waits,
// overdue, and the campaign with it. A late inspection is taken (c); for b, an administrator
// proceeds without the inspection, saying why, recorded as theirs, and only then is b ready as
// not inspected and the review run.
func TestAnUninspectedUnitWaitsForTheOffice(t *testing.T) {
	c := newCampaignTest(t)
	for _, u := range []string{"a", "b", "c"} {
		c.declare(u)
	}
	c.inspect("a", 190*time.Minute)
	o := map[string]*outcome{}
	proceed := func(key, id, unit, step, reason string) {
		o[key] = c.toUnit(unit, UpdateProceed, ProceedRequest{Submission: Submission{ID: id, By: "文明办主任"}, Step: step, Reason: reason})
	}
	c.at(200*time.Minute, func() { proceed("before the deadline", "p0", "b", StepInspect, "验收组人手不足") })
	var campaignOverdue CampaignStatus
	var bOverdue UnitStatus
	c.at(4*time.Hour+10*time.Minute, func() {
		campaignOverdue, bOverdue = c.status(), c.unitStatus("b")
		proceed("without reason", "p1", "b", StepInspect, "")
		proceed("other step", "p2", "b", StepConsult, "纪工委未反馈")
		proceed("inspected unit", "p3", "a", StepInspect, "验收组人手不足")
	})
	c.inspect("c", 4*time.Hour+20*time.Minute)
	var bAfter, cAfter UnitStatus
	c.at(5*time.Hour, func() {
		proceed("proceed", "p4", "b", StepInspect, "验收组未能按期前往，经主任办公会研究不经验收参加评审")
	})
	c.at(5*time.Hour+time.Minute/2, func() {
		proceed("resent", "p4", "b", StepInspect, "验收组未能按期前往，经主任办公会研究不经验收参加评审")
	})
	c.at(5*time.Hour+time.Minute, func() { bAfter, cAfter = c.unitStatus("b"), c.unitStatus("c") })
	c.run()

	rejected(t, o["before the deadline"], "have until")
	assert.Equal(t, campaign.PhaseAcceptance, campaignOverdue.Phase, "the campaign waits for b")
	assert.True(t, bOverdue.InspectionOverdue, "b's inspection is overdue from the acceptance deadline")
	assert.Empty(t, bOverdue.Settled, "b is not ready by the clock")
	rejected(t, o["without reason"], "say why in --reason")
	rejected(t, o["other step"], "there is no step consult to proceed past")
	rejected(t, o["inspected unit"], "a is not waiting for its inspection")
	accepted(t, o["proceed"], "b goes to the review not inspected")
	require.True(t, o["resent"].done)
	assert.True(t, o["resent"].receipt.Duplicate, "the same proceeding sent again is received once")
	assert.Equal(t, readyNotInspected, bAfter.Settled)
	assert.False(t, bAfter.InspectionOverdue, "nothing waits once the administrator decided")
	require.NotNil(t, cAfter.Inspection, "c's late inspection was taken")
	assert.Equal(t, readyInspected, cAfter.Settled)
	require.Len(t, c.reviews, 1)
	assert.Equal(t, start.Add(5*time.Hour), c.reviews[0].At, "the review runs once the administrator decided")
	assert.ElementsMatch(t, []time.Time{start.Add(4 * time.Hour), start.Add(4 * time.Hour), {}, {}}, utc(c.overdue),
		"b and c shown overdue from the deadline by the search attribute, until c's late inspection and b's proceeding")
	require.Len(t, c.decided, 1)
	assert.Equal(t, activities.Decision{CampaignID: "c1", UnitID: "b", SubmissionID: "p4", Kind: "proceed",
		Detail: map[string]any{"step": "inspect", "unit": "b", "reason": "验收组未能按期前往，经主任办公会研究不经验收参加评审"},
		By:     "文明办主任", At: start.Add(5 * time.Hour)}, c.decided[0])
}

// Materials the office has not reviewed are not a reason to skip the inspection: proceeding
// without it is refused until the review accepts them.
func TestProceedingWithoutAnInspectionFollowsTheReview(t *testing.T) {
	c := newCampaignTest(t)
	c.plan.ReviewMaterials = true
	c.declare("a")
	o := map[string]*outcome{}
	proceed := func(key, id string) {
		o[key] = c.toUnit("a", UpdateProceed, ProceedRequest{Submission: Submission{ID: id, By: "文明办主任"}, Step: StepInspect, Reason: "验收组未能前往"})
	}
	c.at(4*time.Hour+10*time.Minute, func() { proceed("unreviewed", "p1") })
	c.at(4*time.Hour+20*time.Minute, func() {
		o["review"] = c.toUnit("a", UpdateReviewDeclaration, ReviewDeclarationRequest{Submission: sub("r1"), Verdict: ReviewAccept, Note: "材料齐全"})
	})
	c.at(4*time.Hour+30*time.Minute, func() { proceed("reviewed", "p2") })
	var after UnitStatus
	c.at(4*time.Hour+31*time.Minute, func() { after = c.unitStatus("a") })
	c.run()
	rejected(t, o["unreviewed"], "review them first")
	accepted(t, o["review"], "")
	accepted(t, o["reviewed"], "a goes to the review not inspected")
	assert.Equal(t, readyNotInspected, after.Settled)
}

// A decision to go on without an inspection was made against the deadline then: when the
// acceptance deadline is extended, the unit waits for its inspectors again, and past the new
// deadline it waits, overdue, until an administrator decides anew.
func TestAnExtensionAfterProceedingGivesTheInspectorsTheirTimeAgain(t *testing.T) {
	c := newCampaignTest(t)
	c.declare("a")
	c.declare("b")
	o := map[string]*outcome{}
	proceed := func(key, id string) {
		o[key] = c.toUnit("a", UpdateProceed, ProceedRequest{Submission: Submission{ID: id, By: "文明办主任"}, Step: StepInspect, Reason: "验收组未能前往"})
	}
	c.at(4*time.Hour+10*time.Minute, func() { proceed("first", "p1") })
	c.at(4*time.Hour+20*time.Minute, func() {
		o["extend"] = c.toCampaign(UpdateExtendDeadline, ExtendRequest{Submission: sub("e1"), Boundary: campaign.BoundaryAcceptBy,
			To: start.Add(5 * time.Hour), Reason: "验收组人手调整"})
	})
	c.inspect("b", 4*time.Hour+30*time.Minute)
	var overdueAgain UnitStatus
	c.at(5*time.Hour+10*time.Minute, func() { overdueAgain = c.unitStatus("a") })
	c.at(5*time.Hour+20*time.Minute, func() { proceed("again", "p2") })
	c.run()
	accepted(t, o["first"], "a goes to the review not inspected")
	accepted(t, o["extend"], "")
	assert.Empty(t, overdueAgain.Settled, "a is not ready by the earlier decision")
	assert.True(t, overdueAgain.InspectionOverdue, "past the new deadline a waits, overdue, again")
	assert.ElementsMatch(t, []time.Time{start.Add(4 * time.Hour), start.Add(4 * time.Hour), {}, {}, start.Add(5 * time.Hour), {}}, utc(c.overdue),
		"a and b overdue from 4h; a no longer once the administrator proceeded, b once the deadline moved; a again from 5h until the second proceeding")
	accepted(t, o["again"], "a goes to the review not inspected")
	require.Len(t, c.reviews, 1)
	assert.Equal(t, start.Add(5*time.Hour+20*time.Minute), c.reviews[0].At, "the review runs once the administrator decided anew")
}

// A unit inspected with a rectification still open at the deadline is reviewed on its scores.
func TestAnOpenRectificationDoesNotHoldTheCampaign(t *testing.T) {
	c := newCampaignTest(t)
	c.declare("a")
	c.inspected = activities.InspectionResult{Rectifications: []activities.RectificationRef{
		{No: 1, Size: activities.Big, Status: "open", Deadline: start.Add(27 * time.Hour)}}}
	c.inspect("a", 190*time.Minute)
	var after UnitStatus
	c.at(4*time.Hour+time.Minute, func() { after = c.unitStatus("a") })
	c.run()
	assert.Equal(t, readyRectificationsOpen, after.Settled)
	require.Len(t, c.reviews, 1)
	assert.Equal(t, start.Add(4*time.Hour), c.reviews[0].At)
}

// A declaration deadline that has passed moves again only with a reason; the unit that missed
// it is open again, declares, and is inspected in the extended time.
func TestAPassedDeadlineExtendedWithAReasonOpensTheUnitAgain(t *testing.T) {
	c := newCampaignTest(t)
	c.declare("a")
	c.inspect("a", 185*time.Minute)
	o := map[string]*outcome{}
	ext := func(id string, b campaign.Boundary, to time.Time, reason string) ExtendRequest {
		return ExtendRequest{Submission: sub(id), Boundary: b, To: to, Reason: reason}
	}
	var missed UnitStatus
	var allReady, reopened CampaignStatus
	c.at(189*time.Minute, func() { missed, allReady = c.unitStatus("b"), c.status() })
	c.at(190*time.Minute, func() {
		o["no reason"] = c.toCampaign(UpdateExtendDeadline, ext("e1", campaign.BoundaryDeclareBy, start.Add(220*time.Minute), " "))
	})
	c.at(191*time.Minute, func() {
		o["still passed"] = c.toCampaign(UpdateExtendDeadline, ext("e2", campaign.BoundaryDeclareBy, start.Add(185*time.Minute), "汛期抢险"))
	})
	c.at(192*time.Minute, func() {
		o["implement"] = c.toCampaign(UpdateExtendDeadline, ext("e3", campaign.BoundaryImplement, start.Add(220*time.Minute), "汛期抢险"))
	})
	c.at(193*time.Minute, func() {
		o["declare_by"] = c.toCampaign(UpdateExtendDeadline, ext("e4", campaign.BoundaryDeclareBy, start.Add(220*time.Minute), "汛期抢险"))
	})
	var open UnitStatus
	c.at(195*time.Minute, func() { open, reopened = c.unitStatus("b"), c.status() })
	c.at(200*time.Minute, func() {
		o["self-check"] = c.toUnit("b", UpdateSelfCheck, SelfCheckRequest{Submission: sub("b-s"), Sheet: fullSheet(t, c.std, "")})
	})
	c.at(201*time.Minute, func() {
		o["declare"] = c.toUnit("b", UpdateDeclare, DeclareRequest{Submission: sub("b-d"), Report: "报告", Opinion: "无违纪"})
	})
	c.at(225*time.Minute, func() {
		o["inspect"] = c.toUnit("b", UpdateInspect, InspectRequest{Submission: sub("b-i"), Sheet: fullSheet(t, c.std, "5")})
	})
	var inspected UnitStatus
	c.at(230*time.Minute, func() { inspected = c.unitStatus("b") })
	c.run()

	assert.Equal(t, readyNotDeclared, missed.Settled)
	assert.Equal(t, 2, allReady.GroupsSettled, "every unit was ready before the extension")
	rejected(t, o["no reason"], "extending a passed deadline needs a reason")
	rejected(t, o["still passed"], "is still in the past")
	rejected(t, o["implement"], "only the declaration and acceptance deadlines can be extended once passed")
	accepted(t, o["declare_by"], "declare_by moved from 2026-03-02 12:00 CST to 2026-03-02 12:40 CST")
	require.Len(t, c.decided, 1)
	assert.Equal(t, "汛期抢险", c.decided[0].Detail.(map[string]any)["reason"], "the audit keeps the reason")
	assert.Empty(t, open.Settled, "b is open again")
	assert.Equal(t, 0, reopened.GroupsSettled, "b and c had not declared: both their groups are open again")
	accepted(t, o["self-check"], "")
	accepted(t, o["declare"], "b declared")
	accepted(t, o["inspect"], "")
	assert.Equal(t, readyInspected, inspected.Settled)
	require.Len(t, c.reviews, 1)
	assert.Equal(t, start.Add(4*time.Hour), c.reviews[0].At)
}

// tiedAtTheCut has units a, b and c declare for two places, with b and c tied at the cut
// (review at the acceptance deadline, 4h) until the office decides, after which the review
// proposes proposed; the plan's times for people: the tie 30 min, objections 40 min after the
// notice, the deciding body 2h after it.
func tiedAtTheCut(c *campaignTest, proposed ...string) {
	c.plan.Quota = campaign.PlannedQuota{Max: 2}
	c.plan.Waits = &campaign.WaitLimits{Tie: 30 * time.Minute, Objections: 40 * time.Minute, Decision: 2 * time.Hour}
	tie := &rank.Tie{Units: []string{"b", "c"}, Total: 9500, Slots: 1}
	c.review = func(n int) activities.ReviewResult {
		if n == 0 {
			return activities.ReviewResult{Candidates: 3, Pending: tie}
		}
		return activities.ReviewResult{Candidates: 3, Proposed: proposed}
	}
	for _, u := range []string{"a", "b", "c"} {
		c.declare(u)
	}
}

// inspectAll has every unit of tiedAtTheCut inspected before the acceptance deadline.
func inspectAll(c *campaignTest) {
	for _, u := range []string{"a", "b", "c"} {
		c.inspect(u, 190*time.Minute)
	}
}

// ranBeforeWaitsOnlyRemind makes c run as a campaign recorded at waitsLapse, before consultWaits,
// lapsesNoMore (for each of its waits), objectionsLapseNoMore, inspectionWaits and
// overdueReminders, ran: as its history replays.
func ranBeforeWaitsOnlyRemind(c *campaignTest) {
	c.env.OnGetVersion(officeWaitsEnd, workflow.DefaultVersion, waitsOnlyRemind).Return(waitsLapse)
	for _, change := range []string{consultWaits, lapsesNoMore, lapsesNoMore + "/2", lapsesNoMore + "/3",
		objectionsLapseNoMore, inspectionWaits, overdueReminders} {
		c.env.OnGetVersion(change, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	}
}

// As a campaign recorded at waitsLapse ran (it replays so): the office never acts: no declaration is reviewed, no inspection made, a tie at the cut is
// never decided, the discipline committee never answers, an objection on the notice is never
// decided, the deciding body never decides. Every wait ends when the plan's time for it is up,
// and the campaign finishes: the tie's places stay empty, the objected unit is held back, and
// with no decision nobody is named. Each lapse is recorded as the system's.
func TestACampaignWithAnAbsentOfficeFinishes(t *testing.T) {
	c := decidingCampaign(t)
	ranBeforeWaitsOnlyRemind(c)
	c.plan.ReviewMaterials = true
	tiedAtTheCut(c, "a")
	var a UnitStatus
	var objection, late *outcome
	c.at(4*time.Hour+time.Minute, func() { a = c.unitStatus("a") })
	// The consultation (1h) ends at 5h30; the notice (1h) runs to 6h30.
	c.at(5*time.Hour+35*time.Minute, func() {
		objection = send(c.env, "campaign/c1/notice", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "a", Reason: "群众反映材料不实"})
	})
	c.at(9*time.Hour+20*time.Minute, func() {
		late = c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d"), Document: "市文明办〔2026〕3号", On: "2026-03-02"})
	})
	c.run()
	require.NoError(t, c.env.GetWorkflowError())
	assert.Equal(t, readyNotInspected, a.Settled, "a declaration never reviewed is not inspected by the deadline")
	assert.Equal(t, reviewPending, a.Review.Status)
	require.Len(t, c.reviews, 2, "ranked, then ranked again once the tie lapsed")
	assert.Equal(t, start.Add(4*time.Hour), c.reviews[0].At, "the review runs at the acceptance deadline")
	assert.Equal(t, []rank.Decision{{Tie: "b,c", Lapsed: true}}, c.reviews[1].Decisions)
	assert.Equal(t, start.Add(4*time.Hour+30*time.Minute), c.reviews[1].At, "the tie lapses when the plan's time is up")
	accepted(t, objection, "")

	var kinds []string
	for _, d := range c.decided {
		assert.Equal(t, "system", d.By, d.Kind)
		kinds = append(kinds, d.Kind)
	}
	assert.Equal(t, []string{"tie", "opinion", "naming"}, kinds, "the lapsed tie, the deemed opinion, the lapsed decision")
	assert.Empty(t, c.reminded, "the run only logged its reminders")
	rejected(t, late, "the time for the decision of campaign c1 (2h) has passed without one")
	require.NotNil(t, c.named)
	assert.Equal(t, start.Add(9*time.Hour+10*time.Minute), c.named.At,
		"the notice ends at 6h30, its objection lapses at 7h10, the deciding body's time is up at 9h10")
	assert.Equal(t, []activities.UnitReason{{Unit: "a", Reason: "公示异议逾期未核查, 暂缓命名"}}, c.named.Withheld,
		"held back by its lapsed objection (and so not on the list the deciding body had to decide)")
	assert.Empty(t, c.named.Document)
}

// As a campaign recorded at waitsLapse ran: with nothing held back, a deciding body that does
// not decide in time names nobody: each
// listed unit is not approved, with the reason.
func TestASilentDecidingBodyNamesNobody(t *testing.T) {
	c := decidingCampaign(t)
	ranBeforeWaitsOnlyRemind(c)
	c.plan.Waits = &campaign.WaitLimits{Tie: time.Hour, Objections: time.Hour, Decision: 3 * time.Hour}
	c.run()
	require.NoError(t, c.env.GetWorkflowError())
	require.NotNil(t, c.named)
	reason := "市文明办、市直机关工委逾期未作决定, 未予命名"
	assert.Equal(t, []activities.UnitReason{{Unit: "a", Reason: reason}, {Unit: "b", Reason: reason}, {Unit: "c", Reason: reason}}, c.named.Withheld)
}

// Since waitsOnlyRemind the plan's limits on waiting for people decide nothing: a tie, an
// objection and the deciding body each answer long after their time, and each late answer is
// taken. While the office has not decided the tie or the objection, and while the deciding
// body has not decided, the status (the notice's, for the objection) says since when the wait
// is overdue; the unit objected to is named once
// the objection is dismissed, the tied unit the office chose is proposed, the discipline
// committee's late opinions are taken, and nothing is recorded as the system's.
func TestLateDecisionsAreTakenAndTheirWaitsShownOverdue(t *testing.T) {
	c := decidingCampaign(t)
	proposed := []string{"a", "b"}
	tiedAtTheCut(c, proposed...)
	inspectAll(c)
	o := map[string]*outcome{}
	var tieOverdue, decisionOverdue CampaignStatus
	// The review runs at 4h: the tie is due at 4h30 and decided at 5h.
	c.at(4*time.Hour+45*time.Minute, func() { tieOverdue = c.status() })
	c.at(5*time.Hour, func() {
		o["tie"] = c.toCampaign(UpdateResolveTie, TieRequest{Submission: sub("t"), Include: []string{"b"}})
	})
	// The consultation runs from 5h, due at 6h; the committee answers at 6h30, so the notice runs
	// 6h30-7h30; its objection is due at 8h10 and decided at 9h.
	var consultOverdue CampaignStatus
	c.at(6*time.Hour+15*time.Minute, func() { consultOverdue = c.status() })
	c.at(6*time.Hour+30*time.Minute, func() {
		for _, u := range proposed {
			c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("k" + u), Unit: u})
		}
	})
	c.at(6*time.Hour+40*time.Minute, func() {
		o["objection"] = send(c.env, "campaign/c1/notice", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "a", Reason: "群众反映材料不实"})
	})
	var objectionOverdue NoticeStatus
	c.at(8*time.Hour+30*time.Minute, func() { objectionOverdue = statusOf[NoticeStatus](t, c.env, "campaign/c1/notice") })
	c.at(9*time.Hour, func() {
		o["dismissed"] = send(c.env, "campaign/c1/notice", UpdateDecideObjection,
			ObjectionDecisionRequest{Submission: sub("x1"), Objection: 1, Decision: "dismiss", Note: "经核查不属实"})
	})
	// The deciding body's time runs from 9h to 11h; it decides at 14h.
	c.at(12*time.Hour, func() { decisionOverdue = c.status() })
	c.at(14*time.Hour, func() {
		o["decision"] = c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d"), Document: "市文明办〔2026〕3号", On: "2026-03-02"})
	})
	c.run()

	assert.Equal(t, start.Add(4*time.Hour+30*time.Minute), tieOverdue.Waiting.OverdueSince, "the tie's wait is overdue from its bound")
	assert.Equal(t, "waiting.tie", tieOverdue.Waiting.Who.ID)
	accepted(t, o["tie"], "")
	require.Len(t, c.reviews, 2)
	require.Len(t, c.reviews[1].Decisions, 1)
	assert.False(t, c.reviews[1].Decisions[0].Lapsed, "the office's choice, not the clock's")
	accepted(t, o["objection"], "")
	assert.Equal(t, start.Add(6*time.Hour), consultOverdue.Waiting.OverdueSince, "the committee's wait is overdue from its time")
	assert.Equal(t, "waiting.consult_open", consultOverdue.Waiting.Who.ID)
	assert.Equal(t, start.Add(8*time.Hour+10*time.Minute), objectionOverdue.OverdueSince, "the objection is overdue 40 min after the notice's end")
	assert.Equal(t, 1, objectionOverdue.Undecided)
	accepted(t, o["dismissed"], "")
	assert.Equal(t, start.Add(11*time.Hour), decisionOverdue.Waiting.OverdueSince, "the deciding body's wait is overdue from its bound")
	assert.Equal(t, "waiting.decision", decisionOverdue.Waiting.Who.ID)
	accepted(t, o["decision"], "")
	require.NotNil(t, c.named)
	assert.Equal(t, start.Add(14*time.Hour), c.named.At, "named when the deciding body decided")
	assert.Equal(t, "市文明办〔2026〕3号", c.named.Document)
	assert.Empty(t, c.named.Withheld, "nothing held back by the clock")
	for _, d := range c.decided {
		assert.NotEqual(t, "system", d.By, "nothing decided by the clock: %s", d.Kind)
	}
	// The office is reminded of each overdue wait at once and on every progress check (30 min)
	// until it ends: the tie 4h30-5h, the opinions 6h-6h30, the decision 11h-14h; the notice
	// reminds it of the overdue objection from 8h10, in its own sequence.
	var kinds []string
	var campaignReminders, objectionReminders []activities.OverdueReminder
	for _, r := range c.reminded {
		if r.Kind == "overdue-objections" {
			objectionReminders = append(objectionReminders, r)
			continue
		}
		campaignReminders = append(campaignReminders, r)
		assert.Equal(t, len(campaignReminders), r.Seq, "one sequence for the campaign's overdue reminders")
		kinds = append(kinds, r.Kind)
	}
	assert.Equal(t, []string{"overdue-tie", "overdue-tie", "overdue-consult", "overdue-consult", "overdue-decision", "overdue-decision",
		"overdue-decision", "overdue-decision", "overdue-decision", "overdue-decision", "overdue-decision"}, kinds)
	require.Len(t, campaignReminders, 11)
	require.NotEmpty(t, objectionReminders)
	assert.Equal(t, start.Add(8*time.Hour+10*time.Minute), objectionReminders[0].At, "the objection's office reminded as it went overdue")
	assert.Equal(t, "campaign/c1/notice", objectionReminders[0].CampaignID)
	// The search attribute shows each overdue wait while it lasts: the tie, the opinions, the
	// objection (on the notice), the decision.
	var unset time.Time
	assert.Equal(t, []time.Time{start.Add(4*time.Hour + 30*time.Minute), unset, start.Add(6 * time.Hour), unset,
		start.Add(8*time.Hour + 10*time.Minute), unset, start.Add(11 * time.Hour), unset}, utc(c.overdue))
	assert.Equal(t, start.Add(6*time.Hour), campaignReminders[2].At)
	assert.Equal(t, "活动 c1：市直机关纪工委对 a、b 的意见自 2026年3月2日 15:00 起逾期未反馈，请催办；也可由管理员说明理由后不再等待（campaign proceed --step consult）",
		campaignReminders[2].Text.String())
}

// A campaign begun at waitsLapse that reaches a due time after lapsesNoMore does not lapse: its
// tie is overdue, the office decides it late, and the decision is the office's.
func TestARunBegunWhenWaitsLapsedNoLongerLapses(t *testing.T) {
	c := decidingCampaign(t)
	c.env.OnGetVersion(officeWaitsEnd, workflow.DefaultVersion, waitsOnlyRemind).Return(waitsLapse)
	proposed := []string{"a", "b"}
	tiedAtTheCut(c, proposed...)
	inspectAll(c)
	var overdue CampaignStatus
	var tie *outcome
	c.at(4*time.Hour+45*time.Minute, func() { overdue = c.status() })
	c.at(5*time.Hour, func() { tie = c.toCampaign(UpdateResolveTie, TieRequest{Submission: sub("t"), Include: []string{"b"}}) })
	c.at(5*time.Hour+time.Minute, func() {
		for _, u := range proposed {
			c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("k" + u), Unit: u})
		}
	})
	c.at(6*time.Hour+10*time.Minute, func() {
		c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d"), Document: "市文明办〔2026〕3号", On: "2026-03-02"})
	})
	c.run()
	assert.Equal(t, start.Add(4*time.Hour+30*time.Minute), overdue.Waiting.OverdueSince, "the tie is overdue, not lapsed")
	accepted(t, tie, "")
	require.Len(t, c.reviews, 2)
	assert.Equal(t, []rank.Decision{{Tie: "b,c", Include: []string{"b"}}}, c.reviews[1].Decisions)
	for _, d := range c.decided {
		assert.NotEqual(t, "system", d.By, d.Kind)
	}
	require.NotNil(t, c.named)
	assert.Equal(t, "市文明办〔2026〕3号", c.named.Document)
}

// A campaign begun at waitsLapse whose tie lapsed before lapsesNoMore (its history replays so)
// lapses no other wait: the deciding body's, reached later, is overdue, and its late decision
// is taken and names.
func TestAWaitAfterALapsedOneNoLongerLapses(t *testing.T) {
	c := decidingCampaign(t)
	c.env.OnGetVersion(officeWaitsEnd, workflow.DefaultVersion, waitsOnlyRemind).Return(waitsLapse)
	c.env.OnGetVersion(lapsesNoMore, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	proposed := []string{"a"}
	tiedAtTheCut(c, proposed...)
	inspectAll(c)
	var decisionOverdue CampaignStatus
	var decision *outcome
	// The tie lapses at 4h30; the committee answers at 4h40; the notice runs to 5h40; the deciding
	// body's time (2h) is up at 7h40 and it decides at 9h.
	c.at(4*time.Hour+40*time.Minute, func() { c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("ka"), Unit: "a"}) })
	c.at(8*time.Hour, func() { decisionOverdue = c.status() })
	c.at(9*time.Hour, func() {
		decision = c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d"), Document: "市文明办〔2026〕3号", On: "2026-03-02"})
	})
	c.run()
	assert.Equal(t, []rank.Decision{{Tie: "b,c", Lapsed: true}}, c.reviews[1].Decisions, "the tie lapsed, as the run did")
	assert.Equal(t, "waiting.decision", decisionOverdue.Waiting.Who.ID)
	assert.False(t, decisionOverdue.Waiting.OverdueSince.IsZero(), "the deciding body's wait is overdue, not lapsed")
	accepted(t, decision, "1 named")
	require.NotNil(t, c.named)
	assert.Equal(t, "市文明办〔2026〕3号", c.named.Document)
	assert.Empty(t, c.named.Withheld)
}

// utc shows times in UTC, as the test's start is, for comparison.
func utc(ts []time.Time) []time.Time {
	out := make([]time.Time, len(ts))
	for i, t := range ts {
		if !t.IsZero() {
			out[i] = t.UTC()
		}
	}
	return out
}

// A run begun at waitsLapse whose tie lapsed before lapsesNoMore, and whose consultation (begun
// waiting for every opinion, consultWaits) reached its time unanswered on the build that
// brought consultWaits, lapsed the consultation then: it went on to the notice at the
// committee's time, the silent units on the list. It replays so (lapses-no-more/2 has no marker
// in its history), however the build asks.
func TestAConsultationThatLapsedOnTheBuildOfConsultWaitsReplaysSo(t *testing.T) {
	c := tieLapsedConsultationSilentOnB(t, overdueReminders, overdueSearchAttribute)
	var after CampaignStatus
	c.at(5*time.Hour+35*time.Minute, func() { after = c.status() })
	c.run()
	assert.Equal(t, campaign.PhaseNotice, after.Phase, "the consultation ended at its time, without b's opinion")
	for _, d := range c.decided {
		assert.NotEqual(t, "proceed", d.Kind, "nobody had to proceed")
	}
	assert.Empty(t, c.reminded)
}

// A run at waitsLapse whose tie lapsed before lapsesNoMore and whose consultation reached its
// time on a build since overdueReminders (which recorded that marker as the consultation went
// overdue) did not lapse the consultation: it waited, overdue, for the administrator to
// proceed. It replays so, unlike one of the build of consult-waits (above).
func TestAConsultationThatWaitedOnTheBuildsSinceOverdueRemindersReplaysSo(t *testing.T) {
	c := tieLapsedConsultationSilentOnB(t)
	var overdue CampaignStatus
	c.at(5*time.Hour+35*time.Minute, func() { overdue = c.status() })
	c.at(5*time.Hour+40*time.Minute, func() {
		c.toCampaign(UpdateProceed, ProceedRequest{Submission: Submission{ID: "p", By: "文明办主任"}, Step: StepConsult, Reason: "纪工委逾期未反馈"})
	})
	c.run()
	assert.Equal(t, campaign.PhaseConsult, overdue.Phase, "the consultation waited past its time")
	assert.False(t, overdue.Waiting.OverdueSince.IsZero())
	require.NotEmpty(t, c.reminded)
	assert.Equal(t, "overdue-consult", c.reminded[0].Kind)
}

// tieLapsedConsultationSilentOnB is a campaign begun at waitsLapse whose tie lapsed before
// lapsesNoMore (no marker for any wait, nor for the changes named) and whose consultation runs
// from 4h30 to 5h30 with only a answered, at 4h40.
func tieLapsedConsultationSilentOnB(t *testing.T, unmarked ...string) *campaignTest {
	c := decidingCampaign(t)
	c.env.OnGetVersion(officeWaitsEnd, workflow.DefaultVersion, waitsOnlyRemind).Return(waitsLapse)
	for _, change := range append([]string{lapsesNoMore, lapsesNoMore + "/2", lapsesNoMore + "/3"}, unmarked...) {
		c.env.OnGetVersion(change, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	}
	tiedAtTheCut(c, "a", "b")
	inspectAll(c)
	c.at(4*time.Hour+40*time.Minute, func() { c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("ka"), Unit: "a"}) })
	return c
}
