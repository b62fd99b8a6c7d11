package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/stretchr/testify/require"
)

// atOnce runs the calls together so that each has read whatever it reads before any of them
// writes to the table: the test holds the table in SHARE mode (reads go on, inserts and
// updates wait), releases the calls at once, waits until every one of them is waiting on a
// lock in the database, and only then lets go of the table. A call that counts what is in
// the table without a lock of its own that the others respect then counts none of the
// others, and every one of them writes. It returns each call's error, in order.
func atOnce(t *testing.T, db *sqlx.DB, table string, calls ...func() error) []error {
	t.Helper()
	ctx := context.Background()
	hold, err := db.BeginTxx(ctx, nil)
	require.NoError(t, err)
	_, err = hold.ExecContext(ctx, `LOCK TABLE `+pq.QuoteIdentifier(table)+` IN SHARE MODE`)
	require.NoError(t, err)

	errs := make([]error, len(calls))
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i, call := range calls {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = call()
		}()
	}
	// However the test ends, the table is let go and the calls end before it returns.
	defer func() { _ = hold.Rollback(); done.Wait() }()
	ready.Wait()
	close(start)

	require.Eventually(t, func() bool {
		var waiting int
		err := db.GetContext(ctx, &waiting, `
			SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`)
		return err == nil && waiting == len(calls)
	}, time.Minute, 5*time.Millisecond, "all %d calls wait on a lock", len(calls))
	require.NoError(t, hold.Rollback())
	done.Wait()
	return errs
}
