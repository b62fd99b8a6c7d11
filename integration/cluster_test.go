package integration

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/cluster"
	"wenming/msg"
	"wenming/testenv/stacktest"
)

// The demo's campaign and rounds run on the cluster mode (go tool task cluster): the Temporal
// server as its own process with its state in PostgreSQL (persistence and visibility, schemas
// set up with Temporal's schema tool), and two worker processes of the production build. One
// worker is killed with SIGKILL as the branches' ballots come in; the other carries on, and
// every result is the one the embedded stack gives (the same expected tables as TestTheDemo).
func TestTheDemoRunsOnTheCluster(t *testing.T) {
	t.Parallel()
	tq := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) // stacktest's task queue for this test
	c, err := cluster.Start(context.Background(), cluster.Options{Dir: t.TempDir(), Workers: 2, UIPort: -1, TaskQueue: tq, Throwaway: true})
	require.NoError(t, err)
	t.Cleanup(c.Stop)
	env := stacktest.New(t, stacktest.OnServer(c.Address), stacktest.OnDatabase(c.DatabaseURL), stacktest.WithoutWorker())
	require.Equal(t, tq, env.TaskQueue)
	d, out := newDriver(t, env)
	d.Stretch = 2 // a killed worker holds its workflows up for their task timeouts

	require.NoError(t, d.RunCampaign(), out.String())
	checkCampaignResults(t, d.Ctx, env.DB)

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
	checkRoundResults(t, d.Ctx, env.DB, pioneer, redflag)
}
