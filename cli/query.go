package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/api/serviceerror"

	"wenming/workflows"
)

// statusWait is how long a status query waits, unless told otherwise, for a worker to answer.
const statusWait = time.Minute

// waitFlag registers --wait on a verb that queries a workflow.
func waitFlag(cmd *cobra.Command, wait *time.Duration) {
	cmd.Flags().DurationVar(wait, "wait", statusWait, "how long to wait for a worker to answer, e.g. 30s, 5m")
}

// status reads a workflow's status into st, for a verb that shows or uses it; unknown says
// what to check when there is no such workflow.
func (a *app) status(ctx context.Context, workflowID string, wait time.Duration, st any, unknown string) error {
	err := a.queryStatus(ctx, workflowID, wait, st)
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return fmt.Errorf("no workflow %s: %s", workflowID, unknown)
	}
	if err != nil {
		return fmt.Errorf("status of %s: %w", workflowID, err)
	}
	return nil
}

// queryStatus reads a workflow's status (its query) into st. Only a worker answers a query,
// and while workers are being replaced (a deploy, a crash) a query can land on one that stops
// before it answers: the server then reports a timeout. So the query is asked again until wait
// has passed, saying once on the error stream that it waits.
func (a *app) queryStatus(ctx context.Context, workflowID string, wait time.Duration, st any) error {
	if wait <= 0 {
		return usageError{fmt.Errorf("--wait %s: give a positive duration, e.g. 30s", wait)}
	}
	tc, err := a.temporal(ctx)
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
			return fmt.Errorf("no worker answered within %s: is a worker running on task queue %s? (`starter check` tells): %w",
				wait, a.cfg.TaskQueue, err)
		}
		if attempt == 1 {
			fmt.Fprintf(a.errOut, "%s: no worker has answered yet (%v); asking again for up to %s\n", workflowID, err, wait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(time.Second, time.Until(deadline))):
		}
	}
}

// unanswered says that a query got no answer in time: no worker took it, or the one that took
// it stopped. Any other error (no such workflow, a failed query) is the answer.
func unanswered(err error) bool {
	var deadline *serviceerror.DeadlineExceeded
	var canceled *serviceerror.Canceled
	var unavailable *serviceerror.Unavailable
	return errors.As(err, &deadline) || errors.As(err, &canceled) || errors.As(err, &unavailable) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}
