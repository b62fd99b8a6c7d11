package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// PublicNotice is a list published for objections (公示).
type PublicNotice struct {
	NoticeID string
	Subject  string
	Title    string
	Contact  string
	Entries  []string
	StartsAt time.Time
	EndsAt   time.Time
}

// PublishNotice records the notice and its list once.
func PublishNotice(ctx context.Context, db *sqlx.DB, n PublicNotice) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO public_notices (notice_id, subject, title, contact, starts_at, ends_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
			n.NoticeID, n.Subject, n.Title, n.Contact, n.StartsAt, n.EndsAt); err != nil {
			return fmt.Errorf("publish notice %s: %w", n.NoticeID, err)
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO notice_entries (notice_id, entry_id, position)
			SELECT $1, id, ord FROM unnest($2::text[]) WITH ORDINALITY AS r(id, ord) ON CONFLICT DO NOTHING`,
			n.NoticeID, pq.Array(n.Entries))
		if err != nil {
			return fmt.Errorf("publish list of %s: %w", n.NoticeID, err)
		}
		return nil
	})
}

// Objection is an objection filed against an entry of a notice.
type Objection struct {
	NoticeID     string
	No           int
	SubmissionID string
	EntryID      string
	Reason       string
	Contact      string
	By           string
	At           time.Time
}

// RecordObjection records an objection once.
func RecordObjection(ctx context.Context, db *sqlx.DB, o Objection) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO objections (notice_id, objection_no, submission_id, entry_id, reason, contact, filed_by, filed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
			o.NoticeID, o.No, o.SubmissionID, o.EntryID, o.Reason, o.Contact, o.By, o.At); err != nil {
			return fmt.Errorf("record objection %d to %s: %w", o.No, o.NoticeID, err)
		}
		return audit(ctx, tx, Audit{Kind: "objection", Target: o.NoticeID, SubmissionID: o.SubmissionID, Actor: o.By,
			Accepted: true, Summary: fmt.Sprintf("objection %d against %s", o.No, o.EntryID), At: o.At})
	})
}

// ObjectionDecision decides an objection: uphold removes the entry, dismiss keeps it.
type ObjectionDecision struct {
	NoticeID     string
	No           int
	SubmissionID string
	Decision     string
	Note         string
	By           string
	At           time.Time
}

// Objection decisions.
const (
	Uphold  = "uphold"
	Dismiss = "dismiss"
	Lapsed  = "lapsed"
)

// DecideObjection records the decision once.
func DecideObjection(ctx context.Context, db *sqlx.DB, d ObjectionDecision) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			UPDATE objections SET decision = $3, decision_note = $4, decided_by = $5, decided_at = $6
			WHERE notice_id = $1 AND objection_no = $2 AND decision IS NULL`,
			d.NoticeID, d.No, d.Decision, d.Note, d.By, d.At); err != nil {
			return fmt.Errorf("decide objection %d of %s: %w", d.No, d.NoticeID, err)
		}
		return audit(ctx, tx, Audit{Kind: "objection-decision", Target: d.NoticeID, SubmissionID: d.SubmissionID, Actor: d.By,
			Accepted: true, Summary: fmt.Sprintf("objection %d: %s", d.No, d.Decision), At: d.At})
	})
}

// CloseNotice records the end of the notice.
func CloseNotice(ctx context.Context, db *sqlx.DB, noticeID string, at time.Time) error {
	_, err := db.ExecContext(ctx, `UPDATE public_notices SET closed_at = coalesce(closed_at, $2) WHERE notice_id = $1`, noticeID, at)
	if err != nil {
		return fmt.Errorf("close notice %s: %w", noticeID, err)
	}
	return nil
}
