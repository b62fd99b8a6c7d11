package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// RecordCheck records a check once; recording it again returns the first record.
func RecordCheck(ctx context.Context, db *sqlx.DB, checkID, worker string) (time.Time, error) {
	var at time.Time
	err := db.GetContext(ctx, &at, `
		WITH ins AS (
			INSERT INTO worker_checks (check_id, worker) VALUES ($1, $2)
			ON CONFLICT (check_id) DO NOTHING
			RETURNING checked_at)
		SELECT checked_at FROM ins
		UNION ALL SELECT checked_at FROM worker_checks WHERE check_id = $1
		LIMIT 1`, checkID, worker)
	if err != nil {
		return at, fmt.Errorf("record check %s: %w", checkID, err)
	}
	return at, nil
}

// CountChecks counts the rows of a check, for tests and the CLI.
func CountChecks(ctx context.Context, db *sqlx.DB, checkID string) (int, error) {
	var n int
	err := db.GetContext(ctx, &n, `SELECT count(*) FROM worker_checks WHERE check_id = $1`, checkID)
	return n, err
}
