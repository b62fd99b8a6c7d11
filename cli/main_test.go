package cli

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"wenming/testenv/stacktest"
)

// The tests read what the product prints in its default language, whatever the machine's
// locale says.
func TestMain(m *testing.M) {
	os.Setenv("WENMING_LANG", "zh")
	stacktest.Main(m)
}

// result is what one run of the CLI printed and its exit status.
type result struct {
	code        int
	out, errOut string
}

// run executes the CLI in-process with the given arguments.
func run(t *testing.T, argv ...string) result {
	t.Helper()
	return runIn(context.Background(), argv...)
}

// runAt runs a verb on a given day: a test of a spec with real dates passes in any year.
func runAt(t *testing.T, day time.Time, argv ...string) result {
	t.Helper()
	return runIn(WithClock(context.Background(), func() time.Time { return day }), argv...)
}

func runIn(ctx context.Context, argv ...string) result {
	var out, errOut bytes.Buffer
	code := Run(ctx, argv, &out, &errOut)
	return result{code: code, out: out.String(), errOut: errOut.String()}
}
