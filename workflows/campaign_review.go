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
		lapsed, err := c.awaitPerson(ctx, c.planDue(ctx, func(w *campaign.WaitLimits) time.Duration { return w.Tie }), "timer.tie_reminder",
			func() bool { return c.changed }, nil)
		if err != nil || !lapsed {
			return err
		}
		return c.lapseTie(ctx, t)
	})
}

// planDue is when a wait that begins now is due by the plan's limit for it (office-waits-end),
// or zero where the plan sets none or the run began before the change.
func (c *campaignRun) planDue(ctx workflow.Context, limit func(*campaign.WaitLimits) time.Duration) time.Time {
	if c.waitsEnd || c.waitsOverdue {
		return workflow.Now(ctx).Add(limit(c.plan.Waits))
	}
	return time.Time{}
}

// awaitPerson waits until done, reminding on the progress cadence (reminded runs at each
// reminder). Once dueAt (if set) has passed the wait is overdue from then on and goes on,
// reminding, for as long as it takes. Only a run begun at waitsLapse, which reached its due time
// before lapsesNoMore, gave up then and says it lapsed.
func (c *campaignRun) awaitPerson(ctx workflow.Context, dueAt time.Time, reminder string,
	done func() bool, reminded func()) (lapsed bool, err error) {
	defer func() {
		if !c.overdueSince.IsZero() { // no longer overdue: the status and the details say so at once
			c.overdueSince = time.Time{}
			c.details(ctx)
		}
	}()
	for !done() {
		wait := c.tl.ProgressEvery
		if !dueAt.IsZero() && c.overdueSince.IsZero() {
			left := dueAt.Sub(workflow.Now(ctx))
			switch {
			case left > 0:
				wait = min(wait, left)
			case c.waitsEnd && workflow.GetVersion(ctx, lapsesNoMore, workflow.DefaultVersion, 1) == workflow.DefaultVersion:
				return true, nil
			default:
				c.overdueSince = dueAt
				c.log.Warn("a wait for people is overdue: still waiting, reminding", "due", dueAt, "reminder", reminder)
				c.details(ctx)
			}
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

// lapsesNoMore is the change that stops a run begun at waitsLapse from lapsing: from this build
// on, a wait that reaches its due time in such a run is overdue, as in a run begun later. The
// runs that lapsed before it replay as they ran.
const lapsesNoMore = "lapses-no-more"

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
