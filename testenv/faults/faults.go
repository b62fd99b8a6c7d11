// Package faults injects failures into a worker for tests of what must survive them.
package faults

import (
	"context"
	"sync"
	"sync/atomic"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"
)

// LostCompletions makes every activity's first attempt fail after the activity has done its
// work (committed its writes): the completion is "lost" and Temporal retries the activity.
// Lost counts the completions thrown away.
type LostCompletions struct {
	interceptor.WorkerInterceptorBase
	Lost atomic.Int64
}

// InterceptActivity wraps each activity execution.
func (l *LostCompletions) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &loseFirst{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}, parent: l}
}

type loseFirst struct {
	interceptor.ActivityInboundInterceptorBase
	parent *LostCompletions
}

func (a *loseFirst) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	out, err := a.Next.ExecuteActivity(ctx, in)
	if err == nil && activity.GetInfo(ctx).Attempt == 1 {
		a.parent.Lost.Add(1)
		return nil, temporal.NewApplicationError("completion lost (injected)", "InjectedFault")
	}
	return out, err
}

// DoubleExecutions runs every activity (local ones too) twice in a row and returns the second
// result: as if the first completion were lost after its commit and the retry ran at once.
// Unlike LostCompletions it adds no retry backoff, so a compressed scenario keeps its
// deadlines while every write is exercised twice. Doubled counts the extra executions.
type DoubleExecutions struct {
	interceptor.WorkerInterceptorBase
	Doubled atomic.Int64
}

// InterceptActivity wraps each activity execution.
func (d *DoubleExecutions) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &runTwice{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}, parent: d}
}

type runTwice struct {
	interceptor.ActivityInboundInterceptorBase
	parent *DoubleExecutions
}

func (a *runTwice) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	if _, err := a.Next.ExecuteActivity(ctx, in); err != nil {
		return nil, err
	}
	a.parent.Doubled.Add(1)
	return a.Next.ExecuteActivity(ctx, in)
}

// BeforeFirst runs Do once, just before the first execution of the activity named Activity
// (local activities too): a test stops a service there, so that an outage begins exactly in
// the middle of a step instead of at a moment guessed with a timer.
type BeforeFirst struct {
	interceptor.WorkerInterceptorBase
	Activity string
	Do       func()
	// Done, when set, runs once the activity first completes without error (after any
	// retries): when the work that met the fault got through.
	Done     func()
	once     sync.Once
	doneOnce sync.Once
}

// InterceptActivity wraps each activity execution.
func (b *BeforeFirst) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &beforeFirst{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}, parent: b}
}

type beforeFirst struct {
	interceptor.ActivityInboundInterceptorBase
	parent *BeforeFirst
}

func (a *beforeFirst) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	if activity.GetInfo(ctx).ActivityType.Name != a.parent.Activity {
		return a.Next.ExecuteActivity(ctx, in)
	}
	a.parent.once.Do(a.parent.Do)
	res, err := a.Next.ExecuteActivity(ctx, in)
	if err == nil && a.parent.Done != nil {
		a.parent.doneOnce.Do(a.parent.Done)
	}
	return res, err
}
