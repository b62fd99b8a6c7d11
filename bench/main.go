// Command bench measures the product at city and province scale on this machine and writes
// the figures to BENCHMARKS.md: the ballot write path against raw COPY, orchestration against
// no-op workflows on the same server, and whole pioneer rounds and campaigns end to end, with
// the CPU and peak memory of the worker, the Temporal server and PostgreSQL, each its own
// process. --quick is the one-minute version CI runs.
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
	quick := flag.Bool("quick", false, "the one-minute version (CI): small sizes only")
	out := flag.String("o", "BENCHMARKS.md", "where the figures are written")
	roundSizes := flag.String("rounds", "", "pioneer rounds of these numbers of branches, comma-separated (default 100,1000,5000; quick 100)")
	campaignSizes := flag.String("campaigns", "", "campaigns of these numbers of units, comma-separated (default 200,2000; quick 50)")
	profiles := flag.String("profiles", "", "keep the CPU profiles of the largest round in this folder (for go tool pprof)")
	only := flag.String("only", "", "measure only these parts, comma-separated: writes, orchestration, rounds, campaigns (while working on one)")
	clusters := flag.String("cluster-workers", "", "also run the rounds on the cluster mode with these numbers of worker processes, comma-separated (default 1,2; quick and with DATABASE_URL none; 0 for none)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(log)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, log, options{quick: *quick, out: *out, only: *only, rounds: *roundSizes, campaigns: *campaignSizes, profiles: *profiles, clusters: *clusters,
		partial: *only != "" || *roundSizes != "" || *campaignSizes != "" || *clusters != ""}); err != nil {
		log.Error("bench failed", "error", err)
		os.Exit(1)
	}
}

// sizes of each measurement.
type sizes struct {
	writeRows     int
	orchestration int
	rounds        []int
	campaigns     []int
	clusters      []int // worker processes of each cluster-mode stack the rounds also run on
}

// options are the command's flags.
type options struct {
	quick                                            bool
	partial                                          bool // some sizes or parts chosen: not the full run
	out, only, rounds, campaigns, profiles, clusters string
}

func run(ctx context.Context, log *slog.Logger, o options) error {
	quick, out, only, roundSizes, campaignSizes := o.quick, o.out, o.only, o.rounds, o.campaigns
	sz := sizes{writeRows: 200_000, orchestration: 1000, rounds: []int{100, 1000, 5000}, campaigns: []int{200, 2000}, clusters: []int{1, 2}}
	if quick {
		sz = sizes{writeRows: 20_000, orchestration: 100, rounds: []int{100}, campaigns: []int{50}}
	}
	if os.Getenv("DATABASE_URL") != "" {
		sz.clusters = nil // the cluster mode runs on a private PostgreSQL
	}
	var err error
	switch o.clusters {
	case "":
	case "0":
		sz.clusters = nil
	default:
		if sz.clusters, err = counts(o.clusters); err != nil {
			return fmt.Errorf("--cluster-workers: %w", err)
		}
	}
	if roundSizes != "" {
		if sz.rounds, err = counts(roundSizes); err != nil {
			return fmt.Errorf("--rounds: %w", err)
		}
	}
	if campaignSizes != "" {
		if sz.campaigns, err = counts(campaignSizes); err != nil {
			return fmt.Errorf("--campaigns: %w", err)
		}
	}
	if only != "" {
		parts := "," + only + ","
		if !strings.Contains(parts, ",writes,") {
			sz.writeRows = 0
		}
		if !strings.Contains(parts, ",orchestration,") {
			sz.orchestration = 0
		}
		if !strings.Contains(parts, ",rounds,") {
			sz.rounds = nil
		}
		if !strings.Contains(parts, ",campaigns,") {
			sz.campaigns = nil
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
	r := results{quick: quick, partial: o.partial, args: strings.Join(os.Args[1:], " "), sizes: sz, started: began, note: e.pgNote}

	if sz.writeRows > 0 {
		log.Info("write path", "rows", sz.writeRows)
		if r.writes, err = writePath(ctx, e, sz.writeRows); err != nil {
			return fmt.Errorf("write path: %w", err)
		}
	}
	r.orch.NoopUpdateRate = 20 // a guess for the campaign's windows when not measured
	if sz.orchestration > 0 {
		log.Info("orchestration", "workflows", sz.orchestration)
		if r.orch, err = orchestrate(ctx, e, sz.orchestration); err != nil {
			return fmt.Errorf("orchestration: %w", err)
		}
	}
	runs, err := rounds(ctx, log, e, sz.rounds, true)
	if err != nil {
		return err
	}
	r.runs = append(r.runs, runs...)
	for _, n := range sz.campaigns {
		log.Info("campaign", "units", n)
		res, err := campaignRun(ctx, e, n, stds["civilized-unit"], r.orch.NoopUpdateRate)
		if err != nil {
			return fmt.Errorf("campaign of %d units: %w", n, err)
		}
		log.Info("campaign done", "units", n, "took", res.Total)
		r.runs = append(r.runs, res)
	}
	e.stop() // one stack at a time on the machine
	for _, workers := range sz.clusters {
		if len(sz.rounds) == 0 {
			break
		}
		runs, err := onCluster(ctx, log, workers, sz.rounds)
		if err != nil {
			return fmt.Errorf("%s: %w", clusterStack(workers), err)
		}
		r.runs = append(r.runs, runs...)
	}
	r.took = time.Since(began)
	if err := os.WriteFile(out, []byte(r.markdown()), 0o644); err != nil {
		return err
	}
	log.Info("figures written", "file", out, "took", r.took.Round(time.Second))
	return nil
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
