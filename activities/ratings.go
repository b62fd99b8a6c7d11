package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	"wenming/rules/campaign"
	"wenming/rules/grade"
	"wenming/store"
)

// RegisterRating records a rating campaign (星级评定) and its units.
func (a *Activities) RegisterRating(ctx context.Context, in MobilizeInput) error {
	if err := store.RegisterRating(ctx, a.DB, in.Plan, in.At); err != nil {
		return classify(err)
	}
	activity.GetLogger(ctx).Info("rating campaign recorded", "campaign", in.Plan.ID, "units", len(in.Plan.Units))
	return nil
}

// RatingSkip is an administrator's decision to leave a unit uninspected in a round, and why.
type RatingSkip struct {
	Submission
	RoundID string
	Reason  string
}

// SkipRating records that a unit is not inspected in a round.
func (a *Activities) SkipRating(ctx context.Context, in RatingSkip) error {
	return classify(store.SkipRating(ctx, a.DB, store.RatingSkip{Submission: in.Submission.store(), RoundID: in.RoundID, Reason: in.Reason}))
}

// RoundClose names a rating round to close, the round before it and the bands that grade.
type RoundClose struct {
	CampaignID string
	Round      campaign.CheckRound
	RoundNo    int
	PrevRound  string
	Grades     grade.Bands
	At         time.Time
}

// GradeChange is a unit whose grade a round changed.
type GradeChange struct {
	Unit, From, To, Change string
}

// RoundClosed is what a round's close says back to the workflow: counts and the changes of
// grade, in unit order (the results themselves stay in the database).
type RoundClosed struct {
	Inspected, Skipped int
	Changes            []GradeChange `json:",omitempty"`
}

// CloseRatingRound writes a round's ranking and grades, once.
func (a *Activities) CloseRatingRound(ctx context.Context, in RoundClose) (RoundClosed, error) {
	rs, err := store.CloseRatingRound(ctx, a.DB, store.RoundClose{CampaignID: in.CampaignID, RoundID: in.Round.ID, RoundNo: in.RoundNo,
		PrevRound: in.PrevRound, Grades: in.Grades, At: in.At})
	if err != nil {
		return RoundClosed{}, classify(err)
	}
	var out RoundClosed
	for _, r := range rs {
		if r.Score == nil {
			out.Skipped++
		} else {
			out.Inspected++
		}
		if r.Change != string(grade.Kept) {
			out.Changes = append(out.Changes, GradeChange{Unit: r.UnitID, From: r.PrevGrade, To: r.Grade, Change: r.Change})
		}
	}
	return out, nil
}
