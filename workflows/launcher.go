package workflows

import (
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/rules/period"
)

// scheduledStart is set by the Temporal Schedule on the workflows it starts.
var scheduledStart = temporal.NewSearchAttributeKeyTime("TemporalScheduledStartTime")

// RoundLauncher is what a Schedule starts. A schedule cannot give its workflows a stable id,
// so the launcher works out the period that the scheduled time evaluates (the one just ended)
// and starts that period's round under its stable id (pioneer/2026-Q4). A period started
// before, by a trigger, a backfill or by hand, is never started again.
func RoundLauncher(ctx workflow.Context, in LaunchInput) (LaunchResult, error) {
	p := in.Period
	if p == "" {
		at, ok := workflow.GetTypedSearchAttributes(ctx).GetTime(scheduledStart)
		if !ok {
			at = workflow.GetInfo(ctx).WorkflowStartTime
		}
		kind := spec(in.Kind).Period
		// The period depends on the local date: the zone database is read once, and the
		// answer is recorded in the history.
		if err := workflow.SideEffect(ctx, func(workflow.Context) any {
			loc, err := time.LoadLocation(in.Config.Timezone)
			if err != nil {
				loc = time.UTC
			}
			return period.JustEnded(kind, at, loc).String()
		}).Get(&p); err != nil {
			return LaunchResult{}, err
		}
	}
	id := RoundWorkflowID(in.Kind, p)
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            id,
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON, // the round outlives its launch
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		StaticSummary:         roundSummary(in.Kind, p),
		TypedSearchAttributes: RoundAttributes(id, in.Kind, p),
	})
	err := workflow.ExecuteChildWorkflow(cctx, roundKinds[in.Kind].Round, RoundInput{Kind: in.Kind, Period: p, Config: in.Config}).
		GetChildWorkflowExecution().Get(ctx, nil)
	if temporal.IsWorkflowExecutionAlreadyStartedError(err) {
		workflow.GetLogger(ctx).Info("the round of this period was already started", "round", id)
		return LaunchResult{RoundID: id, AlreadyRan: true}, nil
	}
	if err != nil {
		return LaunchResult{}, err
	}
	return LaunchResult{RoundID: id}, nil
}

func roundSummary(kind, p string) string { return spec(kind).Title + " " + p }
