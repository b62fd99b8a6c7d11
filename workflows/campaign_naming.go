package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/workflows/searchattr"
)

// Naming (确定命名): the public notice of the proposed list, the naming itself, and the
// management period after it.

// publicNotice publishes the proposed list for the notice period in a child workflow. The
// phase says "notice" once the notice is there to take objections.
func (c *campaignRun) publicNotice(ctx workflow.Context) error {
	if len(c.listed()) == 0 {
		c.log.Info("nobody is proposed: no public notice")
		return c.setPhase(ctx, campaign.PhaseNotice)
	}
	c.next = msg.Say("next.notice")
	in := NoticeInput{
		NoticeID: c.noticeID(), Subject: CampaignWorkflowID(c.plan.ID), Title: c.plan.Title + " 拟命名名单",
		Entries: c.listed(), Length: c.tl.NoticeLength, Contact: c.plan.NoticeContact,
		RemindEvery: c.tl.ProgressEvery, Timezone: c.plan.Timezone,
	}
	switch { // since waitsOnlyRemind objections wait for their decision, however late
	case c.waitsEnd:
		in.DecideWithin = c.plan.Waits.Objections
	case c.waitsOverdue:
		in.OverdueAfter = c.plan.Waits.Objections
	}
	res, err := runNotice(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            c.noticeID(),
		StaticSummary:         "公示: " + c.plan.Title,
		TypedSearchAttributes: temporal.NewSearchAttributes(searchattr.CampaignID.ValueSet(c.plan.ID), searchattr.Phase.ValueSet(string(campaign.PhaseNotice))),
	}, in, func() error { return c.setPhase(ctx, campaign.PhaseNotice) })
	c.naming.removed = res.Removed
	for _, u := range res.Withheld {
		c.naming.withheld = append(c.naming.withheld, activities.UnitReason{Unit: u, Reason: msg.Say("reason.objection_lapsed").String()})
	}
	return err
}

// name confers the titles, writes every unit's result, and ends the units' parts.
func (c *campaignRun) name(ctx workflow.Context) error {
	var res activities.NameResult
	in := activities.NameInput{CampaignID: c.plan.ID, Removed: c.naming.removed, At: workflow.Now(ctx), Excluded: c.dec.excluded, Withheld: c.withheld(),
		People: c.plan.Nominating != nil}
	if d := c.dec.decision; d != nil {
		in.Struck, in.Document = converted(d.Strike, func(s NameStruck) activities.UnitReason { return activities.UnitReason(s) }), d.Document
		in.On = decisionDay(d.On)
	}
	if c.plan.Confers != nil {
		in.Confers, in.Body = c.plan.Confers, c.plan.Title
		if c.plan.Decision != nil {
			in.Body = c.plan.Decision.DecidingBody
		}
	}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.Name, in).Get(ctx, &res); err != nil {
		return err
	}
	c.naming.outcomes, c.naming.named, c.naming.titles = res.Outcomes, true, res.Titles
	if c.naming.outcomes == nil {
		c.naming.outcomes = map[string]int{}
	}
	if err := closeGroups(ctx, c.owner(), c.groups); err != nil {
		return err
	}
	return c.setPhase(ctx, campaign.PhaseConsolidate)
}

// decisionDay is the day of the deciding body's decision (checked when it was taken), as a date.
func decisionDay(on string) time.Time {
	d, _ := time.Parse(time.DateOnly, on)
	return d
}

// consolidate keeps the campaign open for the management period: a veto revokes a title.
func (c *campaignRun) consolidate(ctx workflow.Context) error {
	until := workflow.Now(ctx).Add(c.tl.Consolidate)
	c.next = msg.Say("next.campaign.consolidate", "Until", c.when(until))
	c.details(ctx)
	if err := workflow.NewTimerWithOptions(ctx, c.tl.Consolidate, workflow.TimerOptions{Summary: msg.Say("timer.consolidate").String()}).Get(ctx, nil); err != nil {
		return err
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	c.next = msg.Text{}
	return c.setPhase(ctx, campaign.PhaseClosed)
}
