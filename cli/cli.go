// Package cli is the administrators' command line (the starter binary): it imports standards
// and rosters, starts campaigns and evaluation rounds, submits scores, ballots, objections and
// decisions, and prints reports. Bad input exits with status 2 and says what is wrong and where.
package cli

import (
	"context"
	"io"
)

// Run executes one command line and returns its exit status: 0 done, 2 bad input or usage,
// 1 anything else (a service down, say). Messages go to errOut.
func Run(ctx context.Context, argv []string, out, errOut io.Writer) int {
	a := newApp(out, errOut)
	defer a.close()
	cmd := a.root()
	cmd.SetArgs(argv)
	return a.exitCode(cmd.ExecuteContext(ctx))
}
