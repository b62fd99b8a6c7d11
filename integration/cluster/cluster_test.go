package cluster

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/cluster"
	"wenming/histories"
	"wenming/integration/e2e"
	"wenming/msg"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// The demo's campaign and rounds run on the cluster mode (go tool task cluster): the Temporal
// server as its own process with its state in PostgreSQL (persistence and visibility, schemas
// set up with Temporal's schema tool), and two worker processes of the production build. One
// worker is killed with SIGKILL as the branches' ballots come in; the other carries on, and
// every result is the one the embedded stack gives (the same expected tables as TestTheDemo).
// Then the gate before an upgrade (replay-live) runs on the cluster's running titles.
func TestTheDemoRunsOnTheCluster(t *testing.T) {
	// Not in parallel: it builds and starts a server, PostgreSQL and two workers, a load that
	// made the fault tests beside it miss their compressed windows.
	tq := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) // stacktest's task queue for this test
	c, err := cluster.Start(context.Background(), cluster.Options{Dir: t.TempDir(), Workers: 2, UIPort: -1, TaskQueue: tq, Throwaway: true})
	require.NoError(t, err)
	t.Cleanup(c.Stop)
	env := stacktest.New(t, stacktest.OnServer(c.Address), stacktest.OnDatabase(c.DatabaseURL), stacktest.WithoutWorker())
	require.Equal(t, tq, env.TaskQueue)
	d, out := e2e.NewDriver(t, env)
	d.Stretch = 2 // a killed worker holds its workflows up for their task timeouts

	require.NoError(t, d.RunCampaign(), out.String())
	e2e.CheckCampaignResults(t, d.Ctx, env.DB)

	ballots, killed := msg.Say("step.ballots").String(), false
	d.OnStep = func(title string) {
		if title == ballots {
			c.KillWorker(1)
			killed = true
		}
	}
	require.NoError(t, d.RunRounds(), out.String())
	assert.True(t, killed, "a worker was killed in the middle of the rounds")
	pioneer, redflag := d.Rounds()
	e2e.CheckRoundResults(t, d.Ctx, env.DB, pioneer, redflag)

	// The gate before an upgrade, on the cluster's running workflows (the titles the campaign
	// handed over live for their terms): today's build replays them all; a build whose Title
	// workflow decides differently is caught, each title named.
	query := fmt.Sprintf("TaskQueue = '%s' AND ExecutionStatus = 'Running' AND WorkflowType = 'Title'", tq)
	verdicts, err := histories.Live(d.Ctx, env.Client, query, 0, workflows.RegisterWorkflows, nil, workflows.Summaries())
	require.NoError(t, err)
	require.NotEmpty(t, verdicts, "the titles under management are running")
	assert.Empty(t, histories.Broken(verdicts), "today's build replays the running workflows")
	verdicts, err = histories.Live(d.Ctx, env.Client, query, 0, changedTitle, nil, workflows.Summaries())
	require.NoError(t, err)
	assert.Len(t, histories.Broken(verdicts), len(verdicts), "an incompatible build is caught on every running title")
}
