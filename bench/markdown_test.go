package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
)

// Growth compares each stack's rounds with the smaller ones of the same stack, never a
// cluster's small round with the embedded stack's large one.
func TestGrowthComparesRoundsOfOneStack(t *testing.T) {
	run := func(stack string, n int, took time.Duration) e2e {
		return e2e{What: "pioneer round", Stack: stack, Scale: n, Total: took}
	}
	r := results{Runs: []e2e{
		run(embedded, 1000, time.Minute), run(embedded, 5000, 3*time.Minute),
		run("cluster, 1 worker", 1000, 2*time.Minute), run("cluster, 1 worker", 5000, 8*time.Minute),
	}}
	w := &writer{}
	r.growth(w)
	assert.Equal(t, "## Growth\n\n"+
		"- pioneer round (embedded): 5x the size took 3.00x the time (1m0s to 3m0s).\n"+
		"- pioneer round (cluster, 1 worker): 5x the size took 4.00x the time (2m0s to 8m0s).\n\n", w.b.String())
}

// The committed BENCHMARKS.md is what the committed BENCHMARKS.json renders to, byte for
// byte: a hand edit of the markdown, or a change to the renderer without rendering again,
// fails here.
func TestTheCommittedBenchmarksAreRenderedFromTheirRawFigures(t *testing.T) {
	r, err := readFigures(filepath.Join("..", "BENCHMARKS.json"))
	require.NoError(t, err)
	committed, err := os.ReadFile(filepath.Join("..", "BENCHMARKS.md"))
	require.NoError(t, err)
	if got := r.markdown(); got != string(committed) {
		want, have := strings.Split(string(committed), "\n"), strings.Split(got, "\n")
		for i := range min(len(want), len(have)) {
			if want[i] != have[i] {
				t.Fatalf("BENCHMARKS.md is not what BENCHMARKS.json renders to (edited by hand, or the renderer changed: `go run ./bench --render`); line %d is\n%s\nand renders as\n%s",
					i+1, want[i], have[i])
			}
		}
		t.Fatalf("BENCHMARKS.md has %d lines, BENCHMARKS.json renders %d (`go run ./bench --render`)", len(want), len(have))
	}
}

// fullFigures sets every field the raw file holds.
func fullFigures() results {
	ms := time.Millisecond
	return results{
		Run: runInfo{Started: time.Date(2026, 12, 3, 16, 47, 5, 0, time.UTC), Took: 31*time.Minute + 38*time.Second, Args: "--passes 3",
			Partial: true, Machine: "2 cores (test CPU), Go go1.26, linux/amd64", Postgres: "a private cluster, fsync on", Note: "A note."},
		Sizes: sizes{WriteRows: 2000, Orchestration: 10, Passes: 3, Rounds: []int{10, 50}, Campaigns: []int{5}, Clusters: []int{1}, GroupSize: 200},
		Writes: []writeMethod{
			{Method: "INSERT", Rows: 2000, Took: []time.Duration{90 * ms, 100 * ms, 110 * ms}},
			{Method: "COPY", Role: roleCeiling, Rows: 2000, Took: []time.Duration{10 * ms, 11 * ms, 12 * ms}},
			{Method: "copy", Role: roleProductCopy, Rows: 2000, Took: []time.Duration{11 * ms, 12 * ms, 13 * ms}},
			{Method: "copy, accept", Role: roleProductAccept, Rows: 2000, Took: []time.Duration{20 * ms, 21 * ms, 22 * ms}, Sheets: 6},
		},
		Orch: &orchFigures{Workflows: 10, PassesRun: 3, Passes: []orchPass{
			{Noop: 80, NoopChildren: 70, NoopMessages: 50, Branches: 40, NoopUpdates: 75},
			{Noop: 81, NoopChildren: 71, NoopMessages: 51, Branches: 41, NoopUpdates: 76},
			{Noop: 79, NoopChildren: 69, NoopMessages: 49, Branches: 39, NoopUpdates: 74},
		}},
		Runs: []e2e{
			{What: "pioneer round", Stack: embedded, Scale: 50, Rows: 1000, Total: 5 * time.Second,
				Phases: []phase{{Name: "open", Took: time.Second}, {Name: "branches", Took: 4 * time.Second}},
				Usage:  map[string]usage{"worker": {CPU: time.Second, PeakRSS: 100 << 20}, "Temporal server": {CPU: 2 * time.Second, PeakRSS: 300 << 20}},
				Histories: []history{{Kind: "pioneer", Described: 1, MaxEvents: 87, MaxBytes: 21_000, MaxChildren: 1},
					{Kind: "group", Described: 1, MaxEvents: 400, MaxBytes: 200_000, MaxChildren: 50}},
				Profiles: []cpuProfile{{Process: "worker", Step: "open", Seconds: 30, Total: 950 * ms, Top: []hotspot{{Function: "f", Cum: 240 * ms}}}},
				Tally:    "GroupAggregate\n  Filter"},
			{What: "campaign", Stack: embedded, Scale: 5, Rows: 5, Total: 30 * time.Second,
				Phases: []phase{{Name: "mobilize", Took: 10 * time.Second}, {Name: "10 self-checks and declarations", Took: 1234 * ms, Aside: true}},
				Usage:  map[string]usage{"worker": {CPU: time.Second, PeakRSS: 100 << 20}},
				Processing: &processing{UnitsStarted: time.Second, Submissions: 1234 * ms, Inspections: 2 * time.Second, Naming: 1300 * ms,
					Closing: 0, Notice: 2 * time.Second, ManagementPeriod: 2 * time.Second}},
		},
	}
}

// The raw file keeps every figure the markdown is rendered from: written and read back, the
// figures and their markdown are the same.
func TestTheRawFiguresKeepEveryFigure(t *testing.T) {
	r := fullFigures()
	path := filepath.Join(t.TempDir(), "BENCHMARKS.json")
	require.NoError(t, writeFigures(path, r))
	back, err := readFigures(path)
	require.NoError(t, err)
	r.Format = figuresFormat
	assert.Equal(t, r, back)
	assert.Equal(t, r.markdown(), back.markdown())
}

// A raw file with a field the harness does not know is refused, not rendered without it.
func TestARawFileWithAnUnknownFieldIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"format": 1, "run": {"cpu": "fast"}}`), 0o644))
	_, err := readFigures(path)
	assert.ErrorContains(t, err, `unknown field "cpu"`)
}

// The markdown is written beside its raw figures: BENCHMARKS.md's are BENCHMARKS.json.
func TestTheRawFileIsBesideTheMarkdown(t *testing.T) {
	assert.Equal(t, "BENCHMARKS.json", rawPath("BENCHMARKS.md"))
	assert.Equal(t, "/tmp/x.json", rawPath("/tmp/x.md"))
}

func targets(r results) string {
	w := &writer{}
	r.targets(w)
	return w.b.String()
}

func row(t *testing.T, table, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(table, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no row %q in\n%s", prefix, table)
	return ""
}

// Each orchestration ratio is the median of the passes' own ratios, shown with their range,
// not the best pass.
func TestAnOrchestrationRatioIsTheMedianOfThePasses(t *testing.T) {
	r := results{Orch: &orchFigures{Workflows: 100, PassesRun: 3, Passes: []orchPass{
		{Noop: 60, NoopChildren: 30, NoopMessages: 26, Branches: 20},   // children 1.5x, messages 1.3x
		{Noop: 60, NoopChildren: 45, NoopMessages: 40, Branches: 20},   // 2.25x, 2x
		{Noop: 60, NoopChildren: 34, NoopMessages: 28, Branches: 20}}}} // 1.7x, 1.4x
	got := targets(r)
	assert.Contains(t, row(t, got, "| per-branch orchestration within 2x"), "1.70x (passes 1.50x–2.25x) a no-op child of a group")
	assert.Contains(t, row(t, got, "| per-branch orchestration within 1.3x"), "1.40x (passes 1.30x–2.00x) (the median of 3 alternating passes)")
	w := &writer{}
	r.orchestration(w)
	assert.Contains(t, w.b.String(), "| no-op workflows started by the client and completed (the client's ceiling) | 60.0 | 60.0–60.0 |")
	assert.Contains(t, w.b.String(), "A branch costs 1.70x (passes 1.50x–2.25x) a no-op child of a group, 3.00x (passes 3.00x–3.00x) a no-op workflow started by the client and 1.40x (passes 1.30x–2.00x)")
}

// A target judged from repeated passes is met when every pass meets it, missed (by how much)
// when none does, and within noise when the passes' range covers it.
func TestATargetFromPassesIsMetMissedOrWithinNoise(t *testing.T) {
	judge := func(children ...float64) string {
		o := &orchFigures{Workflows: 100, PassesRun: len(children)}
		for _, c := range children {
			o.Passes = append(o.Passes, orchPass{Noop: 100, NoopChildren: c * 10, NoopMessages: 10, Branches: 10})
		}
		l := row(t, targets(results{Orch: o}), "| per-branch orchestration within 2x")
		return l[strings.LastIndex(strings.TrimSuffix(l, " |"), "| ")+2 : len(l)-2]
	}
	assert.Equal(t, "met", judge(1.8, 1.9, 2.0))
	assert.Equal(t, "**missed**: 10% over 2x", judge(2.1, 2.2, 2.3))
	assert.Equal(t, "within noise: the passes' 1.90x–2.10x cover 2.00x", judge(1.9, 2.0, 2.1))
	assert.Equal(t, "**missed**: 5% over 2x", judge(2.1), "one pass: met or missed")

	assert.Equal(t, "met", atLeast(spreadOf([]float64{70, 75}), 70, "%.0f%%", "short"))
	assert.Equal(t, "**missed**: short", atLeast(spreadOf([]float64{60, 69}), 70, "%.0f%%", "short"))
	assert.Equal(t, "within noise: the passes' 65%–75% cover 70%", atLeast(spreadOf([]float64{65, 75}), 70, "%.0f%%", "short"))
}

// The 2x target is judged against no-op workflows started as branches are (the server's
// children of a group); the client-started ones are reported beside them.
func TestTheNoopCeilingIsJudgedOnChildrenOfGroups(t *testing.T) {
	r := results{Orch: &orchFigures{Workflows: 100, PassesRun: 1, Passes: []orchPass{
		{Noop: 30, NoopChildren: 50, NoopMessages: 20, Branches: 20}}}}
	got := row(t, targets(r), "| per-branch orchestration within 2x")
	assert.Contains(t, got, "2.50x a no-op child of a group; 1.50x a no-op workflow started by the client")
	assert.True(t, strings.HasSuffix(got, "| **missed**: 25% over 2x |"), got)

	w := &writer{}
	r.orchestration(w)
	assert.Contains(t, w.b.String(), "| no-op workflows started as branches are (the ceiling): no-op groups of 200 started by the client with their members' ids; each member started by the server as the group's child and ended; the group ending with them | 50.0 |")
}

// The 70% write target is judged on the product's copy and acceptance, not the copy alone.
func TestTheWriteTargetIsJudgedOnCopyAndAccept(t *testing.T) {
	r := results{Writes: []writeMethod{
		{Method: "COPY", Role: roleCeiling, Rows: 1000, Took: []time.Duration{10 * time.Millisecond}},
		{Method: "copy", Role: roleProductCopy, Rows: 1000, Took: []time.Duration{10_638 * time.Microsecond}},     // 94%
		{Method: "accept", Role: roleProductAccept, Rows: 1000, Took: []time.Duration{19_230 * time.Microsecond}}, // 52%
	}}
	assert.Equal(t, "| ballot writes at least 70% of raw COPY, each sheet copied and accepted | copied and accepted 52%; the COPY alone 94% (one pass) | **missed**: 18 points short of 70% |",
		row(t, targets(r), "| ballot writes"))
}

// The write path's passes: each share is of the same pass's ceiling, the median shown with
// the range, and the target judged on their range.
func TestTheWritePathSharesArePerPass(t *testing.T) {
	ms := time.Millisecond
	r := results{Writes: []writeMethod{
		{Method: "COPY", Role: roleCeiling, Rows: 1000, Took: []time.Duration{10 * ms, 20 * ms, 10 * ms}},
		{Method: "copy", Role: roleProductCopy, Rows: 1000, Took: []time.Duration{11 * ms, 22 * ms, 11 * ms}},
		{Method: "accept", Role: roleProductAccept, Rows: 1000, Took: []time.Duration{20 * ms, 25 * ms, 12 * ms}, Sheets: 2},
	}}
	// Shares of the pass's own ceiling: 50%, 80%, 83%.
	assert.Equal(t, "| ballot writes at least 70% of raw COPY, each sheet copied and accepted | copied and accepted 80% (passes 50%–83%); the COPY alone 91% (passes 91%–91%) (the median of 3 passes) | within noise: the passes' 50%–83% cover 70% |",
		row(t, targets(r), "| ballot writes"))
	w := &writer{}
	r.writePath(w)
	assert.Contains(t, w.b.String(), "| accept | 1000 | 20ms | 50000 | 40000–83333 | 80% | 50%–83% | 2 sheets, 1.5ms a sheet to accept |")
}

// A run that kept only the better of its passes says so, and gives no range.
func TestTheBetterOfTwoPassesIsSaidSo(t *testing.T) {
	r := results{Orch: &orchFigures{Workflows: 1000, PassesRun: 2, Passes: []orchPass{{Noop: 79.3, NoopMessages: 51.3, Branches: 37.1, NoopUpdates: 75.1}}}}
	w := &writer{}
	r.orchestration(w)
	assert.Contains(t, w.b.String(), "## Orchestration: same server, same run, 1000 of each, the better of 2 passes of each kind, the other not kept\n")
	assert.Contains(t, w.b.String(), "This run kept only the better of its 2 passes of each kind")
	assert.Contains(t, row(t, targets(r), "| per-branch orchestration within 1.3x"), "| 1.38x (the better of 2 passes of each kind, the other not kept) | **missed**: 6% over 1.3x |")
}

// The quick run says that it measures fewer passes than the full run.
func TestTheQuickRunSaysItHasFewerPasses(t *testing.T) {
	r := results{Run: runInfo{Quick: true}, Sizes: sizes{Passes: quickPasses}}
	assert.Contains(t, r.markdown(), fmt.Sprintf("Being the quick run, it measures the write path and the orchestration in %d passes, fewer than the\nfull run's %d", quickPasses, fullPasses))
	r.Run.Quick = false
	assert.NotContains(t, r.markdown(), "Being the quick run")
}

// The ceiling started as branches are: the group starts each member as its own child.
func TestTheNoopGroupStartsEachMemberAsItsChild(t *testing.T) {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quietLogger())
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflow(noopParent)
	env.RegisterWorkflow(noopMember)
	var started []string
	env.SetOnChildWorkflowStartedListener(func(info *workflow.Info, _ workflow.Context, _ converter.EncodedValues) {
		started = append(started, info.WorkflowExecution.ID)
	})
	env.ExecuteWorkflow(noopParent, []string{"m1", "m2", "m3"})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	assert.ElementsMatch(t, []string{"m1", "m2", "m3"}, started)
}
