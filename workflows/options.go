// Package workflows holds the product's orchestration: campaigns, units, public notices and
// evaluation rounds as durable Temporal workflows. Workflow code only decides; everything
// that touches the world is an activity.
package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/rules/problem"
)

// TaskQueue is the task queue the product's worker polls.
const TaskQueue = "wenming"

// ErrInvalid is the application error type of a submission refused for bad input; it is never
// retried, and the CLI shows its message and exits with status 2.
const ErrInvalid = problem.ErrorType

// writeRetry retries database writes with backoff for as long as it takes: a PostgreSQL
// outage delays a campaign, it must never lose or fail one. Bad input is not retried.
var writeRetry = &temporal.RetryPolicy{
	InitialInterval:        time.Second,
	BackoffCoefficient:     2,
	MaximumInterval:        time.Minute,
	NonRetryableErrorTypes: []string{ErrInvalid},
}

// writeTimeout bounds one attempt of a database activity. It is also how long a campaign
// waits for a write whose worker died in the middle of it (killed, out of memory, power lost)
// before the write is tried again elsewhere, so it is kept short: the longest phase of the
// 5,000-branch round (approval, award and close, several activities) took 6.7 s in
// BENCHMARKS.md.
const writeTimeout = 30 * time.Second

// withWrites sets the options of activities that read or write PostgreSQL.
func withWrites(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: writeTimeout,
		RetryPolicy:         writeRetry,
	})
}

// withLocalWrites sets the options of short database transactions on a hot path (a branch's
// sheet and tally, thousands at once in a province): run as local activities, in the worker
// that runs the workflow task, they cost the server no activity tasks. They retry like other
// writes; a year bounds the retries only because a local activity needs a bound.
func withLocalWrites(ctx workflow.Context) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout:    time.Minute,
		ScheduleToCloseTimeout: 365 * 24 * time.Hour,
		RetryPolicy:            writeRetry,
	})
}
