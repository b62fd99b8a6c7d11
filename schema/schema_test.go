package schema_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"wenming/schema"
	"wenming/testenv/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Migrating an up-to-date database again changes nothing and does not fail.
func TestMigrateIsIdempotent(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	require.NoError(t, schema.Migrate(ctx, db.DB))
	require.NoError(t, schema.Migrate(ctx, db.DB))

	var tables []string
	require.NoError(t, db.Select(&tables, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version' ORDER BY 1`))
	require.Subset(t, tables, []string{"audit_log", "branches", "members", "standard_items", "standards", "units"})
}
