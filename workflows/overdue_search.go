package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/workflows/searchattr"
)

// overdueSearchAttribute is the change that shows a wait for people past its time in the
// WenmingOverdueSince search attribute, so that an operator finds every overdue wait in the
// Web UI; runs recorded before it showed it in their status and details only.
const overdueSearchAttribute = "overdue-search-attribute"

// showOverdue sets WenmingOverdueSince to since, or unsets it when since is zero. It says
// whether it did: not in a run recorded before overdueSearchAttribute.
func showOverdue(ctx workflow.Context, since time.Time) (bool, error) {
	if workflow.GetVersion(ctx, overdueSearchAttribute, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return false, nil
	}
	update := searchattr.OverdueSince.ValueSet(since)
	if since.IsZero() {
		update = searchattr.OverdueSince.ValueUnset()
	}
	return true, workflow.UpsertTypedSearchAttributes(ctx, update)
}
