package workflows

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/timeline"
	"wenming/zones"
)

// maxDocumentChars bounds a document number (e.g. 市文明办〔2027〕12号).
const maxDocumentChars = 64

// deciding is where the deciding steps stand.
type deciding struct {
	consultBy time.Time
	closed    bool                    // the consultation is over: no more opinions
	opinions  map[string]string       // unit -> "" (no objection) or the reason to exclude; looked up only
	excluded  []activities.UnitReason // in unit order
	decision  *DecideRequest          // the deciding body's, once taken
	lapsed    bool                    // the deciding body's time ran out undecided
	// waitsForAll: the consultation waits for every opinion however late (consultWaits), until
	// an administrator proceeds without the missing ones.
	waitsForAll bool
	audited     bool                    // the office has audited the list (officeAudit)
	returned    []activities.UnitReason // the names it returned, in unit order
}

// consult asks the discipline committee for its opinion on every proposed unit (征求纪工委意见);
// an excluded unit leaves the list and its place stays empty. The committee's time is the
// plan's: once it has passed the consultation is overdue and goes on, reminding, until every
// opinion is in or an administrator proceeds without the missing ones, with a reason
// (campaign proceed). A run begun before consultWaits took silence for consent at the due time.
func (c *campaignRun) consult(ctx workflow.Context) error {
	steps := c.plan.Decision
	if len(c.naming.proposed) == 0 {
		return nil
	}
	c.dec.opinions = map[string]string{}
	c.dec.consultBy = workflow.Now(ctx).Add(steps.ConsultWithin)
	if err := c.setPhase(ctx, campaign.PhaseConsult); err != nil {
		return err
	}
	c.next = msg.Say("next.campaign.consult", "Body", steps.ConsultBody, "At", c.when(c.dec.consultBy))
	c.details(ctx)
	answered := func() bool { return len(c.dec.opinions) == len(c.naming.proposed) }
	c.dec.waitsForAll = workflow.GetVersion(ctx, consultWaits, workflow.DefaultVersion, 1) >= 1
	if err := c.awaitOpinions(ctx, answered); err != nil {
		return err
	}
	// No opinion is taken from now on; one being recorded finishes first.
	c.dec.closed = true
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	if !c.dec.waitsForAll {
		if err := c.deemSilentConsenting(ctx); err != nil {
			return err
		}
	}
	for _, u := range c.naming.proposed {
		if why := c.dec.opinions[u]; why != "" {
			c.dec.excluded = append(c.dec.excluded, activities.UnitReason{Unit: u, Reason: why})
		}
	}
	c.log.Info("consultation done", "excluded", len(c.dec.excluded))
	return nil
}

// awaitOpinions waits for the committee: for every opinion, reminding and overdue once its
// time has passed, until an administrator proceeds; in a run begun before consultWaits, until
// its time was up.
func (c *campaignRun) awaitOpinions(ctx workflow.Context, answered func() bool) error {
	if !c.dec.waitsForAll {
		_, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout:      c.plan.Decision.ConsultWithin,
			TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.consult_due", "At", c.when(c.dec.consultBy)).String()},
		}, answered)
		return err
	}
	c.details(ctx)
	_, err := c.awaitPerson(ctx, personWait{kind: "consult", dueAt: c.dec.consultBy, timer: "timer.consult_reminder", done: answered,
		remind: func(since time.Time) msg.Text {
			return msg.Say("reminder.overdue.consult", "Campaign", c.plan.ID, "Body", c.plan.Decision.ConsultBody, "Units", c.silent(), "Since", c.when(since))
		}})
	// lapsed only in a run at waitsLapse that reached the time before lapsesNoMore (the build of
	// consult-waits asked it of the consultation too): its consultation ended at its time, the
	// silent units on the list without an opinion, as it ran then.
	return err
}

// consultWaits is the change that stops the committee's silence counting as consent: the plans
// leave that to people, so the consultation waits, overdue, for the opinions or an
// administrator's decision to proceed.
const consultWaits = "consult-waits"

// deemSilentConsenting is the consultation of runs begun before consultWaits: a unit without an
// opinion when the time is up was deemed not objected to, by the system.
func (c *campaignRun) deemSilentConsenting(ctx workflow.Context) error {
	silent := c.silent()
	if len(silent) == 0 {
		return nil
	}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: c.plan.ID, SubmissionID: "consultation-deemed", Kind: "opinion",
		Detail: map[string]any{"units": silent, "deemed": "逾期未反馈，视为无意见"}, By: "system", At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return err
	}
	for _, u := range silent {
		c.dec.opinions[u] = ""
	}
	return nil
}

// silent are the proposed units the committee has not given its opinion on, in list order.
func (c *campaignRun) silent() []string {
	var out []string
	for _, u := range c.naming.proposed {
		if _, ok := c.dec.opinions[u]; !ok {
			out = append(out, u)
		}
	}
	return out
}

// listed is the proposed list as the notice publishes it: without the units the committee
// excluded or the office returned at its audit.
func (c *campaignRun) listed() []string {
	var out []string
	for _, u := range c.naming.proposed {
		if !c.isExcluded(u) && !c.isReturned(u) {
			out = append(out, u)
		}
	}
	return out
}

func (c *campaignRun) isExcluded(unit string) bool {
	return slices.ContainsFunc(c.dec.excluded, func(r activities.UnitReason) bool { return r.Unit == unit })
}

// decide waits for the deciding body's decision: nothing is named before it. The office is
// reminded on the progress cadence while it has not come.
func (c *campaignRun) decide(ctx workflow.Context) error {
	if err := c.setPhase(ctx, campaign.PhaseDecision); err != nil {
		return err
	}
	c.next = msg.Say("next.campaign.decision", "Body", c.plan.Decision.DecidingBody)
	c.details(ctx)
	lapsed, err := c.awaitPerson(ctx, personWait{kind: "decision",
		dueAt: c.planDue(ctx, func(w *campaign.WaitLimits) time.Duration { return w.Decision }), timer: "timer.decision_reminder",
		done: func() bool { return c.dec.decision != nil },
		remind: func(since time.Time) msg.Text {
			return msg.Say("reminder.overdue.decision", "Campaign", c.plan.ID, "Body", c.plan.Decision.DecidingBody, "Since", c.when(since))
		}})
	if err != nil || !lapsed {
		return err
	}
	return c.lapseDecision(ctx)
}

// lapseDecision: the deciding body has not decided in the plan's time. Nothing may be named
// without its decision (四.6), so nobody on the list is: each is recorded as not approved, with
// the reason, by the system.
func (c *campaignRun) lapseDecision(ctx workflow.Context) error {
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: c.plan.ID, SubmissionID: "naming-lapsed", Kind: "naming",
		Detail: map[string]any{"lapsed": true, "body": c.plan.Decision.DecidingBody}, By: "system", At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return err
	}
	c.dec.lapsed = true
	reason := msg.Say("reason.decision_lapsed", "Body", c.plan.Decision.DecidingBody).String()
	for _, u := range c.final() {
		c.naming.withheld = append(c.naming.withheld, activities.UnitReason{Unit: u, Reason: reason})
	}
	c.log.Warn("the deciding body did not decide in time: nobody is named", "listed", len(c.final()))
	return nil
}

// The opinions: one per proposed unit, while the consultation is open.

func (c *campaignRun) checkConsult(r ConsultRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	if !c.deciding {
		return invalid("refuse.consult.no_step", "Campaign", c.plan.ID)
	}
	if c.phase != campaign.PhaseConsult || c.dec.closed {
		return invalid("refuse.consult.not_now", "Campaign", c.plan.ID, "Phase", string(c.phase))
	}
	if !slices.Contains(c.naming.proposed, r.Unit) {
		return invalid("refuse.consult.not_proposed", "Unit", r.Unit, "Proposed", c.naming.proposed)
	}
	if _, ok := c.dec.opinions[r.Unit]; ok {
		return invalid("refuse.consult.already", "Unit", r.Unit)
	}
	if r.Exclude && strings.TrimSpace(r.Note) == "" {
		return invalid("refuse.consult.exclude_needs_note", "Unit", r.Unit)
	}
	return nil
}

func (c *campaignRun) consultOne(ctx workflow.Context, _ time.Time, r ConsultRequest) (Receipt, error) {
	opinion, why := "agree", ""
	if r.Exclude {
		opinion, why = "exclude", strings.TrimSpace(r.Note)
	}
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: c.plan.ID, SubmissionID: r.ID, Kind: "opinion",
		Detail: map[string]any{"unit": r.Unit, "opinion": opinion, "note": strings.TrimSpace(r.Note)}, By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	c.dec.opinions[r.Unit] = why
	if r.Exclude {
		return recorded(msg.Say("receipt.consult.exclude", "Unit", r.Unit, "Note", why)), nil
	}
	return recorded(msg.Say("receipt.consult.agree", "Unit", r.Unit, "Given", len(c.dec.opinions), "Proposed", len(c.naming.proposed))), nil
}

// The decision: once, after the notice, naming the document and striking names with reasons.

func (c *campaignRun) checkDecide(now time.Time, r DecideRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	if !c.deciding {
		return invalid("refuse.decide.no_step", "Campaign", c.plan.ID)
	}
	if c.dec.decision != nil {
		return invalid("refuse.decide.already", "Campaign", c.plan.ID, "Document", c.dec.decision.Document)
	}
	if c.dec.lapsed {
		return invalid("refuse.decide.lapsed", "Campaign", c.plan.ID, "Within", timeline.FormatDuration(c.plan.Waits.Decision))
	}
	if c.phase != campaign.PhaseDecision {
		return invalid("refuse.decide.not_now", "Campaign", c.plan.ID, "Phase", string(c.phase))
	}
	doc := strings.TrimSpace(r.Document)
	if doc == "" || utf8.RuneCountInString(doc) > maxDocumentChars {
		return invalid("refuse.decide.document", "Max", maxDocumentChars)
	}
	on, err := time.ParseInLocation(time.DateOnly, r.On, zones.Location(c.plan.Timezone))
	if err != nil {
		return invalid("refuse.decide.date", "On", r.On)
	}
	if on.After(now) {
		return invalid("refuse.decide.future", "On", r.On)
	}
	final := c.final()
	seen := map[string]bool{}
	for _, s := range r.Strike {
		switch {
		case !slices.Contains(final, s.Unit):
			return invalid("refuse.decide.strike_not_listed", "Unit", s.Unit, "Listed", final)
		case seen[s.Unit]:
			return invalid("refuse.decide.strike_twice", "Unit", s.Unit)
		case strings.TrimSpace(s.Reason) == "":
			return invalid("refuse.decide.strike_no_reason", "Unit", s.Unit)
		}
		seen[s.Unit] = true
	}
	return nil
}

// final is the list the deciding body decides on: proposed, not excluded, not removed by an
// upheld objection.
func (c *campaignRun) final() []string {
	var out []string
	for _, u := range c.listed() {
		if !slices.Contains(c.naming.removed, u) && !slices.ContainsFunc(c.naming.withheld, func(w activities.UnitReason) bool { return w.Unit == u }) {
			out = append(out, u)
		}
	}
	return out
}

func (c *campaignRun) decideNames(ctx workflow.Context, _ time.Time, r DecideRequest) (Receipt, error) {
	d := r
	d.Document = strings.TrimSpace(r.Document)
	d.Strike = slices.Clone(r.Strike)
	slices.SortFunc(d.Strike, func(a, b NameStruck) int { return strings.Compare(a.Unit, b.Unit) })
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: c.plan.ID, SubmissionID: r.ID, Kind: "naming",
		Detail: map[string]any{"document": d.Document, "on": d.On, "body": c.plan.Decision.DecidingBody, "strike": d.Strike},
		By:     r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	c.dec.decision = &d
	return recorded(msg.Say("receipt.decide", "Document", d.Document, "On", d.On,
		"Named", len(c.final())-len(d.Strike), "Struck", len(d.Strike))), nil
}
