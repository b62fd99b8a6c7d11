package office

import (
	"context"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"

	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/workflows"
	"wenming/workflows/searchattr"
)

// Rating campaigns (星级评定): started like any campaign (StartCampaign, from a plan with subject
// rating); each round the inspectors score every unit, the office may leave a unit out with a
// reason, the units fix what was found; each round's results are its 通报.

// startRating starts a rating campaign's workflow; one that runs or has run is left as it is.
func (o *Office) startRating(ctx context.Context, plan campaign.Plan) (Started, error) {
	id := workflows.RatingWorkflowID(plan.ID)
	started, err := o.startOnce(ctx, startOptions(id, "星级评定: "+plan.Title,
		msg.Say("summary.rating_details", "Units", len(plan.Units), "Rounds", len(plan.Rating.Rounds), "Standard", plan.StandardID).String(),
		temporal.NewSearchAttributes(searchattr.CampaignID.ValueSet(plan.ID))), workflows.Rating, workflows.RatingInput{Plan: plan})
	if err != nil {
		return started, msg.Wrap(err, "office.campaign.start_failed", "ID", plan.ID)
	}
	return started, nil
}

// RatingInspection is an inspection of a unit in a round of a rating campaign: the score sheet
// and the problems found, each a rectification notice.
type RatingInspection struct {
	Campaign, Unit, Round string
	ID                    string
	Sheet                 standard.Sheet
	Findings              []Finding
}

// Rate hands in an inspection of a rating round.
func (o *Office) Rate(ctx context.Context, r RatingInspection) (Receipt, error) {
	return o.submit(ctx, r.ID, workflows.RatingWorkflowID(r.Campaign), workflows.UpdateInspect,
		&workflows.RateRequest{Unit: r.Unit, Round: r.Round, Sheet: r.Sheet, Findings: r.Findings})
}

// RatingSkip is the office's decision to leave a unit out of a round, with the reason.
type RatingSkip struct {
	Campaign, Unit, Round string
	ID                    string
	Reason                string
}

// SkipRating leaves a unit out of the open round: it keeps the grade it held.
func (o *Office) SkipRating(ctx context.Context, s RatingSkip) (Receipt, error) {
	return o.submit(ctx, s.ID, workflows.RatingWorkflowID(s.Campaign), workflows.UpdateProceed,
		&workflows.SkipRequest{Unit: s.Unit, Round: s.Round, Reason: strings.TrimSpace(s.Reason)})
}

// RectifyRating records a step of a rectification in a rating campaign: the same step on the
// same kind of notice as a unit campaign's (Rectify), taken by the rating's workflow.
func (o *Office) RectifyRating(ctx context.Context, r RectificationStep) (Receipt, error) {
	return o.submit(ctx, r.ID, workflows.RatingWorkflowID(r.Campaign), workflows.UpdateRectify,
		&workflows.RatingRectifyRequest{Unit: r.Unit.Unit, Rectification: r.Number, Action: r.Action, Note: r.Note})
}

// RatingStatus is where a rating campaign stands, waiting up to wait for its workflow to answer.
func (o *Office) RatingStatus(ctx context.Context, campaignID string, wait time.Duration) (workflows.RatingStatus, error) {
	var st workflows.RatingStatus
	err := o.Status(ctx, workflows.RatingWorkflowID(campaignID), wait, &st)
	return st, err
}
