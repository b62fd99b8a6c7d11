package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/rules/campaign"
	"wenming/rules/rank"
)

func (c *campaignRun) register(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (CampaignStatus, error) { return c.status(), nil }); err != nil {
		return err
	}
	ready := func(check func() error) error {
		if !c.loaded {
			return nil // the handler checks once the standard is loaded
		}
		return check()
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateVeto, c.veto, workflow.UpdateHandlerOptions{
		Validator: func(ctx workflow.Context, r VetoRequest) error { return ready(func() error { return c.checkVeto(r) }) },
	}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateResolveTie, c.resolveTie, workflow.UpdateHandlerOptions{
		Validator: func(ctx workflow.Context, r TieRequest) error { return ready(func() error { return c.checkTie(r) }) },
	}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateExtendDeadline, c.extend, workflow.UpdateHandlerOptions{
		Validator: func(ctx workflow.Context, r ExtendRequest) error {
			return ready(func() error { return c.checkExtend(workflow.Now(ctx), r) })
		},
	})
}

// Vetoes (一票否决): at any time after mobilization; after naming they revoke the title.

func (c *campaignRun) checkVeto(r VetoRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	switch c.phase {
	case campaign.PhaseScheduled:
		return invalid("campaign %s has not been mobilized yet (%s)", c.plan.ID, c.at(c.tl.Mobilize))
	case campaign.PhaseClosed:
		return invalid("campaign %s is closed", c.plan.ID)
	}
	if !slices.Contains(c.plan.Units, r.Unit) {
		return invalid("%s does not take part in campaign %s", r.Unit, c.plan.ID)
	}
	if !c.std.HasVeto(r.Reason) {
		return invalid("%q is not on the veto list of standard %s (%s)", r.Reason, c.std.ID, strings.Join(c.std.VetoIDs(), ", "))
	}
	if prev, ok := c.vetoed[r.Unit]; ok {
		return invalid("%s was already vetoed (%s)", r.Unit, prev)
	}
	if c.named && !c.isNamed(r.Unit) {
		return invalid("%s holds no title from campaign %s to revoke", r.Unit, c.plan.ID)
	}
	return nil
}

func (c *campaignRun) isNamed(unit string) bool {
	return slices.Contains(c.proposed, unit) && !slices.Contains(c.removed, unit)
}

func (c *campaignRun) veto(ctx workflow.Context, r VetoRequest) (Receipt, error) {
	return c.intake.take(ctx, r.Submission, func() (Receipt, error) {
		if err := c.checkVeto(r); err != nil {
			return Receipt{}, err
		}
		text := r.Reason
		for _, v := range c.std.Veto {
			if v.ID == r.Reason {
				text = v.Text
			}
		}
		var a *activities.Activities
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), a.RecordVeto, activities.Veto{
			Submission: activities.Submission{CampaignID: c.plan.ID, UnitID: r.Unit, SubmissionID: r.ID, By: r.By, At: workflow.Now(ctx)},
			VetoID:     r.Reason, VetoText: text, Note: r.Note, Phase: string(c.phase), AfterNaming: c.named,
		}).Get(ctx, nil); err != nil {
			return Receipt{}, err
		}
		c.vetoed[r.Unit] = r.Reason
		if c.named {
			c.outcomes["named"]--
			c.outcomes["revoked"]++
			return Receipt{Message: fmt.Sprintf("the title of %s is revoked (撤销): %s", r.Unit, text)}, nil
		}
		// The unit stops taking submissions at once; if its workflow has ended, the
		// recorded veto is what counts.
		if err := workflow.SignalExternalWorkflow(ctx, UnitWorkflowID(c.plan.ID, r.Unit), "", SignalVeto, VetoSignal{VetoID: r.Reason}).Get(ctx, nil); err != nil {
			c.log.Warn("could not tell the unit of its veto", "unit", r.Unit, "error", err)
		}
		return Receipt{Message: fmt.Sprintf("%s is vetoed (一票否决: %s) and out of campaign %s", r.Unit, text, c.plan.ID)}, nil
	})
}

// Ties at the cut: only an administrator's explicit decision resolves them.

func (c *campaignRun) checkTie(r TieRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	return c.tie.check(r, func() error { return invalid("campaign %s has no tie to resolve (phase %s)", c.plan.ID, c.phase) })
}

func (c *campaignRun) resolveTie(ctx workflow.Context, r TieRequest) (Receipt, error) {
	return c.intake.take(ctx, r.Submission, func() (Receipt, error) {
		var a *activities.Activities
		if err := c.tie.resolve(r, func() error { return c.checkTie(r) }, func(d rank.Decision) error {
			return workflow.ExecuteActivity(withAnswerWrites(ctx), a.RecordDecision, activities.Decision{
				CampaignID: c.plan.ID, SubmissionID: r.ID, Kind: "tie", Detail: d, By: r.By, At: workflow.Now(ctx),
			}).Get(ctx, nil)
		}); err != nil {
			return Receipt{}, err
		}
		return Receipt{Message: fmt.Sprintf("tie resolved: %s proposed", strings.Join(r.Include, ", "))}, nil
	})
}

// Deadline extensions: a boundary not yet passed moves later, and every timer follows.

func (c *campaignRun) checkExtend(now time.Time, r ExtendRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	current, ok := c.tl.At(r.Boundary)
	if !ok {
		return invalid("%q is not a boundary; use one of %v", r.Boundary, campaign.Boundaries)
	}
	if c.phase == campaign.PhaseReview || c.named || c.phase == campaign.PhaseNotice || c.phase == campaign.PhaseClosed {
		return invalid("campaign %s is past acceptance (phase %s): deadlines can no longer move", c.plan.ID, c.phase)
	}
	if !now.Before(current) {
		return invalid("%s already passed at %s", r.Boundary, c.at(current))
	}
	if !r.To.After(current) {
		return invalid("%s is at %s; an extension moves it later, not to %s", r.Boundary, c.at(current), c.at(r.To))
	}
	if !c.tl.With(r.Boundary, r.To).Ordered() {
		return invalid("moving %s to %s would put it after a later boundary; extend that one first", r.Boundary, c.at(r.To))
	}
	return nil
}

func (c *campaignRun) extend(ctx workflow.Context, r ExtendRequest) (Receipt, error) {
	return c.intake.take(ctx, r.Submission, func() (Receipt, error) {
		if err := c.checkExtend(workflow.Now(ctx), r); err != nil {
			return Receipt{}, err
		}
		from, _ := c.tl.At(r.Boundary)
		var a *activities.Activities
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), a.RecordDecision, activities.Decision{
			CampaignID: c.plan.ID, SubmissionID: r.ID, Kind: "extend",
			Detail: map[string]any{"boundary": r.Boundary, "from": from, "to": r.To}, By: r.By, At: workflow.Now(ctx),
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
		return Receipt{Message: fmt.Sprintf("%s moved from %s to %s", r.Boundary, c.at(from), c.at(r.To))}, nil
	})
}
