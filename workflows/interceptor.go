package workflows

import (
	"context"

	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/workflow"
)

// Interceptor is the interceptor every worker and replayer of these workflows uses (service,
// tests, replay): it gives each activity its Chinese summary for the Web UI (summaries.go)
// and counts the product's metrics (metrics.go).
func Interceptor() interceptor.WorkerInterceptor { return &observed{} }

type observed struct {
	interceptor.WorkerInterceptorBase
}

func (*observed) InterceptWorkflow(_ workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	i := &workflowInbound{}
	i.Next = next
	return i
}

func (*observed) InterceptActivity(_ context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	i := &retriesInbound{}
	i.Next = next
	return i
}

// workflowInbound counts submissions (metrics.go) and gives the workflow the outbound
// interceptor that names its activities (summaries.go).
type workflowInbound struct {
	interceptor.WorkflowInboundInterceptorBase
}

func (i *workflowInbound) Init(outbound interceptor.WorkflowOutboundInterceptor) error {
	o := &summariesOutbound{}
	o.Next = outbound
	return i.Next.Init(o)
}
