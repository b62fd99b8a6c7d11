//go:build !nodevstack

package devstack

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
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
	"go.temporal.io/api/serviceerror"
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

// uiClient talks to the Web UI's server as the UI's own page does: the server hands every
// visitor a _csrf cookie, and the page sends its value back in the X-CSRF-Token header with
// each request that changes anything.
type uiClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func newUIClient(t *testing.T, base string) *uiClient {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	u := &uiClient{t: t, base: base, http: &http.Client{Jar: jar}}
	resp, err := u.http.Get(base)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return u
}

// do sends a request to the UI server's API and returns the status and the body.
func (u *uiClient) do(method, path, body string) (int, string) {
	u.t.Helper()
	req, err := http.NewRequest(method, u.base+path, strings.NewReader(body))
	require.NoError(u.t, err)
	req.Header.Set("Content-Type", "application/json")
	site, err := url.Parse(u.base)
	require.NoError(u.t, err)
	for _, c := range u.http.Jar.Cookies(site) {
		if c.Name == "_csrf" {
			req.Header.Set("X-CSRF-Token", c.Value)
		}
	}
	resp, err := u.http.Do(req)
	require.NoError(u.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// uiAction is one of the Web UI's write actions on a workflow, as the UI server routes it to
// the Temporal API (go.temporal.io/api workflowservice's HTTP rules under /api/v1).
type uiAction struct {
	name string
	path func(workflowID string) string
	body func(t *testing.T, c client.Client, workflowID string) string
}

// uiActions are the actions the README says the Web UI refuses unless --ui-write-actions:
// terminate, cancel, signal, reset and start. Each body is one the server accepts; terminate
// comes last, so that on a workflow that lets them all through each one visibly takes.
var uiActions = []uiAction{
	{"cancel", func(id string) string { return "/api/v1/namespaces/default/workflows/" + id + "/cancel" },
		func(*testing.T, client.Client, string) string { return `{"reason":"from the Web UI"}` }},
	{"signal", func(id string) string { return "/api/v1/namespaces/default/workflows/" + id + "/signal/go" },
		func(*testing.T, client.Client, string) string {
			// json/plain "via the Web UI", as protojson writes a payload.
			return `{"input":{"payloads":[{"metadata":{"encoding":"` + base64.StdEncoding.EncodeToString([]byte("json/plain")) +
				`"},"data":"` + base64.StdEncoding.EncodeToString([]byte(`"via the Web UI"`)) + `"}]}}`
		}},
	{"start", func(id string) string { return "/api/v1/namespaces/default/workflows/" + id + "-started" },
		func(_ *testing.T, _ client.Client, id string) string {
			return `{"workflowType":{"name":"waitForGo"},"taskQueue":{"name":"ui"},"requestId":"start-` + id + `"}`
		}},
	{"reset", func(id string) string { return "/api/v1/namespaces/default/workflows/" + id + "/reset" },
		func(t *testing.T, c client.Client, id string) string {
			return fmt.Sprintf(`{"reason":"from the Web UI","workflowTaskFinishEventId":"%d","requestId":"reset-%s"}`,
				firstEvent(t, c, id, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED), id)
		}},
	{"terminate", func(id string) string { return "/api/v1/namespaces/default/workflows/" + id + "/terminate" },
		func(*testing.T, client.Client, string) string { return `{"reason":"from the Web UI"}` }},
}

// history is a workflow run's events, by id and type.
func history(t *testing.T, c client.Client, workflowID, runID string) []string {
	t.Helper()
	var out []string
	it := c.GetWorkflowHistory(context.Background(), workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		out = append(out, fmt.Sprintf("%d %s", e.GetEventId(), e.GetEventType()))
	}
	return out
}

// firstEvent is the id of the first event of a type in the workflow's current run, 0 when none.
func firstEvent(t *testing.T, c client.Client, workflowID string, typ enumspb.EventType) int64 {
	t.Helper()
	it := c.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		if e.GetEventType() == typ {
			return e.GetEventId()
		}
	}
	return 0
}

// startWaiting starts a waitForGo and returns once its first workflow task is done: it then
// waits for its signal, and nothing changes its history until someone acts on it.
func startWaiting(t *testing.T, c client.Client, id string) string {
	t.Helper()
	run, err := c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: "ui"}, waitForGo)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return firstEvent(t, c, id, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) > 0 },
		time.Minute, 20*time.Millisecond, "%s's first workflow task completes", id)
	return run.GetRunID()
}

// The Web UI refuses terminate, cancel, signal, reset and start unless asked to act
// (--ui-write-actions): each, sent through the UI server as the UI's page sends it, is refused
// and the workflow runs on as it was, its history the same event for event, no workflow
// started. Asked to act, the same requests do what they say: the routes are the real ones.
func TestTheWebUIActsOnlyWhenAskedTo(t *testing.T) {
	dir, err := os.MkdirTemp("", "wenming-devstack-")
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = postgres.Remove(postgres.DirIn(dir))
		os.RemoveAll(dir)
	})
	ctx := context.Background()
	serve := func(c client.Client) worker.Worker {
		w := worker.New(c, "ui", worker.Options{})
		w.RegisterWorkflow(waitForGo)
		require.NoError(t, w.Start())
		return w
	}

	s, c := startStack(t, dir)
	w := serve(c)
	run := startWaiting(t, c, "ui-read-only")
	before := history(t, c, "ui-read-only", run)
	ui := newUIClient(t, s.Temporal.UIAddress)
	status, body := ui.do(http.MethodGet, "/api/v1/namespaces/default/workflows/ui-read-only", "")
	require.Equal(t, http.StatusOK, status, "the UI reads: %s", body)
	assert.Contains(t, body, "WORKFLOW_EXECUTION_STATUS_RUNNING")
	for _, a := range uiActions {
		status, body := ui.do(http.MethodPost, a.path("ui-read-only"), a.body(t, c, "ui-read-only"))
		assert.Equal(t, http.StatusMethodNotAllowed, status, "%s through the Web UI: %s", a.name, body)
	}
	desc, err := c.DescribeWorkflowExecution(ctx, "ui-read-only", "")
	require.NoError(t, err)
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, desc.GetWorkflowExecutionInfo().GetStatus())
	assert.Equal(t, run, desc.GetWorkflowExecutionInfo().GetExecution().GetRunId(), "not reset: the same run")
	assert.Equal(t, before, history(t, c, "ui-read-only", run), "not terminated, cancelled or signalled")
	_, err = c.DescribeWorkflowExecution(ctx, "ui-read-only-started", "")
	var notFound *serviceerror.NotFound
	assert.ErrorAs(t, err, &notFound, "not started")
	w.Stop()
	c.Close()
	s.Stop()

	ctx2, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	s, err = Start(ctx2, Options{DataDir: dir, DatabaseURL: os.Getenv("DATABASE_URL"), UIWriteActions: true})
	require.NoError(t, err)
	defer s.Stop()
	c, err = client.Dial(client.Options{HostPort: s.Temporal.Address})
	require.NoError(t, err)
	defer c.Close()
	defer serve(c).Stop()
	ui = newUIClient(t, s.Temporal.UIAddress)
	runs := map[string]string{}
	for _, a := range uiActions {
		id := "ui-" + a.name
		runs[a.name] = startWaiting(t, c, id)
		status, body := ui.do(http.MethodPost, a.path(id), a.body(t, c, id))
		require.Equal(t, http.StatusOK, status, "%s through the Web UI with --ui-write-actions: %s", a.name, body)
	}
	statusOf := func(id, run string) enumspb.WorkflowExecutionStatus {
		desc, err := c.DescribeWorkflowExecution(ctx, id, run)
		require.NoError(t, err)
		return desc.GetWorkflowExecutionInfo().GetStatus()
	}
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, statusOf("ui-terminate", ""), "terminated")
	assert.Positive(t, firstEvent(t, c, "ui-cancel", enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED), "cancel requested")
	var out string
	require.NoError(t, c.GetWorkflow(ctx, "ui-signal", "").Get(ctx, &out))
	assert.Equal(t, "got via the Web UI", out, "signalled")
	desc, err = c.DescribeWorkflowExecution(ctx, "ui-reset", "")
	require.NoError(t, err)
	assert.NotEqual(t, runs["reset"], desc.GetWorkflowExecutionInfo().GetExecution().GetRunId(), "reset: a new run")
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, statusOf("ui-reset", runs["reset"]), "reset: the old run ends")
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, statusOf("ui-start-started", ""), "started")
}
