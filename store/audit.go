package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Audit is one line of the audit log: who submitted what, when, and why it was refused.
type Audit struct {
	Kind         string
	Target       string // the workflow (campaign/unit/notice) the submission was for
	SubmissionID string
	Actor        string
	Accepted     bool
	Reason       string // why it was refused
	Summary      string // what, never how a voter voted
	At           time.Time
}

const insertAudit = `
	INSERT INTO audit_log (kind, target, submission_id, actor, accepted, reason, summary, recorded_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
	ON CONFLICT (kind, target, submission_id, accepted) DO NOTHING`

// RecordAudit writes an audit line; writing it again changes nothing.
func RecordAudit(ctx context.Context, db *sqlx.DB, a Audit) error {
	_, err := db.ExecContext(ctx, insertAudit, a.args()...)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", a.Kind, a.SubmissionID, err)
	}
	return nil
}

// audit writes an audit line inside a transaction, with the submission it records.
func audit(ctx context.Context, tx *sqlx.Tx, a Audit) error {
	if _, err := tx.ExecContext(ctx, insertAudit, a.args()...); err != nil {
		return fmt.Errorf("audit %s %s: %w", a.Kind, a.SubmissionID, err)
	}
	return nil
}

func (a Audit) args() []any {
	at := a.At
	if at.IsZero() {
		at = time.Now()
	}
	return []any{a.Kind, a.Target, a.SubmissionID, a.Actor, a.Accepted, a.Reason, a.Summary, at}
}

// AcceptedBefore reports whether a submission to a target was accepted, as the audit log
// records it: the answer to a resend once the workflow that took it has ended.
func AcceptedBefore(ctx context.Context, db *sqlx.DB, target, submissionID string) (bool, error) {
	var ok bool
	err := db.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM audit_log WHERE target = $1 AND submission_id = $2 AND accepted)`, target, submissionID)
	if err != nil {
		return false, fmt.Errorf("look up submission %s: %w", submissionID, err)
	}
	return ok, nil
}
