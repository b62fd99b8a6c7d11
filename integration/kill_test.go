package integration

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/scenario"
	"wenming/testenv/stacktest"
)

// workerProcess is the worker binary (go run ./worker) against the test's server and
// database, as operators run it.
type workerProcess struct {
	bin  string
	args []string
	log  *os.File
	cmd  *exec.Cmd
}

func buildWorker(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "worker")
	build := exec.Command("go", "build", "-o", bin, "./worker")
	build.Dir = ".."
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

func (w *workerProcess) start() error {
	cmd := exec.Command(w.bin, w.args...)
	cmd.Stdout, cmd.Stderr = w.log, w.log
	if err := cmd.Start(); err != nil {
		return err
	}
	w.cmd = cmd
	return nil
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

// killer kills the worker process at random points, 2 to 6 seconds apart, and starts a new
// one at once, until it is halted.
type killer struct {
	rng   *rand.Rand
	stop  chan struct{}
	wg    sync.WaitGroup
	kills int
	err   error
}

func (k *killer) run(w *workerProcess) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		for {
			select {
			case <-k.stop:
				return
			case <-time.After(2*time.Second + time.Duration(k.rng.Int64N(int64(4*time.Second)))):
			}
			if k.err = w.kill(); k.err != nil {
				return
			}
			if k.err = w.start(); k.err != nil {
				return
			}
			k.kills++
		}
	}()
}

func (k *killer) halt() {
	close(k.stop)
	k.wg.Wait()
}

// workerKills is how often, at least, the worker process is killed while the rounds run.
const workerKills = 5

// The demo's rounds (started by their schedules, ballots, red-flag scores, ties, approval,
// objections, awards) run while the worker process, the real binary, is killed with SIGKILL
// again and again and started anew: every round completes with exactly the expected results.
func TestRoundsSurviveWorkerProcessKills(t *testing.T) {
	bin := buildWorker(t)
	server := startFileServer(t) // the rounds' schedules and ids must not meet the other tests'
	env := stacktest.New(t, stacktest.OnServer(server.srv.Address), stacktest.WithoutWorker())
	log, err := os.Create(filepath.Join(t.TempDir(), "worker.log"))
	require.NoError(t, err)
	defer log.Close()
	w := &workerProcess{bin: bin, log: log,
		args: []string{"--address", env.Address, "--database-url", env.DBURL, "--task-queue", env.TaskQueue}}
	require.NoError(t, w.start())
	defer func() { _ = w.kill() }()

	d, out := newDriver(t, env)
	d.Stretch = faultStretch // each kill can hold a workflow up for its task timeout
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill points seeded with %d", seed)
	k := &killer{rng: rand.New(rand.NewPCG(seed, 2)), stop: make(chan struct{})}
	k.run(w)
	err = d.RunRounds()
	k.halt()
	require.NoError(t, k.err, "every kill and start worked")
	if err != nil {
		logText, _ := os.ReadFile(log.Name())
		t.Fatalf("%v\n%s\nworker log:\n%s", err, out.String(), tail(string(logText), 4000))
	}
	assert.GreaterOrEqual(t, k.kills, workerKills, "the worker process was killed at least %d times", workerKills)
	pioneer, redflag := scenario.RoundIDs(time.Now())
	checkRoundResults(t, d.Ctx, env.DB, pioneer, redflag)
	t.Logf("%d SIGKILLs of the worker process during the rounds", k.kills)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
