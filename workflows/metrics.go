package workflows

import (
	"context"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/workflow"
)

// The product's metrics, beside the SDK's (the worker's --metrics-address), counted by the
// worker's interceptor (see Interceptor):
//
//   - wenming_submissions counts every submission a workflow receives (an update: a score, a
//     ballot sheet, an objection, a decision ...) by kind (the update's name, with "_" for "-"
//     as Prometheus labels have it: ballot_sheet) and outcome (accepted, duplicate, refused).
//     The workflow's metrics handler leaves out what a replay repeats, so each counts once.
//   - wenming_write_retries counts each retried attempt of an activity (nearly all of them write
//     PostgreSQL), and the histogram wenming_write_retry_age records how long that write has
//     been retrying since it was first scheduled: an attempt above ten minutes is a write an
//     operator should look at.

func (i *workflowInbound) ValidateUpdate(ctx workflow.Context, in *interceptor.UpdateInput) error {
	err := i.Next.ValidateUpdate(ctx, in)
	if err != nil {
		countSubmission(ctx, in.Name, "refused")
	}
	return err
}

func (i *workflowInbound) ExecuteUpdate(ctx workflow.Context, in *interceptor.UpdateInput) (any, error) {
	res, err := i.Next.ExecuteUpdate(ctx, in)
	if batch, ok := res.(SheetsReceipt); ok && err == nil {
		// A group's batch counts as the sheets it carried, each as its branch would count it.
		for _, s := range batch.Sheets {
			outcome := "accepted"
			switch {
			case s.Refused != nil:
				outcome = "refused"
			case s.Receipt.Duplicate:
				outcome = "duplicate"
			}
			countSubmission(ctx, UpdateBallotSheet, outcome)
		}
		return res, err
	}
	outcome := "accepted"
	if err != nil {
		outcome = "refused"
	} else if r, ok := res.(Receipt); ok && r.Duplicate {
		outcome = "duplicate"
	}
	countSubmission(ctx, in.Name, outcome)
	return res, err
}

func countSubmission(ctx workflow.Context, kind, outcome string) {
	workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"kind": strings.ReplaceAll(kind, "-", "_"), "outcome": outcome}).
		Counter("wenming_submissions").Inc(1)
}

type retriesInbound struct {
	interceptor.ActivityInboundInterceptorBase
}

func (i *retriesInbound) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	if info := activity.GetInfo(ctx); info.Attempt > 1 {
		h := activity.GetMetricsHandler(ctx)
		h.Counter("wenming_write_retries").Inc(1)
		h.Timer("wenming_write_retry_age").Record(time.Since(info.ScheduledTime))
	}
	return i.Next.ExecuteActivity(ctx, in)
}
