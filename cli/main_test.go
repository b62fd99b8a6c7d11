package cli

import (
	"bytes"
	"context"
	"testing"

	"wenming/testenv/stacktest"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

// result is what one run of the CLI printed and its exit status.
type result struct {
	code        int
	out, errOut string
}

// run executes the CLI in-process with the given arguments.
func run(t *testing.T, argv ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), argv, &out, &errOut)
	return result{code: code, out: out.String(), errOut: errOut.String()}
}
