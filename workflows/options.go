// Package workflows holds the product's orchestration: campaigns, units, public notices and
// evaluation rounds as durable Temporal workflows. Workflow code only decides; everything
// that touches the world is an activity.
package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/input/problem"
)

// ErrInvalid is the application error type of a submission refused for bad input; it is never
// retried, and the CLI shows its message and exits with status 2.
const ErrInvalid = problem.ErrorType

// ErrRefused is the application error type of a statement PostgreSQL refused for what it says
// (a constraint, a type): a retry cannot mend it, a fixed build can.
const ErrRefused = activities.ErrRefused

// writeRetry retries the writes of a workflow's own course with backoff for as long as it
// takes, whatever the failure: a PostgreSQL outage delays a campaign that runs for a year,
// and a statement the database refuses (a bug) leaves it waiting, with the last error shown
// on the pending activity in the Web UI, until a fixed build lets the retry go through. It
// must never end one.
var writeRetry = &temporal.RetryPolicy{
	InitialInterval:    time.Second,
	BackoffCoefficient: 2,
	MaximumInterval:    time.Minute,
}

// answerRetry retries the writes of a person's submission while the database is unreachable,
// but a refusal (bad input, a statement the database refuses) goes back to that person at
// once: the submission fails, the workflow goes on.
var answerRetry = &temporal.RetryPolicy{
	InitialInterval:        time.Second,
	BackoffCoefficient:     2,
	MaximumInterval:        time.Minute,
	NonRetryableErrorTypes: []string{ErrInvalid, ErrRefused},
}

// writeTimeout bounds one attempt of a database activity. It is also how long a campaign
// waits for a write whose worker died in the middle of it (killed, out of memory, power lost)
// before the write is tried again elsewhere, so it is kept short: the longest phase of the
// 5,000-branch round (approval, award and close, several activities) took 6.7 s in
// BENCHMARKS.md.
const writeTimeout = 30 * time.Second

// WriteTimeout is writeTimeout for the worker: a stopping worker waits at least this long for
// the writes under way to finish.
const WriteTimeout = writeTimeout

// withWrites sets the options of the activities on a workflow's own course that read or
// write PostgreSQL: they are retried until they succeed.
func withWrites(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: writeTimeout,
		RetryPolicy:         writeRetry,
	})
}

// withAnswerWrites sets the options of the activities that record a person's submission in
// an update handler: a refusal answers the sender instead of being retried.
func withAnswerWrites(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: writeTimeout,
		RetryPolicy:         answerRetry,
	})
}

// withLocalWrites sets the options of short database transactions on a hot path (a branch's
// tally, thousands at once in a province): run as local activities, in the worker that runs
// the workflow task, they cost the server no activity tasks. They retry like other writes; a
// year bounds the retries only because a local activity needs a bound.
func withLocalWrites(ctx workflow.Context) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout:    time.Minute,
		ScheduleToCloseTimeout: 365 * 24 * time.Hour,
		RetryPolicy:            writeRetry,
	})
}

// withLocalAnswerWrites is withLocalWrites for a person's submission (a branch's ballot
// sheet): a refusal answers the sender.
func withLocalAnswerWrites(ctx workflow.Context) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout:    time.Minute,
		ScheduleToCloseTimeout: 365 * 24 * time.Hour,
		RetryPolicy:            answerRetry,
	})
}

// acts names the activities a workflow schedules (acts.RecordTaskReport): the worker registers
// the methods of one *activities.Activities; a workflow needs only their names, so a nil
// pointer serves.
var acts *activities.Activities
