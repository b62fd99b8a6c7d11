package office

import (
	"context"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"wenming/msg"
	"wenming/rules/schedule"
	"wenming/rules/standard"
	"wenming/workflows"
	"wenming/workflows/searchattr"
)

// ScheduleID is the Temporal Schedule that opens the rounds of a kind.
func ScheduleID(kind schedule.Kind) string { return string(kind) + "-rounds" }

// AppliedSchedule is what applying a plan did to the schedule of one kind.
type AppliedSchedule struct {
	Kind schedule.Kind
	ID   string
	Verb string // "created" or "updated"
}

// ApplySchedules saves the forms the plan's rounds score on (so that the rounds the schedules
// open can load them) and creates or updates the schedule of each kind the plan sets; applying
// the same plan again changes nothing.
func (o *Office) ApplySchedules(ctx context.Context, plan *schedule.Plan, forms []*standard.Standard) ([]AppliedSchedule, error) {
	if err := o.saveForms(ctx, forms); err != nil {
		return nil, err
	}
	var out []AppliedSchedule
	for _, s := range schedule.Kinds {
		if _, ok := plan.Configs[s.Kind]; !ok {
			continue
		}
		verb, err := o.applySchedule(ctx, plan, s.Kind)
		if err != nil {
			return out, err
		}
		out = append(out, AppliedSchedule{Kind: s.Kind, ID: ScheduleID(s.Kind), Verb: verb})
	}
	return out, nil
}

// applySchedule creates the schedule of kind k as plan says, or updates it to plan's settings;
// it says which ("created" or "updated").
func (o *Office) applySchedule(ctx context.Context, plan *schedule.Plan, k schedule.Kind) (string, error) {
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return "", err
	}
	opts := o.scheduleOptions(plan, k)
	_, err = tc.ScheduleClient().Create(ctx, opts)
	if err == nil {
		return "created", nil
	}
	if !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return "", msg.Wrap(err, "office.schedule.create_failed", "ID", opts.ID)
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
		return "", msg.Wrap(err, "office.schedule.update_failed", "ID", opts.ID)
	}
	return "updated", nil
}

// scheduleOptions is the whole desired state of a kind's schedule.
func (o *Office) scheduleOptions(plan *schedule.Plan, k schedule.Kind) client.ScheduleOptions {
	return client.ScheduleOptions{
		ID:   ScheduleID(k),
		Spec: client.ScheduleSpec{CronExpressions: []string{plan.Crons[k]}, TimeZoneName: plan.Timezone},
		Action: &client.ScheduleWorkflowAction{
			ID: string(k) + "-launch", Workflow: workflows.RoundLauncher, TaskQueue: o.taskQueue(),
			Args:                  []any{workflows.LaunchInput{Kind: string(k), Config: plan.Configs[k]}},
			TypedSearchAttributes: temporal.NewSearchAttributes(searchattr.RoundKind.ValueSet(string(k))),
			StaticSummary:         msg.Say("summary.launcher", "Kind", string(k)).String(),
		},
		Overlap:       enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		CatchupWindow: plan.CatchupWindow,
	}
}

// ScheduleEntry is one schedule as listed.
type ScheduleEntry struct {
	ID     string
	Paused bool
	Next   time.Time // zero when none is due
	Recent int       // how many of its recent runs the server remembers
}

// Schedules lists the schedules of the namespace, paused or not, with their next runs.
func (o *Office) Schedules(ctx context.Context) ([]ScheduleEntry, error) {
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return nil, err
	}
	iter, err := tc.ScheduleClient().List(ctx, client.ScheduleListOptions{})
	if err != nil {
		return nil, msg.Wrap(err, "office.schedule.list_failed")
	}
	var out []ScheduleEntry
	for iter.HasNext() {
		e, err := iter.Next()
		if err != nil {
			return nil, msg.Wrap(err, "office.schedule.list_failed")
		}
		entry := ScheduleEntry{ID: e.ID, Paused: e.Paused, Recent: len(e.RecentActions)}
		if len(e.NextActionTimes) > 0 {
			entry.Next = e.NextActionTimes[0]
		}
		out = append(out, entry)
	}
	return out, nil
}

// PauseSchedule stops the schedule of kind k opening rounds until it is resumed; note says why.
func (o *Office) PauseSchedule(ctx context.Context, k schedule.Kind, note string) error {
	return o.onSchedule(ctx, k, func(h client.ScheduleHandle) error {
		return h.Pause(ctx, client.SchedulePauseOptions{Note: note})
	})
}

// UnpauseSchedule resumes a paused schedule; note says why.
func (o *Office) UnpauseSchedule(ctx context.Context, k schedule.Kind, note string) error {
	return o.onSchedule(ctx, k, func(h client.ScheduleHandle) error {
		return h.Unpause(ctx, client.ScheduleUnpauseOptions{Note: note})
	})
}

// TriggerSchedule runs the schedule now: a round for the period just ended, which is never
// opened twice.
func (o *Office) TriggerSchedule(ctx context.Context, k schedule.Kind) error {
	return o.onSchedule(ctx, k, func(h client.ScheduleHandle) error {
		return h.Trigger(ctx, client.ScheduleTriggerOptions{Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL})
	})
}

// BackfillSchedule runs the schedule's action as it would have run at run (a past run time).
func (o *Office) BackfillSchedule(ctx context.Context, k schedule.Kind, run time.Time) error {
	return o.onSchedule(ctx, k, func(h client.ScheduleHandle) error {
		return h.Backfill(ctx, client.ScheduleBackfillOptions{Backfill: []client.ScheduleBackfill{{
			Start: run.Add(-time.Second), End: run.Add(time.Second), Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL,
		}}})
	})
}

// onSchedule does act on the schedule of kind k; a schedule not applied is said so.
func (o *Office) onSchedule(ctx context.Context, k schedule.Kind, act func(client.ScheduleHandle) error) error {
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return err
	}
	id := ScheduleID(k)
	err = act(tc.ScheduleClient().GetHandle(ctx, id))
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
		return msg.Err("office.schedule.none", "ID", id)
	case err != nil:
		return msg.Wrap(err, "office.schedule.failed", "ID", id)
	}
	return nil
}
