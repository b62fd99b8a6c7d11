// Package store is the product's SQL: every read and write of PostgreSQL, shared by the
// activities (for workflows) and the CLI (for imports and reports). Writes are idempotent:
// natural keys, unique constraints and ON CONFLICT, so a retry never duplicates a row.
package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// inTx runs fn in a transaction, committing when it returns nil.
func inTx(ctx context.Context, db *sqlx.DB, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
