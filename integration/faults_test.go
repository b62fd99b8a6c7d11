package integration

import (
	"bytes"
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/interceptor"

	"wenming/scenario"
	"wenming/service"
	"wenming/testenv/dbsnap"
	"wenming/testenv/faults"
	"wenming/testenv/pgtest"
)

// periodicChecks are the tables of what the weekly progress checks and the worker check saw
// when they ran; every other table must match.
var periodicChecks = dbsnap.Options{IgnoreTables: []string{"reminders", "supervision_checks", "worker_checks"}}

// faultStretch slows the fault run's campaign and rounds down (every duration tripled), so
// that the pauses of the restarts and of the doubled activities do not push the demo's own
// submissions past the demo's deadlines of a few seconds: a late submission is refused,
// rightly, and the runs would differ for that reason alone. (With durations doubled and a
// restart every 3 to 9 seconds, the office's extension of accept_by came after it had passed.) The plans that hold the durations are left out of the comparison.
const faultStretch = 3

var stretched = dbsnap.Options{IgnoreTables: periodicChecks.IgnoreTables, IgnoreColumns: []string{"campaigns.plan", "rounds.config"}}

// workerRestarts is how often, at least, the fault run stops its worker and starts a new one:
// as every step of the demo begins, and 4 to 12 seconds apart in between until the demo ends.
const workerRestarts = 20

// demoSurvivesFaults runs the whole demo again (the campaign through every phase, a round of
// each kind through every step) while the worker is stopped and replaced as every phase and
// step begins and at random points in between, at least 20 times, and every activity runs twice (a completion lost after its commit): PostgreSQL must
// end up holding exactly what the fault-free run wrote, row for row.
func demoSurvivesFaults(t *testing.T, want dbsnap.Snapshot) {
	db, url := pgtest.Fresh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	seed := uint64(time.Now().UnixNano())
	t.Logf("restart points seeded with %d", seed)
	double := &faults.DoubleExecutions{}
	r := &restarter{rng: rand.New(rand.NewPCG(seed, 1)), stop: make(chan struct{}), in: map[string]int{}, atSteps: map[string]int{}}
	var out bytes.Buffer
	demo, err := scenario.RunDemo(ctx, scenario.DemoOptions{DataDir: t.TempDir(), DatabaseURL: url, Out: &out, Root: "..",
		Interceptors: []interceptor.WorkerInterceptor{double}, Started: r.start, Part: r.enter, Step: r.atStep, Stretch: faultStretch})
	r.halt()
	require.NoError(t, err, out.String())
	defer demo.Stop()

	require.Empty(t, r.errs, "every restart started a worker")
	assert.GreaterOrEqual(t, r.done, workerRestarts, "the worker was restarted at least %d times during the run", workerRestarts)
	require.NotEmpty(t, r.steps)
	for _, step := range r.steps {
		assert.Positive(t, r.atSteps[step], "a restart during %q", step)
	}
	assert.Positive(t, r.in["campaign"], "restarts while the campaign ran")
	assert.Positive(t, r.in["rounds"], "restarts while the rounds ran")
	assert.Positive(t, double.Doubled.Load(), "activities ran twice")
	got, err := dbsnap.Take(ctx, db, stretched)
	require.NoError(t, err)
	diff := dbsnap.Diff(want, got)
	assert.Empty(t, diff, "PostgreSQL after the faults differs from the fault-free run")
	t.Logf("%d worker restarts (campaign %d, rounds %d, the longest took %s), %d activities run twice; %d tables, %d rows compared with the fault-free run",
		r.done, r.in["campaign"], r.in["rounds"], r.longest.Round(time.Millisecond), double.Doubled.Load(), len(got), rowsIn(got))
}

func rowsIn(s dbsnap.Snapshot) (n int) {
	for _, rows := range s {
		n += len(rows)
	}
	return n
}

// restarter stops the service's worker and starts a new one as each step begins and at random
// points, 4 to 12 seconds apart, until it is halted; it counts the restarts in each part and
// step of the demo.
type restarter struct {
	rng     *rand.Rand
	stop    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex // one restart at a time
	svc     *service.Service
	part    string
	step    string
	steps   []string
	in      map[string]int // restarts by part of the demo
	atSteps map[string]int // restarts by step
	done    int
	longest time.Duration
	errs    []error
}

// enter notes the part of the demo that begins.
func (r *restarter) enter(part string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.part = part
}

// atStep restarts the worker as a step begins.
func (r *restarter) atStep(title string) {
	r.mu.Lock()
	r.step = title
	r.steps = append(r.steps, title)
	r.mu.Unlock()
	r.restart()
}

func (r *restarter) restart() {
	r.mu.Lock()
	defer r.mu.Unlock()
	began := time.Now()
	if err := r.svc.RestartWorker(); err != nil {
		r.errs = append(r.errs, err)
		return
	}
	r.in[r.part]++
	r.atSteps[r.step]++
	r.longest = max(r.longest, time.Since(began))
	r.done++
}

func (r *restarter) start(svc *service.Service) {
	r.svc = svc
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for {
			select {
			case <-r.stop:
				return
			case <-time.After(4*time.Second + time.Duration(r.rng.Int64N(int64(8*time.Second)))):
			}
			r.restart()
		}
	}()
}

// halt stops the restarts and waits until none is under way.
func (r *restarter) halt() {
	close(r.stop)
	r.wg.Wait()
}
