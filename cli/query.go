package cli

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/api/serviceerror"

	"wenming/msg"
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
		return msg.Err("cli.status.no_workflow", "ID", workflowID, "Hint", msg.Say(unknown))
	}
	var ue usageError
	if err != nil && !errors.As(err, &ue) {
		return msg.Wrap(err, "cli.status.failed", "ID", workflowID)
	}
	if err != nil {
		return err
	}
	return nil
}

// queryStatus reads a workflow's status (its query) into st. Only a worker answers a query,
// and while workers are being replaced (a deploy, a crash) a query can land on one that stops
// before it answers: the server then reports a timeout. So the query is asked again until wait
// has passed, saying once on the error stream that it waits.
func (a *app) queryStatus(ctx context.Context, workflowID string, wait time.Duration, st any) error {
	if wait <= 0 {
		return usage("cli.status.wait", "Wait", wait)
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
			return msg.Wrap(err, "cli.status.no_worker", "Wait", wait, "Queue", a.cfg.TaskQueue)
		}
		if attempt == 1 {
			a.warn("cli.status.asking_again", "ID", workflowID, "Detail", err, "Wait", wait)
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
