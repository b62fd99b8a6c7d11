package workflows

import (
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/standard"
)

// Rating runs a rating campaign (星级评定): round after round on the plan's cadence the
// inspectors score every unit on the form, the problems found become rectification notices,
// and when every unit is inspected (or the office has decided, with a reason, to leave one
// out) the round is ranked, each unit graded by its score's band, and published (通报). A round
// whose inspections are past their time is overdue: the office is reminded and the workflow
// keeps waiting, never decides for the inspectors. The campaign ends when its last round is
// closed and every rectification it ordered is verified.
func Rating(ctx workflow.Context, in RatingInput) (RatingResult, error) {
	r := newRatingRun(ctx, in)
	if err := r.register(ctx); err != nil {
		return RatingResult{}, err
	}
	if err := r.load(ctx); err != nil {
		return RatingResult{}, err
	}
	for i := r.first; i < len(r.rounds); i++ {
		// Each round opens on the plan's date, and not before the one before it has closed.
		if err := r.open(ctx, i); err != nil {
			return RatingResult{}, err
		}
		// Every unit inspected, or left out by the office with a reason: late is overdue, reminded.
		if err := r.awaitInspections(ctx); err != nil {
			return RatingResult{}, err
		}
		// Ranked, graded and published.
		if err := r.close(ctx); err != nil {
			return RatingResult{}, err
		}
		// A long history goes on in a new run from the next round, its notices carried.
		if i+1 < len(r.rounds) && historyTooLong(ctx, r.in.HistoryLimit) {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return RatingResult{}, err
			}
			next := r.in
			next.Carry = r.carry(i + 1)
			return RatingResult{}, workflow.NewContinueAsNewError(ctx, Rating, next)
		}
	}
	// The rectifications ordered are seen through: closed by the units, verified by inspectors.
	r.next = msg.Say("next.rating.rectifications")
	r.details(ctx)
	if err := r.awaitFixes(ctx); err != nil {
		return RatingResult{}, err
	}
	r.finished = true
	r.details(ctx)
	return RatingResult{Rounds: r.closed}, nil
}

type ratingRun struct {
	in     RatingInput
	plan   campaign.Plan
	rounds []campaign.CheckRound
	std    *standard.Standard
	member map[string]bool // the campaign's units: looked up, never iterated
	first  int             // the round this run begins with (a run that continued as new: the carried one)
	// The open round: its index (-1 before the first), and the units done in it.
	round     int
	isOpen    bool
	inspected map[string]bool // looked up, never iterated
	skipped   map[string]bool // looked up, never iterated
	done      int
	// Each unit's rectification notices, numbered from 1, and how many are not yet verified.
	rects      map[string][]activities.RectificationRef // looked up, never iterated
	unverified int
	closed     []RoundView
	overdue    time.Time // when the open round's inspections became overdue
	reminders  int
	checks     int // progress checks held (their sequence in the database)
	next       msg.Text
	finished   bool
	seen       seenSet
	intake     *intake
	loaded     bool
	log        log.Logger
}

func newRatingRun(ctx workflow.Context, in RatingInput) *ratingRun {
	r := &ratingRun{in: in, plan: in.Plan, round: -1, member: map[string]bool{}, inspected: map[string]bool{}, skipped: map[string]bool{},
		rects: map[string][]activities.RectificationRef{}, seen: seenSet{}, log: log.With(workflow.GetLogger(ctx), "rating", in.Plan.ID)}
	if in.Plan.Rating != nil {
		r.rounds = in.Plan.Rating.Rounds
	}
	for _, u := range in.Plan.Units {
		r.member[u] = true
	}
	if c := in.Carry; c != nil {
		r.first, r.closed, r.reminders, r.checks = c.Round, c.Closed, c.Reminders, c.Checks
		for _, n := range c.Notices {
			notices := make([]activities.RectificationRef, n.Issued)
			for i := range notices {
				notices[i] = activities.RectificationRef{No: i + 1, Status: verified}
			}
			for _, open := range n.Open {
				notices[open.No-1] = open
				r.unverified++
			}
			r.rects[n.Unit] = notices
		}
	}
	r.intake = newIntake(ctx, &r.seen, func() bool { return r.loaded }, func(ctx workflow.Context) { r.details(ctx) })
	return r
}

// carry is where this run leaves off for the next, which opens round next: small whatever the
// campaign's age (each unit's count of notices and those still open; the changes of grade of
// the last round closed, the earlier ones' being in the database).
func (r *ratingRun) carry(next int) *RatingCarry {
	c := &RatingCarry{Round: next, Reminders: r.reminders, Checks: r.checks}
	for i, v := range r.closed {
		if i < len(r.closed)-1 {
			v.Changes = nil
		}
		c.Closed = append(c.Closed, v)
	}
	for _, u := range r.plan.Units {
		notices := r.rects[u]
		if len(notices) == 0 {
			continue
		}
		n := UnitNotices{Unit: u, Issued: len(notices)}
		for _, ref := range notices {
			if ref.Status != verified {
				n.Open = append(n.Open, ref)
			}
		}
		c.Notices = append(c.Notices, n)
	}
	return c
}

// verified is a rectification notice's status once the inspectors have confirmed the fix.
const verified = "verified"
