package cli

import (
	"context"
	"time"
)

type clockKey struct{}

// WithClock has the verbs run under ctx read the time from now instead of the wall clock:
// tests fix the calendar (a spec's dates are checked against today), so they pass next year
// as they do now.
func WithClock(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, now)
}

// now is the time as the verbs see it: the context's clock, else the wall clock.
func now(ctx context.Context) time.Time {
	if f, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		return f()
	}
	return time.Now()
}
