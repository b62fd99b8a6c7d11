package workflows

import (
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
)

// Where a declaration stands in the preliminary review.
const (
	reviewPending    = "pending"
	reviewAccepted   = "accepted"
	reviewReturned   = "returned"
	reviewTurnedDown = "turned_down"
)

// MaterialsReview is where a unit's declaration stands in the preliminary review.
type MaterialsReview struct {
	Status  string
	Note    string
	FixBy   time.Time `json:",omitempty"`
	Returns int       // how often the materials were sent back
}

// preliminaryReview is the change that adds the office's review of the declared materials.
const preliminaryReview = "preliminary-review"

func (u *unit) reviewing() bool { return u.reviewMaterials }

func (u *unit) reviewStatus() string {
	if u.s.Review == nil {
		return ""
	}
	return u.s.Review.Status
}

// correcting reports whether the unit may declare again: its materials were sent back and the
// deadline for the correction has not passed (it may be after the declaration deadline).
func (u *unit) correcting(now time.Time) bool {
	return u.reviewStatus() == reviewReturned && now.Before(u.s.Review.FixBy)
}

func (u *unit) checkReview(now time.Time, r ReviewDeclarationRequest) error {
	if skip, err := u.open(r.Submission); skip || err != nil {
		return err
	}
	if !u.reviewing() {
		return invalid("refuse.review.no_step", "Campaign", u.in.CampaignID)
	}
	if !u.s.Declared {
		return invalid("refuse.review.not_declared", "Unit", u.in.UnitID)
	}
	if st := u.reviewStatus(); st != reviewPending || u.s.Settled != "" {
		return invalid("refuse.review.not_pending", "Unit", u.in.UnitID, "Status", st)
	}
	note := strings.TrimSpace(r.Note)
	switch r.Verdict {
	case ReviewAccept:
	case ReviewReturn:
		fixBy := now.Add(r.FixWithin)
		if note == "" {
			return invalid("refuse.review.return_needs_note", "Unit", u.in.UnitID)
		}
		if r.FixWithin <= 0 || !fixBy.Before(u.s.Timeline.AcceptBy) {
			return invalid("refuse.review.fix_by", "AcceptBy", u.when(u.s.Timeline.AcceptBy))
		}
	case ReviewTurnDown:
		if note == "" {
			return invalid("refuse.review.turn_down_needs_note", "Unit", u.in.UnitID)
		}
	default:
		return invalid("refuse.review.verdict", "Verdict", r.Verdict)
	}
	return nil
}

func (u *unit) review(ctx workflow.Context, now time.Time, r ReviewDeclarationRequest) (Receipt, error) {
	next := *u.s.Review
	next.Note = strings.TrimSpace(r.Note)
	next.FixBy = time.Time{}
	switch r.Verdict {
	case ReviewAccept:
		next.Status = reviewAccepted
	case ReviewReturn:
		next.Status, next.FixBy = reviewReturned, now.Add(r.FixWithin)
		next.Returns++
	case ReviewTurnDown:
		next.Status = reviewTurnedDown
	}
	if err := u.recordReview(ctx, r.Submission, next); err != nil {
		return Receipt{}, err
	}
	switch next.Status {
	case reviewReturned:
		return recorded(msg.Say("receipt.review.returned", "Unit", u.in.UnitID, "Note", next.Note, "FixBy", u.when(next.FixBy))), nil
	case reviewTurnedDown:
		return recorded(msg.Say("receipt.review.turned_down", "Unit", u.in.UnitID, "Note", next.Note)), nil
	}
	return recorded(msg.Say("receipt.review.accepted", "Unit", u.in.UnitID, "AcceptBy", u.when(u.s.Timeline.AcceptBy))), nil
}

// recordReview writes the review's new state, then keeps it.
func (u *unit) recordReview(ctx workflow.Context, sub Submission, next MaterialsReview) error {
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDeclarationReview, activities.DeclarationReview{
		Submission: u.submission(sub, workflow.Now(ctx)), Status: next.Status, Note: next.Note, FixBy: next.FixBy,
	}).Get(ctx, nil); err != nil {
		return err
	}
	u.s.Review = &next
	return nil
}

// lapseIfNotCorrected turns down materials sent back and not corrected by their deadline
// (逾期未补正): nobody waits for a correction that does not come.
func (u *unit) lapseIfNotCorrected(ctx workflow.Context) error {
	if u.reviewStatus() != reviewReturned || workflow.Now(ctx).Before(u.s.Review.FixBy) || u.s.Settled != "" ||
		!workflow.AllHandlersFinished(ctx) { // a correction being recorded goes first
		return nil
	}
	next := *u.s.Review
	next.Status, next.Note = reviewTurnedDown, msg.Say("review.not_corrected", "FixBy", u.when(next.FixBy)).String()
	u.log.Info("materials not corrected in time: turned down")
	sub := Submission{ID: "review-lapsed-" + next.FixBy.UTC().Format("20060102T150405"), By: "system"}
	return u.recordReview(ctx, sub, next)
}
