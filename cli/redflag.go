package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"wenming/input/sheetfile"
	"wenming/office"
	"wenming/rules/standard"
	"wenming/workflows"
)

func (a *app) redflagCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "redflag", Short: "Red-flag forms (红旗党支部考核表): a branch's self-report and the committee's score"}
	for _, v := range []struct {
		name, update, short, example string
		act                          func(*office.Office, context.Context, office.RedFlagForm) (office.Receipt, error)
	}{
		{"report", workflows.UpdateSelfReport, "A branch's self-report on the form (自行申报)", "", (*office.Office).ReportRedFlag},
		{"assess", workflows.UpdateAssess, "The committee's assessment score of a branch (党委考核测评), with the records it rests on", " --basis 党办2026年下半年日常考核记录", (*office.Office).AssessRedFlag},
	} {
		var s submission
		var round, branch, path, basis string
		sub := &cobra.Command{
			Use:     v.name,
			Short:   v.short,
			Example: fmt.Sprintf("  starter redflag %s --round redflag/2026-H2 --branch b-finance --sheet form.csv%s", v.name, v.example),
			Args:    args(),
			RunE: func(c *cobra.Command, _ []string) error {
				if round == "" || branch == "" || path == "" {
					return usage("cli.give.round_branch_sheet")
				}
				ctx := c.Context()
				sh, err := a.readRoundSheet(ctx, round, path)
				if err != nil {
					return a.localRefusal(ctx, v.update, office.RedFlagTarget(round, branch), err)
				}
				return a.show(v.act(a.office(), ctx, office.RedFlagForm{Round: round, Branch: branch, ID: s.id, Sheet: sh, Basis: basis}))
			},
		}
		s.register(sub)
		sub.Flags().StringVar(&round, "round", "", "the round, e.g. redflag/2026-H2")
		sub.Flags().StringVar(&branch, "branch", "", "the branch")
		sub.Flags().StringVar(&path, "sheet", "", "the form, item,score (CSV or .xlsx)")
		if v.update == workflows.UpdateAssess {
			sub.Flags().StringVar(&basis, "basis", "", "the party office's daily-assessment records the score rests on (党办提供的日常考核依据)")
		}
		cmd.AddCommand(sub)
	}
	cmd.AddCommand(a.redflagProceedCmd())
	return cmd
}

// redflagProceedCmd goes on without the committee's overdue score of a branch, saying why: the
// decision is the administrator's, recorded with their name, never the clock's.
func (a *app) redflagProceedCmd() *cobra.Command {
	var s submission
	var round, branch, reason string
	cmd := &cobra.Command{
		Use:     "proceed --round R --branch B --reason R",
		Short:   "Go on without the committee's overdue score of a branch (it is ranked without one), saying why",
		Example: "  starter redflag proceed --round redflag/2026-H2 --branch b-audit --reason 党委考核测评逾期，经党委会研究不再等待",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if round == "" || branch == "" {
				return usage("cli.give.round_branch")
			}
			return a.show(a.office().Proceed(c.Context(), office.Proceeding{Round: round, Branch: branch, ID: s.id, Reason: reason}))
		},
	}
	s.register(cmd)
	cmd.Flags().StringVar(&round, "round", "", "the round, e.g. redflag/2026-H2")
	cmd.Flags().StringVar(&branch, "branch", "", "the branch")
	cmd.Flags().StringVar(&reason, "reason", "", "why: recorded as your decision")
	return cmd
}

// readRoundSheet reads and scores a form on the round's standard.
func (a *app) readRoundSheet(ctx context.Context, round, path string) (standard.Sheet, error) {
	tbl, err := sheetfile.Read(path)
	if err != nil {
		return standard.Sheet{}, err
	}
	return a.office().RoundSheet(ctx, round, tbl)
}
