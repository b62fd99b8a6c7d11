package workflows

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/rules/campaign"
	"wenming/rules/title"
)

// decidingCampaign is a campaign whose plan has the deciding steps: an hour for the discipline
// committee's opinions after the review (+4h), then the notice (1h), then the decision.
func decidingCampaign(t *testing.T) *campaignTest {
	c := newCampaignTest(t)
	c.plan.Decision = &campaign.DecisionSteps{ConsultBody: "市直机关纪工委", ConsultWithin: time.Hour, DecidingBody: "市文明办、市直机关工委"}
	c.review = func(int) activities.ReviewResult {
		return activities.ReviewResult{Candidates: 3, Proposed: []string{"a", "b", "c"}}
	}
	return c
}

// The discipline committee excludes one proposed unit and stays silent on another: its silence
// is not consent. Once the committee's time is up the consultation is overdue and waits on until
// an administrator proceeds without the missing opinion, with a reason, recorded as theirs.
// After the notice the deciding body strikes a name and issues its document; only then are the
// units named.
func TestTheDecidingBodyDecidesTheNames(t *testing.T) {
	c := decidingCampaign(t)
	c.plan.Confers = &campaign.Conferred{Kind: "civilized-unit", Level: title.CityOrgans, Name: "市直机关文明单位"}
	o := map[string]*outcome{}
	consult := func(key, id, unit string, exclude bool, note string) {
		o[key] = c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub(id), Unit: unit, Exclude: exclude, Note: note})
	}
	proceed := func(key, id, step, reason string) {
		o[key] = c.toCampaign(UpdateProceed, ProceedRequest{Submission: Submission{ID: id, By: "文明办主任"}, Step: step, Reason: reason})
	}
	decide := func(key, id, on string, strike ...NameStruck) {
		o[key] = c.toCampaign(UpdateDecide, DecideRequest{Submission: sub(id), Document: "市文明办〔2026〕3号", On: on, Strike: strike})
	}
	c.at(3*time.Hour, func() { consult("too early", "k0", "a", false, "") })
	c.at(4*time.Hour+time.Minute, func() { consult("agree", "k1", "a", false, "") })
	c.at(4*time.Hour+2*time.Minute, func() { consult("again", "k2", "a", true, "重新考虑") })
	c.at(4*time.Hour+3*time.Minute, func() { consult("stranger", "k3", "z", false, "") })
	c.at(4*time.Hour+4*time.Minute, func() { consult("no reason", "k4", "b", true, " ") })
	c.at(4*time.Hour+5*time.Minute, func() { consult("exclude", "k5", "b", true, "正在接受审查调查") })
	var consulting, overdue, noticing, awaiting CampaignStatus
	c.at(4*time.Hour+10*time.Minute, func() {
		consulting = c.status()
		proceed("proceed before the time", "p0", StepConsult, "纪工委未反馈")
	})
	// The committee's hour ends at 5h: c has no opinion, and the campaign waits on.
	c.at(5*time.Hour+10*time.Minute, func() {
		overdue = c.status()
		proceed("proceed without reason", "p1", StepConsult, " ")
		proceed("proceed past another step", "p2", "notice", "公示期满")
	})
	c.at(5*time.Hour+20*time.Minute, func() {
		proceed("proceed", "p3", StepConsult, "纪工委逾期未反馈，经主任办公会研究继续")
	})
	c.at(5*time.Hour+30*time.Minute, func() {
		noticing = c.status()
		decide("during the notice", "d0", "2026-03-02")
	})
	c.at(6*time.Hour+30*time.Minute, func() {
		awaiting = c.status()
		decide("future", "d1", "2026-03-09")
		decide("excluded struck", "d2", "2026-03-02", NameStruck{Unit: "b", Reason: "重复"})
		decide("strike without reason", "d3", "2026-03-02", NameStruck{Unit: "c"})
	})
	c.at(6*time.Hour+40*time.Minute, func() {
		decide("decision", "d4", "2026-03-02", NameStruck{Unit: "c", Reason: "群众满意度测评排名靠后"})
	})
	c.run()

	rejected(t, o["too early"], "is not consulting now")
	accepted(t, o["agree"], "no objection from the discipline committee to a (1/3 answered)")
	rejected(t, o["again"], "opinion on a is already recorded")
	rejected(t, o["stranger"], "z is not proposed; proposed: a, b, c")
	rejected(t, o["no reason"], "excluding b needs the reason in --note")
	accepted(t, o["exclude"], "the discipline committee excludes b")
	assert.Equal(t, campaign.PhaseConsult, consulting.Phase)
	assert.Equal(t, "waiting.consult_open", consulting.Waiting.Who.ID)
	assert.Equal(t, start.Add(4*time.Hour), consulting.Waiting.Since)
	assert.True(t, consulting.Waiting.OverdueSince.IsZero())
	rejected(t, o["proceed before the time"], "runs until")

	assert.Equal(t, campaign.PhaseConsult, overdue.Phase, "c's silence is not consent: the consultation waits on")
	assert.Equal(t, start.Add(5*time.Hour), overdue.Waiting.OverdueSince, "overdue from the committee's time")
	rejected(t, o["proceed without reason"], "say why in --reason")
	rejected(t, o["proceed past another step"], "there is no step notice to proceed past")
	accepted(t, o["proceed"], "the campaign goes on without the opinions of 市直机关纪工委 on c")

	assert.Equal(t, campaign.PhaseNotice, noticing.Phase, "the administrator's decision ended the consultation")
	assert.Equal(t, []activities.UnitReason{{Unit: "b", Reason: "正在接受审查调查"}}, noticing.Excluded)
	rejected(t, o["during the notice"], "not ready for the decision")
	assert.Equal(t, campaign.PhaseDecision, awaiting.Phase)
	assert.Equal(t, "waiting.decision", awaiting.Waiting.Who.ID)
	rejected(t, o["future"], "the decision date 2026-03-09 has not come yet")
	rejected(t, o["excluded struck"], "b is not on the list to decide; the list: a, c")
	rejected(t, o["strike without reason"], "striking c needs a reason")
	accepted(t, o["decision"], "decision recorded: 市文明办〔2026〕3号 (2026-03-02), 1 named, 1 not approved")

	var kinds []string
	for _, d := range c.decided {
		kinds = append(kinds, d.Kind)
		assert.NotEqual(t, "system", d.By, d.Kind)
	}
	assert.Equal(t, []string{"opinion", "opinion", "proceed", "naming"}, kinds, "two opinions, the administrator's proceeding, the decision")
	assert.Equal(t, "文明办主任", c.decided[2].By)
	assert.Equal(t, map[string]any{"step": "consult", "without_opinion": []any{"c"}, "reason": "纪工委逾期未反馈，经主任办公会研究继续"}, c.decided[2].Detail)
	require.NotNil(t, c.named, "named after the decision")
	assert.Equal(t, start.Add(6*time.Hour+40*time.Minute), c.named.At, "not before")
	assert.Equal(t, []activities.UnitReason{{Unit: "b", Reason: "正在接受审查调查"}}, c.named.Excluded)
	assert.Equal(t, []activities.UnitReason{{Unit: "c", Reason: "群众满意度测评排名靠后"}}, c.named.Struck)
	assert.Equal(t, "市文明办〔2026〕3号", c.named.Document)
	assert.Equal(t, c.plan.Confers, c.named.Confers, "the title to enter in the register")
	assert.Equal(t, "市文明办、市直机关工委", c.named.Body, "conferred by the deciding body")
	assert.Equal(t, "2026-03-02", c.named.On.Format(time.DateOnly), "on the day of its decision")
	assert.Equal(t, campaign.PhaseClosed, c.phases[len(c.phases)-1], "the titles went to their own workflows and the campaign ended")
}

// A campaign begun before consultWaits (it replays so) took the committee's silence for
// consent when its time was up, by the system, and had nothing to proceed past.
func TestACampaignBegunWhenSilenceWasConsentDeemsIt(t *testing.T) {
	c := decidingCampaign(t)
	c.env.OnGetVersion(consultWaits, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	var o *outcome
	var consulting CampaignStatus
	c.at(4*time.Hour+time.Minute, func() {
		c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("k1"), Unit: "a"})
		consulting = c.status()
	})
	c.at(4*time.Hour+10*time.Minute, func() {
		o = c.toCampaign(UpdateProceed, ProceedRequest{Submission: sub("p"), Step: StepConsult, Reason: "不等了"})
	})
	c.at(6*time.Hour+10*time.Minute, func() {
		c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d"), Document: "市文明办〔2026〕3号", On: "2026-03-02"})
	})
	c.run()
	assert.Equal(t, "waiting.consult", consulting.Waiting.Who.ID, "its status says silence counts as no objection")
	rejected(t, o, "its consultation ends by itself")
	require.Len(t, c.decided, 3)
	assert.Equal(t, activities.Decision{CampaignID: "c1", SubmissionID: "consultation-deemed", Kind: "opinion",
		Detail: map[string]any{"units": []any{"b", "c"}, "deemed": "逾期未反馈，视为无意见"}, By: "system", At: start.Add(5 * time.Hour)}, c.decided[1])
	require.NotNil(t, c.named)
	assert.Equal(t, start.Add(6*time.Hour+10*time.Minute), c.named.At, "the notice ran from 5h, when the committee's time was up")
}

// A late opinion is taken: the committee answers after its time, and the campaign goes on from
// there with nothing recorded as the system's.
func TestALateOpinionIsTaken(t *testing.T) {
	c := decidingCampaign(t)
	var overdue CampaignStatus
	c.at(5*time.Hour+30*time.Minute, func() { overdue = c.status() })
	c.at(7*time.Hour, func() {
		for _, u := range []string{"a", "b", "c"} {
			c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("k" + u), Unit: u})
		}
	})
	c.at(8*time.Hour+10*time.Minute, func() {
		c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d"), Document: "市文明办〔2026〕3号", On: "2026-03-02"})
	})
	c.run()
	assert.Equal(t, campaign.PhaseConsult, overdue.Phase)
	assert.Equal(t, start.Add(5*time.Hour), overdue.Waiting.OverdueSince)
	for _, d := range c.decided {
		assert.Equal(t, "tester", d.By, d.Kind)
	}
	require.NotNil(t, c.named)
	assert.Equal(t, start.Add(8*time.Hour+10*time.Minute), c.named.At, "the notice ran from 7h, when the last opinion came")
	assert.Empty(t, c.named.Excluded)
}

// A campaign whose plan predates the deciding steps names when the notice ends, and refuses them.
func TestAPlanWithoutTheDecidingStepsNamesAtTheNoticesEnd(t *testing.T) {
	c := newCampaignTest(t)
	var o *outcome
	c.at(4*time.Hour+10*time.Minute, func() {
		o = c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d"), Document: "x", On: "2026-03-02"})
	})
	c.run()
	rejected(t, o, "has no deciding body")
	require.NotNil(t, c.named)
	assert.Equal(t, start.Add(5*time.Hour), c.named.At)
	assert.Empty(t, c.named.Document)
}

// A plan whose only notice is the one before declaring (notice.before_naming: false) names the
// proposed units when the review is done: no notice of the names, no objections to wait for.
func TestAPlanWithoutTheNamingNoticeNamesAfterTheReview(t *testing.T) {
	c := newCampaignTest(t)
	c.plan.NoNamingNotice = true
	var o *outcome
	c.at(4*time.Hour+10*time.Minute, func() {
		o = send(c.env, "campaign/c1/notice", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "a", Reason: "有群众反映"})
	})
	c.run()
	require.NotNil(t, c.named)
	assert.Equal(t, start.Add(4*time.Hour), c.named.At, "named as the review ends, with no notice between")
	require.True(t, o.done)
	assert.Error(t, o.failed, "there is no notice of the names to object to")
}

// At naming the campaign hands every title it conferred to its own workflow
// (title/<kind>/<subject>/<conferred on>; a person's by the register's number, never a name),
// left running when the campaign ends there: the campaign no longer lives for a year.
func TestTheCampaignHandsItsTitlesOverAndEnds(t *testing.T) {
	c := decidingCampaign(t)
	c.plan.Confers = &campaign.Conferred{Kind: "civilized-unit", Level: title.CityOrgans, Name: "市直机关文明单位", Term: 730 * 24 * time.Hour,
		Reinspect: []time.Duration{365 * 24 * time.Hour}}
	termEnd := time.Date(2028, 3, 2, 0, 0, 0, 0, time.UTC)
	c.titles = []activities.TitleRef{
		{ID: 11, Unit: "a", Kind: "civilized-unit", Name: "市直机关文明单位", ConferredOn: "2026-03-02", TermEnd: termEnd, Status: "active"},
		{ID: 12, Unit: "a", Person: true, Kind: "model-individual", Name: "市直机关文明标兵", ConferredOn: "2026-03-02", Status: "active"},
	}
	var started []TitleInput
	var mu sync.Mutex // the mocked children may run side by side
	c.env.OnWorkflow(Title, mock.Anything, mock.Anything).Return(func(ctx workflow.Context, in TitleInput) error {
		mu.Lock()
		defer mu.Unlock()
		started = append(started, in)
		assert.Contains(t, []string{"title/civilized-unit/a/2026-03-02", "title/model-individual/a/t12/2026-03-02"}, workflow.GetInfo(ctx).WorkflowExecution.ID)
		return nil
	})
	c.at(4*time.Hour+time.Minute, func() {
		for _, u := range []string{"a", "b", "c"} {
			c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("k" + u), Unit: u})
		}
	})
	c.at(6*time.Hour+10*time.Minute, func() {
		c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d"), Document: "市文明办〔2026〕3号", On: "2026-03-02"})
	})
	c.run()
	require.Len(t, started, 2)
	slices.SortFunc(started, func(a, b TitleInput) int { return int(a.TitleID - b.TitleID) })
	assert.Equal(t, int64(11), started[0].TitleID)
	assert.Equal(t, termEnd, started[0].TermEnd)
	assert.Equal(t, 730*24*time.Hour, started[0].Term, "a renewal runs the plan's term")
	assert.Equal(t, title.Active, started[0].Status)
	assert.Equal(t, []time.Time{time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC)}, started[0].Reinspections, "a year after conferral")
	assert.Equal(t, campaign.PhaseClosed, c.phases[len(c.phases)-1])
	assert.Less(t, c.env.Now().Sub(start), 7*time.Hour, "the campaign ended at naming, not after a year of consolidation")
}

// After the committee's opinions the list goes to the office's audit (报市文明办审核), and the
// campaign waits for it, past the plan's time overdue and reminding, never deciding: the
// office returns a name with its reason (its place stays empty) or accepts the list; only then
// is it noticed. A returned name is not approved, with the reason; no deadline moves meanwhile.
func TestTheOfficeAuditsTheListBeforeTheNotice(t *testing.T) {
	c := decidingCampaign(t)
	c.plan.Decision.AuditBody = "市文明办"
	c.plan.Waits = &campaign.WaitLimits{Tie: time.Hour, Objections: time.Hour, Decision: time.Hour, Audit: 2 * time.Hour}
	o := map[string]*outcome{}
	audit := func(key, id string, ret ...NameStruck) {
		o[key] = c.toCampaign(UpdateAudit, AuditRequest{Submission: Submission{ID: id, By: "文明办主任"}, Return: ret})
	}
	c.at(3*time.Hour, func() { audit("before", "a0") })
	for i, u := range []string{"a", "b", "c"} {
		c.at(4*time.Hour+time.Duration(i+1)*time.Minute, func() {
			c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("k" + u), Unit: u})
		})
	}
	var auditing, noticing CampaignStatus
	c.at(4*time.Hour+10*time.Minute, func() {
		auditing = c.status()
		audit("stranger", "a1", NameStruck{Unit: "z", Reason: "不在名单"})
		audit("no reason", "a2", NameStruck{Unit: "c", Reason: " "})
		audit("twice", "a3", NameStruck{Unit: "c", Reason: "台账不全"}, NameStruck{Unit: "c", Reason: "又一次"})
		o["extend"] = c.toCampaign(UpdateExtendDeadline, ExtendRequest{Submission: sub("e1"), Boundary: campaign.BoundaryAcceptBy,
			To: start.Add(20 * time.Hour), Reason: "验收组延期"})
	})
	// Hours later the office has not audited: the campaign still waits for it.
	var waited CampaignStatus
	c.at(9*time.Hour, func() { waited = c.status() })
	c.at(9*time.Hour+time.Minute, func() { audit("return", "a4", NameStruck{Unit: "c", Reason: " 创建台账不完整 "}) })
	c.at(9*time.Hour+2*time.Minute, func() {
		noticing = c.status()
		audit("again", "a5")
	})
	c.at(10*time.Hour+30*time.Minute, func() {
		c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d1"), Document: "市文明办〔2026〕3号", On: "2026-03-02"})
	})
	c.run()

	rejected(t, o["before"], "is not waiting for the audit of its list")
	assert.Equal(t, campaign.PhaseAudit, auditing.Phase)
	assert.Equal(t, "waiting.audit", auditing.Waiting.Who.ID)
	rejected(t, o["stranger"], "z is not on the proposed list; the list: a, b, c")
	rejected(t, o["no reason"], "returning c needs a reason")
	rejected(t, o["twice"], "c is returned twice")
	assert.Equal(t, campaign.PhaseAudit, waited.Phase, "nothing decides the audit but the office")
	assert.Equal(t, start.Add(6*time.Hour+3*time.Minute), waited.Waiting.OverdueSince, "overdue two hours after the last opinion")
	var kinds []string
	for _, r := range c.reminded {
		kinds = append(kinds, r.Kind)
	}
	require.NotEmpty(t, kinds)
	assert.Equal(t, "overdue-audit", kinds[0], "the office is reminded")
	accepted(t, o["return"], "the audit of 市文明办 recorded: c returned (their places stay empty); the other 2 go to the notice")
	assert.Equal(t, campaign.PhaseNotice, noticing.Phase)
	assert.Equal(t, []activities.UnitReason{{Unit: "c", Reason: "创建台账不完整"}}, noticing.Returned, "the status says whom the audit returned, and why")
	rejected(t, o["again"], "is not waiting for the audit of its list")
	rejected(t, o["extend"], "deadlines can no longer move")

	var audits []activities.Decision
	for _, d := range c.decided {
		if d.Kind == "audit" {
			audits = append(audits, d)
		}
	}
	require.Len(t, audits, 1)
	assert.Equal(t, "文明办主任", audits[0].By)
	assert.Equal(t, map[string]any{"body": "市文明办", "returned": []any{map[string]any{"Unit": "c", "Reason": "创建台账不完整"}}}, audits[0].Detail)
	require.NotNil(t, c.named)
	assert.Equal(t, []activities.UnitReason{{Unit: "c", Reason: "报市文明办审核退回: 创建台账不完整"}}, c.named.Withheld, "not approved, with the office's reason")
}
