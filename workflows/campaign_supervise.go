package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/rules/timeline"
)

// event is the next thing the campaign's clock brings.
type event struct {
	at    time.Time
	kind  eventKind
	label string
}

type eventKind int

const (
	boundary eventKind = iota // a phase begins or ends
	progress                  // a progress check (周评)
	ranking                   // a ranking by task completion (每月排名)
	chase                     // after the acceptance deadline: a reminder for units not ready
)

// maxChaseInterval caps how far apart reminders get while the campaign waits after the
// acceptance deadline (they double each time, so the history stays short).
const maxChaseInterval = 30 * timeline.Day

// supervise runs the campaign from implementation to the end of acceptance: phase changes on
// their dates, progress checks and rankings on their cadences, until the acceptance deadline
// has passed and every group reports its units ready for the review.
func (c *campaignRun) supervise(ctx workflow.Context) error {
	settledCh := workflow.GetSignalChannel(ctx, SignalGroupSettled)
	for {
		now := workflow.Now(ctx)
		if err := c.setPhase(ctx, c.tl.PhaseAt(now)); err != nil {
			return err
		}
		if !now.Before(c.tl.AcceptBy) && c.allSettled() {
			return nil
		}
		ev := c.nextEvent(now)
		c.next = ev.label + " " + c.at(ev.at)
		c.details(ctx)
		fired, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout:      max(ev.at.Sub(now), time.Millisecond),
			TimerOptions: workflow.TimerOptions{Summary: ev.label},
		}, func() bool { return c.changed || settledCh.Len() > 0 })
		if err != nil {
			return err
		}
		c.changed = false
		var s GroupSettled
		for settledCh.ReceiveAsync(&s) {
			c.settled[s.Group] = true
		}
		if !fired {
			if err := c.onEvent(ctx, ev); err != nil {
				return err
			}
		}
	}
}

// nextEvent is the earliest of: the next phase boundary, the next progress check, the next
// ranking, or (after the acceptance deadline) the next reminder.
func (c *campaignRun) nextEvent(now time.Time) event {
	tl := c.tl
	var evs []event
	for _, b := range []event{
		{tl.Implement, boundary, "implementation begins (组织实施)"},
		{tl.SelfCheck, boundary, "self-check opens (自查申报)"},
		{tl.DeclareBy, boundary, "declarations due (申报截止)"},
		{tl.AcceptBy, boundary, "inspections due (验收截止)"},
	} {
		if b.at.After(now) {
			evs = append(evs, b)
		}
	}
	if at := tl.Implement.Add(time.Duration(c.progressSeq+1) * tl.ProgressEvery); at.Before(tl.AcceptBy) {
		evs = append(evs, event{at, progress, fmt.Sprintf("progress check %d (周评)", c.progressSeq+1)})
	}
	if at := tl.Implement.Add(time.Duration(c.rankingSeq+1) * tl.RankingEvery); !at.After(tl.SelfCheck) {
		evs = append(evs, event{at, ranking, fmt.Sprintf("task ranking %d (排名)", c.rankingSeq+1)})
	}
	if !now.Before(tl.AcceptBy) {
		wait := min(tl.ProgressEvery<<min(c.waitingSeq, 20), maxChaseInterval)
		evs = append(evs, event{now.Add(wait), chase, fmt.Sprintf("reminder: %d of %d groups ready for review", len(c.settled), len(c.groups))})
	}
	next := evs[0]
	for _, e := range evs[1:] {
		if e.at.Before(next.at) {
			next = e
		}
	}
	return next
}

func (c *campaignRun) onEvent(ctx workflow.Context, ev event) error {
	var a *activities.Activities
	actx := withWrites(ctx)
	switch ev.kind {
	case progress, chase:
		c.progressSeq++
		if ev.kind == chase {
			c.waitingSeq++
		}
		var out activities.Supervision
		if err := workflow.ExecuteActivity(actx, a.Supervise, activities.SuperviseInput{
			CampaignID: c.plan.ID, Seq: c.progressSeq, Phase: c.phase, At: ev.at,
		}).Get(ctx, &out); err != nil {
			return err
		}
		c.counts = out.Counts
	case ranking:
		c.rankingSeq++
		if err := workflow.ExecuteActivity(actx, a.RankTasks, activities.RankTasksInput{
			CampaignID: c.plan.ID, Seq: c.rankingSeq, At: ev.at,
		}).Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}
