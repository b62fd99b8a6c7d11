package workflows

import (
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/workflow"

	"wenming/msg"
)

// Every activity a workflow schedules gets its Chinese summary for the Web UI
// (activity.<type> in the message catalogue), unless the call set one: an operator reads
// "录入测评表" in a branch's event history, not "AcceptBallots".

type summariesOutbound struct {
	interceptor.WorkflowOutboundInterceptorBase
}

func (o *summariesOutbound) ExecuteActivity(ctx workflow.Context, activityType string, args ...any) workflow.Future {
	opts := workflow.GetActivityOptions(ctx)
	return o.Next.ExecuteActivity(summarized(ctx, activityType, &opts, &opts.Summary, workflow.WithActivityOptions), activityType, args...)
}

func (o *summariesOutbound) ExecuteLocalActivity(ctx workflow.Context, activityType string, args ...any) workflow.Future {
	opts := workflow.GetLocalActivityOptions(ctx)
	return o.Next.ExecuteLocalActivity(summarized(ctx, activityType, &opts, &opts.Summary, workflow.WithLocalActivityOptions), activityType, args...)
}

// summarized is ctx with the activity's summary in its options (opts, whose Summary field is
// summary), unless they have one already or the catalogue has none for the type.
func summarized[O any](ctx workflow.Context, activityType string, opts *O, summary *string, with func(workflow.Context, O) workflow.Context) workflow.Context {
	if *summary != "" {
		return ctx
	}
	s, ok := activitySummary(activityType)
	if !ok {
		return ctx
	}
	*summary = s
	return with(ctx, *opts)
}

func activitySummary(activityType string) (string, bool) {
	id := "activity." + activityType
	if !msg.Has(msg.Chinese, id) {
		return "", false
	}
	return msg.For(msg.Chinese).T(id), true
}
