package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	"wenming/store"
)

// CheckInput names a check.
type CheckInput struct {
	CheckID string
}

// CheckResult is when the check was first recorded.
type CheckResult struct {
	CheckedAt time.Time
	Worker    string
}

// RecordCheck writes the check's row; a retry finds the row already there.
func (a *Activities) RecordCheck(ctx context.Context, in CheckInput) (CheckResult, error) {
	at, err := store.RecordCheck(ctx, a.DB, in.CheckID, a.Worker)
	if err != nil {
		return CheckResult{}, classify(err)
	}
	activity.GetLogger(ctx).Info("check recorded", "check", in.CheckID)
	return CheckResult{CheckedAt: at, Worker: a.Worker}, nil
}
