package office

import (
	"context"
	"time"

	"go.temporal.io/sdk/client"

	"wenming/msg"
	"wenming/workflows"
)

// Check proves that Temporal, a worker and PostgreSQL answer by running one small workflow
// named id (the caller's clock, e.g. 20261206T101500.000) and returns what the worker said.
func (o *Office) Check(ctx context.Context, id string) (workflows.CheckResult, error) {
	var out workflows.CheckResult
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return out, err
	}
	run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: workflows.CheckWorkflowID(id), TaskQueue: o.taskQueue(),
		WorkflowExecutionTimeout: time.Minute,
	}, workflows.Check, workflows.CheckInput{CheckID: id})
	if err != nil {
		return out, msg.Wrap(err, "office.check.start_failed")
	}
	if err := run.Get(ctx, &out); err != nil {
		return out, msg.Wrap(err, "office.check.failed", "ID", id)
	}
	return out, nil
}
