// Package cli is the administrators' command line (the starter binary): it imports standards
// and rosters, starts campaigns and evaluation rounds, submits scores, ballots, objections and
// decisions, and prints reports. Bad input exits with status 2 and says what is wrong and where.
package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"wenming/msg"
)

// Run executes one command line and returns its exit status: 0 done, 2 bad input or usage,
// 1 anything else (a service down, say). Messages go to errOut.
func Run(ctx context.Context, argv []string, out, errOut io.Writer) int {
	a := newApp(out, errOut)
	defer a.close()
	if flag, given := langFlag(argv); given {
		lang, err := msg.Detect(flag)
		if err != nil {
			fmt.Fprintln(errOut, "error:", err)
			return 2
		}
		a.p = msg.For(lang)
	}
	cmd := a.root()
	cmd.SetArgs(argv)
	return a.exitCode(cmd.ExecuteContext(ctx))
}

// langFlag finds --lang in a command line before it is parsed: the help of every command is
// put into the language when the tree is built.
func langFlag(argv []string) (string, bool) {
	for i, arg := range argv {
		if arg == "--" {
			break
		}
		if v, ok := strings.CutPrefix(arg, "--lang="); ok {
			return v, true
		}
		if arg == "--lang" && i+1 < len(argv) {
			return argv[i+1], true
		}
	}
	return "", false
}
