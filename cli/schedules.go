package cli

import (
	"time"

	"github.com/spf13/cobra"

	"wenming/input/problem"
	"wenming/input/specfile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/period"
	"wenming/rules/schedule"
	"wenming/workflows"
)

func parseKind(text string) (schedule.Kind, error) {
	s, err := schedule.Spec(schedule.Kind(text))
	if err != nil {
		return "", usageError{err}
	}
	return s.Kind, nil
}

// roundOf reads a verb's KIND, --period and --schedules: the kind of round, the period it
// evaluates, and how rounds run.
func roundOf(kindText, periodText, file string) (schedule.Kind, period.Period, *schedule.Plan, error) {
	k, err := parseKind(kindText)
	if err != nil {
		return "", period.Period{}, nil, err
	}
	spec := schedule.MustSpec(k)
	p, ok := spec.Evaluates(periodText)
	if !ok {
		return "", period.Period{}, nil, usage("cli.schedule.period", "Period", periodText, "Kind", string(k), "Example", spec.Example)
	}
	plan, err := specfile.Schedules(file)
	return k, p, plan, err
}

func (a *app) scheduleCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "schedule", Short: "The Temporal Schedules that start evaluation rounds by themselves"}
	var standardsDir string
	apply := &cobra.Command{
		Use:     "apply [FILE]",
		Short:   "Create or update the schedules (default: DOMAIN.md's cadences); applying again changes nothing",
		Example: "  starter schedule apply\n  starter schedule apply examples/schedules.yaml",
		Args:    optionalArg("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			plan, err := specfile.Schedules(first(argv))
			if err != nil {
				return err
			}
			forms, err := specfile.RoundStandards(plan, standardsDir, first(argv))
			if err != nil {
				return err
			}
			applied, err := a.office().ApplySchedules(c.Context(), plan, forms)
			a.view().Applied(plan, applied, time.Now())
			return err
		},
	}
	apply.Flags().StringVar(&standardsDir, "standards", "standards", "where the rounds' forms are found")
	var count int
	preview := &cobra.Command{
		Use:     "preview [FILE]",
		Short:   "List the next runs of each schedule, and the period each evaluates",
		Example: "  starter schedule preview --count 4",
		Args:    optionalArg("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			plan, err := specfile.Schedules(first(argv))
			if err != nil {
				return err
			}
			return a.view().Preview(plan, time.Now(), count)
		},
	}
	preview.Flags().IntVar(&count, "count", 4, "how many runs of each")
	cmd.AddCommand(apply, preview, a.scheduleListCmd(), a.scheduleStateCmd("pause"), a.scheduleStateCmd("unpause"),
		a.scheduleTriggerCmd(), a.scheduleBackfillCmd())
	return cmd
}

func first(argv []string) string {
	if len(argv) == 0 {
		return ""
	}
	return argv[0]
}

func (a *app) scheduleListCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the schedules, paused or not, with their next runs",
		Example: "  starter schedule list",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			entries, err := a.office().Schedules(c.Context())
			if err != nil {
				return err
			}
			return a.view().Schedules(entries)
		},
	}
}

func (a *app) scheduleStateCmd(verb string) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:     verb + " KIND",
		Short:   map[string]string{"pause": "Pause a schedule", "unpause": "Resume a paused schedule"}[verb],
		Example: "  starter schedule " + verb + " pioneer --note 换届期间暂停",
		Args:    args("KIND"),
		RunE: func(c *cobra.Command, argv []string) error {
			k, err := parseKind(argv[0])
			if err != nil {
				return err
			}
			if verb == "pause" {
				err = a.office().PauseSchedule(c.Context(), k, note)
			} else {
				err = a.office().UnpauseSchedule(c.Context(), k, note)
			}
			if err != nil {
				return err
			}
			a.print("cli.schedule."+verb+"d", "ID", office.ScheduleID(k))
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why")
	return cmd
}

func (a *app) scheduleTriggerCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "trigger KIND",
		Short:   "Run a schedule now: a round for the period just ended (never twice for a period)",
		Example: "  starter schedule trigger pioneer",
		Args:    args("KIND"),
		RunE: func(c *cobra.Command, argv []string) error {
			k, err := parseKind(argv[0])
			if err != nil {
				return err
			}
			if err := a.office().TriggerSchedule(c.Context(), k); err != nil {
				return err
			}
			a.print("cli.schedule.triggered", "ID", office.ScheduleID(k))
			return nil
		},
	}
}

func (a *app) scheduleBackfillCmd() *cobra.Command {
	var periodText, file string
	cmd := &cobra.Command{
		Use:     "backfill KIND --period PERIOD",
		Short:   "Run the schedule's action as it would have run for a past period",
		Example: "  starter schedule backfill pioneer --period 2026-Q3",
		Args:    args("KIND"),
		RunE: func(c *cobra.Command, argv []string) error {
			k, p, plan, err := roundOf(argv[0], periodText, file)
			if err != nil {
				return err
			}
			// The run that evaluates the period is the schedule's first run after it ended.
			runs, err := plan.Next(k, p.End(plan.Location).Add(-time.Second), 1)
			if err != nil {
				return err
			}
			if runs[0].After(time.Now()) {
				return problem.New("", 0, "period", "problem.cli.has_been_evaluated_by", "Period", p, "Run", msg.At{T: runs[0], TZ: plan.Timezone})
			}
			if err := a.office().BackfillSchedule(c.Context(), k, runs[0]); err != nil {
				return err
			}
			a.print("cli.schedule.backfilled", "ID", office.ScheduleID(k), "Period", p, "Run", msg.At{T: runs[0], TZ: plan.Timezone},
				"Round", workflows.RoundWorkflowID(string(k), p.String()))
			return nil
		},
	}
	cmd.Flags().StringVar(&periodText, "period", "", "the period, e.g. 2026-Q3 or 2026-H2")
	cmd.Flags().StringVar(&file, "schedules", "", "the schedules file applied (default: the defaults)")
	return cmd
}
