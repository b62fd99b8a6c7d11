package cluster

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/devstack/cluster"
	"wenming/integration/e2e"
	"wenming/msg"
	"wenming/testenv/dbsnap"
	"wenming/testenv/stacktest"
	"wenming/workflows"
	"wenming/workflows/histories"
)

// The demo's campaign and rounds run on the cluster mode (go tool task cluster): the Temporal
// server as its own process with its state in PostgreSQL (persistence and visibility, schemas
// set up with Temporal's schema tool), and two worker processes of the production build. As
// the branches' ballots come in, one worker is stopped (SIGSTOP), so that the tasks the server
// hands it are held, then killed (SIGKILL) holding them: its task history shows a group's or a
// branch's task it started and never finished. The other carries on, and PostgreSQL ends up
// holding, row for row, what the same scenario leaves on the embedded stack. Then the gate
// before an upgrade (replay-live) runs on the cluster's running titles.
func TestTheDemoRunsOnTheCluster(t *testing.T) {
	// Not in parallel: it builds and starts a server, PostgreSQL and two workers, a load that
	// made the fault tests beside it miss their compressed windows.
	begun := time.Now()
	embedded := embeddedRun(t)

	tq := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) // stacktest's task queue for this test
	c, err := cluster.Start(context.Background(), cluster.Options{Dir: t.TempDir(), Workers: 2, UIPort: -1, TaskQueue: tq, Throwaway: true})
	require.NoError(t, err)
	t.Cleanup(c.Stop)
	env := stacktest.New(t, stacktest.OnServer(c.Address), stacktest.OnDatabase(c.DatabaseURL), stacktest.WithoutWorker())
	require.Equal(t, tq, env.TaskQueue)
	d, out := e2e.NewDriver(t, env)
	d.Stretch = scenarioStretch

	require.NoError(t, d.RunCampaign(), out.String())
	e2e.CheckCampaignResults(t, d.Ctx, env.DB)

	_, workers, _ := c.PIDs()
	victim := fmt.Sprintf("%d@", workers[1]) // the worker's identity starts with its process id
	ballots, paused, killed := msg.Say("step.ballots").String(), false, false
	d.OnStep = func(title string) {
		switch {
		case title == ballots:
			require.NoError(t, c.PauseWorker(1))
			paused = true
		case paused && !killed: // the next step: it has held what it was handed since
			c.KillWorker(1)
			killed = true
		}
	}
	require.NoError(t, d.RunRounds(), out.String())
	require.True(t, killed, "a worker was killed in the middle of the rounds")
	pioneer, redflag := d.Rounds()
	e2e.CheckRoundResults(t, d.Ctx, env.DB, pioneer, redflag)
	held := tasksHeldBy(t, d.Ctx, env, victim, pioneer)
	assert.NotEmpty(t, held, "the killed worker held a group's or a branch's task it never finished")
	t.Logf("the killed worker (%s...) held: %s", victim, strings.Join(held, ", "))

	onCluster, err := dbsnap.Take(d.Ctx, env.DB, e2e.Comparable)
	require.NoError(t, err)
	assert.Empty(t, e2e.RowDiff(t, embedded, onCluster, begun), "PostgreSQL after the cluster run differs from the embedded stack's")

	// The gate before an upgrade, on the cluster's running workflows (the titles the campaign
	// handed over live for their terms): today's build replays them all; a build whose Title
	// workflow decides differently is caught, each title named.
	query := fmt.Sprintf("TaskQueue = '%s' AND ExecutionStatus = 'Running' AND WorkflowType = 'Title'", tq)
	verdicts, err := histories.Live(d.Ctx, env.Client, query, 0, workflows.RegisterWorkflows, nil, workflows.Interceptor())
	require.NoError(t, err)
	require.NotEmpty(t, verdicts, "the titles under management are running")
	assert.Empty(t, histories.Broken(verdicts), "today's build replays the running workflows")
	verdicts, err = histories.Live(d.Ctx, env.Client, query, 0, changedTitle, nil, workflows.Interceptor())
	require.NoError(t, err)
	assert.Len(t, histories.Broken(verdicts), len(verdicts), "an incompatible build is caught on every running title")
}

// scenarioStretch doubles the scenario's windows on both stacks: a killed worker holds its
// workflows up for their task timeouts.
const scenarioStretch = 2

// embeddedRun runs the same campaign and rounds on the embedded stack (the package's in-process
// server, a worker in this process, a fresh database) and returns the rows they leave.
func embeddedRun(t *testing.T) dbsnap.Snapshot {
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	d.Stretch = scenarioStretch
	require.NoError(t, d.RunCampaign(), out.String())
	require.NoError(t, d.RunRounds(), out.String())
	snap, err := dbsnap.Take(d.Ctx, env.DB, e2e.Comparable)
	require.NoError(t, err)
	return snap
}

// tasksHeldBy lists the workflow tasks of the round's groups and branches that a worker
// started (its identity begins with prefix) and that then timed out: work it held when it
// stopped, which another worker did again.
func tasksHeldBy(t *testing.T, ctx context.Context, env *stacktest.Env, prefix, round string) []string {
	query := fmt.Sprintf("TaskQueue = '%s' AND WorkflowType IN ('Group', 'PioneerBranch')", env.TaskQueue)
	execs, err := histories.List(ctx, env.Client, query)
	require.NoError(t, err)
	var held []string
	ofRound := 0
	for _, e := range execs {
		if !strings.HasPrefix(e.WorkflowID, round+"/") {
			continue
		}
		ofRound++
		h, err := histories.Fetch(ctx, env.Client, e)
		require.NoError(t, err)
		started := map[int64]bool{} // the victim's WorkflowTaskStarted events
		for _, ev := range h.GetEvents() {
			if a := ev.GetWorkflowTaskStartedEventAttributes(); a != nil && strings.HasPrefix(a.GetIdentity(), prefix) {
				started[ev.GetEventId()] = true
			}
			if a := ev.GetWorkflowTaskTimedOutEventAttributes(); a != nil && started[a.GetStartedEventId()] {
				held = append(held, fmt.Sprintf("%s (event %d)", e.WorkflowID, a.GetStartedEventId()))
			}
		}
	}
	require.Positive(t, ofRound, "the round's groups and branches")
	return held
}
