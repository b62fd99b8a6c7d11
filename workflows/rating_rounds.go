package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
)

// load reads the form the rounds score on and records the campaign and its units.
func (r *ratingRun) load(ctx workflow.Context) error {
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.LoadStandard, activities.StandardRef{ID: r.plan.StandardID}).Get(ctx, &r.std); err != nil {
		return err
	}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.RegisterRating, activities.MobilizeInput{Plan: r.plan, At: workflow.Now(ctx)}).Get(ctx, nil); err != nil {
		return err
	}
	r.loaded = true
	return nil
}

// open opens round i on its date (at once when the round before it closed later).
func (r *ratingRun) open(ctx workflow.Context, i int) error {
	round := r.rounds[i]
	if wait := round.Opens.Sub(workflow.Now(ctx)); wait > 0 {
		r.next = msg.Say("next.rating.open", "Round", round.Name, "At", r.when(round.Opens))
		r.details(ctx)
		if err := workflow.NewTimerWithOptions(ctx, wait, workflow.TimerOptions{Summary: r.next.String()}).Get(ctx, nil); err != nil {
			return err
		}
	}
	r.round, r.isOpen, r.done = i, true, 0
	r.inspected, r.skipped = map[string]bool{}, map[string]bool{}
	r.next = msg.Say("next.rating.inspect", "Round", round.Name, "Due", r.when(round.Due))
	r.details(ctx)
	return nil
}

// awaitInspections waits until every unit is inspected in the open round or left out. Once the
// round's time has passed it is overdue: shown in the status, the details and the search
// attribute, and the office reminded at once and on the progress cadence, for as long as it takes.
func (r *ratingRun) awaitInspections(ctx workflow.Context) error {
	all := func() bool { return r.done == len(r.plan.Units) }
	due := r.rounds[r.round].Due
	for !all() {
		wait := r.plan.Timeline.ProgressEvery
		if r.overdue.IsZero() {
			if left := due.Sub(workflow.Now(ctx)); left > 0 {
				wait = min(wait, left)
			} else {
				r.overdue = due
				r.details(ctx)
				if err := r.showOverdue(ctx); err != nil {
					return err
				}
				if err := r.remind(ctx); err != nil {
					return err
				}
			}
		}
		ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout: wait, TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.rating.inspections").String()},
		}, all)
		if err != nil {
			return err
		}
		if ok {
			continue
		}
		if !r.overdue.IsZero() {
			if err := r.remind(ctx); err != nil {
				return err
			}
		}
		if err := r.supervise(ctx); err != nil {
			return err
		}
	}
	if !r.overdue.IsZero() { // no longer overdue: the status, the details and the search attribute say so
		r.overdue = time.Time{}
		if _, err := showOverdue(ctx, r.overdue); err != nil {
			return err
		}
	}
	return nil
}

// supervise is a progress check on the plan's cadence: rectification notices past their
// deadline are flagged and their units reminded (as a campaign's progress checks do).
func (r *ratingRun) supervise(ctx workflow.Context) error {
	r.checks++
	return workflow.ExecuteActivity(withWrites(ctx), acts.Supervise, activities.SuperviseInput{
		CampaignID: r.plan.ID, Seq: r.checks, Phase: campaign.PhaseRating, At: workflow.Now(ctx),
	}).Get(ctx, nil)
}

// awaitFixes waits until every rectification ordered is verified, checking progress on the
// plan's cadence meanwhile.
func (r *ratingRun) awaitFixes(ctx workflow.Context) error {
	fixed := func() bool { return r.unverified == 0 && workflow.AllHandlersFinished(ctx) }
	for !fixed() {
		ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout: r.plan.Timeline.ProgressEvery, TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.rating.fixes").String()},
		}, fixed)
		if err != nil {
			return err
		}
		if !ok {
			if err := r.supervise(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// showOverdue shows the open round's overdue inspections in the search attribute.
func (r *ratingRun) showOverdue(ctx workflow.Context) error {
	_, err := showOverdue(ctx, r.overdue)
	return err
}

// remind writes a reminder of the open round's overdue inspections to the office's outbox.
func (r *ratingRun) remind(ctx workflow.Context) error {
	round := r.rounds[r.round]
	left, named := len(r.plan.Units)-r.done, r.waiting(5)
	more := "" // the template's mark that more units wait than it names
	if left > len(named) {
		more = "1"
	}
	r.reminders++
	r.log.Warn("a rating round's inspections are overdue: still waiting, reminding", "round", round.ID, "since", r.overdue)
	return workflow.ExecuteActivity(withWrites(ctx), acts.RemindOverdue, activities.OverdueReminder{
		CampaignID: r.plan.ID, Kind: "overdue-rating", Seq: r.reminders, At: workflow.Now(ctx),
		Text: msg.Say("remind.rating.overdue", "Round", round.Name, "Since", r.when(r.overdue), "Left", left,
			"Units", named, "More", more),
	}).Get(ctx, nil)
}

// close ranks and grades the open round and publishes it.
func (r *ratingRun) close(ctx workflow.Context) error {
	round := r.rounds[r.round]
	in := activities.RoundClose{CampaignID: r.plan.ID, Round: round, RoundNo: r.round + 1, Grades: r.plan.Rating.Grades, At: workflow.Now(ctx)}
	if r.round > 0 {
		in.PrevRound = r.rounds[r.round-1].ID
	}
	var out activities.RoundClosed
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.CloseRatingRound, in).Get(ctx, &out); err != nil {
		return err
	}
	r.closed = append(r.closed, RoundView{ID: round.ID, Name: round.Name, Inspected: out.Inspected, Skipped: out.Skipped, Changes: out.Changes})
	r.isOpen = false
	r.details(ctx)
	return nil
}

// waiting lists up to n units not yet inspected nor left out in the open round, in plan order
// (n < 0: all of them).
func (r *ratingRun) waiting(n int) []string {
	var out []string
	for _, u := range r.plan.Units {
		if !r.inspected[u] && !r.skipped[u] {
			if n >= 0 && len(out) == n {
				break
			}
			out = append(out, u)
		}
	}
	return out
}

func (r *ratingRun) when(t time.Time) msg.At { return msg.At{T: t, TZ: r.plan.Timezone} }
