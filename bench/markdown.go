package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// results are the figures of one run.
type results struct {
	quick   bool
	partial bool   // parts or sizes chosen on the command line
	args    string // the command line's arguments
	sizes   sizes
	started time.Time
	took    time.Duration
	note    string
	writes  []writeResult
	orch    orchestration
	runs    []e2e
}

// writer writes markdown lines.
type writer struct{ b strings.Builder }

func (w *writer) line(format string, args ...any) { fmt.Fprintf(&w.b, format+"\n", args...) }

func (r results) markdown() string {
	w := &writer{}
	mode := "the full run: `go tool task bench`"
	switch {
	case r.partial:
		mode = "a partial run, not the full one: `go tool task bench -- " + r.args + "`"
	case r.quick:
		mode = "the quick run: `go tool task bench -- --quick`"
	}
	w.line("# Benchmarks")
	w.line("")
	w.line("Measured %s, %s, in %s. Machine: %s. The Temporal server (the embedded dev stack:",
		r.started.Format("2006-01-02 15:04 MST"), mode, r.took.Round(time.Second), machine())
	w.line("SQLite in WAL mode), the worker and PostgreSQL %s each run as their own process; the", pgVersionNote(r.note))
	w.line("administrators' CLI runs in the benchmark's process. Regenerate with the command above.")
	w.line("")
	r.targets(w)
	r.stacksTable(w)
	r.writePath(w)
	r.orchestration(w)
	r.endToEnd(w)
	r.growth(w)
	r.province(w)
	r.whereTimeGoes(w)
	return w.b.String()
}

// targets is the summary: each target of the issue, what was measured, met or by how much not.
func (r results) targets(w *writer) {
	w.line("## Targets")
	w.line("")
	w.line("| target | measured | |")
	w.line("|---|---|---|")
	if c, all, ok := r.copyShares(); ok {
		w.line("| ballot writes at least 70%% of raw COPY | the product's COPY %.0f%%; with every sheet then accepted %.0f%% | %s |", c, all, verdict(c >= 70, fmt.Sprintf("%.0f points short of 70%%", 70-c)))
	}
	if b := r.scale("pioneer round", 5000); b != nil {
		w.line("| a 5,000-branch round under 3 minutes (embedded stack) | %s | %s |", b.Total.Round(time.Second),
			verdict(b.Total < 3*time.Minute, fmt.Sprintf("%.0f%% over", 100*(b.Total.Minutes()/3-1))))
	} else {
		w.line("| a 5,000-branch round under 3 minutes (embedded stack) | not measured in this run | |")
	}
	if a, b := r.scale("pioneer round", 1000), r.scale("pioneer round", 5000); a != nil && b != nil {
		ratio := b.Total.Seconds() / a.Total.Seconds()
		w.line("| time grows linearly, 1,000 to 5,000 branches: at most 5.5x | %.2fx the time for 5x the branches | %s |", ratio,
			verdict(ratio <= 5.5, fmt.Sprintf("%.0f%% above 5.5x", 100*(ratio/5.5-1))))
	} else {
		w.line("| time grows linearly, 1,000 to 5,000 branches: at most 5.5x | not measured in this run | |")
	}
	events, bytes, children, kind := r.largestHistory()
	w.line("| no history above 10,000 events or 2 MB | largest: %d events (%s), %.0f KiB | %s |", events, kind, float64(bytes)/1024,
		verdict(events <= 10000 && bytes <= 2<<20, "over"))
	w.line("| no parent with more than 500 children pending | largest: %d | %s |", children, verdict(children <= 500, "over"))
	if r.orch.Workflows > 0 {
		ratio := r.orch.NoopRate / r.orch.BranchRate
		w.line("| per-branch orchestration within 2x of the no-op ceiling | %.1fx a no-op workflow | %s |",
			ratio, verdict(ratio <= 2, fmt.Sprintf("missed by %.0f%%", 100*(ratio/2-1))))
		same := r.orch.NoopMessagesRate / r.orch.BranchRate
		w.line("| per-branch orchestration within 1.3x of a no-op workflow taking the same messages | %.2fx | %s |",
			same, verdict(same <= 1.3, fmt.Sprintf("missed by %.0f%%", 100*(same/1.3-1))))
	}
	r.memoryTargets(w)
	r.campaignTargets(w)
	w.line("")
}

func verdict(ok bool, miss string) string {
	if ok {
		return "met"
	}
	return "**missed**: " + miss
}

// copyShares are the product's copy and copy-and-accept rates as shares of the ceiling.
func (r results) copyShares() (copyOnly, withAccept float64, ok bool) {
	ceiling := r.ceiling()
	n := len(r.writes)
	if ceiling == 0 || n < 2 {
		return 0, 0, false
	}
	return 100 * r.writes[n-2].rate() / ceiling, 100 * r.writes[n-1].rate() / ceiling, true
}

func (r results) ceiling() float64 {
	for _, x := range r.writes {
		if strings.Contains(x.Method, "ceiling") {
			return x.rate()
		}
	}
	return 0
}

func (r results) writePath(w *writer) {
	if len(r.writes) == 0 {
		return
	}
	w.line("## Write path: ballot rows, same table and indexes, same run")
	w.line("")
	w.line("Every method writes the same rows, with the round, branch and copy ids of the product's sheets.")
	w.line("")
	w.line("| method | rows | took | rows/s | of the ceiling | |")
	w.line("|---|---:|---:|---:|---:|---|")
	ceiling := r.ceiling()
	for _, x := range r.writes {
		w.line("| %s | %d | %s | %.0f | %.0f%% | %s |", x.Method, x.Rows, x.Took.Round(time.Millisecond), x.rate(), 100*x.rate()/ceiling, x.Note)
	}
	w.line("")
	w.line("A sheet counts once its branch's workflow accepts it: the acceptance checks the copy again in SQL (every")
	w.line("candidate an eligible member of the branch, the forms all there) and records it, a transaction per sheet.")
	w.line("")
}

func (r results) orchestration(w *writer) {
	if r.orch.Workflows == 0 {
		return
	}
	o := r.orch
	w.line("## Orchestration: same server, same run, %d of each, the better of %d passes", o.Workflows, orchestrationPasses)
	w.line("")
	w.line("| what | per second |")
	w.line("|---|---:|")
	w.line("| no-op workflows started and completed (the ceiling) | %.1f |", o.NoopRate)
	w.line("| no-op workflows with a branch's messages: no-op groups of 200, one update each naming its members; each member started and ended, the group told it is over | %.1f |", o.NoopMessagesRate)
	w.line("| branches: groups of 200 (the product's), one update each with its branches' sheets (accepted in PostgreSQL in one transaction); each branch started with its sheet, tallied, settled, ended; the group told it is over | %.1f |", o.BranchRate)
	w.line("| no-op updates completed (a campaign's unit takes one for each submission) | %.1f |", o.NoopUpdateRate)
	w.line("")
	w.line("A branch costs %.1fx a no-op workflow and %.1fx a no-op workflow taking the same messages.",
		o.NoopRate/o.BranchRate, o.NoopMessagesRate/o.BranchRate)
	w.line("")
}

func (r results) endToEnd(w *writer) {
	if len(r.runs) == 0 {
		return
	}
	w.line("## End to end")
	for _, run := range r.runs {
		unit := "branches (20 members each)"
		if run.What == "campaign" {
			unit = "units"
		}
		w.line("")
		on := ""
		if run.Stack != embedded {
			on = ", on the " + run.Stack
		}
		w.line("### %s of %d %s%s: %s", run.What, run.Scale, unit, on, run.Total.Round(10*time.Millisecond))
		w.line("")
		w.line("| step | took |")
		w.line("|---|---:|")
		for _, p := range run.Phases {
			if p.Took == 0 {
				w.line("| %s | |", p.Name)
				continue
			}
			w.line("| %s | %s |", p.Name, p.Took.Round(10*time.Millisecond))
		}
		w.line("")
		w.line("%d result rows. CPU used and peak resident memory during the run:", run.Rows)
		w.line("")
		w.line("| process | CPU | peak RSS |")
		w.line("|---|---:|---:|")
		for _, name := range sortedKeys(run.Usage) {
			u := run.Usage[name]
			w.line("| %s | %s | %.0f MiB |", name, u.CPU.Round(10*time.Millisecond), float64(u.PeakRSS)/(1<<20))
		}
		w.line("")
		w.line("| workflow | described | largest history | largest history size | children it starts |")
		w.line("|---|---:|---:|---:|---:|")
		for _, h := range run.Histories {
			w.line("| %s | %d | %d events | %.1f KiB | %d |", h.Kind, h.Described, h.MaxEvents, float64(h.MaxBytes)/1024, h.MaxChildren)
		}
	}
	w.line("")
}

// stacksTable puts the rounds on every stack side by side: the time, and the peak memory of
// the workers and the server.
func (r results) stacksTable(w *writer) {
	stacks := r.stacks()
	if len(stacks) < 2 {
		return
	}
	w.line("## Pioneer rounds on each stack, same machine, same run")
	w.line("")
	w.line("The embedded stack is `go tool task demo`'s: the dev server on SQLite, one worker. The cluster mode is")
	w.line("`go tool task cluster`'s: the Temporal server on PostgreSQL persistence and visibility, its own process, with one or")
	w.line("two production worker processes (default settings: 10 database connections each), all on one private PostgreSQL.")
	w.line("")
	head, rule := "| branches |", "|---:|"
	for _, st := range stacks {
		head += " " + st + " |"
		rule += "---:|"
	}
	w.line("%s", head)
	w.line("%s", rule)
	for _, n := range r.sizes.rounds {
		row := fmt.Sprintf("| %d |", n)
		for _, st := range stacks {
			if run := r.on(st, "pioneer round", n); run != nil {
				row += " " + run.Total.Round(100*time.Millisecond).String() + " |"
			} else {
				row += " |"
			}
		}
		w.line("%s", row)
	}
	n := slices.Max(r.sizes.rounds)
	for _, label := range []string{"peak RSS, worker(s)", "peak RSS, Temporal server", "CPU, worker(s)", "CPU, Temporal server", "CPU, PostgreSQL"} {
		row := fmt.Sprintf("| %s at %d |", label, n)
		for _, st := range stacks {
			run := r.on(st, "pioneer round", n)
			if run == nil {
				row += " |"
				continue
			}
			var vals []string
			for _, name := range sortedKeys(run.Usage) {
				u := run.Usage[name]
				worker := strings.HasPrefix(name, "worker")
				switch {
				case label == "peak RSS, worker(s)" && worker, label == "peak RSS, Temporal server" && name == "Temporal server":
					vals = append(vals, fmt.Sprintf("%.0f MiB", float64(u.PeakRSS)/(1<<20)))
				case label == "CPU, worker(s)" && worker, label == "CPU, Temporal server" && name == "Temporal server", label == "CPU, PostgreSQL" && name == "PostgreSQL":
					vals = append(vals, u.CPU.Round(time.Second).String())
				}
			}
			row += " " + strings.Join(vals, " + ") + " |"
		}
		w.line("%s", row)
	}
	w.line("")
}

func (r results) growth(w *writer) {
	var lines []string
	for _, what := range []string{"pioneer round", "campaign"} {
		// Each stack's runs against its own smaller ones, stacks in the order they ran.
		var stacks []string
		byStack := map[string][]e2e{}
		for _, run := range r.runs {
			if run.What != what {
				continue
			}
			if _, seen := byStack[run.Stack]; !seen {
				stacks = append(stacks, run.Stack)
			}
			byStack[run.Stack] = append(byStack[run.Stack], run)
		}
		for _, stack := range stacks {
			xs := byStack[stack]
			for i := 1; i < len(xs); i++ {
				a, b := xs[i-1], xs[i]
				lines = append(lines, fmt.Sprintf("- %s (%s): %.0fx the size took %.2fx the time (%s to %s).", what, stack, float64(b.Scale)/float64(a.Scale),
					b.Total.Seconds()/a.Total.Seconds(), a.Total.Round(time.Second), b.Total.Round(time.Second)))
			}
		}
	}
	if len(lines) == 0 {
		return
	}
	w.line("## Growth")
	w.line("")
	for _, l := range lines {
		w.line("%s", l)
	}
	w.line("")
}

// whereTimeGoes shows the CPU profiles and the tally's plan of the largest round.
func (r results) whereTimeGoes(w *writer) {
	run := r.largest("pioneer round")
	if run == nil || (len(run.Profiles) == 0 && run.Tally == "") {
		return
	}
	w.line("## Where the time goes: the round of %d branches", run.Scale)
	w.line("")
	w.line("CPU profiles (%ds at the start of each step) of the server and the worker: the functions with the most", profileSeconds)
	w.line("CPU in them and what they call, plumbing (runtime, gRPC, interceptors) left out. Keep the raw profiles")
	w.line("with `--profiles DIR` and read them with `go tool pprof`.")
	for _, p := range run.Profiles {
		w.line("")
		w.line("**%s, %s**: %s of CPU in %ds (%.0f%% of a core)", p.Process, p.Step, p.Total.Round(10*time.Millisecond), p.Seconds,
			100*p.Total.Seconds()/float64(p.Seconds))
		w.line("")
		w.line("| function | CPU | share |")
		w.line("|---|---:|---:|")
		for _, h := range p.Top {
			w.line("| `%s` | %s | %.0f%% |", h.Function, h.Cum.Round(10*time.Millisecond), 100*h.Cum.Seconds()/p.Total.Seconds())
		}
	}
	if run.Tally != "" {
		w.line("")
		w.line("The tally of one branch (`EXPLAIN (ANALYZE, BUFFERS)`), with %d ballots in the table:", run.Scale*380)
		w.line("")
		w.line("```")
		w.line("%s", run.Tally)
		w.line("```")
	}
	w.line("")
}

// largest is the largest run of a kind on the embedded stack.
func (r results) largest(what string) *e2e { return r.largestOn(embedded, what) }

// scale is the run of that size on the embedded stack.
func (r results) scale(what string, n int) *e2e { return r.on(embedded, what, n) }

// on is the run of that size on a stack.
func (r results) on(stack, what string, n int) *e2e {
	for i := range r.runs {
		if r.runs[i].Stack == stack && r.runs[i].What == what && r.runs[i].Scale == n {
			return &r.runs[i]
		}
	}
	return nil
}

// memoryTargets: the peak memory of the worker(s) and the server in the largest round, on
// every stack measured.
func (r results) memoryTargets(w *writer) {
	for _, stack := range r.stacks() {
		run := r.largestOn(stack, "pioneer round")
		if run == nil {
			continue
		}
		var parts []string
		var peak int64
		for _, name := range sortedKeys(run.Usage) {
			if name == "Temporal server" || strings.HasPrefix(name, "worker") {
				u := run.Usage[name]
				parts = append(parts, fmt.Sprintf("%s %.0f MiB", name, float64(u.PeakRSS)/(1<<20)))
				peak = max(peak, u.PeakRSS)
			}
		}
		w.line("| peak RSS of the worker and the server at %d branches (%s): none above 2 GiB | %s | %s |", run.Scale, stack,
			strings.Join(parts, ", "), verdict(peak <= 2<<30, fmt.Sprintf("%.0f MiB over", float64(peak-2<<30)/(1<<20))))
	}
}

// campaignTargets: the largest campaign's own processing time, its waiting windows apart.
func (r results) campaignTargets(w *writer) {
	run := r.largest("campaign")
	if run == nil || run.Processing == 0 {
		return
	}
	w.line("| the %d-unit campaign's processing time, apart from its waiting windows | %s of %s (%s) | reported |", run.Scale,
		run.Processing.Round(10*time.Millisecond), run.Total.Round(time.Second), run.ProcessingNote)
}

// stacks are the stacks measured, the embedded one first.
func (r results) stacks() []string {
	var out []string
	for _, run := range r.runs {
		if !slices.Contains(out, run.Stack) {
			out = append(out, run.Stack)
		}
	}
	return out
}

func (r results) largestOn(stack, what string) *e2e {
	var out *e2e
	for i := range r.runs {
		if x := &r.runs[i]; x.Stack == stack && x.What == what && (out == nil || x.Scale > out.Scale) {
			out = x
		}
	}
	return out
}

func (r results) largestHistory() (events, bytes int64, children int, kind string) {
	for _, run := range r.runs {
		for _, h := range run.Histories {
			if h.MaxEvents > events {
				events, kind = h.MaxEvents, fmt.Sprintf("a %s of the %s of %d", h.Kind, run.What, run.Scale)
			}
			bytes = max(bytes, h.MaxBytes)
			children = max(children, h.MaxChildren)
		}
	}
	return events, bytes, children, kind
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func pgVersionNote(note string) string {
	if note != "" {
		return "(" + note + ")"
	}
	return "(a private cluster, fsync on)"
}

func splitLines(s string) []string { return strings.Split(s, "\n") }

func cutPrefix(line, key string) (string, bool) {
	if !strings.HasPrefix(line, key) {
		return "", false
	}
	_, v, ok := strings.Cut(line, ":")
	return strings.TrimSpace(v), ok
}
