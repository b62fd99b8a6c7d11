package cli

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/api/serviceerror"

	"wenming/msg"
	"wenming/office"
)

// statusWait is how long a status query waits, unless told otherwise, for a worker to answer.
const statusWait = time.Minute

// waitFlag registers --wait on a verb that queries a workflow.
func waitFlag(cmd *cobra.Command, wait *time.Duration) {
	cmd.Flags().DurationVar(wait, "wait", statusWait, "how long to wait for a worker to answer, e.g. 30s, 5m")
}

// status reads a workflow's status into st through the office, which asks again while
// workers are being replaced, for a verb that shows or uses it; unknown says what to check
// when there is no such workflow.
func (a *app) status(ctx context.Context, workflowID string, wait time.Duration, st any, unknown string) error {
	if wait <= 0 {
		return usage("cli.status.wait", "Wait", wait)
	}
	return a.statusError(a.office().Status(ctx, workflowID, wait, st), workflowID, wait, unknown)
}

// statusError says why a status query failed: no such workflow (and what to check), or no
// worker answered within wait (and on which task queue).
func (a *app) statusError(err error, workflowID string, wait time.Duration, unknown string) error {
	if err == nil {
		return nil
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return msg.Err("cli.status.no_workflow", "ID", workflowID, "Hint", msg.Say(unknown))
	}
	var none office.NoWorker
	if errors.As(err, &none) {
		err = msg.Wrap(none.Err, "cli.status.no_worker", "Wait", wait, "Queue", a.cfg.TaskQueue)
	}
	return msg.Wrap(err, "cli.status.failed", "ID", workflowID)
}
