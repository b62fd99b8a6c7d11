package cli

import (
	"github.com/spf13/cobra"

	"wenming/input/specfile"
	"wenming/office"
	"wenming/workflows"
)

func (a *app) roundCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "round", Short: "Evaluation rounds: pioneer posts (党员先锋岗) and red-flag branches (红旗党支部)"}
	var periodText, file, standardsDir string
	start := &cobra.Command{
		Use:   "start KIND --period PERIOD",
		Short: "Start a round by hand; a period already started is never started again",
		Example: "  starter round start pioneer --period 2026-Q4\n" +
			"  starter round start redflag --period 2026-H2 --schedules examples/demo-schedules.yaml",
		Args: args("KIND"),
		RunE: func(c *cobra.Command, argv []string) error {
			k, p, plan, err := roundOf(argv[0], periodText, file)
			if err != nil {
				return err
			}
			forms, err := specfile.RoundStandards(plan, standardsDir, file)
			if err != nil {
				return err
			}
			started, err := a.office().StartRound(c.Context(), k, p.String(), plan, file, forms)
			if err != nil {
				return err
			}
			if started.Already {
				a.print("cli.round.already_started", "ID", started.Workflow)
				return nil
			}
			a.print("cli.round.started", "ID", started.Workflow)
			return nil
		},
	}
	start.Flags().StringVar(&periodText, "period", "", "the period to evaluate, e.g. 2026-Q4 or 2026-H2")
	start.Flags().StringVar(&file, "schedules", "", "how rounds run (default: the defaults)")
	start.Flags().StringVar(&standardsDir, "standards", "standards", "where the rounds' forms are found")
	cmd.AddCommand(start, a.roundStatusCmd(), a.roundApproveCmd())
	return cmd
}

// roundHint is what to check when a round's workflow is not found.
const roundHint = "cli.hint.round"

func (a *app) roundStatusCmd() *cobra.Command {
	var branch string
	var f viewFlags
	cmd := &cobra.Command{
		Use:     "status ROUND",
		Short:   "Where a round (or one branch's part) stands",
		Example: "  starter round status pioneer/2026-Q4\n  starter round status pioneer/2026-Q4 --branch b-finance --json",
		Args:    args("ROUND"),
		RunE: func(c *cobra.Command, argv []string) error {
			if branch == "" {
				return showStatus(c.Context(), a, argv[0], roundHint, f, noErr(a.view().RoundStatus))
			}
			if f.wait <= 0 {
				return usage("cli.status.wait", "Wait", f.wait)
			}
			st, awaiting, err := a.office().BranchStatus(c.Context(), argv[0], branch, f.wait)
			if err != nil {
				return a.statusError(err, workflows.BranchWorkflowID(argv[0], branch), f.wait, roundHint)
			}
			return printed(a, f.json, st, noErr(func(st workflows.BranchStatus) { a.view().BranchStatus(st, awaiting) }))
		},
	}
	cmd.Flags().StringVar(&branch, "branch", "", "show one branch's part")
	f.add(cmd)
	return cmd
}

func (a *app) roundApproveCmd() *cobra.Command {
	var s submission
	var round string
	var strikes []string
	cmd := &cobra.Command{
		Use:   "approve --round ROUND [--strike MEMBER=REASON ...]",
		Short: "The committee approves the branches' recommendations (党委审批), striking names with reasons",
		Example: "  starter round approve --round pioneer/2026-Q4\n" +
			"  starter round approve --round pioneer/2026-Q4 --strike m0007=近期群众反映较多",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if round == "" {
				return usage("cli.give.round")
			}
			in := office.Approval{Round: round, ID: s.id}
			pairs, err := idReasons(strikes, "cli.round.strike")
			if err != nil {
				return err
			}
			for _, p := range pairs {
				in.Strikes = append(in.Strikes, office.Strike{Member: p.Unit, Reason: p.Reason})
			}
			return a.show(a.office().Approve(c.Context(), in))
		},
	}
	s.register(cmd)
	cmd.Flags().StringVar(&round, "round", "", "the round, e.g. pioneer/2026-Q4")
	cmd.Flags().StringArrayVar(&strikes, "strike", nil, "a name struck and why, MEMBER=REASON (repeat)")
	return cmd
}
