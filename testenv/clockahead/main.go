// Command clockahead runs a command (the test suite) with every Go program it builds reading
// the wall clock ahead: the time bombs of fixed dates in tests and code show then, not on the
// day they go off, and with a shift of months the rules and tests that depend on the season
// (quarters, half-years, months) run in the other seasons, not only in the one of today.
//
// Go reads the clock through the vDSO, so faketime cannot move it, and moving the machine's
// clock disturbs everything else on it. Instead this builds with an overlay of the standard
// library's time.Now that adds the shift (go build -overlay, passed on in GOFLAGS): the test
// binaries, the in-process Temporal server, the worker and the CLI all see the later date;
// PostgreSQL and the browser keep the real one.
//
// The shift is calendar years, months, weeks and days (-ahead 2y, 3mo, 90d, 1y6mo): the overlay
// adds the whole days from today to the target date, so "3mo" on 6 December reads 6 March at
// the same time of day (UTC). A list runs the command once per shift and sums up at the end:
//
//	go run ./testenv/clockahead -ahead 2y -- go tool task test
//	go run ./testenv/clockahead -ahead 3mo,6mo,9mo -- go test -count=1 ./rules/... ./cli/
//
// -years N (the default, 2) is the older form: N years of 366 days each.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// anchor is the line of time.Now after which the shift goes; the overlay fails loudly when a
// Go release changes it.
const anchor = "\tsec, nsec, mono := runtimeNow()\n"

func main() {
	years := flag.Int("years", 2, "how many years (of 366 days) ahead the clock reads, unless -ahead is given")
	ahead := flag.String("ahead", "", "how far ahead the clock reads: 2y, 3mo, 90d, 2w, 1y6mo; a comma-separated list runs the command once per shift")
	flag.Parse()
	if flag.NArg() == 0 {
		fail(fmt.Errorf("usage: clockahead [-ahead 3mo[,6mo...] | -years N] -- COMMAND ARGS..."))
	}
	shifts := []Shift{legacyYears(*years)}
	if *ahead != "" {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if set["years"] {
			fail(errors.New("give -ahead or -years, not both"))
		}
		var err error
		if shifts, err = ParseShifts(*ahead); err != nil {
			fail(err)
		}
	} else if *years <= 0 {
		fail(fmt.Errorf("-years %d: the clock must move ahead", *years))
	}
	var results []string
	code := 0
	for _, s := range shifts {
		rc := runShifted(s, flag.Args())
		verdict := "ok"
		if rc != 0 {
			verdict = fmt.Sprintf("FAILED (exit %d)", rc)
			if code == 0 {
				code = rc
			}
		}
		results = append(results, fmt.Sprintf("clockahead: +%s (%s): %s", s.Text, s.Target(time.Now()).Format("2006-01-02"), verdict))
	}
	if len(shifts) > 1 {
		fmt.Fprintln(os.Stderr, strings.Join(results, "\n"))
	}
	os.Exit(code)
}

// runShifted runs the command with the clock of the Go programs it builds shifted, and
// returns its exit code.
func runShifted(s Shift, argv []string) int {
	now := time.Now()
	seconds := s.Seconds(now)
	dir, err := writeOverlay(seconds)
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	overlay := filepath.Join(dir, "overlay.json")
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -overlay="+overlay))
	fmt.Fprintf(os.Stderr, "clockahead: Go programs read the clock +%s ahead, %d days: %s (overlay %s)\n",
		s.Text, seconds/86400, now.Add(time.Duration(seconds)*time.Second).UTC().Format("2006-01-02 15:04 MST"), overlay)
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		fail(err)
	}
	return 0
}

// writeOverlay writes time.go with the shift added to time.Now, and the overlay file naming
// it, to a new temporary folder, and returns the folder.
func writeOverlay(seconds int64) (string, error) {
	src := filepath.Join(runtime.GOROOT(), "src", "time", "time.go")
	text, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	shifted, err := shiftNow(string(text), seconds)
	if err != nil {
		return "", fmt.Errorf("%s: %w", src, err)
	}
	dir, err := os.MkdirTemp("", "clockahead-")
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, "time.go")
	if err := os.WriteFile(file, []byte(shifted), 0o644); err != nil {
		return "", err
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {src: file}})
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "overlay.json"), overlay, 0o644)
}

// shiftNow adds seconds to the wall clock time.Now reads, in the text of time.go.
func shiftNow(text string, seconds int64) (string, error) {
	head := "func Now() Time {\n" + anchor
	at := strings.Index(text, head)
	if at < 0 {
		return "", fmt.Errorf("time.Now no longer starts with %q; update clockahead", anchor)
	}
	cut := at + len(head)
	return text[:cut] + fmt.Sprintf("\tsec += %d // clockahead\n", seconds) + text[cut:], nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "clockahead:", err)
	os.Exit(2)
}
