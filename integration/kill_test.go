package integration

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// workerProcess is the worker binary (go run ./worker) against the test's server and
// database, as operators run it.
type workerProcess struct {
	bin  string
	args []string
	log  *os.File
	cmd  *exec.Cmd
	saw  func(line string) // when set, sees every line the process logs
}

func buildWorker(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "worker")
	build := exec.Command("go", "build", "-o", bin, "./worker")
	build.Dir = ".."
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// startWorkerProcess builds the worker binary and starts it against the test's stack.
func startWorkerProcess(t *testing.T, env *stacktest.Env) *workerProcess {
	w := newWorkerProcess(t, env)
	require.NoError(t, w.start())
	return w
}

// newWorkerProcess builds the worker binary for the test's stack; its output goes to a log
// file that is kept, and named, when the test fails.
func newWorkerProcess(t *testing.T, env *stacktest.Env) *workerProcess {
	log, err := os.CreateTemp("", "wenming-worker-*.log")
	require.NoError(t, err)
	t.Cleanup(func() {
		log.Close()
		if t.Failed() {
			t.Logf("the worker's log is kept in %s", log.Name())
			return
		}
		os.Remove(log.Name())
	})
	w := &workerProcess{bin: buildWorker(t), log: log,
		args: []string{"--address", env.Address, "--database-url", env.DBURL, "--task-queue", env.TaskQueue}}
	t.Cleanup(func() {
		if w.cmd != nil {
			_ = w.kill()
		}
	})
	return w
}

// start starts the worker process and returns once it polls its task queue (it logs "worker
// running"), so that every worker the kill tests start gets to work before the next kill.
func (w *workerProcess) start() error {
	out, in, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd := exec.Command(w.bin, w.args...)
	cmd.Stdout, cmd.Stderr = in, in
	err = cmd.Start()
	in.Close() // the child holds its own copy
	if err != nil {
		out.Close()
		return err
	}
	w.cmd = cmd
	ready, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		defer out.Close()
		lines, signalled := bufio.NewScanner(out), false
		for lines.Scan() {
			fmt.Fprintln(w.log, lines.Text())
			if w.saw != nil {
				w.saw(lines.Text())
			}
			if !signalled && (strings.Contains(lines.Text(), `msg="worker running"`) || strings.Contains(lines.Text(), `"msg":"worker running"`)) {
				close(ready)
				signalled = true
			}
		}
	}()
	select {
	case <-ready:
		return nil
	case <-ended:
		return fmt.Errorf("the worker process ended before it ran (see %s)", w.log.Name())
	case <-time.After(time.Minute):
		return fmt.Errorf("the worker process did not run within a minute (see %s)", w.log.Name())
	}
}

// kill ends the process with SIGKILL, as the kernel's OOM killer or a power cut would: no
// graceful stop, in-flight workflow tasks and activities are simply lost.
func (w *workerProcess) kill() error {
	if err := w.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	_ = w.cmd.Wait() // "signal: killed"
	return nil
}

// killer kills the worker process with SIGKILL and starts a new one at once, as every step
// begins and min to min+spread after each new worker began to poll.
//
// Each kill holds up, for 5 to 10 s, every workflow that the dead worker had in hand or that
// is asked something in the 10 s after (the server still sends those to the dead worker's
// sticky queue, and waits 5 s there). Kills that come more often than once per window of the
// demo leave its own submissions no time, and they miss their deadlines.
func killer(t *testing.T, w *workerProcess, stream uint64, min, spread time.Duration) *stepFaults {
	return newStepFaults(t, "SIGKILLs of the worker process", stream, min, spread, func() error {
		if err := w.kill(); err != nil {
			return err
		}
		return w.start()
	})
}

// workerKills is how often, at least, the worker process is killed in each kill test.
const workerKills = 20

// The demo's rounds (started by their schedules, ballots, red-flag scores, ties, approval,
// objections, awards) run while the worker process, the real binary, is killed with SIGKILL
// as every step begins and at random points in between, and started anew: every round
// completes with exactly the expected results.
func TestRoundsSurviveWorkerProcessKills(t *testing.T) {
	t.Parallel()                 // the fault tests run side by side: each has its own stack or server and database
	server := startFileServer(t) // the rounds' schedules and ids must not meet the other tests'
	env := stacktest.New(t, stacktest.OnServer(server.srv.Address), stacktest.WithoutWorker())
	w := startWorkerProcess(t, env)
	d, out := newDriver(t, env)
	// Each kill can hold a workflow up for its task timeouts (5 s on the dead worker's sticky
	// queue, 10 s for a task in flight), and the rounds' windows are the shortest of the demo
	// (a 10 s self-report window, run side by side with the other fault tests, was missed
	// once at three times its length).
	d.Stretch = 5
	k := killer(t, w, 2, 2*time.Second, 4*time.Second)
	d.OnStep = k.atStep
	k.run()
	err := d.RunRounds()
	k.halt()
	require.NoError(t, err, out.String())
	k.check(t, workerKills)
	pioneer, redflag := d.Rounds()
	checkRoundResults(t, d.Ctx, env.DB, pioneer, redflag)
}

// A worker process started while the Temporal server is down does not exit: it says that it
// waits, comes up once the server is back on its address, and runs workflows.
func TestWorkerStartedDuringAServerOutageWaitsForIt(t *testing.T) {
	server := startFileServer(t)
	env := stacktest.New(t, stacktest.OnServer(server.srv.Address), stacktest.WithoutWorker())
	w := newWorkerProcess(t, env)
	waiting := make(chan struct{})
	var once sync.Once
	w.saw = func(line string) {
		if strings.Contains(line, "Temporal cannot be reached; trying again") {
			once.Do(func() { close(waiting) })
		}
	}
	server.srv.Stop()
	started := make(chan error, 1)
	go func() { started <- w.start() }()
	select {
	case <-waiting:
	case err := <-started:
		t.Fatalf("the worker did not wait for the server: %v", err)
	}
	server.start()
	require.NoError(t, <-started, "the worker runs once the server is back")

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "check/after-outage", TaskQueue: env.TaskQueue},
		workflows.Check, workflows.CheckInput{CheckID: "after-outage"})
	require.NoError(t, err)
	require.NoError(t, run.Get(ctx, nil), "the worker that waited runs workflows")
}
