package workflows

import (
	"slices"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/workflows/searchattr"
)

// Campaign runs a civilization-creation campaign (创建活动) through its phases: mobilize,
// implement, self-check and declaration, acceptance, review, public notice, naming, and the
// management of the titles afterwards. Each unit's part runs in a child of one of the
// campaign's groups; the campaign itself holds ids and counts.
func Campaign(ctx workflow.Context, in CampaignInput) (CampaignResult, error) {
	c := newCampaignRun(ctx, in)
	if err := c.register(ctx); err != nil {
		return CampaignResult{}, err
	}
	if err := c.load(ctx); err != nil {
		return CampaignResult{}, err
	}
	// 动员部署: on the mobilization date the office publishes the plan, the leadership group
	// and the responsibility list, and every unit's part begins.
	if err := c.mobilize(ctx); err != nil {
		return CampaignResult{}, err
	}
	// 组织实施, 自查申报, 考核验收: units work, report, score themselves and declare; the office
	// checks progress weekly and ranks monthly; inspectors score the declared units.
	if err := c.supervise(ctx); err != nil {
		return CampaignResult{}, err
	}
	// 审核评选: rank the candidates, apply the quota, have ties at the cut decided.
	if err := c.review(ctx); err != nil {
		return CampaignResult{}, err
	}
	// 征求纪工委意见: the discipline committee's opinion on every proposed unit (plans that
	// have the deciding steps; those started before them go straight to the notice).
	if c.deciding {
		if err := c.consult(ctx); err != nil {
			return CampaignResult{}, err
		}
	}
	// 报市文明办审核: the office accepts the list, or returns names with reasons (plans that have
	// the step, in runs begun since it).
	if c.deciding {
		if err := c.audit(ctx); err != nil {
			return CampaignResult{}, err
		}
	}
	// 公示: publish the proposed list; every objection is decided before it closes (unless the
	// plan puts its notice before declaring only).
	if !c.naming.skipNotice {
		if err := c.publicNotice(ctx); err != nil {
			return CampaignResult{}, err
		}
	}
	// 确定命名: the deciding body decides the names and issues its document.
	if c.deciding {
		if err := c.decide(ctx); err != nil {
			return CampaignResult{}, err
		}
	}
	// 命名表彰: confer the titles and write every unit's result.
	if err := c.name(ctx); err != nil {
		return CampaignResult{}, err
	}
	// 长效管理: each title is managed by its own workflow for its term, and the campaign ends;
	// in runs recorded before that, named units stay under the campaign, where a veto revokes.
	if c.naming.handsOver {
		if err := c.handOver(ctx, c.naming.titles); err != nil {
			return CampaignResult{}, err
		}
	} else if err := c.consolidate(ctx); err != nil {
		return CampaignResult{}, err
	}
	return CampaignResult{Outcomes: c.naming.outcomes}, nil
}

type campaignRun struct {
	in       CampaignInput
	plan     campaign.Plan
	tl       campaign.Timeline
	phase    campaign.Phase
	std      *standard.Standard
	groups   []workflow.ChildWorkflowFuture
	settled  map[int]bool
	vetoed   map[string]string // unit -> veto id; looked up, listed sorted
	sup      supervision
	tie      tieGate
	dec      deciding
	deciding bool // the plan has the deciding steps, and this run takes them (deciding-body)
	// The plan bounds the waits for people (office-waits-end): runs recorded before it keep
	// them unbounded; the first runs with it ended a wait at its bound and decided for the
	// people (waitsEnd); runs since only call it overdue and keep waiting, reminding (waitsOverdue).
	waitsEnd     bool
	waitsOverdue bool
	// extendUntilReview: no deadline moves once the review has begun.
	extendUntilReview bool
	overdueSince      time.Time // when the wait for a person now under way became overdue
	overdueShown      bool      // and the search attribute shows it (overdueSearchAttribute)
	// overdueReminders numbers the reminders of overdue waits written to the outbox.
	overdueReminders int
	lapses           lapses
	naming           naming
	next             msg.Text
	shown            waitShown
	seen             seenSet
	intake           *intake
	changed          bool
	loaded           bool
	log              log.Logger
}

// lapses is how a run begun at waitsLapse stands with lapsesNoMore: the waits that reached
// their time, and whether it has stopped lapsing.
type lapses struct {
	reached int
	stopped bool
}

// supervision is where the office's supervision of the implementation (督导) stands: the
// progress checks and rankings held, the checks spent chasing the last units, the counts.
type supervision struct {
	progressSeq, rankingSeq, waitingSeq int
	counts                              activities.Counts
	monthly                             bool // rankings by calendar month (monthlyRankings)
}

// naming is what the review, the notice and the naming settled: the proposed list, the names
// removed by objections or withheld, the outcomes and the titles conferred.
type naming struct {
	proposed   []string
	removed    []string
	withheld   []activities.UnitReason // not named for a wait that ran out (an objection, the deciding body), in unit order
	outcomes   map[string]int
	named      bool
	handsOver  bool                  // titles go to their own workflows at naming (titles-take-over)
	titles     []activities.TitleRef // the titles conferred, once named
	skipNotice bool                  // the plan has no notice before naming, and this run goes without it (naming-notice-optional)
}

// waitShown is whom the campaign waits for (a key), since when, and as last shown: shown,
// never decided on.
type waitShown struct {
	key   string
	since time.Time
	now   Waiting
}

func newCampaignRun(ctx workflow.Context, in CampaignInput) *campaignRun {
	c := &campaignRun{
		in: in, plan: in.Plan, tl: in.Plan.Timeline, phase: campaign.PhaseScheduled,
		settled: map[int]bool{}, vetoed: map[string]string{}, seen: seenSet{},
		log: log.With(workflow.GetLogger(ctx), "campaign", in.Plan.ID),
	}
	c.intake = newIntake(ctx, &c.seen, func() bool { return c.loaded }, func(ctx workflow.Context) {
		c.changed = true
		c.details(ctx)
	})
	return c
}

// decidingBody is the change that adds the discipline committee's opinions and the deciding
// body's decision between the review and the naming.
const decidingBody = "deciding-body"

// load reads the standard, for its veto list; a campaign naming people has none.
func (c *campaignRun) load(ctx workflow.Context) error {
	if c.plan.StandardID != "" {
		if err := workflow.ExecuteActivity(withWrites(ctx), acts.LoadStandard, activities.StandardRef{ID: c.plan.StandardID}).Get(ctx, &c.std); err != nil {
			return err
		}
	}
	// Plans with the deciding steps take them only in runs recorded since the change: a run that
	// a build without it began (it dropped the plan's unknown fields) goes on as it started.
	c.deciding = c.plan.Decision != nil && workflow.GetVersion(ctx, decidingBody, workflow.DefaultVersion, 1) >= 1
	// A plan without the notice before naming goes without it, likewise.
	c.naming.skipNotice = c.plan.NoNamingNotice && workflow.GetVersion(ctx, namingNoticeOptional, workflow.DefaultVersion, 1) >= 1
	// A plan that bounds the waits for the office and the deciding body, likewise; since
	// waitsOnlyRemind a bound passed makes the wait overdue, and never decides.
	if c.plan.Waits != nil {
		switch workflow.GetVersion(ctx, officeWaitsEnd, workflow.DefaultVersion, waitsOnlyRemind) {
		case waitsLapse:
			c.waitsEnd = true
		case waitsOnlyRemind:
			c.waitsOverdue = true
		}
	}
	// A plan that confers titles hands them to their own workflows at naming, likewise.
	c.naming.handsOver = c.plan.Confers != nil && workflow.GetVersion(ctx, titlesTakeOver, workflow.DefaultVersion, 1) >= 1
	// A plan that ranks by calendar month does so, likewise (a run a build before it began ranked
	// by the cadence).
	c.sup.monthly = c.tl.RankMonthly && workflow.GetVersion(ctx, monthlyRankings, workflow.DefaultVersion, 1) >= 1
	c.extendUntilReview = workflow.GetVersion(ctx, extendUntilReview, workflow.DefaultVersion, 1) >= 1
	c.loaded = true
	return c.setPhase(ctx, campaign.PhaseScheduled)
}

// officeWaitsEnd is the change that bounds the waits for the office (a tie, objections) and
// the deciding body by the plan's time for them. At waitsLapse a wait ended at its bound and
// the system decided (the tie's places empty, the objected held back, nobody named); the plans
// leave those decisions to people, so from waitsOnlyRemind on a bound passed makes the wait
// overdue, shown in the status and the Web UI, and the wait goes on reminding until the people
// act, however late. Runs recorded at waitsLapse replay as they ran.
const officeWaitsEnd = "office-waits-end"

// The versions of officeWaitsEnd.
const (
	waitsLapse      workflow.Version = 1
	waitsOnlyRemind workflow.Version = 2
)

// monthlyRankings is the change that ranks by calendar month a plan that says so (每月公布).
const monthlyRankings = "monthly-rankings"

// extendUntilReview is the change that refuses extending a deadline in every phase from the
// review on (the consultation, the audit and the decision too): once the list exists, no
// unit's wait reopens. Runs begun before it refused only in the review, the notice and after.
const extendUntilReview = "extend-until-review"

// namingNoticeOptional is the change that lets a plan go without the notice before naming.
const namingNoticeOptional = "naming-notice-optional"

func (c *campaignRun) mobilize(ctx workflow.Context) error {
	if wait := c.tl.Mobilize.Sub(workflow.Now(ctx)); wait > 0 {
		c.next = msg.Say("next.campaign.mobilize", "At", c.when(c.tl.Mobilize))
		c.details(ctx)
		if err := workflow.NewTimerWithOptions(ctx, wait, workflow.TimerOptions{Summary: c.next.String()}).Get(ctx, nil); err != nil {
			return err
		}
	}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.Mobilize, activities.MobilizeInput{Plan: c.plan, At: workflow.Now(ctx)}).Get(ctx, nil); err != nil {
		return err
	}
	if err := c.setPhase(ctx, campaign.PhaseMobilize); err != nil {
		return err
	}
	return c.startGroups(ctx)
}

// startGroups starts one child per group of at most GroupSize units, in roster order, and
// waits until every unit's workflow is there to take submissions.
func (c *campaignRun) startGroups(ctx workflow.Context) error {
	template := UnitInput{CampaignID: c.plan.ID, StandardID: c.plan.StandardID, Timeline: c.tl,
		Timezone: c.plan.Timezone, ReportMaxChars: c.plan.ReportMaxChars, ReviewMaterials: c.plan.ReviewMaterials,
		Declaring: c.plan.Declaring, DeclaringNotice: c.plan.DeclaringNotice, Checks: c.plan.Checks, Nominating: c.plan.Nominating}
	groups, err := startGroups(ctx, c.owner(), c.plan.Units, nil, c.plan.GroupSize,
		func(int) GroupInput { return GroupInput{Unit: &template} },
		func(g, n int) string {
			return msg.Say("summary.campaign_group", "Group", g, "Campaign", c.plan.ID, "N", n).String()
		},
		temporal.NewSearchAttributes(searchattr.CampaignID.ValueSet(c.plan.ID)))
	c.groups = groups
	return err
}

func (c *campaignRun) owner() string { return CampaignWorkflowID(c.plan.ID) }

// setPhase records a new phase everywhere an operator looks: the search attribute, the
// database, the current details.
func (c *campaignRun) setPhase(ctx workflow.Context, p campaign.Phase) error {
	first := c.phase == campaign.PhaseScheduled && p == campaign.PhaseScheduled
	if c.phase == p && !first {
		return nil
	}
	c.phase = p
	c.log.Info("phase", "phase", p)
	if err := workflow.UpsertTypedSearchAttributes(ctx, searchattr.CampaignID.ValueSet(c.plan.ID), searchattr.Phase.ValueSet(string(p))); err != nil {
		return err
	}
	if p != campaign.PhaseScheduled {
		actx := withWrites(ctx)
		if err := workflow.ExecuteActivity(actx, acts.SetPhase, activities.PhaseInput{CampaignID: c.plan.ID, Phase: p}).Get(ctx, nil); err != nil {
			return err
		}
		if err := workflow.ExecuteActivity(actx, acts.Counts, activities.CountsInput{CampaignID: c.plan.ID}).Get(ctx, &c.sup.counts); err != nil {
			return err
		}
	}
	c.details(ctx)
	return nil
}

// when is a moment of the campaign, to be shown in its time zone.
func (c *campaignRun) when(t time.Time) msg.At { return msg.At{T: t, TZ: c.plan.Timezone} }

func (c *campaignRun) allSettled() bool { return len(c.settled) == len(c.groups) }

func (c *campaignRun) vetoList() []VetoView {
	units := workflow.DeterministicKeys(c.vetoed)
	out := make([]VetoView, len(units))
	for i, u := range units {
		out[i] = VetoView{Unit: u, Reason: c.vetoed[u]}
	}
	return out
}

func (c *campaignRun) status() CampaignStatus {
	return CampaignStatus{
		ID: c.plan.ID, Title: c.plan.Title, Phase: c.phase, PhaseName: campaign.PhaseNames[c.phase], Timeline: c.tl,
		Timezone: c.plan.Timezone, Next: c.next, Counts: c.sup.counts, Groups: len(c.groups), GroupsSettled: len(c.settled),
		PendingTie: c.tie.pending, Proposed: slices.Clone(c.naming.proposed), NoticeID: c.noticeID(), Removed: slices.Clone(c.naming.removed),
		Outcomes: c.naming.outcomes, Vetoed: c.vetoList(), Waiting: c.shown.now,
		Excluded: slices.Clone(c.dec.excluded), Returned: slices.Clone(c.dec.returned), Decision: c.dec.decision,
	}
}

func (c *campaignRun) noticeID() string { return NoticeWorkflowID(CampaignWorkflowID(c.plan.ID)) }

// details keeps the Web UI saying, at a glance, what the campaign is, where it stands and
// what it waits for.
func (c *campaignRun) details(ctx workflow.Context) {
	zh := msg.For(msg.Chinese)
	n := c.sup.counts
	c.shown.now = c.waiting(workflow.Now(ctx))
	text := zh.Render(msg.Say("details.campaign", "Title", c.plan.Title, "ID", c.plan.ID, "Phase", string(c.phase)))
	text += "\n\n" + zh.Render(msg.Say("details.waiting_for", "Who", c.shown.now.Who.String(), "Since", c.when(c.shown.now.Since)))
	if !c.shown.now.OverdueSince.IsZero() {
		text += "\n\n" + zh.Render(msg.Say("details.overdue", "Since", c.when(c.shown.now.OverdueSince)))
	}
	if c.next.ID != "" {
		text += "\n\n" + zh.Render(msg.Say("details.waiting", "What", c.next.String()))
	}
	text += "\n\n" + zh.Render(msg.Say("details.campaign.counts", "Units", len(c.plan.Units), "SelfChecked", n.SelfChecked,
		"Declared", n.Declared, "Inspected", n.Inspected, "Open", n.OpenRectifications, "Overdue", n.OverdueTasks, "Vetoed", len(c.vetoed)))
	if c.naming.outcomes != nil {
		o := c.naming.outcomes
		text += "\n\n" + zh.Render(msg.Say("details.campaign.outcomes", "Named", o["named"], "NotSelected", o["not_selected"],
			"Below", o["below_line"], "NotDeclared", o["not_declared"], "NotInspected", o["not_inspected"], "Vetoed", o["vetoed"], "Removed", o["removed_by_objection"], "Revoked", o["revoked"]))
	}
	workflow.SetCurrentDetails(ctx, text)
}
