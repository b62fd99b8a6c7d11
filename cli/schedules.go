package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"wenming/infile/specfile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/rules/period"
	"wenming/rules/problem"
	"wenming/rules/schedule"
	"wenming/termtable"
	"wenming/workflows"
)

func parseKind(text string) (schedule.Kind, error) {
	s, err := schedule.Spec(schedule.Kind(text))
	if err != nil {
		return "", usageError{err}
	}
	return s.Kind, nil
}

// saveRoundStandards saves the forms the rounds score on, so that workflows can load them (see
// specfile.RoundStandards).
func (a *app) saveRoundStandards(ctx context.Context, plan *schedule.Plan, dir, file string) error {
	stds, err := specfile.RoundStandards(plan, dir, file)
	if err != nil {
		return err
	}
	for _, std := range stds {
		if err := a.office().SaveStandard(ctx, std); err != nil {
			return err
		}
	}
	return nil
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
			if err := a.saveRoundStandards(c.Context(), plan, standardsDir, first(argv)); err != nil {
				return err
			}
			for _, s := range schedule.Kinds {
				k := s.Kind
				if _, ok := plan.Configs[k]; !ok {
					continue
				}
				verb, err := a.office().ApplySchedule(c.Context(), plan, k)
				if err != nil {
					return err
				}
				next, _ := plan.Next(k, time.Now(), 1)
				a.print("cli.schedule.applied", "ID", office.ScheduleID(k), "Verb", verb, "Cron", plan.Crons[k], "Zone", plan.Timezone, "Next", msg.At{T: next[0], TZ: plan.Timezone})
			}
			return nil
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
			t := termtable.Table{Header: []string{a.tr("cli.header.round"), a.tr("cli.header.runs_at"), a.tr("cli.header.evaluates")}}
			for _, s := range schedule.Kinds {
				runs, err := plan.Next(s.Kind, time.Now(), count)
				if err != nil {
					continue
				}
				for _, at := range runs {
					t.Add(a.p.Term("round_kind", string(s.Kind)), a.p.At(msg.At{T: at, TZ: plan.Timezone}), period.JustEnded(s.Period, at, plan.Location))
				}
			}
			return t.Write(a.out)
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

func periodKind(k schedule.Kind) period.Kind { return schedule.MustSpec(k).Period }

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
			t := termtable.Table{Header: []string{a.tr("cli.header.schedule"), a.tr("cli.header.paused"), a.tr("cli.header.next_run"), a.tr("cli.header.recent_runs")}}
			for _, e := range entries {
				next := "-"
				if !e.Next.IsZero() {
					next = a.p.At(msg.At{T: e.Next, TZ: campaign.DefaultTimezone})
				}
				t.Add(e.ID, a.p.Term("bool", fmt.Sprint(e.Paused)), next, e.Recent)
			}
			return t.Write(a.out)
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
			k, err := parseKind(argv[0])
			if err != nil {
				return err
			}
			p, err := period.Parse(periodText)
			if err != nil || p.Kind != periodKind(k) {
				return usage("cli.schedule.period", "Period", periodText, "Kind", string(k), "Example", schedule.MustSpec(k).Example)
			}
			plan, err := specfile.Schedules(file)
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
