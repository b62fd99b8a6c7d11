package main

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// A DATABASE_URL with parameters (?sslmode=disable, the usual form) gets a bench database of
// its own, named without the parameters and reached with them.
func TestTheBenchDatabaseOfADatabaseURLWithParameters(t *testing.T) {
	server := pgtest.URL()
	require.Contains(t, server, "?sslmode=disable")
	got, err := benchDatabase(context.Background(), server)
	require.NoError(t, err)
	u, err := url.Parse(got)
	require.NoError(t, err)
	name := strings.TrimPrefix(u.Path, "/")
	assert.True(t, strings.HasPrefix(name, "wenming_bench_"), name)
	assert.NotContains(t, name, "?")
	assert.Equal(t, "disable", u.Query().Get("sslmode"), "the parameters are kept")
	db, err := sql.Open("postgres", got)
	require.NoError(t, err)
	defer db.Close()
	var current string
	require.NoError(t, db.QueryRow(`SELECT current_database()`).Scan(&current))
	assert.Equal(t, name, current)
	_, err = db.Exec(`SELECT 1`)
	require.NoError(t, err)
	t.Cleanup(func() {
		admin, _ := sql.Open("postgres", server)
		defer admin.Close()
		_, _ = admin.Exec(`DROP DATABASE IF EXISTS "` + name + `"`)
	})
}
