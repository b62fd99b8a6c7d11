package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/rank"
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
		c.naming.proposed = res.Proposed
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
		lapsed, err := c.awaitPerson(ctx, personWait{kind: "tie",
			dueAt: c.planDue(ctx, func(w *campaign.WaitLimits) time.Duration { return w.Tie }), timer: "timer.tie_reminder",
			done: func() bool { return c.changed },
			remind: func(since time.Time) msg.Text {
				return msg.Say("reminder.overdue.tie", "Campaign", c.plan.ID, "Tied", t.Units, "Since", c.when(since))
			}})
		if err != nil || !lapsed {
			return err
		}
		return c.lapseTie(ctx, t)
	})
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
