package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wenming/testenv/stacktest"
)

// WorkerProcess is the worker binary (go run ./worker) against the test's server and
// database, as operators run it.
type WorkerProcess struct {
	bin  string
	Args []string
	log  *os.File
	cmd  *exec.Cmd
	Saw  func(line string) // when set, sees every line the process logs
}

func BuildWorker(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "worker")
	build := exec.Command("go", "build", "-o", bin, "./worker")
	build.Dir = Root
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// StartWorkerProcess builds the worker binary and starts it against the test's stack.
func StartWorkerProcess(t *testing.T, env *stacktest.Env) *WorkerProcess {
	w := NewWorkerProcess(t, env)
	require.NoError(t, w.Start())
	return w
}

// NewWorkerProcess builds the worker binary for the test's stack; its output goes to a log
// file that is kept, and named, when the test fails.
func NewWorkerProcess(t *testing.T, env *stacktest.Env) *WorkerProcess {
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
	w := &WorkerProcess{bin: BuildWorker(t), log: log,
		Args: []string{"--address", env.Address, "--database-url", env.DBURL, "--task-queue", env.TaskQueue}}
	t.Cleanup(func() {
		if w.cmd != nil {
			_ = w.Kill()
		}
	})
	return w
}

// start starts the worker process and returns once it polls its task queue (it logs "worker
// running"), so that every worker the kill tests start gets to work before the next kill.
func (w *WorkerProcess) Start() error {
	out, in, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd := exec.Command(w.bin, w.Args...)
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
			if w.Saw != nil {
				w.Saw(lines.Text())
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

// kill ends the process with SIGKILL, as the kernel's OOM Killer or a power cut would: no
// graceful stop, in-flight workflow tasks and activities are simply lost.
func (w *WorkerProcess) Kill() error {
	if err := w.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	_ = w.cmd.Wait() // "signal: killed"
	return nil
}

// Killer kills the worker process with SIGKILL and starts a new one at once, as every step
// begins and min to min+spread after each new worker began to poll.
//
// Each kill holds up, for 5 to 10 s, every workflow that the dead worker had in hand or that
// is asked something in the 10 s after (the server still sends those to the dead worker's
// sticky queue, and waits 5 s there). Kills that come more often than once per window of the
// demo leave its own submissions no time, and they miss their deadlines.
func Killer(t *testing.T, w *WorkerProcess, stream uint64, min, spread time.Duration) *StepFaults {
	return NewStepFaults(t, "SIGKILLs of the worker process", stream, min, spread, func() error {
		if err := w.Kill(); err != nil {
			return err
		}
		return w.Start()
	})
}

// WorkerKills is how often, at least, the worker process is killed in each kill test.
const WorkerKills = 20

// Signal sends the process a signal (SIGTERM: an operator's stop).
func (w *WorkerProcess) Signal(sig os.Signal) error { return w.cmd.Process.Signal(sig) }

// Wait waits for the process to end and returns its exit code; it is then no longer killed
// when the test ends.
func (w *WorkerProcess) Wait() (int, error) {
	err := w.cmd.Wait()
	code := w.cmd.ProcessState.ExitCode()
	w.cmd = nil
	return code, err
}
