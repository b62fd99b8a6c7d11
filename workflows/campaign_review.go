package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/rank"
	"wenming/searchattr"
)

// review ranks the candidates under the quota until no tie at the cut is left undecided.
// A veto during the review changes the candidates, so the ranking runs again.
func (c *campaignRun) review(ctx workflow.Context) error {
	if err := c.setPhase(ctx, campaign.PhaseReview); err != nil {
		return err
	}
	rankOnce := func(decisions []rank.Decision) (*rank.Tie, error) {
		var res activities.ReviewResult
		if err := workflow.ExecuteActivity(withWrites(ctx), acts.Review, activities.ReviewInput{
			CampaignID: c.plan.ID, Quota: c.plan.Quota, Decisions: decisions, At: workflow.Now(ctx), RankBy: c.plan.RankBy,
			People: c.plan.Nominating != nil,
		}).Get(ctx, &res); err != nil {
			return nil, err
		}
		c.proposed = res.Proposed
		if res.Pending == nil {
			c.log.Info("review done", "candidates", res.Candidates, "proposed", len(res.Proposed))
		}
		return res.Pending, nil
	}
	return c.tie.rankUntilDecided(ctx, rankOnce, func(ctx workflow.Context, t *rank.Tie) error {
		c.next = msg.Say("next.campaign.tie", "Tied", t.Units, "Total", t.Total, "Slots", t.Slots)
		c.details(ctx)
		// A reminder on the progress cadence while the office has not decided.
		c.changed = false
		lapsed, err := c.awaitPerson(ctx, func(w *campaign.WaitLimits) time.Duration { return w.Tie }, "timer.tie_reminder",
			func() bool { return c.changed }, nil)
		if err != nil || !lapsed {
			return err
		}
		return c.lapseTie(ctx, t)
	})
}

// awaitPerson waits until done, reminding on the progress cadence (reminded runs at each
// reminder). Where this run keeps to the plan's limits on waiting for people (office-waits-end)
// it gives up once the plan's time for it has passed, and says it lapsed.
func (c *campaignRun) awaitPerson(ctx workflow.Context, limit func(*campaign.WaitLimits) time.Duration, reminder string,
	done func() bool, reminded func()) (lapsed bool, err error) {
	var lapseAt time.Time
	if c.waitsEnd {
		lapseAt = workflow.Now(ctx).Add(limit(c.plan.Waits))
	}
	for !done() {
		wait := c.tl.ProgressEvery
		if c.waitsEnd {
			left := lapseAt.Sub(workflow.Now(ctx))
			if left <= 0 {
				return true, nil
			}
			wait = min(wait, left)
		}
		ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout:      wait,
			TimerOptions: workflow.TimerOptions{Summary: msg.Say(reminder).String()},
		}, done)
		if err != nil {
			return false, err
		}
		if !ok && reminded != nil {
			reminded()
		}
	}
	return false, nil
}

// lapseTie records, for the system, that nobody decided the tie in the plan's time: none of the
// tied is selected and their places stay empty.
func (c *campaignRun) lapseTie(ctx workflow.Context, t *rank.Tie) error {
	d := rank.Decision{Tie: t.Key(), Lapsed: true}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: c.plan.ID, SubmissionID: "tie-lapsed-" + t.Key(), Kind: "tie", Detail: d, By: "system", At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return err
	}
	c.log.Warn("the tie at the cut was not decided in time: its places stay empty", "tied", t.Units)
	c.tie.decisions = append(c.tie.decisions, d)
	c.tie.pending = nil
	return nil
}

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
	if c.waitsEnd {
		in.DecideWithin = c.plan.Waits.Objections
	}
	res, err := runNotice(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            c.noticeID(),
		StaticSummary:         "公示: " + c.plan.Title,
		TypedSearchAttributes: temporal.NewSearchAttributes(searchattr.CampaignID.ValueSet(c.plan.ID), searchattr.Phase.ValueSet(string(campaign.PhaseNotice))),
	}, in, func() error { return c.setPhase(ctx, campaign.PhaseNotice) })
	c.removed = res.Removed
	for _, u := range res.Withheld {
		c.withheld = append(c.withheld, activities.UnitReason{Unit: u, Reason: msg.Say("reason.objection_lapsed").String()})
	}
	return err
}

// name confers the titles, writes every unit's result, and ends the units' parts.
func (c *campaignRun) name(ctx workflow.Context) error {
	var res activities.NameResult
	in := activities.NameInput{CampaignID: c.plan.ID, Removed: c.removed, At: workflow.Now(ctx), Excluded: c.dec.excluded, Withheld: c.withheld,
		People: c.plan.Nominating != nil}
	if d := c.dec.decision; d != nil {
		in.Struck, in.Document = d.Strike, d.Document
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
	c.outcomes, c.named, c.titles = res.Outcomes, true, res.Titles
	if c.outcomes == nil {
		c.outcomes = map[string]int{}
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
