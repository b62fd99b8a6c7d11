package main

import (
	"fmt"
	"math"
	"time"
)

// provinceBranches is the province the projection is for: 50,000 branches of 20 members.
const provinceBranches = 50_000

// province projects a 50,000-branch round on a Temporal cluster from the largest round
// measured (the cluster mode's when it ran), naming every assumption.
func (r results) province(w *writer) {
	run, smaller, stack := r.projectionBase()
	if run == nil {
		return
	}
	n, groupSize := provinceBranches, r.groupSize()
	groups := (n + groupSize - 1) / groupSize
	scale := float64(n) / float64(run.Scale)
	hist := map[string]history{}
	for _, h := range run.Histories {
		hist[h.Kind] = h
	}
	round, group, branch := hist["pioneer"], hist["group"], hist["branch"]
	// The round's history grows with its groups: the slope between the two largest rounds.
	roundEvents, roundBytes := round.MaxEvents, round.MaxBytes
	if smaller != nil {
		var small history
		for _, h := range smaller.Histories {
			if h.Kind == "pioneer" {
				small = h
			}
		}
		g1, g2 := float64((smaller.Scale+groupSize-1)/groupSize), float64((run.Scale+groupSize-1)/groupSize)
		perGroup := float64(round.MaxEvents-small.MaxEvents) / (g2 - g1)
		perGroupBytes := float64(round.MaxBytes-small.MaxBytes) / (g2 - g1)
		roundEvents = round.MaxEvents + int64(perGroup*(float64(groups)-g2))
		roundBytes = round.MaxBytes + int64(perGroupBytes*(float64(groups)-g2))
	}
	events := roundEvents + int64(groups)*group.MaxEvents + int64(n)*branch.MaxEvents + hist["notice"].MaxEvents
	cpu := func(name string) time.Duration {
		var t time.Duration
		for k, u := range run.Usage {
			if k == name || (name == "worker" && len(k) >= 6 && k[:6] == "worker") {
				t += u.CPU
			}
		}
		return time.Duration(float64(t) * scale)
	}
	server, worker, pg, cli := cpu("Temporal server"), cpu("worker"), cpu("PostgreSQL"), cpu("CLI (this process)")
	total := time.Duration(float64(run.Total) * scale)

	w.line("## A province on paper: one pioneer round of %d branches (1,000,000 members)", n)
	w.line("")
	w.line("Projected from the round of %d branches on the %s measured above (%s), by proportion unless said.", run.Scale, stack, run.Total.Round(time.Second))
	w.line("")
	w.line("| what | projected | limit |")
	w.line("|---|---:|---|")
	w.line("| workflows in the round | %d: the round, %d groups, %d branches, the notice | |", 2+groups+n, groups, n)
	w.line("| history events in the round | %d | |", events)
	w.line("| largest history | the round's: %d events, %.0f KiB (it grows with its groups: the slope between the rounds of %s and %d branches) | the product's own bound 10,000 events, 2 MB; Temporal's 51,200 events, 50 MB |",
		roundEvents, float64(roundBytes)/1024, sizeOf(smaller), run.Scale)
	w.line("| a group's history | %d events, %.0f KiB, as measured (groups stay at %d branches) | as above |", group.MaxEvents, float64(group.MaxBytes)/1024, groupSize)
	w.line("| children per parent | the round %d groups; a group %d branches | 500 (the product's `fanout.MaxGroupSize`) |", groups, groupSize)
	w.line("| rows written | %d ballot rows (380 forms a branch), %d tallies, %d results, %d accepted sheets and their audit lines | |", n*380, n*20, n*20, n)
	w.line("| CPU, Temporal server | %s | |", server.Round(time.Minute))
	w.line("| CPU, workers | %s | |", worker.Round(time.Minute))
	w.line("| CPU, PostgreSQL | %s | |", pg.Round(time.Minute))
	w.line("| CPU, the CLI reading and copying the sheets | %s | |", cli.Round(time.Minute))
	w.line("| time on this machine's 2 cores | %s | |", total.Round(time.Minute))
	w.line("")
	w.line("Capacity: results by the next morning means the whole round within an hour after the last sheet is in.")
	w.line("Spread over an hour, the CPU above is %.2f cores of Temporal server, %.2f of workers and %.2f of PostgreSQL",
		server.Hours(), worker.Hours(), pg.Hours())
	w.line("(Temporal's persistence and the product's database together, as measured); planned at half busy, that is")
	w.line("%d, %d and %d cores.", ceilCores(server), ceilCores(worker), ceilCores(pg))
	w.line("")
	w.line("Where the first limit is hit:")
	w.line("")
	w.line("- **The round's own history.** It takes each group's word twice (ready, settled) and starts each group: at %d",
		groups)
	w.line("  groups it holds about %d events. %s", roundEvents, limitNote(roundEvents, roundBytes))
	w.line("- **The embedded stack.** SQLite has one writer: the dev server is for one office, not a province.")
	w.line("- **History shards.** The cluster mode has 4 (fixed when its databases are made); %d workflows an hour want", 2+groups+n)
	w.line("  the hundreds a production cluster is set up with (the compose file sets 512).")
	w.line("")
	w.line("Assumptions: every branch has 20 members and hands in one sheet of 380 forms (20 ballots, 19 candidates")
	w.line("each); no ties, objections or violations (each adds a message to one branch or the round); time and CPU grow")
	w.line("in proportion to the branches (the growth measured above, 1,000 to 5,000, says so up to 5,000); a group's")
	w.line("history does not depend on the round's size; the CPU of the cluster's processes here is the CPU they need")
	w.line("on other machines.")
	w.line("")
}

// projectionBase is the largest round on the best stack measured (the cluster mode with the
// most workers, else the embedded stack) and the next smaller round on it.
func (r results) projectionBase() (run, smaller *e2e, stack string) {
	stacks := r.stacks()
	for i := len(stacks) - 1; i >= 0 && run == nil; i-- {
		stack = stacks[i]
		run = r.largestOn(stack, "pioneer round")
	}
	if run == nil {
		return nil, nil, ""
	}
	for i := range r.Runs {
		x := &r.Runs[i]
		if x.Stack == stack && x.What == "pioneer round" && x.Scale < run.Scale && (smaller == nil || x.Scale > smaller.Scale) {
			smaller = x
		}
	}
	return run, smaller, stack
}

func sizeOf(run *e2e) string {
	if run == nil {
		return "(none)"
	}
	return fmt.Sprint(run.Scale)
}

func limitNote(events, bytes int64) string {
	if events <= 10000 && bytes <= 2<<20 {
		return "Within the product's bound."
	}
	return "Above the product's bound of 10,000 events or 2 MB (Temporal's own limit is far): a round of more than\n" +
		"  a few tens of thousands of branches should continue as new after opening, or put its groups under\n" +
		"  regional parents (a province's cities), as a campaign's units are put in groups."
}

// ceilCores is the cores to plan for an hour's CPU at half busy.
func ceilCores(cpu time.Duration) int { return int(math.Ceil(2 * cpu.Hours())) }
