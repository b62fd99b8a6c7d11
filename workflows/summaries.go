package workflows

import (
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/workflow"

	"wenming/msg"
)

// Summaries gives every activity a workflow schedules its Chinese summary for the Web UI
// (activity.<type> in the message catalogue), unless the call set one: an operator reads
// "录入测评表" in a branch's event history, not "AcceptBallots". Every worker and replayer of
// these workflows uses it (service, tests, replay).
func Summaries() interceptor.WorkerInterceptor { return &summaries{} }

type summaries struct {
	interceptor.WorkerInterceptorBase
}

func (*summaries) InterceptWorkflow(_ workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	i := &summariesInbound{}
	i.Next = next
	return i
}

type summariesInbound struct {
	interceptor.WorkflowInboundInterceptorBase
}

func (i *summariesInbound) Init(outbound interceptor.WorkflowOutboundInterceptor) error {
	o := &summariesOutbound{}
	o.Next = outbound
	return i.Next.Init(o)
}

type summariesOutbound struct {
	interceptor.WorkflowOutboundInterceptorBase
}

func (o *summariesOutbound) ExecuteActivity(ctx workflow.Context, activityType string, args ...any) workflow.Future {
	if opts := workflow.GetActivityOptions(ctx); opts.Summary == "" {
		if s, ok := activitySummary(activityType); ok {
			opts.Summary = s
			ctx = workflow.WithActivityOptions(ctx, opts)
		}
	}
	return o.Next.ExecuteActivity(ctx, activityType, args...)
}

func (o *summariesOutbound) ExecuteLocalActivity(ctx workflow.Context, activityType string, args ...any) workflow.Future {
	if opts := workflow.GetLocalActivityOptions(ctx); opts.Summary == "" {
		if s, ok := activitySummary(activityType); ok {
			opts.Summary = s
			ctx = workflow.WithLocalActivityOptions(ctx, opts)
		}
	}
	return o.Next.ExecuteLocalActivity(ctx, activityType, args...)
}

func activitySummary(activityType string) (string, bool) {
	id := "activity." + activityType
	if !msg.Has(msg.Chinese, id) {
		return "", false
	}
	return msg.For(msg.Chinese).T(id), true
}
