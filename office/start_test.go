package office_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"wenming/input/problem"
	"wenming/office"
	"wenming/rules/schedule"
	"wenming/testenv/english"
)

// A round is started by hand only for a period of its kind: the office refuses another before
// it asks anything of the database or the server (it has neither here), whichever client asks.
func TestARoundStartsOnlyForAPeriodOfItsKind(t *testing.T) {
	o := office.New(nil, "办公室")
	plan := &schedule.Plan{Configs: map[schedule.Kind]schedule.Config{schedule.Pioneer: {Kind: schedule.Pioneer}}}
	for _, p := range []string{"2026-H1", "2026-Q5", "2026", "soon"} {
		_, err := o.StartRound(context.Background(), schedule.Pioneer, p, plan, "schedules.yaml", nil)
		assert.True(t, problem.Is(err), "%s: %v", p, err)
		assert.Contains(t, english.Of(err), p, p)
	}
}
