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
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(log)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, log, options{quick: *quick, out: *out, only: *only, rounds: *roundSizes, campaigns: *campaignSizes, profiles: *profiles}); err != nil {
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
}

// options are the command's flags.
type options struct {
	quick                                  bool
	out, only, rounds, campaigns, profiles string
}

func run(ctx context.Context, log *slog.Logger, o options) error {
	quick, out, only, roundSizes, campaignSizes := o.quick, o.out, o.only, o.rounds, o.campaigns
	sz := sizes{writeRows: 200_000, orchestration: 1000, rounds: []int{100, 1000, 5000}, campaigns: []int{200, 2000}}
	if quick {
		sz = sizes{writeRows: 20_000, orchestration: 100, rounds: []int{100}, campaigns: []int{50}}
	}
	var err error
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
	r := results{quick: quick, sizes: sz, started: began, note: e.pgNote}

	if sz.writeRows > 0 {
		log.Info("write path", "rows", sz.writeRows)
		if r.writes, err = writePath(ctx, e, sz.writeRows); err != nil {
			return fmt.Errorf("write path: %w", err)
		}
	}
	r.orch.BallotUpdateRate = 20 // a guess for the campaign's windows when not measured
	if sz.orchestration > 0 {
		log.Info("orchestration", "workflows", sz.orchestration)
		if r.orch, err = orchestrate(ctx, e, sz.orchestration); err != nil {
			return fmt.Errorf("orchestration: %w", err)
		}
	}
	for i, n := range sz.rounds {
		log.Info("pioneer round", "branches", n)
		res, err := pioneerRound(ctx, e, n, fmt.Sprintf("2000-Q%d", i+1), n == slices.Max(sz.rounds) && n >= 1000)
		if err != nil {
			return fmt.Errorf("pioneer round of %d branches: %w", n, err)
		}
		log.Info("pioneer round done", "branches", n, "took", res.Total)
		r.runs = append(r.runs, res)
	}
	for _, n := range sz.campaigns {
		log.Info("campaign", "units", n)
		res, err := campaignRun(ctx, e, n, stds["civilized-unit"], r.orch.BallotUpdateRate)
		if err != nil {
			return fmt.Errorf("campaign of %d units: %w", n, err)
		}
		log.Info("campaign done", "units", n, "took", res.Total)
		r.runs = append(r.runs, res)
	}
	r.took = time.Since(began)
	if err := os.WriteFile(out, []byte(r.markdown()), 0o644); err != nil {
		return err
	}
	log.Info("figures written", "file", out, "took", r.took.Round(time.Second))
	return nil
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
