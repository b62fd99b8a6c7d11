// Command bench measures the product at city and province scale on this machine: the ballot
// write path against raw COPY, orchestration against no-op workflows on the same server (both
// in alternating passes), and whole pioneer rounds and campaigns end to end, with the CPU and
// peak memory of the worker, the Temporal server and PostgreSQL, each its own process. It
// writes the raw figures to BENCHMARKS.json and renders BENCHMARKS.md from them alone;
// --render renders it again without measuring. --quick is the one-minute version CI runs.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	sdklog "go.temporal.io/sdk/log"

	"wenming/rules/standard"
	"wenming/store"
)

func main() {
	quick := flag.Bool("quick", false, "the one-minute version (CI): small sizes only, fewer passes")
	out := flag.String("o", "BENCHMARKS.md", "where the figures are written, rendered from the raw figures beside it (see --raw)")
	raw := flag.String("raw", "", "where the raw figures are written, and read with --render (default: -o's file with .json for its extension)")
	render := flag.Bool("render", false, "measure nothing: render -o again from the raw figures (after a change to the renderer)")
	passes := flag.Int("passes", 0, fmt.Sprintf("passes of the write path and of the orchestration (default %d; quick %d)", fullPasses, quickPasses))
	roundSizes := flag.String("rounds", "", "pioneer rounds of these numbers of branches, comma-separated (default 100,1000,5000; quick 100)")
	campaignSizes := flag.String("campaigns", "", "campaigns of these numbers of units, comma-separated (default 200,2000; quick 50)")
	profiles := flag.String("profiles", "", "keep the CPU profiles of the largest round in this folder (for go tool pprof)")
	only := flag.String("only", "", "measure only these parts, comma-separated: writes, orchestration, rounds, campaigns (while working on one)")
	clusters := flag.String("cluster-workers", "", "also run the rounds on the cluster mode with these numbers of worker processes, comma-separated (default 1,2; quick and with DATABASE_URL none; 0 for none)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(log)
	if *raw == "" {
		*raw = rawPath(*out)
	}
	if *render {
		if err := renderFile(*raw, *out); err != nil {
			log.Error("render failed", "error", err)
			os.Exit(1)
		}
		log.Info("rendered", "from", *raw, "to", *out)
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, log, options{quick: *quick, out: *out, raw: *raw, only: *only, rounds: *roundSizes, campaigns: *campaignSizes, profiles: *profiles,
		clusters: *clusters, passes: *passes,
		partial: *only != "" || *roundSizes != "" || *campaignSizes != "" || *clusters != "" || *passes != 0}); err != nil {
		log.Error("bench failed", "error", err)
		os.Exit(1)
	}
}

// Passes of the write path and of the orchestration: each ratio is the median of the
// passes' own, with their range. The quick run (CI) has a minute, and measures fewer.
const (
	fullPasses  = 3
	quickPasses = 2
)

// sizes of each measurement.
type sizes struct {
	WriteRows     int   `json:"write_rows"`
	Orchestration int   `json:"orchestration"`
	Passes        int   `json:"passes,omitempty"` // of the write path and of the orchestration (0: not recorded)
	Rounds        []int `json:"rounds"`
	Campaigns     []int `json:"campaigns"`
	Clusters      []int `json:"clusters"` // worker processes of each cluster-mode stack the rounds also run on
	GroupSize     int   `json:"group_size"`
}

// options are the command's flags.
type options struct {
	quick                                                 bool
	partial                                               bool // some sizes or parts chosen: not the full run
	passes                                                int
	out, raw, only, rounds, campaigns, profiles, clusters string
}

func run(ctx context.Context, log *slog.Logger, o options) error {
	quick, only, roundSizes, campaignSizes := o.quick, o.only, o.rounds, o.campaigns
	sz := sizes{WriteRows: 200_000, Orchestration: 1000, Passes: fullPasses, Rounds: []int{100, 1000, 5000}, Campaigns: []int{200, 2000}, Clusters: []int{1, 2},
		GroupSize: groupSize}
	if quick {
		sz = sizes{WriteRows: 20_000, Orchestration: 100, Passes: quickPasses, Rounds: []int{100}, Campaigns: []int{50}, GroupSize: groupSize}
		log.Info("the quick run: fewer passes than the full run", "passes", quickPasses, "full run", fullPasses)
	}
	if o.passes != 0 {
		if o.passes < 1 {
			return fmt.Errorf("--passes: %d is not a number of passes (at least 1)", o.passes)
		}
		sz.Passes = o.passes
	}
	if os.Getenv("DATABASE_URL") != "" {
		sz.Clusters = nil // the cluster mode runs on a private PostgreSQL
	}
	var err error
	switch o.clusters {
	case "":
	case "0":
		sz.Clusters = nil
	default:
		if sz.Clusters, err = counts(o.clusters); err != nil {
			return fmt.Errorf("--cluster-workers: %w", err)
		}
	}
	if roundSizes != "" {
		if sz.Rounds, err = counts(roundSizes); err != nil {
			return fmt.Errorf("--rounds: %w", err)
		}
	}
	if campaignSizes != "" {
		if sz.Campaigns, err = counts(campaignSizes); err != nil {
			return fmt.Errorf("--campaigns: %w", err)
		}
	}
	if only != "" {
		parts := "," + only + ","
		if !strings.Contains(parts, ",writes,") {
			sz.WriteRows = 0
		}
		if !strings.Contains(parts, ",orchestration,") {
			sz.Orchestration = 0
		}
		if !strings.Contains(parts, ",rounds,") {
			sz.Rounds = nil
		}
		if !strings.Contains(parts, ",campaigns,") {
			sz.Campaigns = nil
		}
	}
	began := time.Now()
	e, err := startEnv(ctx, log, o.profiles)
	if err != nil {
		return err
	}
	defer e.stop()
	stds, err := saveStandards(ctx, e)
	if err != nil {
		return err
	}
	r := results{Run: runInfo{Started: began.UTC().Truncate(time.Second), Quick: quick, Partial: o.partial, Args: strings.Join(os.Args[1:], " "),
		Machine: machine(), Postgres: pgVersionNote(e.pgNote)}, Sizes: sz}

	if sz.WriteRows > 0 {
		log.Info("write path", "rows", sz.WriteRows, "passes", sz.Passes)
		if r.Writes, err = writePath(ctx, e, sz.WriteRows, sz.Passes); err != nil {
			return fmt.Errorf("write path: %w", err)
		}
	}
	updateRate := 20.0 // a guess for the campaign's windows when not measured
	if sz.Orchestration > 0 {
		log.Info("orchestration", "workflows", sz.Orchestration, "passes", sz.Passes)
		if r.Orch, err = orchestrate(ctx, e, sz.Orchestration, sz.Passes); err != nil {
			return fmt.Errorf("orchestration: %w", err)
		}
		updateRate = r.Orch.rate(func(p orchPass) float64 { return p.NoopUpdates }).Median
	}
	runs, err := rounds(ctx, log, e, sz.Rounds, true)
	if err != nil {
		return err
	}
	r.Runs = append(r.Runs, runs...)
	for _, n := range sz.Campaigns {
		log.Info("campaign", "units", n)
		res, err := campaignRun(ctx, e, n, stds["civilized-unit"], updateRate)
		if err != nil {
			return fmt.Errorf("campaign of %d units: %w", n, err)
		}
		log.Info("campaign done", "units", n, "took", res.Total)
		r.Runs = append(r.Runs, res)
	}
	e.stop() // one stack at a time on the machine
	for _, workers := range sz.Clusters {
		if len(sz.Rounds) == 0 {
			break
		}
		runs, err := onCluster(ctx, log, workers, sz.Rounds)
		if err != nil {
			return fmt.Errorf("%s: %w", clusterStack(workers), err)
		}
		r.Runs = append(r.Runs, runs...)
	}
	r.Run.Took = time.Since(began)
	// The raw figures first; the markdown from what they say once read back, as --render and
	// the test of the committed pair read them.
	if err := writeFigures(o.raw, r); err != nil {
		return err
	}
	if err := renderFile(o.raw, o.out); err != nil {
		return err
	}
	log.Info("figures written", "raw", o.raw, "file", o.out, "took", r.Run.Took.Round(time.Second))
	return nil
}

// renderFile renders the markdown from the raw figures alone.
func renderFile(raw, out string) error {
	r, err := readFigures(raw)
	if err != nil {
		return err
	}
	return os.WriteFile(out, []byte(r.markdown()), 0o644)
}

// rounds runs a pioneer round of each size, the largest profiled when asked.
func rounds(ctx context.Context, log *slog.Logger, e *env, ns []int, profile bool) ([]e2e, error) {
	var out []e2e
	for i, n := range ns {
		log.Info("pioneer round", "stack", e.stack, "branches", n)
		res, err := pioneerRound(ctx, e, n, fmt.Sprintf("2000-Q%d", i+1), profile && n == slices.Max(ns) && n >= 1000)
		if err != nil {
			return nil, fmt.Errorf("pioneer round of %d branches: %w", n, err)
		}
		log.Info("pioneer round done", "stack", e.stack, "branches", n, "took", res.Total)
		out = append(out, res)
	}
	return out, nil
}

// onCluster runs the rounds on the cluster mode with that many worker processes.
func onCluster(ctx context.Context, log *slog.Logger, workers int, ns []int) ([]e2e, error) {
	e, err := startClusterEnv(ctx, log, workers)
	if err != nil {
		return nil, err
	}
	defer e.stop()
	if _, err := saveStandards(ctx, e); err != nil {
		return nil, err
	}
	return rounds(ctx, log, e, ns, false)
}

func saveStandards(ctx context.Context, e *env) (map[string]*standard.Standard, error) {
	out := map[string]*standard.Standard{}
	for _, id := range []string{"civilized-unit", "pioneer-post"} {
		b, err := os.ReadFile("standards/" + id + ".yaml")
		if err != nil {
			return nil, err
		}
		s, err := standard.Parse(id, b)
		if err != nil {
			return nil, err
		}
		if err := store.SaveStandard(ctx, e.db, s); err != nil {
			return nil, err
		}
		out[id] = s
	}
	return out, nil
}

func quietLogger() sdklog.Logger {
	return sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range splitLines(string(b)) {
			if v, ok := cutPrefix(line, "model name"); ok {
				cpu = v
				break
			}
		}
	}
	return fmt.Sprintf("%d cores (%s), Go %s, %s/%s", runtime.NumCPU(), cpu, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// counts reads a comma-separated list of sizes.
func counts(list string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a size (a whole number, at least 1)", f)
		}
		out = append(out, n)
	}
	return out, nil
}
