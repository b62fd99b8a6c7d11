package e2e

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// StepFaults does a fault (a worker killed, a worker replaced) as each step of a scenario
// begins, so that every phase and step has one, and at random points in between, until it is
// halted. It counts the faults by part and by step of the scenario.
type StepFaults struct {
	what   string       // "SIGKILLs of the worker process", for the log
	do     func() error // the fault; it returns once the new worker runs
	min    time.Duration
	spread time.Duration // random points are min to min+spread after the last fault's end
	rng    *rand.Rand
	stop   chan struct{}
	wg     sync.WaitGroup

	mu      sync.Mutex // one fault at a time
	part    string
	steps   []string    // in order
	began   []time.Time // when each step began
	ByPart  map[string]int
	byStep  map[string]int
	total   int
	longest time.Duration // the longest fault took
	err     error
}

// FaultSeed fixes where the random faults fall: the same seed gives every fault test the
// same sequence of delays between faults (what each fault meets still depends on timing).
var FaultSeed = flag.Uint64("seed", 0, "seed of the fault tests' random fault points (0: from the clock); each test logs the one it used")

func NewStepFaults(t *testing.T, what string, stream uint64, min, spread time.Duration, do func() error) *StepFaults {
	seed := *FaultSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("fault points seeded with %d (again: go test ./integration/... -count=1 -v -run '^%s$' -seed %d)", seed, t.Name(), seed)
	return seededFaults(seed, stream, what, min, spread, do)
}

func seededFaults(seed, stream uint64, what string, min, spread time.Duration, do func() error) *StepFaults {
	return &StepFaults{what: what, do: do, min: min, spread: spread, rng: rand.New(rand.NewPCG(seed, stream)),
		stop: make(chan struct{}), ByPart: map[string]int{}, byStep: map[string]int{}}
}

// nextDelay is how long after the last fault the next random one comes.
func (f *StepFaults) nextDelay() time.Duration {
	return f.min + time.Duration(f.rng.Int64N(int64(f.spread)))
}

// Enter notes the part of the scenario that begins (setup, campaign, rounds, reports).
func (f *StepFaults) Enter(part string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.part = part
}

// AtStep does the fault as a step begins; it is the driver's OnStep.
func (f *StepFaults) AtStep(title string) {
	f.mu.Lock()
	f.steps = append(f.steps, title)
	f.began = append(f.began, time.Now())
	f.mu.Unlock()
	f.inject()
}

func (f *StepFaults) inject() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return
	}
	began := time.Now()
	if f.err = f.do(); f.err != nil {
		return
	}
	f.longest = max(f.longest, time.Since(began))
	f.ByPart[f.part]++
	if n := len(f.steps); n > 0 {
		f.byStep[f.steps[n-1]]++
	}
	f.total++
}

// Run starts the faults at random points.
func (f *StepFaults) Run() {
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			select {
			case <-f.stop:
				return
			case <-time.After(f.nextDelay()):
			}
			f.inject()
		}
	}()
}

// Halt stops the faults and waits until none is under way.
func (f *StepFaults) Halt() {
	close(f.stop)
	f.wg.Wait()
}

// Check says that every fault worked, that at least min happened and that every step of the
// scenario had its own; it logs the faults and the time of each step.
func (f *StepFaults) Check(t *testing.T, min int) {
	require.NoError(t, f.err, "every fault was done and a new worker ran")
	require.NotEmpty(t, f.steps)
	assert.GreaterOrEqual(t, f.total, min, "at least %d %s", min, f.what)
	var per []string
	for i, s := range f.steps {
		assert.Positive(t, f.byStep[s], "%s during %q", f.what, s)
		end := time.Now()
		if i+1 < len(f.began) {
			end = f.began[i+1]
		}
		title, _, _ := strings.Cut(s, " ")
		per = append(per, fmt.Sprintf("%s %d in %s", title, f.byStep[s], end.Sub(f.began[i]).Round(time.Second)))
	}
	t.Logf("%d %s (the longest took %s): %s", f.total, f.what, f.longest.Round(time.Millisecond), strings.Join(per, ", "))
}
