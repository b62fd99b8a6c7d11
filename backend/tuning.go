package backend

import (
	"os"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	"go.temporal.io/sdk/worker"

	"wenming/msg"
	"wenming/workflows"
)

// Tuning sizes a worker: how much it runs at once, how many PostgreSQL connections it holds,
// and how long a stopping worker lets the writes under way finish.
type Tuning struct {
	WorkflowTasks   int // workflow tasks executed at once
	Activities      int // activities executed at once
	LocalActivities int // local activities (a branch's tally) executed at once
	WorkflowPollers int // long polls for workflow tasks
	ActivityPollers int // long polls for activity tasks
	// DBConns is the worker's PostgreSQL pool. With PostgreSQL's default max_connections of
	// 100 and a Temporal server holding 2 x 20 (persistence and visibility) on the same
	// cluster, the default of 10 leaves room for five workers and the administrators' CLI.
	DBConns int
	// StopTimeout is how long a stopping worker (SIGTERM) lets running activities finish before
	// it cancels them; at least the write timeout, so that a write under way completes.
	StopTimeout time.Duration
	bad         []error // environment variables that are not numbers (durations)
}

// DefaultTuning is what a worker runs with unless told otherwise: the SDK's own defaults for
// the task slots and pollers, which the 5,000-branch benchmark runs with.
func DefaultTuning() Tuning {
	return Tuning{WorkflowTasks: 1000, Activities: 1000, LocalActivities: 1000, WorkflowPollers: 2, ActivityPollers: 2,
		DBConns: 10, StopTimeout: workflows.WriteTimeout + 10*time.Second}
}

// unset says whether nothing was set: the zero value stands for the defaults.
func (t Tuning) unset() bool {
	return t.WorkflowTasks == 0 && t.Activities == 0 && t.LocalActivities == 0 && t.WorkflowPollers == 0 &&
		t.ActivityPollers == 0 && t.DBConns == 0 && t.StopTimeout == 0 && len(t.bad) == 0
}

// Register adds the tuning flags, each defaulting to its environment variable.
func (t *Tuning) Register(fs *pflag.FlagSet) {
	d := DefaultTuning()
	fs.IntVar(&t.WorkflowTasks, "max-workflow-tasks", t.envInt("WENMING_MAX_WORKFLOW_TASKS", d.WorkflowTasks),
		"workflow tasks run at once (env WENMING_MAX_WORKFLOW_TASKS)")
	fs.IntVar(&t.Activities, "max-activities", t.envInt("WENMING_MAX_ACTIVITIES", d.Activities),
		"activities run at once (env WENMING_MAX_ACTIVITIES)")
	fs.IntVar(&t.LocalActivities, "max-local-activities", t.envInt("WENMING_MAX_LOCAL_ACTIVITIES", d.LocalActivities),
		"local activities run at once (env WENMING_MAX_LOCAL_ACTIVITIES)")
	fs.IntVar(&t.WorkflowPollers, "workflow-pollers", t.envInt("WENMING_WORKFLOW_POLLERS", d.WorkflowPollers),
		"long polls for workflow tasks (env WENMING_WORKFLOW_POLLERS)")
	fs.IntVar(&t.ActivityPollers, "activity-pollers", t.envInt("WENMING_ACTIVITY_POLLERS", d.ActivityPollers),
		"long polls for activity tasks (env WENMING_ACTIVITY_POLLERS)")
	fs.IntVar(&t.DBConns, "db-max-conns", t.envInt("WENMING_DB_MAX_CONNS", d.DBConns),
		"PostgreSQL connections the worker holds at most (env WENMING_DB_MAX_CONNS)")
	fs.DurationVar(&t.StopTimeout, "stop-timeout", t.envDuration("WENMING_STOP_TIMEOUT", d.StopTimeout),
		"how long a stopping worker lets running writes finish (env WENMING_STOP_TIMEOUT); at least "+workflows.WriteTimeout.String())
}

// Check names the first setting that cannot work.
func (t Tuning) Check() error {
	if len(t.bad) > 0 {
		return t.bad[0]
	}
	for _, n := range []struct {
		flag string
		v    int
	}{{"--max-workflow-tasks", t.WorkflowTasks}, {"--max-activities", t.Activities}, {"--max-local-activities", t.LocalActivities},
		{"--workflow-pollers", t.WorkflowPollers}, {"--activity-pollers", t.ActivityPollers}, {"--db-max-conns", t.DBConns}} {
		if n.v < 1 {
			return msg.Err("worker.tuning.at_least_one", "Flag", n.flag, "Value", n.v)
		}
	}
	if t.WorkflowPollers < 2 {
		return msg.Err("worker.tuning.pollers", "Value", t.WorkflowPollers)
	}
	if t.StopTimeout < workflows.WriteTimeout {
		return msg.Err("worker.tuning.stop_timeout", "Value", t.StopTimeout.String(), "Write", workflows.WriteTimeout.String())
	}
	return nil
}

// options are the SDK worker's options of the tuning.
func (t Tuning) options() worker.Options {
	return worker.Options{
		MaxConcurrentWorkflowTaskExecutionSize:  t.WorkflowTasks,
		MaxConcurrentActivityExecutionSize:      t.Activities,
		MaxConcurrentLocalActivityExecutionSize: t.LocalActivities,
		MaxConcurrentWorkflowTaskPollers:        t.WorkflowPollers,
		MaxConcurrentActivityTaskPollers:        t.ActivityPollers,
		WorkerStopTimeout:                       t.StopTimeout,
	}
}

func (t *Tuning) envInt(name string, fallback int) int {
	s, ok := os.LookupEnv(name)
	if !ok {
		return fallback
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		t.bad = append(t.bad, msg.Err("worker.tuning.env_number", "Name", name, "Value", s))
		return fallback
	}
	return v
}

func (t *Tuning) envDuration(name string, fallback time.Duration) time.Duration {
	s, ok := os.LookupEnv(name)
	if !ok {
		return fallback
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		t.bad = append(t.bad, msg.Err("worker.tuning.env_duration", "Name", name, "Value", s))
		return fallback
	}
	return v
}
