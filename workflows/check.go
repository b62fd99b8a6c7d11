package workflows

import (
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
)

// CheckInput names a check run by `starter check`.
type CheckInput struct {
	CheckID string
}

// CheckResult says which worker recorded the check, and when.
type CheckResult = activities.CheckResult

// CheckWorkflowID is the id of a check's workflow.
func CheckWorkflowID(checkID string) string { return "check/" + checkID }

// Check proves that the CLI, Temporal, a worker and PostgreSQL work together: it writes one
// row through an activity and returns it.
func Check(ctx workflow.Context, in CheckInput) (CheckResult, error) {
	var out CheckResult
	err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordCheck, activities.CheckInput{CheckID: in.CheckID}).Get(ctx, &out)
	return out, err
}
