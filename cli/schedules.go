package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/period"
	"wenming/rules/problem"
	"wenming/rules/schedule"
	"wenming/searchattr"
	"wenming/sheet/sheetfile"
	"wenming/store"
	"wenming/termtable"
	"wenming/workflows"
)

// ScheduleID is the Temporal Schedule of a kind of round.
func ScheduleID(kind schedule.Kind) string { return string(kind) + "-rounds" }

// loadSchedules reads a schedules file, or the defaults when path is empty.
func loadSchedules(path string) (*schedule.Plan, error) {
	if path == "" {
		return schedule.Parse("(defaults)", []byte(schedule.Defaults))
	}
	text, err := sheetfile.ReadText(path, "schedules_file", maxDefinitionBytes)
	if err != nil {
		return nil, err
	}
	return schedule.Parse(filepath.Base(path), []byte(text))
}

func parseKind(text string) (schedule.Kind, error) {
	s, err := schedule.Spec(schedule.Kind(text))
	if err != nil {
		return "", usageError{err}
	}
	return s.Kind, nil
}

// saveRoundStandards saves the forms the rounds score on, so that workflows can load them: by
// id under dir, or a .yaml path inside the folder of the schedules file (file; empty: the
// defaults, whose paths are inside the working directory).
func (a *app) saveRoundStandards(ctx context.Context, plan *schedule.Plan, dir, file string) error {
	db, err := a.database(ctx)
	if err != nil {
		return err
	}
	folder, name := ".", "(defaults)"
	if file != "" {
		folder, name = filepath.Dir(file), filepath.Base(file)
	}
	look, err := newSpecLookup(folder, name, dir)
	if err != nil {
		return err
	}
	defer look.Close()
	for _, c := range plan.Configs {
		if c.StandardID == "" {
			continue // a kind without a form: the year-end round
		}
		std, err := look.Standard(c.StandardID)
		if err != nil {
			return problem.Of("", 0, "standard", err)
		}
		if err := store.SaveStandard(ctx, db, std); err != nil {
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
			plan, err := loadSchedules(first(argv))
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
				verb, err := a.applySchedule(c.Context(), plan, k)
				if err != nil {
					return err
				}
				next, _ := plan.Next(k, time.Now(), 1)
				a.print("cli.schedule.applied", "ID", ScheduleID(k), "Verb", verb, "Cron", plan.Crons[k], "Zone", plan.Timezone, "Next", msg.At{T: next[0], TZ: plan.Timezone})
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
			plan, err := loadSchedules(first(argv))
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

// scheduleOptions is the whole desired state of a kind's schedule.
func (a *app) scheduleOptions(plan *schedule.Plan, k schedule.Kind) client.ScheduleOptions {
	return client.ScheduleOptions{
		ID:   ScheduleID(k),
		Spec: client.ScheduleSpec{CronExpressions: []string{plan.Crons[k]}, TimeZoneName: plan.Timezone},
		Action: &client.ScheduleWorkflowAction{
			ID: string(k) + "-launch", Workflow: workflows.RoundLauncher, TaskQueue: a.cfg.TaskQueue,
			Args:                  []any{workflows.LaunchInput{Kind: string(k), Config: plan.Configs[k]}},
			TypedSearchAttributes: temporal.NewSearchAttributes(searchattr.RoundKind.ValueSet(string(k))),
			StaticSummary:         msg.Say("summary.launcher", "Kind", string(k)).String(),
		},
		Overlap:       enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		CatchupWindow: plan.CatchupWindow,
	}
}

// applySchedule creates the schedule, or updates it to the file's settings.
func (a *app) applySchedule(ctx context.Context, plan *schedule.Plan, k schedule.Kind) (string, error) {
	tc, err := a.temporal(ctx)
	if err != nil {
		return "", err
	}
	opts := a.scheduleOptions(plan, k)
	_, err = tc.ScheduleClient().Create(ctx, opts)
	if err == nil {
		return "created", nil
	}
	if !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return "", msg.Wrap(err, "cli.schedule.create_failed", "ID", opts.ID)
	}
	h := tc.ScheduleClient().GetHandle(ctx, opts.ID)
	err = h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
		s := in.Description.Schedule
		s.Spec = &opts.Spec
		s.Action = opts.Action
		if s.Policy == nil {
			s.Policy = &client.SchedulePolicies{}
		}
		s.Policy.Overlap, s.Policy.CatchupWindow = opts.Overlap, opts.CatchupWindow
		return &client.ScheduleUpdate{Schedule: &s}, nil
	}})
	if err != nil {
		return "", msg.Wrap(err, "cli.schedule.update_failed", "ID", opts.ID)
	}
	return "updated", nil
}

func (a *app) scheduleListCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the schedules, paused or not, with their next runs",
		Example: "  starter schedule list",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			tc, err := a.temporal(c.Context())
			if err != nil {
				return err
			}
			iter, err := tc.ScheduleClient().List(c.Context(), client.ScheduleListOptions{})
			if err != nil {
				return msg.Wrap(err, "cli.schedule.list_failed")
			}
			t := termtable.Table{Header: []string{a.tr("cli.header.schedule"), a.tr("cli.header.paused"), a.tr("cli.header.next_run"), a.tr("cli.header.recent_runs")}}
			for iter.HasNext() {
				e, err := iter.Next()
				if err != nil {
					return err
				}
				next := "-"
				if len(e.NextActionTimes) > 0 {
					next = a.p.At(msg.At{T: e.NextActionTimes[0], TZ: campaign.DefaultTimezone})
				}
				t.Add(e.ID, a.p.Term("bool", fmt.Sprint(e.Paused)), next, len(e.RecentActions))
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
			h, err := a.scheduleHandle(c.Context(), argv[0])
			if err != nil {
				return err
			}
			if verb == "pause" {
				err = h.Pause(c.Context(), client.SchedulePauseOptions{Note: note})
			} else {
				err = h.Unpause(c.Context(), client.ScheduleUnpauseOptions{Note: note})
			}
			if err != nil {
				return scheduleError(h.GetID(), err)
			}
			a.print("cli.schedule."+verb+"d", "ID", h.GetID())
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why")
	return cmd
}

func (a *app) scheduleHandle(ctx context.Context, kindText string) (client.ScheduleHandle, error) {
	k, err := parseKind(kindText)
	if err != nil {
		return nil, err
	}
	tc, err := a.temporal(ctx)
	if err != nil {
		return nil, err
	}
	return tc.ScheduleClient().GetHandle(ctx, ScheduleID(k)), nil
}

func scheduleError(id string, err error) error {
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return msg.Err("cli.schedule.none", "ID", id)
	}
	return msg.Wrap(err, "cli.schedule.failed", "ID", id)
}

func (a *app) scheduleTriggerCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "trigger KIND",
		Short:   "Run a schedule now: a round for the period just ended (never twice for a period)",
		Example: "  starter schedule trigger pioneer",
		Args:    args("KIND"),
		RunE: func(c *cobra.Command, argv []string) error {
			h, err := a.scheduleHandle(c.Context(), argv[0])
			if err != nil {
				return err
			}
			if err := h.Trigger(c.Context(), client.ScheduleTriggerOptions{Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL}); err != nil {
				return scheduleError(h.GetID(), err)
			}
			a.print("cli.schedule.triggered", "ID", h.GetID())
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
			plan, err := loadSchedules(file)
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
			h, err := a.scheduleHandle(c.Context(), argv[0])
			if err != nil {
				return err
			}
			if err := h.Backfill(c.Context(), client.ScheduleBackfillOptions{Backfill: []client.ScheduleBackfill{{
				Start: runs[0].Add(-time.Second), End: runs[0].Add(time.Second), Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL,
			}}}); err != nil {
				return scheduleError(h.GetID(), err)
			}
			a.print("cli.schedule.backfilled", "ID", h.GetID(), "Period", p, "Run", msg.At{T: runs[0], TZ: plan.Timezone},
				"Round", workflows.RoundWorkflowID(string(k), p.String()))
			return nil
		},
	}
	cmd.Flags().StringVar(&periodText, "period", "", "the period, e.g. 2026-Q3 or 2026-H2")
	cmd.Flags().StringVar(&file, "schedules", "", "the schedules file applied (default: the defaults)")
	return cmd
}
