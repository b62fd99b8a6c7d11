package workflows

import (
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
)

// inspectedLate says whether an inspection after the acceptance deadline is taken: the unit
// waits for it, overdue, and nobody has proceeded without it.
func (u *unit) inspectedLate() bool {
	return u.s.WaitsForInspection && u.s.Settled == "" && u.s.ProceededWithout == ""
}

// inspectionOverdue says whether the unit's wait for its inspection is overdue now.
func (u *unit) inspectionOverdue(now time.Time) bool {
	return u.inspectedLate() && u.s.Inspection == nil && !now.Before(u.s.Timeline.AcceptBy)
}

// An administrator proceeds without a unit's inspection, once its time has passed: the unit
// goes to the review not inspected, by their decision, recorded with their name and reason.

func (u *unit) checkProceed(now time.Time, r ProceedRequest) error {
	if err := checkSubmission(r.Submission); err != nil || u.s.Seen.has(r.ID) {
		return err
	}
	if r.Step != StepInspect {
		return invalid("refuse.proceed.step", "Step", r.Step, "Steps", []string{StepInspect})
	}
	if err := checkProceedReason(r.Reason); err != nil {
		return err
	}
	switch {
	case u.in.Nominating != nil || !u.s.Declared || !u.declarationStands() ||
		u.s.Inspection != nil || u.s.Settled != "" || u.s.ProceededWithout != "":
		// People are not inspected; a unit whose declaration does not stand is not inspected.
		return invalid("refuse.proceed.inspect_not_waiting", "Unit", u.in.UnitID)
	case u.reviewing() && u.reviewStatus() != reviewAccepted:
		// Materials not accepted are the office's to review first, not a reason to skip the
		// inspection.
		return invalid("refuse.proceed.review_first", "Unit", u.in.UnitID, "Status", u.reviewStatus())
	case now.Before(u.s.Timeline.AcceptBy):
		return invalid("refuse.proceed.inspect_not_due", "Unit", u.in.UnitID, "Due", u.when(u.s.Timeline.AcceptBy))
	case !u.s.WaitsForInspection:
		// The run settled at the deadline before inspectionWaits: nothing waits.
		return invalid("refuse.proceed.inspect_not_waiting", "Unit", u.in.UnitID)
	}
	return nil
}

func (u *unit) proceed(ctx workflow.Context, _ time.Time, r ProceedRequest) (Receipt, error) {
	why := strings.TrimSpace(r.Reason)
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: u.in.CampaignID, UnitID: u.in.UnitID, SubmissionID: r.ID, Kind: "proceed",
		Detail: map[string]any{"step": r.Step, "unit": u.in.UnitID, "reason": why}, By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	u.s.ProceededWithout = why
	return recorded(msg.Say("receipt.proceed.inspect", "Unit", u.in.UnitID, "Reason", why)), nil
}
