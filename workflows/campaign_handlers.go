package workflows

import (
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/rank"
)

func (c *campaignRun) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (CampaignStatus, error) { return c.status(), nil }); err != nil {
		return err
	}
	// Until the standard is loaded, validators accept and the handler checks after waiting.
	loaded := func() bool { return c.loaded }
	if err := onSubmission(ctx, c.intake, UpdateVeto, loaded, anyTime(c.checkVeto), c.veto); err != nil {
		return err
	}
	if err := onSubmission(ctx, c.intake, UpdateResolveTie, loaded, anyTime(c.checkTie), c.resolveTie); err != nil {
		return err
	}
	if err := onSubmission(ctx, c.intake, UpdateConsult, loaded, anyTime(c.checkConsult), c.consultOne); err != nil {
		return err
	}
	if err := onSubmission(ctx, c.intake, UpdateProceed, loaded, c.checkProceed, c.proceedConsult); err != nil {
		return err
	}
	if err := onSubmission(ctx, c.intake, UpdateAudit, loaded, anyTime(c.checkAudit), c.auditList); err != nil {
		return err
	}
	if err := onSubmission(ctx, c.intake, UpdateDecide, loaded, c.checkDecide, c.decideNames); err != nil {
		return err
	}
	return onSubmission(ctx, c.intake, UpdateExtendDeadline, loaded, c.checkExtend, c.extend)
}

// Vetoes (一票否决): at any time after mobilization; after naming they revoke the title.

func (c *campaignRun) checkVeto(r VetoRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	switch c.phase {
	case campaign.PhaseScheduled:
		return invalid("refuse.campaign.not_mobilized", "Campaign", c.plan.ID, "Mobilize", c.when(c.tl.Mobilize))
	case campaign.PhaseClosed:
		return invalid("refuse.campaign.closed", "Campaign", c.plan.ID)
	}
	if !slices.Contains(c.plan.Units, r.Unit) {
		return invalid("refuse.campaign.not_taking_part", "Unit", r.Unit, "Campaign", c.plan.ID)
	}
	if c.std == nil {
		// Veto lists are a standard's; a campaign naming people has none.
		return invalid("refuse.veto.no_list", "Campaign", c.plan.ID)
	}
	v, ok := c.std.FindVeto(r.Reason)
	if !ok {
		return invalid("refuse.veto.unknown_reason", "Reason", r.Reason, "Standard", c.std.ID, "Reasons", c.std.VetoChoices())
	}
	if v.Open && strings.TrimSpace(r.Note) == "" {
		return invalid("refuse.veto.open_needs_note", "Text", v.Text)
	}
	if prev, ok := c.vetoed[r.Unit]; ok {
		return invalid("refuse.veto.already", "Unit", r.Unit, "Reason", prev)
	}
	if c.naming.named && c.naming.handsOver {
		// The titles are their own workflows' now: a veto goes to the title.
		return invalid("refuse.veto.to_title", "Unit", r.Unit, "Campaign", c.plan.ID)
	}
	if c.naming.named && !c.isNamed(r.Unit) {
		return invalid("refuse.veto.no_title", "Unit", r.Unit, "Campaign", c.plan.ID)
	}
	return nil
}

func (c *campaignRun) isNamed(unit string) bool {
	if !slices.Contains(c.final(), unit) {
		return false
	}
	d := c.dec.decision
	return d == nil || !slices.ContainsFunc(d.Strike, func(r NameStruck) bool { return r.Unit == unit })
}

func (c *campaignRun) veto(ctx workflow.Context, _ time.Time, r VetoRequest) (Receipt, error) {
	v, _ := c.std.FindVeto(r.Reason)
	text := v.Text
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordVeto, activities.Veto{
		Submission: activities.Submission{CampaignID: c.plan.ID, UnitID: r.Unit, SubmissionID: r.ID, By: r.By, At: workflow.Now(ctx)},
		VetoID:     r.Reason, VetoText: text, Note: r.Note, Phase: string(c.phase), AfterNaming: c.naming.named,
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	c.vetoed[r.Unit] = r.Reason
	if c.naming.named {
		c.naming.outcomes["named"]--
		c.naming.outcomes["revoked"]++
		return recorded(msg.Say("receipt.veto.revoked", "Unit", r.Unit, "Reason", text)), nil
	}
	// The unit stops taking submissions at once; if its workflow has ended, the
	// recorded veto is what counts.
	if err := workflow.SignalExternalWorkflow(ctx, UnitWorkflowID(c.plan.ID, r.Unit), "", SignalVeto, VetoSignal{VetoID: r.Reason}).Get(ctx, nil); err != nil {
		c.log.Warn("could not tell the unit of its veto", "unit", r.Unit, "error", err)
	}
	return recorded(msg.Say("receipt.veto.out", "Unit", r.Unit, "Reason", text, "Campaign", c.plan.ID)), nil
}

// Ties at the cut: only an administrator's explicit decision resolves them.

func (c *campaignRun) checkTie(r TieRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	return c.tie.check(r, func() error {
		return invalid("refuse.tie.none_in_campaign", "Campaign", c.plan.ID, "Phase", string(c.phase))
	})
}

func (c *campaignRun) resolveTie(ctx workflow.Context, _ time.Time, r TieRequest) (Receipt, error) {
	if err := c.tie.resolve(r, func(d rank.Decision) error {
		return workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDecision, activities.Decision{
			CampaignID: c.plan.ID, SubmissionID: r.ID, Kind: "tie", Detail: d, By: r.By, At: workflow.Now(ctx),
		}).Get(ctx, nil)
	}); err != nil {
		return Receipt{}, err
	}
	return recorded(msg.Say("receipt.tie.campaign", "Include", r.Include)), nil
}

// Deadline extensions: a boundary not yet passed moves later, and every timer follows.

func (c *campaignRun) checkExtend(now time.Time, r ExtendRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	current, ok := c.tl.At(r.Boundary)
	if !ok {
		return invalid("refuse.extend.unknown_boundary", "Boundary", r.Boundary, "Boundaries", boundaryNames())
	}
	if c.phase == campaign.PhaseReview || c.naming.named || c.phase == campaign.PhaseNotice || c.phase == campaign.PhaseClosed ||
		c.extendUntilReview && slices.Contains([]campaign.Phase{campaign.PhaseConsult, campaign.PhaseAudit, campaign.PhaseDecision}, c.phase) {
		return invalid("refuse.extend.past_acceptance", "Campaign", c.plan.ID, "Phase", string(c.phase))
	}
	if !now.Before(current) {
		// A passed deadline that ended units' waits may reopen them, for a stated reason.
		if r.Boundary != campaign.BoundaryDeclareBy && r.Boundary != campaign.BoundaryAcceptBy {
			return invalid("refuse.extend.passed", "Boundary", r.Boundary, "At", c.when(current))
		}
		if strings.TrimSpace(r.Reason) == "" {
			return invalid("refuse.extend.passed_no_reason", "Boundary", r.Boundary, "At", c.when(current))
		}
		if !r.To.After(now) {
			return invalid("refuse.extend.still_passed", "Boundary", r.Boundary, "To", c.when(r.To))
		}
	}
	if !r.To.After(current) {
		return invalid("refuse.extend.not_later", "Boundary", r.Boundary, "At", c.when(current), "To", c.when(r.To))
	}
	if !c.tl.With(r.Boundary, r.To).Ordered() {
		return invalid("refuse.extend.out_of_order", "Boundary", r.Boundary, "To", c.when(r.To))
	}
	return nil
}

func (c *campaignRun) extend(ctx workflow.Context, _ time.Time, r ExtendRequest) (Receipt, error) {
	from, _ := c.tl.At(r.Boundary)
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: c.plan.ID, SubmissionID: r.ID, Kind: "extend",
		Detail: extendDetail(r, from), By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	c.tl = c.tl.With(r.Boundary, r.To)
	// Every unit's timers follow: the groups pass the new timeline on.
	for g := range c.groups {
		if err := workflow.SignalExternalWorkflow(ctx, GroupWorkflowID(c.owner(), g), "", SignalExtend, c.tl).Get(ctx, nil); err != nil {
			return Receipt{}, err
		}
	}
	return recorded(msg.Say("receipt.extend", "Boundary", r.Boundary, "From", c.when(from), "To", c.when(r.To))), nil
}

// extendDetail is what the audit keeps of an extension: the reason only when one was given,
// so that extensions recorded before reasons existed keep their shape.
func extendDetail(r ExtendRequest, from time.Time) map[string]any {
	d := map[string]any{"boundary": r.Boundary, "from": from, "to": r.To}
	if r.Reason != "" {
		d["reason"] = r.Reason
	}
	return d
}

func boundaryNames() []string {
	names := make([]string, len(campaign.Boundaries))
	for i, b := range campaign.Boundaries {
		names[i] = string(b)
	}
	return names
}
