package cli

import (
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

	"wenming/msg"
	"wenming/workflows"
)

func (a *app) checkCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "check",
		Short:   "Prove that Temporal, a worker and PostgreSQL answer, by running one small workflow",
		Example: "  starter check",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			tc, err := a.temporal(ctx)
			if err != nil {
				return err
			}
			id := time.Now().UTC().Format("20060102T150405.000")
			run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
				ID: workflows.CheckWorkflowID(id), TaskQueue: a.cfg.TaskQueue,
				WorkflowExecutionTimeout: time.Minute,
			}, workflows.Check, workflows.CheckInput{CheckID: id})
			if err != nil {
				return msg.Wrap(err, "cli.check.start_failed")
			}
			var out workflows.CheckResult
			if err := run.Get(ctx, &out); err != nil {
				return msg.Wrap(err, "cli.check.failed", "ID", id)
			}
			a.print("cli.check.ok", "Worker", out.Worker, "ID", id, "At", msg.At{T: out.CheckedAt, TZ: "UTC"})
			return nil
		},
	}
}
