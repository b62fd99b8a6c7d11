package office

import (
	"context"
	"errors"
	"time"

	"go.temporal.io/api/serviceerror"

	"wenming/workflows"
)

// Status reads a workflow's status (its query) into st. Only a worker answers a query, and
// while workers are being replaced (a deploy, a crash) a query can land on one that stops
// before it answers: the server then reports a timeout. So the query is asked again until
// wait has passed, noting once that it waits.
func (o *Office) Status(ctx context.Context, workflowID string, wait time.Duration, st any) error {
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(wait)
	for attempt := 1; ; attempt++ {
		attemptCtx, cancel := context.WithDeadline(ctx, deadline)
		v, err := tc.QueryWorkflow(attemptCtx, workflowID, "", workflows.QueryStatus)
		cancel()
		if err == nil {
			return v.Get(st)
		}
		if !unanswered(err) || ctx.Err() != nil {
			return err
		}
		if !time.Now().Before(deadline) {
			return NoWorker{Err: err, Wait: wait}
		}
		if attempt == 1 {
			o.note("office.status.asking_again", "ID", workflowID, "Detail", err, "Wait", wait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(time.Second, time.Until(deadline))):
		}
	}
}

// NoWorker is a query no worker answered within the wait.
type NoWorker struct {
	Err  error
	Wait time.Duration
}

func (n NoWorker) Error() string {
	return "no worker answered within " + n.Wait.String() + ": " + n.Err.Error()
}
func (n NoWorker) Unwrap() error { return n.Err }

// unanswered says that a query got no answer in time: no worker took it, or the one that took
// it stopped. Any other error (no such workflow, a failed query) is the answer.
func unanswered(err error) bool {
	var deadline *serviceerror.DeadlineExceeded
	var canceled *serviceerror.Canceled
	var unavailable *serviceerror.Unavailable
	return errors.As(err, &deadline) || errors.As(err, &canceled) || errors.As(err, &unavailable) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}
