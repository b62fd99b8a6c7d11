package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/timeline"
	"wenming/zones"
)

// event is the next thing the campaign's clock brings.
type event struct {
	at    time.Time
	kind  eventKind
	label msg.Text // what it is, and when
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
		c.next = ev.label
		c.details(ctx)
		fired, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout:      max(ev.at.Sub(now), time.Millisecond),
			TimerOptions: workflow.TimerOptions{Summary: ev.label.String()},
		}, func() bool { return c.changed || settledCh.Len() > 0 })
		if err != nil {
			return err
		}
		c.changed = false
		var s GroupSettled
		for settledCh.ReceiveAsync(&s) {
			if s.Reopened {
				delete(c.settled, s.Group)
				continue
			}
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
		{tl.Implement, boundary, msg.Say("next.campaign.implement", "At", c.when(tl.Implement))},
		{tl.SelfCheck, boundary, msg.Say("next.campaign.selfcheck", "At", c.when(tl.SelfCheck))},
		{tl.DeclareBy, boundary, msg.Say("next.campaign.declare_by", "At", c.when(tl.DeclareBy))},
		{tl.AcceptBy, boundary, msg.Say("next.campaign.accept_by", "At", c.when(tl.AcceptBy))},
	} {
		if b.at.After(now) {
			evs = append(evs, b)
		}
	}
	if at := tl.Implement.Add(time.Duration(c.sup.progressSeq+1) * tl.ProgressEvery); at.Before(tl.AcceptBy) {
		evs = append(evs, event{at, progress, msg.Say("next.campaign.progress", "N", c.sup.progressSeq+1, "At", c.when(at))})
	}
	// Runs begun before monthlyRankings rank by their cadence, as they did.
	tl.RankMonthly = c.sup.monthly
	if at, ok := tl.RankingAt(c.sup.rankingSeq+1, zones.Location(c.plan.Timezone)); ok {
		label := msg.Say("next.campaign.ranking", "N", c.sup.rankingSeq+1, "At", c.when(at))
		if tl.RankMonthly {
			month := at.In(zones.Location(c.plan.Timezone)).AddDate(0, 0, -1).Format("2006-01")
			label = msg.Say("next.campaign.ranking_month", "Month", month, "At", c.when(at), "Campaign", c.plan.ID)
		}
		evs = append(evs, event{at, ranking, label})
	}
	if !now.Before(tl.AcceptBy) {
		wait := min(tl.ProgressEvery<<min(c.sup.waitingSeq, 20), maxChaseInterval)
		evs = append(evs, event{now.Add(wait), chase, msg.Say("next.campaign.chase", "Ready", len(c.settled), "Groups", len(c.groups), "At", c.when(now.Add(wait)))})
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
	actx := withWrites(ctx)
	switch ev.kind {
	case progress, chase:
		c.sup.progressSeq++
		if ev.kind == chase {
			c.sup.waitingSeq++
		}
		var out activities.Supervision
		if err := workflow.ExecuteActivity(actx, acts.Supervise, activities.SuperviseInput{
			CampaignID: c.plan.ID, Seq: c.sup.progressSeq, Phase: c.phase, At: ev.at,
		}).Get(ctx, &out); err != nil {
			return err
		}
		c.sup.counts = out.Counts
	case ranking:
		c.sup.rankingSeq++
		if err := workflow.ExecuteActivity(actx, acts.RankTasks, activities.RankTasksInput{
			CampaignID: c.plan.ID, Seq: c.sup.rankingSeq, At: ev.at,
		}).Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}
