package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
)

// personWait is a wait for people the campaign cannot decide for: a tie for the office, the
// discipline committee's opinions, the deciding body's decision. It ends when they act; once
// its time has passed it is overdue, and they are reminded on the progress cadence.
type personWait struct {
	kind   string      // tie, consult or decision: the reminder's kind is overdue-<kind>
	dueAt  time.Time   // when the plan's time for it passes; zero where the run sets none
	timer  string      // the catalogue id naming the reminder timer in the Web UI
	done   func() bool // whether the people have acted
	remind func(since time.Time) msg.Text
}

// planDue is when a wait that begins now is due by the plan's limit for it (office-waits-end),
// or zero where the plan sets none or the run began before the change.
func (c *campaignRun) planDue(ctx workflow.Context, limit func(*campaign.WaitLimits) time.Duration) time.Time {
	if c.waitsEnd || c.waitsOverdue {
		return workflow.Now(ctx).Add(limit(c.plan.Waits))
	}
	return time.Time{}
}

// awaitPerson waits until the people act. Once the wait's time has passed it is overdue from
// then on: shown in the status and the details, and (since overdueReminders) written to the
// office's outbox at once and again on every progress check, for as long as it takes. Only a run
// begun at waitsLapse whose wait reached its time before lapsesNoMore gave up then: lapsed.
func (c *campaignRun) awaitPerson(ctx workflow.Context, w personWait) (lapsed bool, err error) {
	defer func() {
		if !c.overdueSince.IsZero() { // no longer overdue: the status, the details and the search attribute say so at once
			c.overdueSince = time.Time{}
			c.details(ctx)
			if c.overdueShown && err == nil {
				c.overdueShown = false
				_, err = showOverdue(ctx, time.Time{})
			}
		}
	}()
	for !w.done() {
		wait := c.tl.ProgressEvery
		if !w.dueAt.IsZero() && c.overdueSince.IsZero() {
			left := w.dueAt.Sub(workflow.Now(ctx))
			switch {
			case left > 0:
				wait = min(wait, left)
			case c.waitsEnd && c.consultLapsedThen(ctx, w) && c.lapsesStill(ctx):
				return true, nil
			default:
				c.overdueSince = w.dueAt
				c.details(ctx)
				if c.overdueShown, err = showOverdue(ctx, c.overdueSince); err != nil {
					return false, err
				}
				if err := c.remindOverdue(ctx, w); err != nil {
					return false, err
				}
			}
		}
		ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout:      wait,
			TimerOptions: workflow.TimerOptions{Summary: msg.Say(w.timer).String()},
		}, w.done)
		if err != nil {
			return false, err
		}
		if !ok && !c.overdueSince.IsZero() {
			if err := c.remindOverdue(ctx, w); err != nil {
				return false, err
			}
		}
	}
	return false, nil
}

// lapsesNoMore is the change that stops a run begun at waitsLapse from lapsing: from this build
// on, a wait that reaches its time in such a run is overdue, as in a run begun later. The runs
// that lapsed before it replay as they ran. Each wait that reaches its time asks anew (the
// first as lapses-no-more, the n-th as lapses-no-more/n): a run that lapsed one wait before
// the change still stops lapsing at the next.
const lapsesNoMore = "lapses-no-more"

// lapsesStill says whether this wait, reaching its time in a run at waitsLapse, lapses: only
// where the run reached it before lapsesNoMore. Once a run has stopped lapsing it never
// lapses again.
func (c *campaignRun) lapsesStill(ctx workflow.Context) bool {
	if c.lapses.stopped {
		return false
	}
	c.lapses.reached++
	id := lapsesNoMore
	if c.lapses.reached > 1 {
		id = fmt.Sprintf("%s/%d", lapsesNoMore, c.lapses.reached)
	}
	c.lapses.stopped = workflow.GetVersion(ctx, id, workflow.DefaultVersion, 1) >= 1
	return !c.lapses.stopped
}

// consultLapsedThen says whether a consultation of a run at waitsLapse that reaches its time
// may have lapsed when it ran: on the build of consult-waits it did (it asked lapsesNoMore, as
// any wait); the builds from overdueReminders on never let it lapse, and they asked
// overdueReminders as it went overdue, in the same workflow task: that marker tells them apart.
// Other waits are not concerned.
func (c *campaignRun) consultLapsedThen(ctx workflow.Context, w personWait) bool {
	return w.kind != "consult" || workflow.GetVersion(ctx, overdueReminders, workflow.DefaultVersion, 1) == workflow.DefaultVersion
}

// overdueReminders is the change that writes an overdue wait's reminders to the office's
// outbox; runs recorded before it only logged them.
const overdueReminders = "overdue-reminders"

// remindOverdue reminds the office of an overdue wait: into the outbox (kind overdue-<kind>, one
// sequence for all the campaign's overdue reminders), and in the worker's log.
func (c *campaignRun) remindOverdue(ctx workflow.Context, w personWait) error {
	text := w.remind(c.overdueSince)
	c.log.Warn("a wait for people is overdue: still waiting, reminding", "kind", w.kind, "since", c.overdueSince)
	if workflow.GetVersion(ctx, overdueReminders, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	c.overdueReminders++
	return workflow.ExecuteActivity(withWrites(ctx), acts.RemindOverdue, activities.OverdueReminder{
		CampaignID: c.plan.ID, Kind: "overdue-" + w.kind, Seq: c.overdueReminders, Text: text, At: workflow.Now(ctx),
	}).Get(ctx, nil)
}
