package cli

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"wenming/infile/specfile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/period"
	"wenming/rules/schedule"
	"wenming/store"
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
			k, err := parseKind(argv[0])
			if err != nil {
				return err
			}
			p, err := period.Parse(periodText)
			if err != nil || p.Kind != periodKind(k) {
				return usage("cli.round.period", "Period", periodText, "Kind", string(k))
			}
			plan, err := specfile.Schedules(file)
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
	var asJSON bool
	var wait time.Duration
	cmd := &cobra.Command{
		Use:     "status ROUND",
		Short:   "Where a round (or one branch's part) stands",
		Example: "  starter round status pioneer/2026-Q4\n  starter round status pioneer/2026-Q4 --branch b-finance --json",
		Args:    args("ROUND"),
		RunE: func(c *cobra.Command, argv []string) error {
			if branch != "" {
				st, awaiting, err := a.branchStatus(c.Context(), argv[0], branch, wait)
				if err != nil {
					return err
				}
				if awaiting && !asJSON {
					a.print("cli.branch.awaits_sheet", "Branch", branch, "Round", argv[0])
					return nil
				}
				if asJSON {
					return jsonOut(a.out, st)
				}
				a.printBranchStatus(st)
				return nil
			}
			var st workflows.RoundStatus
			if err := a.status(c.Context(), argv[0], wait, &st, roundHint); err != nil {
				return err
			}
			if asJSON {
				return jsonOut(a.out, st)
			}
			a.printRoundStatus(st)
			return nil
		},
	}
	cmd.Flags().StringVar(&branch, "branch", "", "show one branch's part")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	waitFlag(cmd, &wait)
	return cmd
}

func (a *app) printBranchStatus(st workflows.BranchStatus) {
	state := a.tr("cli.branch.in_progress")
	if st.Settled != "" {
		state = st.Settled // the branch's own words, from the catalogue's Chinese
	}
	a.print("cli.branch.status.head", "Branch", st.BranchID, "Round", st.RoundID, "State", state)
	if st.Sheet != nil {
		a.print("cli.branch.status.sheet", "Ballots", st.Sheet.Ballots, "Present", st.Sheet.Present, "Forms", st.Sheet.Forms)
	}
	if st.Tally != nil {
		a.print("cli.branch.status.recommended", "Members", st.Tally.Recommended, "Limit", st.Tally.Limit, "Of", st.Tally.Members)
		if t := st.Tally.Pending; t != nil {
			a.print("cli.branch.status.tie", "Units", t.Units, "Total", t.Total, "Slots", t.Slots, "Round", st.RoundID, "Branch", st.BranchID)
		}
	}
}

func (a *app) printRoundStatus(st workflows.RoundStatus) {
	a.print("cli.round.status.head", "ID", st.ID, "Phase", st.Phase)
	if st.Next.ID != "" {
		fmt.Fprintln(a.out, a.p.T("details.waiting", map[string]string{"What": a.p.Render(st.Next)}))
	}
	if st.Kind == workflows.KindAnnual {
		a.print("cli.round.status.listed", "Listed", st.Listed, "Proposed", st.Proposed)
	} else {
		a.print("cli.round.status.counts", "Branches", st.Branches, "Settled", st.Settled, "Proposed", st.Proposed)
	}
	if t := st.PendingTie; t != nil {
		a.print("cli.round.status.tie", "Units", t.Units, "Total", t.Total, "Slots", t.Slots, "ID", st.ID)
	}
	for _, t := range st.BranchTies {
		fmt.Fprintln(a.out, a.p.Render(msg.Say("effect.retally.tie", "Branch", t.Branch, "Tied", t.Tie.Units, "Total", t.Tie.Total,
			"Slots", t.Tie.Slots, "Round", st.ID)))
	}
	for _, o := range slices.Sorted(maps.Keys(st.Outcomes)) {
		fmt.Fprintf(a.out, "%s: %d\n", a.outcomeName(schedule.OutcomeName(o), o), st.Outcomes[o])
	}
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

// branchStatus reads a branch's status. A pioneer round's branch has no workflow until its
// group starts it: with its accepted sheet (just after the receipt, so it is asked again
// until wait has passed) or when the voting closes (until then it awaits its sheet).
func (a *app) branchStatus(ctx context.Context, round, branch string, wait time.Duration) (workflows.BranchStatus, bool, error) {
	if wait <= 0 {
		return workflows.BranchStatus{}, false, usage("cli.status.wait", "Wait", wait)
	}
	deadline := time.Now().Add(wait)
	for {
		var st workflows.BranchStatus
		err := a.status(ctx, workflows.BranchWorkflowID(round, branch), max(time.Until(deadline), time.Second), &st, roundHint)
		if err == nil {
			return st, false, nil
		}
		switch a.branchStart(ctx, round, branch) {
		case awaitsSheet:
			return workflows.BranchStatus{RoundID: round, BranchID: branch}, true, nil
		case startsWithSheet:
			if time.Now().Before(deadline) {
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
					continue
				}
			}
		}
		return st, false, err
	}
}

// branchStart is where a pioneer round's branch without a workflow stands.
type branchStart int

const (
	startedOrUnknown branchStart = iota
	awaitsSheet                  // it takes part, the round is open, no sheet accepted yet
	startsWithSheet              // its sheet is accepted: its group is starting its workflow
)

func (a *app) branchStart(ctx context.Context, round, branch string) branchStart {
	db, err := a.database(ctx)
	if err != nil {
		return startedOrUnknown
	}
	s, err := store.BranchSheet(ctx, db, round, branch)
	switch {
	case err != nil || !s.Open:
		return startedOrUnknown
	case s.Sheet:
		return startsWithSheet
	default:
		return awaitsSheet
	}
}
