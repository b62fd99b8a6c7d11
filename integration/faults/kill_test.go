package faults

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"wenming/integration/e2e"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// The demo's rounds (started by their schedules, ballots, red-flag scores, ties, approval,
// objections, awards) run while the worker process, the real binary, is killed with SIGKILL
// as every step begins and at random points in between, and started anew: every round
// completes with exactly the expected results.
func TestRoundsSurviveWorkerProcessKills(t *testing.T) {
	t.Parallel()                     // the fault tests run side by side: each has its own stack or server and database
	server := e2e.StartFileServer(t) // the rounds' schedules and ids must not meet the other tests'
	env := stacktest.New(t, stacktest.OnServer(server.Srv.Address), stacktest.WithoutWorker())
	w := e2e.StartWorkerProcess(t, env)
	d, out := e2e.NewDriver(t, env)
	// Each kill can hold a workflow up for its task timeouts (5 s on the dead worker's sticky
	// queue, 10 s for a task in flight), and the rounds' windows are the shortest of the demo
	// (a 10 s self-report window, run side by side with the other fault tests, was missed
	// once at three times its length).
	d.Stretch = 5
	k := e2e.Killer(t, w, 2, 2*time.Second, 4*time.Second)
	d.OnStep = k.AtStep
	k.Run()
	err := d.RunRounds()
	k.Halt()
	require.NoError(t, err, out.String())
	k.Check(t, e2e.WorkerKills)
	pioneer, redflag := d.Rounds()
	e2e.CheckRoundResults(t, d.Ctx, env.DB, pioneer, redflag)
}

// A worker process started while the Temporal server is down does not exit: it says that it
// waits, comes up once the server is back on its address, and runs workflows.
func TestWorkerStartedDuringAServerOutageWaitsForIt(t *testing.T) {
	server := e2e.StartFileServer(t)
	env := stacktest.New(t, stacktest.OnServer(server.Srv.Address), stacktest.WithoutWorker())
	w := e2e.NewWorkerProcess(t, env)
	waiting := make(chan struct{})
	var once sync.Once
	w.Saw = func(line string) {
		if strings.Contains(line, "Temporal cannot be reached; trying again") {
			once.Do(func() { close(waiting) })
		}
	}
	server.Srv.Stop()
	started := make(chan error, 1)
	go func() { started <- w.Start() }()
	select {
	case <-waiting:
	case err := <-started:
		t.Fatalf("the worker did not wait for the server: %v", err)
	}
	server.Start()
	require.NoError(t, <-started, "the worker runs once the server is back")

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "check/after-outage", TaskQueue: env.TaskQueue},
		workflows.Check, workflows.CheckInput{CheckID: "after-outage"})
	require.NoError(t, err)
	require.NoError(t, run.Get(ctx, nil), "the worker that waited runs workflows")
}
