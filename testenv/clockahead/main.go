// Command clockahead runs a command (the test suite) with every Go program it builds reading
// the wall clock two years ahead: the time bombs of fixed dates in tests and code show then,
// not on the day they go off.
//
// Go reads the clock through the vDSO, so faketime cannot move it, and moving the machine's
// clock disturbs everything else on it. Instead this builds with an overlay of the standard
// library's time.Now that adds the shift (go build -overlay, passed on in GOFLAGS): the test
// binaries, the in-process Temporal server, the worker and the CLI all see the later date;
// PostgreSQL and the browser keep the real one.
//
//	go run ./testenv/clockahead -years 2 -- go tool task test
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// anchor is the line of time.Now after which the shift goes; the overlay fails loudly when a
// Go release changes it.
const anchor = "\tsec, nsec, mono := runtimeNow()\n"

func main() {
	years := flag.Int("years", 2, "how many years (of 366 days) ahead the clock reads")
	flag.Parse()
	if flag.NArg() == 0 {
		fail(fmt.Errorf("usage: clockahead [-years N] -- COMMAND ARGS..."))
	}
	overlay, err := writeOverlay(*years)
	if err != nil {
		fail(err)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -overlay="+overlay))
	fmt.Fprintf(os.Stderr, "clockahead: Go programs read the clock %d years ahead (overlay %s)\n", *years, overlay)
	if err := cmd.Run(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			os.Exit(exit.ExitCode())
		}
		fail(err)
	}
}

func writeOverlay(years int) (string, error) {
	src := filepath.Join(runtime.GOROOT(), "src", "time", "time.go")
	text, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	at := strings.Index(string(text), "func Now() Time {\n"+anchor)
	if at < 0 {
		return "", fmt.Errorf("%s: time.Now no longer starts with %q; update clockahead", src, anchor)
	}
	cut := at + len("func Now() Time {\n"+anchor)
	shifted := string(text[:cut]) + fmt.Sprintf("\tsec += %d * 366 * 86400 // clockahead\n", years) + string(text[cut:])
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
	path := filepath.Join(dir, "overlay.json")
	return path, os.WriteFile(path, overlay, 0o644)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "clockahead:", err)
	os.Exit(2)
}
