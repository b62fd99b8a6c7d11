package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// writer writes markdown lines.
type writer struct{ b strings.Builder }

func (w *writer) line(format string, args ...any) { fmt.Fprintf(&w.b, format+"\n", args...) }

// markdown renders BENCHMARKS.md from the raw figures alone: nothing of the machine, the clock
// or the harness's settings that the figures do not record.
func (r results) markdown() string {
	w := &writer{}
	mode := "the full run: `go tool task bench`"
	switch {
	case r.Run.Partial:
		mode = "a partial run, not the full one: `go tool task bench -- " + r.Run.Args + "`"
	case r.Run.Quick:
		mode = "the quick run: `go tool task bench -- --quick`"
	}
	w.line("# Benchmarks")
	w.line("")
	w.line("Measured %s, %s, in %s. Machine: %s. The Temporal server (the embedded dev stack:",
		r.Run.Started.Format("2006-01-02 15:04 MST"), mode, r.Run.Took.Round(time.Second), r.Run.Machine)
	w.line("SQLite in WAL mode), the worker and PostgreSQL (%s) each run as their own process; the", r.Run.Postgres)
	w.line("administrators' CLI runs in the benchmark's process. Regenerate with the command above.")
	w.line("")
	w.line("The harness renders this file from the run's raw figures, the JSON file beside it (BENCHMARKS.json")
	w.line("for BENCHMARKS.md), and from nothing else; a test checks that the committed pair agrees. Do not edit it")
	w.line("by hand: after a change to the renderer (bench/markdown.go), render it again without measuring, with")
	w.line("`go run ./bench --render`.")
	if r.Run.Quick && r.Sizes.Passes < fullPasses {
		w.line("")
		w.line("Being the quick run, it measures the write path and the orchestration in %d passes, fewer than the", r.Sizes.Passes)
		w.line("full run's %d: their medians and ranges are rougher.", fullPasses)
	}
	if r.Run.Note != "" {
		w.line("")
		w.line("%s", r.Run.Note)
	}
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

// targets is the summary: each target of the issue, what was measured, met or by how much
// not; a target judged from repeated passes may also be within noise, when the passes' range
// covers it.
func (r results) targets(w *writer) {
	w.line("## Targets")
	w.line("")
	w.line("| target | measured | |")
	w.line("|---|---|---|")
	if s, ok := r.copyShares(); ok {
		w.line("| ballot writes at least 70%% of raw COPY, each sheet copied and accepted | copied and accepted %s; the COPY alone %s (%s) | %s |",
			s.accept.show("%.0f%%"), s.copy.show("%.0f%%"), passesOf(s.accept.N),
			atLeast(s.accept, 70, "%.0f%%", fmt.Sprintf("%.0f points short of 70%%", 70-s.accept.Median)))
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
	if o := r.Orch; o != nil && len(o.Passes) > 0 {
		client := o.ratio(func(p orchPass) float64 { return p.Noop })
		if children := o.ratio(func(p orchPass) float64 { return p.NoopChildren }); children.N > 0 {
			w.line("| per-branch orchestration within 2x of the no-op ceiling, no-op workflows started as branches are (children of groups) | %s a no-op child of a group; %s a no-op workflow started by the client (%s) | %s |",
				children.show("%.2fx"), client.show("%.2fx"), o.how(), atMost(children, 2, "%.2fx", over(children.Median, 2)))
		} else {
			w.line("| per-branch orchestration within 2x of the no-op ceiling | %s a no-op workflow started by the client (%s; no-op children of groups not measured in this run) | %s |",
				client.show("%.2fx"), o.how(), atMost(client, 2, "%.2fx", over(client.Median, 2)))
		}
		same := o.ratio(func(p orchPass) float64 { return p.NoopMessages })
		w.line("| per-branch orchestration within 1.3x of a no-op workflow taking the same messages | %s (%s) | %s |",
			same.show("%.2fx"), o.how(), atMost(same, 1.3, "%.2fx", over(same.Median, 1.3)))
	}
	r.memoryTargets(w)
	r.campaignTargets(w)
	w.line("")
}

// verdict judges a target from one measurement.
func verdict(ok bool, miss string) string {
	if ok {
		return "met"
	}
	return "**missed**: " + miss
}

// over is how far a ratio is above its limit.
func over(ratio, limit float64) string {
	return fmt.Sprintf("%.0f%% over %gx", 100*(ratio/limit-1), limit)
}

// passesOf says how many passes a figure is of.
func passesOf(n int) string {
	if n == 1 {
		return "one pass"
	}
	return fmt.Sprintf("the median of %d passes", n)
}

// shares are the product's copy, and copy and acceptance, as shares of the ceiling in each
// pass (the same pass's ceiling).
type shares struct{ copy, accept spread }

func (r results) copyShares() (shares, bool) {
	ceiling, cp, acc := r.role(roleCeiling), r.role(roleProductCopy), r.role(roleProductAccept)
	if ceiling == nil || cp == nil || acc == nil {
		return shares{}, false
	}
	return shares{copy: spreadOf(shareOf(*cp, *ceiling)), accept: spreadOf(shareOf(*acc, *ceiling))}, true
}

// shareOf is each pass's rate as a share of the ceiling's in the same pass, in percent.
func shareOf(m, ceiling writeMethod) []float64 {
	rs, cs := m.rates(), ceiling.rates()
	out := make([]float64, 0, len(rs))
	for i := range min(len(rs), len(cs)) {
		out = append(out, 100*rs[i]/cs[i])
	}
	return out
}

func (r results) role(role string) *writeMethod {
	for i := range r.Writes {
		if r.Writes[i].Role == role {
			return &r.Writes[i]
		}
	}
	return nil
}

func (r results) writePath(w *writer) {
	if len(r.Writes) == 0 {
		return
	}
	passes := len(r.Writes[0].Took)
	w.line("## Write path: ballot rows, same table and indexes, same run, %s", passesOf(passes))
	w.line("")
	w.line("Every method writes the same rows, with the round, branch and copy ids of the product's sheets.")
	if passes > 1 {
		w.line("Each pass writes them every way, in order in odd passes and in reverse order in even ones; a share of")
		w.line("the ceiling is the median of each pass's share of that pass's ceiling, with their range.")
	}
	w.line("")
	if passes > 1 {
		w.line("| method | rows | took | rows/s | rows/s, passes | of the ceiling | of the ceiling, passes | |")
		w.line("|---|---:|---:|---:|---:|---:|---:|---|")
	} else {
		w.line("| method | rows | took | rows/s | of the ceiling | |")
		w.line("|---|---:|---:|---:|---:|---|")
	}
	ceiling := r.role(roleCeiling)
	for _, x := range r.Writes {
		took := spreadOf(durations(x.Took))
		rate := spreadOf(x.rates())
		share := spread{}
		if ceiling != nil {
			share = spreadOf(shareOf(x, *ceiling))
		}
		note := ""
		if cp := r.role(roleProductCopy); x.Role == roleProductAccept && cp != nil && x.Sheets > 0 {
			var each []float64
			for i := range min(len(x.Took), len(cp.Took)) {
				each = append(each, float64((x.Took[i]-cp.Took[i])/time.Duration(x.Sheets)))
			}
			note = fmt.Sprintf("%d sheets, %s a sheet to accept", x.Sheets, time.Duration(spreadOf(each).Median).Round(10*time.Microsecond))
		}
		if passes > 1 {
			w.line("| %s | %d | %s | %.0f | %s | %.0f%% | %s | %s |", x.Method, x.Rows, time.Duration(took.Median).Round(time.Millisecond), rate.Median,
				rate.rangeOf("%.0f"), share.Median, share.rangeOf("%.0f%%"), note)
		} else {
			w.line("| %s | %d | %s | %.0f | %.0f%% | %s |", x.Method, x.Rows, time.Duration(took.Median).Round(time.Millisecond), rate.Median, share.Median, note)
		}
	}
	w.line("")
	w.line("A sheet counts once its branch's workflow accepts it: the acceptance checks the copy again in SQL (every")
	w.line("candidate an eligible member of the branch, the forms all there) and records it, a transaction per sheet.")
	w.line("")
}

func durations(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = float64(d)
	}
	return out
}

// how says what the orchestration's figures are of.
func (o *orchFigures) how() string {
	switch {
	case len(o.Passes) == 1 && o.PassesRun == 2:
		return "the better of 2 passes of each kind, the other not kept"
	case len(o.Passes) < o.PassesRun:
		return fmt.Sprintf("the best of %d passes of each kind, the others not kept", o.PassesRun)
	case len(o.Passes) == 1:
		return "one pass"
	default:
		return fmt.Sprintf("the median of %d alternating passes", len(o.Passes))
	}
}

// rate is a kind's rate over the passes that measured it.
func (o *orchFigures) rate(kind func(orchPass) float64) spread {
	var xs []float64
	for _, p := range o.Passes {
		if kind(p) > 0 {
			xs = append(xs, kind(p))
		}
	}
	return spreadOf(xs)
}

// ratio is what a branch costs against a kind: each pass's own ratio, over the passes that
// measured both.
func (o *orchFigures) ratio(kind func(orchPass) float64) spread {
	var xs []float64
	for _, p := range o.Passes {
		if kind(p) > 0 && p.Branches > 0 {
			xs = append(xs, kind(p)/p.Branches)
		}
	}
	return spreadOf(xs)
}

func (r results) orchestration(w *writer) {
	o := r.Orch
	if o == nil || len(o.Passes) == 0 {
		return
	}
	multi := len(o.Passes) > 1
	w.line("## Orchestration: same server, same run, %d of each, %s", o.Workflows, o.how())
	w.line("")
	if multi {
		w.line("| what | per second | passes |")
		w.line("|---|---:|---:|")
	} else {
		w.line("| what | per second |")
		w.line("|---|---:|")
	}
	for _, k := range []struct {
		what string
		rate func(orchPass) float64
	}{
		{"no-op workflows started by the client and completed (the client's ceiling)", func(p orchPass) float64 { return p.Noop }},
		{fmt.Sprintf("no-op workflows started as branches are (the ceiling): no-op groups of %d started by the client with their members' ids; each member started by the server as the group's child and ended; the group ending with them", r.groupSize()),
			func(p orchPass) float64 { return p.NoopChildren }},
		{fmt.Sprintf("no-op workflows with a branch's messages: no-op groups of %d, one update each naming its members; each member started and ended, the group told it is over", r.groupSize()),
			func(p orchPass) float64 { return p.NoopMessages }},
		{fmt.Sprintf("branches: groups of %d (the product's), one update each with its branches' sheets (accepted in PostgreSQL in one transaction); each branch started with its sheet, tallied, settled, ended; the group told it is over", r.groupSize()),
			func(p orchPass) float64 { return p.Branches }},
		{"no-op updates completed (a campaign's unit takes one for each submission)", func(p orchPass) float64 { return p.NoopUpdates }},
	} {
		s := o.rate(k.rate)
		switch {
		case s.N == 0:
		case multi:
			w.line("| %s | %.1f | %s |", k.what, s.Median, s.rangeOf("%.1f"))
		default:
			w.line("| %s | %.1f |", k.what, s.Median)
		}
	}
	w.line("")
	var costs []string
	if s := o.ratio(func(p orchPass) float64 { return p.NoopChildren }); s.N > 0 {
		costs = append(costs, s.show("%.2fx")+" a no-op child of a group")
	}
	costs = append(costs, o.ratio(func(p orchPass) float64 { return p.Noop }).show("%.2fx")+" a no-op workflow started by the client")
	costs = append(costs, o.ratio(func(p orchPass) float64 { return p.NoopMessages }).show("%.2fx")+" a no-op workflow taking the same messages")
	w.line("A branch costs %s and %s.", strings.Join(costs[:len(costs)-1], ", "), costs[len(costs)-1])
	switch {
	case len(o.Passes) < o.PassesRun:
		best := "best"
		if o.PassesRun == 2 {
			best = "better"
		}
		w.line("This run kept only the %s of its %d passes of each kind, not every pass: each ratio is of two kinds'", best, o.PassesRun)
		w.line("%s passes, which may be different passes, and has no range.", best)
	case multi:
		w.line("Each pass measures every kind, in order in odd passes and in reverse order in even ones; a ratio is the")
		w.line("median of the passes' own ratios, with their range.")
	}
	w.line("")
}

func (r results) endToEnd(w *writer) {
	if len(r.Runs) == 0 {
		return
	}
	w.line("## End to end")
	for _, run := range r.Runs {
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
			if p.Aside {
				w.line("| (%s took %s) | |", p.Name, p.Took.Round(time.Millisecond))
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
	for _, n := range r.Sizes.Rounds {
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
	n := slices.Max(r.Sizes.Rounds)
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
		for _, run := range r.Runs {
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
	if len(run.Profiles) > 0 {
		w.line("")
		w.line("CPU profiles (%ds at the start of each step) of the server and the worker: the functions with the most", run.Profiles[0].Seconds)
		w.line("CPU in them and what they call, plumbing (runtime, gRPC, interceptors) left out. Keep the raw profiles")
		w.line("with `--profiles DIR` and read them with `go tool pprof`.")
	}
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
	for i := range r.Runs {
		if r.Runs[i].Stack == stack && r.Runs[i].What == what && r.Runs[i].Scale == n {
			return &r.Runs[i]
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
	if run == nil || run.Processing == nil {
		return
	}
	p := *run.Processing
	w.line("| the %d-unit campaign's processing time, apart from its waiting windows | %s of %s (units started %s, self-checks and declarations %s, inspections %s, review and naming %s without the %s notice, close %s without the %s management period) | reported |",
		run.Scale, p.total().Round(10*time.Millisecond), run.Total.Round(time.Second), p.UnitsStarted.Round(10*time.Millisecond),
		p.Submissions.Round(10*time.Millisecond), p.Inspections.Round(10*time.Millisecond), p.Naming.Round(10*time.Millisecond), p.Notice,
		p.Closing.Round(10*time.Millisecond), p.ManagementPeriod)
}

// stacks are the stacks measured, the embedded one first.
func (r results) stacks() []string {
	var out []string
	for _, run := range r.Runs {
		if !slices.Contains(out, run.Stack) {
			out = append(out, run.Stack)
		}
	}
	return out
}

func (r results) largestOn(stack, what string) *e2e {
	var out *e2e
	for i := range r.Runs {
		if x := &r.Runs[i]; x.Stack == stack && x.What == what && (out == nil || x.Scale > out.Scale) {
			out = x
		}
	}
	return out
}

func (r results) largestHistory() (events, bytes int64, children int, kind string) {
	for _, run := range r.Runs {
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

// pgVersionNote is how PostgreSQL ran, for the raw figures.
func pgVersionNote(note string) string {
	if note != "" {
		return note
	}
	return "a private cluster, fsync on"
}

// groupSize is the groups' size the run measured with.
func (r results) groupSize() int {
	if r.Sizes.GroupSize > 0 {
		return r.Sizes.GroupSize
	}
	return groupSize
}

func splitLines(s string) []string { return strings.Split(s, "\n") }

func cutPrefix(line, key string) (string, bool) {
	if !strings.HasPrefix(line, key) {
		return "", false
	}
	_, v, ok := strings.Cut(line, ":")
	return strings.TrimSpace(v), ok
}
