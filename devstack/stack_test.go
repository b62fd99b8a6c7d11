//go:build !nodevstack

package devstack

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/devstack/postgres"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	_ "modernc.org/sqlite" // to read the state file's journal mode
)

// waitForGo stands for any long-running workflow: it waits for a signal.
func waitForGo(ctx workflow.Context) (string, error) {
	var msg string
	workflow.GetSignalChannel(ctx, "go").Receive(ctx, &msg)
	return "got " + msg, nil
}

func startStack(t *testing.T, dir string) (*Stack, client.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Start(ctx, Options{DataDir: dir, DatabaseURL: os.Getenv("DATABASE_URL")})
	require.NoError(t, err)
	c, err := client.Dial(client.Options{HostPort: s.Temporal.Address})
	require.NoError(t, err)
	return s, c
}

// Stopping and starting the stack on the same data directory continues every workflow where
// it was; the UI serves its page; PostgreSQL comes up migrated.
func TestStackContinuesWorkflowsAfterRestart(t *testing.T) {
	dir, err := os.MkdirTemp("", "wenming-devstack-")
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = postgres.Remove(postgres.DirIn(dir)) // wherever its files were placed
		os.RemoveAll(dir)
	})
	ctx := context.Background()

	s, c := startStack(t, dir)
	// The data directory is this account's alone, and so are Temporal's state and log.
	for _, path := range []string{dir, filepath.Join(dir, "temporal.db"), filepath.Join(dir, "temporal.log")} {
		st, err := os.Stat(path)
		require.NoError(t, err)
		assert.Zero(t, st.Mode().Perm()&0o077, "%s is %s", path, st.Mode().Perm())
	}
	resp, err := http.Get(s.Temporal.UIAddress)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), "<!doctype html>")

	db, err := sqlx.Open("postgres", s.DatabaseURL)
	require.NoError(t, err)
	var tables int
	require.NoError(t, db.Get(&tables, `SELECT count(*) FROM information_schema.tables WHERE table_name IN ('units', 'members', 'audit_log')`))
	assert.Equal(t, 3, tables)
	db.Close()

	// The pragmas took: a commit appends to the write-ahead log instead of syncing a journal.
	state, err := sqlx.Open("sqlite", "file:"+filepath.Join(dir, "temporal.db")+"?mode=ro")
	require.NoError(t, err)
	var mode string
	require.NoError(t, state.Get(&mode, `PRAGMA journal_mode`))
	state.Close()
	assert.Equal(t, "wal", mode)

	_, err = c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "restart-test", TaskQueue: "restart"}, waitForGo)
	require.NoError(t, err)
	c.Close()
	s.Stop()

	s, c = startStack(t, dir)
	defer s.Stop()
	defer c.Close()
	desc, err := c.DescribeWorkflowExecution(ctx, "restart-test", "")
	require.NoError(t, err)
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, desc.GetWorkflowExecutionInfo().GetStatus())

	w := worker.New(c, "restart", worker.Options{})
	w.RegisterWorkflow(waitForGo)
	require.NoError(t, w.Start())
	defer w.Stop()
	require.NoError(t, c.SignalWorkflow(ctx, "restart-test", "", "go", "after restart"))
	var out string
	require.NoError(t, c.GetWorkflow(ctx, "restart-test", "").Get(ctx, &out))
	assert.Equal(t, "got after restart", out)

	// The Web UI reads but does not act: its settings say so, and a write is refused.
	settings, err := http.Get(s.Temporal.UIAddress + "/api/v1/settings")
	require.NoError(t, err)
	body, _ := io.ReadAll(settings.Body)
	settings.Body.Close()
	assert.Contains(t, string(body), `"DisableWriteActions":true`)
	// (With an Authorization header the UI skips its CSRF check, so the write reaches the
	// check of write actions; the UI itself has no accounts.)
	req, err := http.NewRequest(http.MethodPost, s.Temporal.UIAddress+"/api/v1/namespaces/default/workflows/restart-test/terminate", strings.NewReader("{}"))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer anyone")
	req.Header.Set("Content-Type", "application/json")
	terminate, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	terminate.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, terminate.StatusCode, "a write through the Web UI")
}

// The Web UI's write actions are off unless asked for (--ui-write-actions).
func TestTheWebUIActsOnlyWhenAskedTo(t *testing.T) {
	assert.True(t, uiConfig(8233, "127.0.0.1:7233", TemporalOptions{}).DisableWriteActions)
	assert.False(t, uiConfig(8233, "127.0.0.1:7233", TemporalOptions{UIWriteActions: true}).DisableWriteActions)
}
