// Command gotest runs `go test -json` with the arguments given and prints what a person (and
// CI's log) needs of it: a line per package with its time and its share of the timeout, the
// whole output of every package that failed, kept in a file as well, and at the end the
// packages by time. A package that takes more than half its timeout is named: CI runs on two
// cores and a package that close to its limit fails there on a slow day.
//
//	go run ./testenv/gotest -timeout 25m -count=1 ./...
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build output (go 1.24+)
	Test       string
	Output     string
	Elapsed    float64
}

// pkg is what the runner keeps of a package until it ends.
type pkg struct {
	name    string
	output  strings.Builder
	elapsed time.Duration
	failed  bool
}

func main() {
	args := os.Args[1:]
	timeout := timeoutOf(args)
	verbose := slices.Contains(args, "-v")
	cmd := exec.Command("go", append([]string{"test", "-json"}, args...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fail(err)
	}
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	r := &runner{timeout: timeout, verbose: verbose, packages: map[string]*pkg{}, out: os.Stdout, logDir: os.TempDir()}
	r.read(stdout)
	err = cmd.Wait()
	r.summary()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	case err != nil:
		fail(err)
	case len(r.failed) > 0:
		os.Exit(1)
	}
}

type runner struct {
	timeout  time.Duration
	verbose  bool
	packages map[string]*pkg
	ended    []*pkg
	failed   []string // the log file of each failed package
	logDir   string
	out      io.Writer
}

func (r *runner) read(stream io.Reader) {
	lines := bufio.NewScanner(stream)
	lines.Buffer(make([]byte, 1<<20), 64<<20)
	for lines.Scan() {
		var e event
		if err := json.Unmarshal(lines.Bytes(), &e); err != nil || (e.Package == "" && e.ImportPath == "") {
			fmt.Fprintln(r.out, lines.Text()) // not an event: go's own message
			continue
		}
		r.take(e)
	}
}

func (r *runner) take(e event) {
	if e.ImportPath != "" && e.Package == "" { // build output, printed as go test prints it
		fmt.Fprint(r.out, e.Output)
		return
	}
	p := r.packages[e.Package]
	if p == nil {
		p = &pkg{name: e.Package}
		r.packages[e.Package] = p
	}
	if e.Output != "" {
		p.output.WriteString(e.Output)
		if r.verbose {
			fmt.Fprint(r.out, e.Output)
		}
	}
	if e.Test != "" || (e.Action != "pass" && e.Action != "fail" && e.Action != "skip") {
		return
	}
	// The package ended.
	p.elapsed = time.Duration(e.Elapsed * float64(time.Second))
	p.failed = e.Action == "fail"
	delete(r.packages, e.Package)
	if e.Action == "skip" { // no test files
		return
	}
	r.ended = append(r.ended, p)
	if !p.failed {
		if !r.verbose {
			fmt.Fprintf(r.out, "ok  \t%s\t%s\n", p.name, r.share(p.elapsed))
		}
		return
	}
	log := r.keep(p)
	if !r.verbose {
		fmt.Fprint(r.out, p.output.String())
	}
	fmt.Fprintf(r.out, "FAIL\t%s\t%s (its whole output: %s)\n", p.name, r.share(p.elapsed), log)
}

// keep writes a failed package's output to a file that outlives the run.
func (r *runner) keep(p *pkg) string {
	name := filepath.Join(r.logDir, "wenming-test-"+strings.ReplaceAll(p.name, "/", "-")+".log")
	if err := os.WriteFile(name, []byte(p.output.String()), 0o644); err != nil {
		name = "(not kept: " + err.Error() + ")"
	}
	r.failed = append(r.failed, p.name+": "+name)
	return name
}

func (r *runner) share(d time.Duration) string {
	s := d.Round(100 * time.Millisecond).String()
	if r.timeout > 0 {
		s += fmt.Sprintf(" (%d%% of the %s timeout)", int(100*d/r.timeout), r.timeout)
	}
	return s
}

// summary lists the slowest packages, names those past half their timeout, and repeats where
// each failed package's output was kept, so that the end of a long log says it all.
func (r *runner) summary() {
	slices.SortFunc(r.ended, func(a, b *pkg) int { return int(b.elapsed - a.elapsed) })
	fmt.Fprintln(r.out, "\nslowest packages:")
	for _, p := range r.ended[:min(8, len(r.ended))] {
		fmt.Fprintf(r.out, "  %-40s %s\n", p.name, r.share(p.elapsed))
	}
	for _, p := range r.ended {
		if r.timeout > 0 && p.elapsed > r.timeout/2 {
			fmt.Fprintf(r.out, "WARNING: %s took more than half its timeout (%s of %s): split it before it fails on a slow machine\n",
				p.name, p.elapsed.Round(time.Second), r.timeout)
		}
	}
	for name := range r.packages { // begun, never ended: the run was cut off
		fmt.Fprintf(r.out, "INCOMPLETE\t%s\n", name)
	}
	for _, f := range r.failed {
		fmt.Fprintln(r.out, "failed:", f)
	}
}

// timeoutOf reads -timeout from go test's arguments (go test's default: 10m).
func timeoutOf(args []string) time.Duration {
	for i, a := range args {
		v, ok := strings.CutPrefix(a, "-timeout=")
		if !ok && a == "-timeout" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			d, err := time.ParseDuration(v)
			if err == nil {
				return d
			}
		}
	}
	return 10 * time.Minute
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gotest:", err)
	os.Exit(2)
}
