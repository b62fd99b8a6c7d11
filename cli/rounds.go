package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"wenming/activities"
	"wenming/rules/period"
	"wenming/rules/problem"
	"wenming/rules/schedule"
	"wenming/rules/standard"
	"wenming/sheet/sheetfile"
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
				return usageError{fmt.Errorf("--period %q is not a period of a %s round", periodText, k)}
			}
			plan, err := loadSchedules(file)
			if err != nil {
				return err
			}
			cfg, ok := plan.Configs[k]
			if !ok {
				return problem.New(file, 0, string(k), "problem.cli.schedules_file_does_set", "K", k)
			}
			if err := a.saveRoundStandards(c.Context(), plan, standardsDir); err != nil {
				return err
			}
			return a.startRound(c.Context(), k, p.String(), cfg)
		},
	}
	start.Flags().StringVar(&periodText, "period", "", "the period to evaluate, e.g. 2026-Q4 or 2026-H2")
	start.Flags().StringVar(&file, "schedules", "", "how rounds run (default: the defaults)")
	start.Flags().StringVar(&standardsDir, "standards", "standards", "where the rounds' forms are found")
	cmd.AddCommand(start, a.roundStatusCmd(), a.roundApproveCmd())
	return cmd
}

func (a *app) startRound(ctx context.Context, k schedule.Kind, p string, cfg schedule.Config) error {
	tc, err := a.temporal(ctx)
	if err != nil {
		return err
	}
	id := workflows.RoundWorkflowID(string(k), p)
	fn, ok := workflows.RoundWorkflow(string(k))
	if !ok {
		return fmt.Errorf("round %s: no workflow runs rounds of kind %s", id, k)
	}
	_, err = tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: id, TaskQueue: a.cfg.TaskQueue, StaticSummary: roundTitle(k) + " " + p,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowExecutionErrorWhenAlreadyStarted: true, // else a second start looks like a first
		TypedSearchAttributes:                    workflows.RoundAttributes(id, string(k), p),
	}, fn, workflows.RoundInput{Kind: string(k), Period: p, Config: cfg})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		fmt.Fprintf(a.out, "round %s was already started: nothing changed (a period runs once)\n", id)
		return nil
	}
	if err != nil {
		return fmt.Errorf("start round %s: %w", id, err)
	}
	fmt.Fprintf(a.out, "round %s started\n", id)
	return nil
}

func roundTitle(k schedule.Kind) string { return schedule.MustSpec(k).Title }

// roundHint is what to check when a round's workflow is not found.
const roundHint = "check the round id (e.g. pioneer/2026-Q4)"

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
				var st workflows.BranchStatus
				if err := a.status(c.Context(), workflows.BranchWorkflowID(argv[0], branch), wait, &st, roundHint); err != nil {
					return err
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
	fmt.Fprintf(a.out, "%s in %s: %s\n", st.BranchID, st.RoundID, orDash(st.Settled, "in progress"))
	if st.Sheet != nil {
		fmt.Fprintf(a.out, "ballots in: %d from %d members present (%d forms)\n", st.Sheet.Ballots, st.Sheet.Present, st.Sheet.Forms)
	}
	if st.Tally != nil {
		fmt.Fprintf(a.out, "recommended: %s (at most %d of %d members)\n", strings.Join(st.Tally.Recommended, ", "), st.Tally.Limit, st.Tally.Members)
		if t := st.Tally.Pending; t != nil {
			fmt.Fprintf(a.out, "tie at the cut: %s tied at %s for %d place(s): starter tie resolve --round %s --branch %s --include ...\n",
				strings.Join(t.Units, ", "), t.Total, t.Slots, st.RoundID, st.BranchID)
		}
	}
}

func (a *app) printRoundStatus(st workflows.RoundStatus) {
	fmt.Fprintf(a.out, "%s: phase %s\n", st.ID, st.Phase)
	if st.Next.ID != "" {
		fmt.Fprintln(a.out, a.p.T("details.waiting", map[string]string{"What": a.p.Render(st.Next)}))
	}
	fmt.Fprintf(a.out, "branches %d · done %d · proposed %d\n", st.Branches, st.Settled, st.Proposed)
	if t := st.PendingTie; t != nil {
		fmt.Fprintf(a.out, "tie at the cut: %s tied at %s for %d place(s): starter tie resolve --round %s --include ...\n",
			strings.Join(t.Units, ", "), t.Total, t.Slots, st.ID)
	}
	for _, o := range slices.Sorted(maps.Keys(st.Outcomes)) {
		fmt.Fprintf(a.out, "%s: %d\n", o, st.Outcomes[o])
	}
}

func orDash(s, d string) string {
	if s == "" {
		return d
	}
	return s
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
				return usageError{fmt.Errorf("give --round")}
			}
			req := &workflows.ApproveRequest{}
			for _, st := range strikes {
				m, why, ok := strings.Cut(st, "=")
				if !ok || m == "" || why == "" {
					return usageError{fmt.Errorf("--strike %q: give MEMBER=REASON", st)}
				}
				req.Strikes = append(req.Strikes, activities.Strike{Member: m, Reason: why})
			}
			_, err := a.send(c.Context(), s, round, workflows.UpdateApprove, req)
			return err
		},
	}
	s.register(cmd)
	cmd.Flags().StringVar(&round, "round", "", "the round, e.g. pioneer/2026-Q4")
	cmd.Flags().StringArrayVar(&strikes, "strike", nil, "a name struck and why, MEMBER=REASON (repeat)")
	return cmd
}

func (a *app) redflagCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "redflag", Short: "Red-flag forms (红旗党支部考核表): a branch's self-report and the committee's score"}
	for _, v := range []struct{ name, update, short string }{
		{"report", workflows.UpdateSelfReport, "A branch's self-report on the form (自行申报)"},
		{"assess", workflows.UpdateAssess, "The committee's assessment score of a branch (党委考核测评)"},
	} {
		var s submission
		var round, branch, path string
		sub := &cobra.Command{
			Use:     v.name,
			Short:   v.short,
			Example: fmt.Sprintf("  starter redflag %s --round redflag/2026-H2 --branch b-finance --sheet form.csv", v.name),
			Args:    args(),
			RunE: func(c *cobra.Command, _ []string) error {
				if round == "" || branch == "" || path == "" {
					return usageError{fmt.Errorf("give --round, --branch and --sheet")}
				}
				ctx := c.Context()
				target := workflows.BranchWorkflowID(round, branch)
				sh, err := a.readRoundSheet(ctx, round, path)
				if err != nil {
					return a.localRefusal(ctx, v.update, target, err)
				}
				_, err = a.send(ctx, s, target, v.update, &workflows.ScoreRequest{Sheet: sh})
				return err
			},
		}
		s.register(sub)
		sub.Flags().StringVar(&round, "round", "", "the round, e.g. redflag/2026-H2")
		sub.Flags().StringVar(&branch, "branch", "", "the branch")
		sub.Flags().StringVar(&path, "sheet", "", "the form, item,score (CSV or .xlsx)")
		cmd.AddCommand(sub)
	}
	return cmd
}

// readRoundSheet reads and scores a form on the round's standard.
func (a *app) readRoundSheet(ctx context.Context, round, path string) (standard.Sheet, error) {
	tbl, err := sheetfile.Read(path)
	if err != nil {
		return standard.Sheet{}, err
	}
	db, err := a.database(ctx)
	if err != nil {
		return standard.Sheet{}, unavailable(err)
	}
	var standardID string
	if err := db.GetContext(ctx, &standardID, `SELECT config->>'StandardID' FROM rounds WHERE id = $1`, round); err != nil {
		return standard.Sheet{}, fmt.Errorf("round %s is not open (starter round status %s)", round, round)
	}
	std, err := store.LoadStandard(ctx, db, standardID)
	if err != nil {
		return standard.Sheet{}, err
	}
	sh, err := std.ReadSheet(tbl)
	if err == nil {
		_, err = std.Score(sh)
	}
	for i := range sh.Entries {
		sh.Entries[i].Line = 0
	}
	return sh, err
}

func (a *app) violationCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "violation", Short: "Record a disciplinary violation or criticism: it takes eligibility away in its period"}
	var member, branch, kind, date, note, id string
	rec := &cobra.Command{
		Use:     "record",
		Short:   "Record a violation (违纪) or criticism (通报批评) of a member or a branch",
		Example: "  starter violation record --member m0007 --kind criticism --date 2026-08-03 --note 被市纪委通报批评",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			subjectKind, subject := "member", member
			if (member == "") == (branch == "") {
				return usageError{fmt.Errorf("give --member or --branch")}
			}
			if branch != "" {
				subjectKind, subject = "branch", branch
			}
			if kind != "violation" && kind != "criticism" {
				return usageError{fmt.Errorf("--kind %q: use violation (违纪) or criticism (通报批评)", kind)}
			}
			on, err := time.Parse("2006-01-02", date)
			if err != nil {
				return usageError{fmt.Errorf("--date %q: give a date like 2026-08-03", date)}
			}
			if id == "" {
				id = derivedID("violation", subjectKind+"/"+subject, []string{kind, date, note})
			}
			db, err := a.database(c.Context())
			if err != nil {
				return err
			}
			res, err := db.ExecContext(c.Context(), `INSERT INTO violations (submission_id, subject_kind, subject_id, kind, occurred_on, note, recorded_by)
				SELECT $1, $2, $3, $4, $5, $6, $7
				WHERE EXISTS (SELECT 1 FROM members WHERE $2 = 'member' AND id = $3) OR EXISTS (SELECT 1 FROM branches WHERE $2 = 'branch' AND id = $3)
				ON CONFLICT DO NOTHING`, id, subjectKind, subject, kind, on, note, a.actor)
			if err != nil {
				return fmt.Errorf("record the violation: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				var exists bool
				_ = db.GetContext(c.Context(), &exists, `SELECT EXISTS (SELECT 1 FROM violations WHERE submission_id = $1)`, id)
				if !exists {
					return problem.New("", 0, subjectKind, "problem.cli.roster", "SubjectKind", subjectKind, "Subject", subject)
				}
				fmt.Fprintf(a.out, "already recorded (submission %s): nothing changed\n", id)
				return nil
			}
			fmt.Fprintf(a.out, "recorded (submission %s): %s %s, %s on %s\n", id, subjectKind, subject, kind, date)
			return nil
		},
	}
	rec.Flags().StringVar(&member, "member", "", "the member")
	rec.Flags().StringVar(&branch, "branch", "", "or the branch")
	rec.Flags().StringVar(&kind, "kind", "", "violation or criticism")
	rec.Flags().StringVar(&date, "date", "", "when it happened, e.g. 2026-08-03")
	rec.Flags().StringVar(&note, "note", "", "what happened")
	rec.Flags().StringVar(&id, "id", "", "submission id (default: derived from the content)")
	cmd.AddCommand(rec)
	return cmd
}
