package workflows

import (
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/standard"
)

// register sets up the status query and the submissions a rating campaign takes: the
// inspectors' scores, the office's decisions to leave a unit out of a round, and the steps of
// rectification.
func (r *ratingRun) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (RatingStatus, error) { return r.status(), nil }); err != nil {
		return err
	}
	loaded := func() bool { return r.loaded }
	if err := onCheckedSubmission(ctx, r.intake, UpdateInspect, loaded, r.checkRate, r.rate); err != nil {
		return err
	}
	if err := onSubmission(ctx, r.intake, UpdateProceed, loaded, anyTime(r.checkSkip), r.skip); err != nil {
		return err
	}
	return onSubmission(ctx, r.intake, UpdateRectify, loaded, anyTime(r.checkRectify), r.rectify)
}

// checkInRound checks that a request names a unit of the campaign in the open round, not yet
// inspected nor left out in it.
func (r *ratingRun) checkInRound(unit, round string) error {
	switch {
	case !r.member[unit]:
		return invalid("refuse.rating.unit", "Unit", unit, "Campaign", r.plan.ID)
	case !r.isOpen && len(r.closed) == len(r.rounds):
		return invalid("refuse.rating.all_closed", "N", len(r.rounds))
	case !r.isOpen:
		next := r.rounds[len(r.closed)]
		return invalid("refuse.rating.no_round", "Name", next.Name, "At", r.when(next.Opens))
	case round != r.rounds[r.round].ID:
		return invalid("refuse.rating.other_round", "Round", round, "Open", r.rounds[r.round].ID, "Name", r.rounds[r.round].Name)
	case r.inspected[unit]:
		return invalid("refuse.rating.inspected", "Unit", unit, "Round", r.rounds[r.round].Name)
	case r.skipped[unit]:
		return invalid("refuse.rating.skipped", "Unit", unit, "Round", r.rounds[r.round].Name)
	}
	return nil
}

// checkRate checks an inspection: the unit in the open round, the sheet on the form, each
// finding on an item of it. A late inspection is taken: the round waits for it.
func (r *ratingRun) checkRate(_ time.Time, req RateRequest) (standard.Result, error) {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return standard.Result{}, err
	}
	if err := r.checkInRound(req.Unit, req.Round); err != nil {
		return standard.Result{}, err
	}
	res, err := r.std.Score(req.Sheet)
	if err != nil {
		return standard.Result{}, refusalOf(err)
	}
	for i, f := range req.Findings {
		if err := checkFinding(r.std, i+1, f); err != nil {
			return standard.Result{}, err
		}
	}
	return res, nil
}

// rate records the inspection, its score kept as the round's check of the unit, and issues a
// rectification notice for each problem found.
func (r *ratingRun) rate(ctx workflow.Context, now time.Time, req RateRequest, res standard.Result) (Receipt, error) {
	in := activities.CheckScore{
		ScoreSheet: activities.ScoreSheet{Submission: r.submission(req.Submission, req.Unit, now), Kind: "check", Sheet: req.Sheet, Result: res},
		CheckID:    req.Round,
	}
	findings := findingsOf(r.std, req.Sheet, req.Findings)
	if len(findings) > 0 {
		in.Findings, in.SmallFix, in.BigFix, in.Timezone = findings, r.plan.Timeline.SmallFix, r.plan.Timeline.BigFix, r.plan.Timezone
	}
	var out activities.InspectionResult
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordCheckScore, in).Get(ctx, &out); err != nil {
		return Receipt{}, err
	}
	r.inspected[req.Unit] = true
	r.done++
	round := r.rounds[r.round]
	grade := r.plan.Rating.Grades.Of(res.Total)
	rec := recorded(msg.Say("receipt.rating", "Unit", req.Unit, "Round", round.Name, "Total", res.Total, "Grade", grade))
	if len(findings) > 0 {
		issued := out.Rectifications[len(r.rects[req.Unit]):]
		r.rects[req.Unit] = out.Rectifications
		r.unverified += len(issued)
		for _, n := range issued {
			rec.also(msg.Say("receipt.inspection.rectification", "No", n.No, "Size", n.Size, "Due", r.when(n.Deadline)))
		}
	}
	return rec, nil
}

// checkSkip checks the office's decision to leave a unit out of the open round: a reason is
// required, for the record and the 通报.
func (r *ratingRun) checkSkip(req SkipRequest) error {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return err
	}
	if err := r.checkInRound(req.Unit, req.Round); err != nil {
		return err
	}
	if reason := strings.TrimSpace(req.Reason); reason == "" || utf8.RuneCountInString(reason) > 500 {
		return invalid("refuse.rating.skip_reason")
	}
	return nil
}

func (r *ratingRun) skip(ctx workflow.Context, now time.Time, req SkipRequest) (Receipt, error) {
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.SkipRating, activities.RatingSkip{
		Submission: r.submission(req.Submission, req.Unit, now), RoundID: req.Round, Reason: strings.TrimSpace(req.Reason),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	r.skipped[req.Unit] = true
	r.done++
	return recorded(msg.Say("receipt.rating.skipped", "Unit", req.Unit, "Round", r.rounds[r.round].Name)), nil
}

// checkRectify checks a step on a unit's rectification notice, as a unit campaign's.
func (r *ratingRun) checkRectify(req RatingRectifyRequest) error {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return err
	}
	if !r.member[req.Unit] {
		return invalid("refuse.rating.unit", "Unit", req.Unit, "Campaign", r.plan.ID)
	}
	return checkRectifyStep(req.Unit, r.rects[req.Unit], req.step())
}

func (r *ratingRun) rectify(ctx workflow.Context, now time.Time, req RatingRectifyRequest) (Receipt, error) {
	rects := r.rects[req.Unit]
	fix := r.plan.Timeline.SmallFix
	if rects[req.Rectification-1].Size == activities.Big {
		fix = r.plan.Timeline.BigFix
	}
	var after activities.RectificationRef
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRectification, activities.Rectification{
		Submission: r.submission(req.Submission, req.Unit, now), No: req.Rectification, Action: req.Action,
		Note: req.Note, Fix: fix, Timezone: r.plan.Timezone,
	}).Get(ctx, &after); err != nil {
		return Receipt{}, err
	}
	rects[req.Rectification-1] = after
	if after.Status == verified {
		r.unverified--
	}
	if req.Action == activities.ActionReopen {
		return recorded(msg.Say("receipt.rectify.reopened", "No", req.Rectification, "Unit", req.Unit, "Due", r.when(after.Deadline))), nil
	}
	return recorded(msg.Say("receipt.rectify", "No", req.Rectification, "Unit", req.Unit, "Status", after.Status)), nil
}

func (r *ratingRun) submission(sub Submission, unit string, at time.Time) activities.Submission {
	return activities.Submission{CampaignID: r.plan.ID, UnitID: unit, SubmissionID: sub.ID, By: sub.By, At: at, Workflow: RatingWorkflowID(r.plan.ID)}
}

// status is where the campaign stands.
func (r *ratingRun) status() RatingStatus {
	s := RatingStatus{Campaign: r.plan.ID, Title: r.plan.Title, Timezone: r.plan.Timezone, Units: len(r.plan.Units), Rounds: len(r.rounds), OverdueSince: r.overdue,
		Unverified: r.unverified, Closed: r.closed, Done: r.finished}
	if r.isOpen {
		round := r.rounds[r.round]
		s.Round, s.RoundName, s.Opens, s.Due = round.ID, round.Name, round.Opens, round.Due
		s.Waiting = r.waiting(-1)
		for _, u := range r.plan.Units {
			switch {
			case r.inspected[u]:
				s.Inspected++
			case r.skipped[u]:
				s.Skipped++
			}
		}
	} else if next := len(r.closed); next < len(r.rounds) {
		s.NextOpens = r.rounds[next].Opens
	}
	return s
}

// details shows the operator where the campaign stands in the Web UI, in Chinese.
func (r *ratingRun) details(ctx workflow.Context) {
	zh := msg.For(msg.Chinese)
	s := r.status()
	text := zh.Render(msg.Say("details.rating", "Title", r.plan.Title, "ID", r.plan.ID, "Closed", len(r.closed), "Rounds", s.Rounds))
	if s.Round != "" {
		text += "\n\n" + zh.Render(msg.Say("details.rating.round", "Round", s.RoundName, "Due", r.when(s.Due),
			"Inspected", s.Inspected, "Skipped", s.Skipped, "Units", s.Units))
	}
	if !r.overdue.IsZero() {
		text += "\n\n" + zh.Render(msg.Say("details.overdue", "Since", r.when(r.overdue)))
	}
	if r.next.ID != "" && !r.finished {
		text += "\n\n" + zh.Render(msg.Say("details.waiting", "What", r.next.String()))
	}
	text += "\n\n" + zh.Render(msg.Say("details.rating.rectifications", "N", r.unverified))
	workflow.SetCurrentDetails(ctx, text)
}
