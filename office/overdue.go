package office

import (
	"context"
	"fmt"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"wenming/workflows/searchattr"
)

// OverdueTypes are the workflows that show a wait for people past its time in the
// WenmingOverdueSince search attribute: a campaign (a tie, the committee, the deciding body),
// a unit (its inspection), a public notice (its objections), a red-flag branch (the committee's
// score).
var OverdueTypes = []string{"Campaign", "Unit", "PublicNotice", "RedFlagBranch"}

// CountOverdue counts the running workflows of a type that wait for people past their time,
// as the server's visibility has them.
func CountOverdue(ctx context.Context, c client.Client, namespace, workflowType string) (int64, error) {
	query := "WorkflowType = " + searchattr.Quote(workflowType) + " AND ExecutionStatus = 'Running' AND " +
		searchattr.OverdueSince.GetName() + " IS NOT NULL"
	res, err := c.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: namespace, Query: query})
	if err != nil {
		return 0, fmt.Errorf("count overdue %s workflows: %w", workflowType, err)
	}
	return res.GetCount(), nil
}
