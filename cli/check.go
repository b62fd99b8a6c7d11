package cli

import (
	"time"

	"github.com/spf13/cobra"
)

func (a *app) checkCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "check",
		Short:   "Prove that Temporal, a worker and PostgreSQL answer, by running one small workflow",
		Example: "  starter check",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			id := time.Now().UTC().Format("20060102T150405.000")
			out, err := a.office().Check(ctx, id)
			if err != nil {
				return err
			}
			a.view().Checked(id, out)
			return nil
		},
	}
}
