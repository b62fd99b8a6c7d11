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

// viewFlags are the flags of a verb that shows a workflow's state: --json and --wait.
type viewFlags struct {
	json bool
	wait time.Duration
}

func (f *viewFlags) add(cmd *cobra.Command) {
	jsonFlag(cmd, &f.json)
	waitFlag(cmd, &f.wait)
}

// jsonFlag registers --json on a verb that shows something.
func jsonFlag(cmd *cobra.Command, asJSON *bool) {
	cmd.Flags().BoolVar(asJSON, "json", false, "print JSON for scripts")
}

// printed prints v as JSON (--json), or else as print shows it to a person.
func printed[V any](a *app, asJSON bool, v V, print func(V) error) error {
	if asJSON {
		return a.view().JSON(v)
	}
	return print(v)
}

// showStatus reads a workflow's status (see status) and prints it (see printed).
func showStatus[S any](ctx context.Context, a *app, workflowID, unknown string, f viewFlags, print func(S) error) error {
	var st S
	if err := a.status(ctx, workflowID, f.wait, &st, unknown); err != nil {
		return err
	}
	return printed(a, f.json, st, print)
}

// noErr is a view that cannot fail as one that could.
func noErr[V any](print func(V)) func(V) error {
	return func(v V) error {
		print(v)
		return nil
	}
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
