package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

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
				return fmt.Errorf("start check: %w", err)
			}
			var out workflows.CheckResult
			if err := run.Get(ctx, &out); err != nil {
				return fmt.Errorf("check %s: %w (is a worker running?)", id, err)
			}
			fmt.Fprintf(a.out, "ok: worker %s recorded check %s in PostgreSQL at %s\n", out.Worker, id, out.CheckedAt.Format(time.RFC3339))
			return nil
		},
	}
}
