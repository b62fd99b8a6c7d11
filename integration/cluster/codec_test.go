package cluster

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"wenming/activities"
	"wenming/codec"
	"wenming/devstack"
	"wenming/integration/e2e"
	"wenming/testenv/browser"
	"wenming/testenv/stacktest"
	"wenming/workflows"
	"wenming/workflows/histories"
)

// With the codec on, the server stores sealed payloads only: the history read without the key
// shows no value the workflow carried, and the worker and the client holding the key work as
// before.
func TestPayloadsReachTheServerSealed(t *testing.T) {
	env := stacktest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cod, err := codec.New([]codec.Key{{ID: "test-1", Secret: []byte("0123456789abcdef0123456789abcdef")}})
	require.NoError(t, err)
	dc, fc := codec.Converters(cod)
	sealed, err := client.Dial(client.Options{HostPort: env.Address, Namespace: "default", DataConverter: dc, FailureConverter: fc})
	require.NoError(t, err)
	defer sealed.Close()
	queue := env.TaskQueue + "-sealed"
	w := worker.New(sealed, queue, worker.Options{})
	workflows.Register(w, &activities.Activities{DB: env.DB, Worker: "sealed"})
	require.NoError(t, w.Start())
	defer w.Stop()

	const secret = "13800000000"
	run, err := sealed.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "check/sealed", TaskQueue: queue},
		workflows.Check, workflows.CheckInput{CheckID: "phone-" + secret})
	require.NoError(t, err)
	var out workflows.CheckResult
	require.NoError(t, run.Get(ctx, &out), "the worker and the client holding the key run the workflow")
	assert.Equal(t, "sealed", out.Worker)

	assert.NotContains(t, historyText(t, ctx, env, run), secret, "the server holds no plain value")

	// The same workflow without the codec: the value is there for anyone to read.
	plainRun, err := env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "check/plain", TaskQueue: env.TaskQueue},
		workflows.Check, workflows.CheckInput{CheckID: "phone-" + secret})
	require.NoError(t, err)
	require.NoError(t, plainRun.Get(ctx, nil))
	assert.Contains(t, historyText(t, ctx, env, plainRun), secret)

	var plain workflows.CheckResult
	assert.Error(t, env.Client.GetWorkflow(ctx, "check/sealed", run.GetRunID()).Get(ctx, &plain), "a client without the key cannot read the result")

	objectionsAreSealed(t, ctx, env, sealed, queue)
}

// A citizen's objection to a public notice, filed through the CLI holding the key, reaches the
// server sealed: its contact is nowhere in the notice's stored history. Copied out of that
// history into an update of another notice, the sealed objection is refused there: the
// payload is bound to the workflow it was sealed for.
func objectionsAreSealed(t *testing.T, ctx context.Context, env *stacktest.Env, sealed client.Client, queue string) {
	start := func(round string) string {
		id := workflows.NoticeWorkflowID(round)
		_, err := sealed.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: queue}, workflows.PublicNotice,
			workflows.NoticeInput{NoticeID: id, Subject: round, Title: "公示", Entries: []string{"m0001"}, Length: time.Hour})
		require.NoError(t, err)
		t.Cleanup(func() { _ = sealed.TerminateWorkflow(context.Background(), id, "", "test over") })
		return id
	}
	first, other := start("pioneer/2025-Q1"), start("pioneer/2025-Q2")
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys.txt")
	require.NoError(t, os.WriteFile(keys, []byte("test-1:"+base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))+"\n"), 0o600))
	const contact = "李四 13700002222"
	contactFile := filepath.Join(dir, "contact.txt")
	require.NoError(t, os.WriteFile(contactFile, []byte(contact+"\n"), 0o600))
	code, out := e2e.Run(ctx, []string{"--address", env.Address, "--database-url", env.DBURL, "--task-queue", queue, "--codec-keys", keys},
		"objection", "file", "--round", "pioneer/2025-Q1", "--entry", "m0001", "--reason", "工作中有失误", "--contact-file", contactFile)
	require.Equal(t, 0, code, out)

	h, err := histories.Fetch(ctx, env.Client, histories.Execution{WorkflowID: first})
	require.NoError(t, err)
	text, err := histories.Text(h)
	require.NoError(t, err)
	assert.NotContains(t, text, "13700002222", "the objection's contact, in the server's stored history")
	assert.NotContains(t, text, "工作中有失误", "the objection's reason, in the server's stored history")

	var args *commonpb.Payloads
	for _, e := range h.GetEvents() {
		if a := e.GetWorkflowExecutionUpdateAcceptedEventAttributes(); a != nil && a.GetAcceptedRequest().GetInput().GetName() == workflows.UpdateFileObjection {
			args = a.GetAcceptedRequest().GetInput().GetArgs()
		}
	}
	require.NotNil(t, args, "the objection's update is in the history")
	resp, err := env.Client.WorkflowService().UpdateWorkflowExecution(ctx, &workflowservice.UpdateWorkflowExecutionRequest{
		Namespace: "default", WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: other},
		WaitPolicy: &updatepb.WaitPolicy{LifecycleStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED},
		Request: &updatepb.Request{Meta: &updatepb.Meta{UpdateId: "replayed-objection"},
			Input: &updatepb.Input{Name: workflows.UpdateFileObjection, Args: args}}})
	require.NoError(t, err)
	failure := resp.GetOutcome().GetFailure()
	require.NotNil(t, failure, "the sealed objection, sent to another notice, is refused")
	var types []string // the failure and its causes (their messages are sealed too)
	for f := failure; f != nil; f = f.GetCause() {
		types = append(types, f.GetApplicationFailureInfo().GetType())
	}
	assert.Contains(t, types, "CodecOtherWorkflow", "refused because it was sealed for another workflow")
	var n int
	require.NoError(t, env.DB.Get(&n, `SELECT count(*) FROM objections WHERE notice_id = $1`, other))
	assert.Zero(t, n, "nothing was recorded for the other notice")
}

func historyText(t *testing.T, ctx context.Context, env *stacktest.Env, run client.WorkflowRun) string {
	h, err := histories.Fetch(ctx, env.Client, histories.Execution{WorkflowID: run.GetID(), RunID: run.GetRunID()})
	require.NoError(t, err)
	text, err := histories.Text(h)
	require.NoError(t, err)
	return text
}

// The real Web UI, configured as the dev stack configures it with a codec server, shows an
// operator the decoded input of a sealed workflow only after the operator has signed in to
// the codec server with a token; before, the page shows no plain value.
func TestWebUIDecodesForSignedInOperators(t *testing.T) {
	env := stacktest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cod, err := codec.New([]codec.Key{{ID: "ui-1", Secret: []byte("0123456789abcdef0123456789abcdef")}})
	require.NoError(t, err)
	var codecHandler http.Handler // set once the UI's address is known
	codecServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { codecHandler.ServeHTTP(w, r) }))
	defer codecServer.Close()
	srv, err := devstack.StartTemporal(ctx, devstack.TemporalOptions{UIPort: 0, CodecEndpoint: codecServer.URL})
	require.NoError(t, err)
	defer srv.Stop()
	const token = "operator-token-1-of-32-characters"
	codecHandler = codec.Handler(cod, codec.ServerOptions{Tokens: []string{token}, Origins: []string{srv.UIAddress}})

	dc, fc := codec.Converters(cod)
	sealed, err := client.Dial(client.Options{HostPort: srv.Address, Namespace: "default", DataConverter: dc, FailureConverter: fc})
	require.NoError(t, err)
	defer sealed.Close()
	w := worker.New(sealed, env.TaskQueue, worker.Options{})
	workflows.Register(w, &activities.Activities{DB: env.DB, Worker: "ui"})
	require.NoError(t, w.Start())
	defer w.Stop()
	const secret = "13900001111"
	run, err := sealed.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "check/ui-sealed", TaskQueue: env.TaskQueue},
		workflows.Check, workflows.CheckInput{CheckID: "phone-" + secret})
	require.NoError(t, err)
	require.NoError(t, run.Get(ctx, nil))

	page := srv.UIAddress + "/namespaces/default/workflows/" + url.PathEscape(run.GetID()) + "/" + run.GetRunID() + "/history"
	tab := browser.Start(t, page)
	// Not signed in: the UI asks the codec server, is refused, and shows the sealed payload.
	before := browser.WaitForText(t, tab, "Codec Server could not connect")
	assert.NotContains(t, before, secret, "no plain value before signing in")

	require.NoError(t, chromedp.Do(tab,
		chromedp.Navigate(codecServer.URL+"/login"),
		chromedp.SendKeys(`input[name="token"]`, token),
		chromedp.Submit(`input[name="token"]`),
		chromedp.WaitVisible(`#status`),
	))
	require.Contains(t, browser.WaitForText(t, tab, "已登录"), "已登录", "signed in")
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate(page)))
	assert.Contains(t, browser.WaitForText(t, tab, secret), "phone-"+secret, "the signed-in operator reads the decoded input")
}

// The worker binary, run as the dev stack with payload keys and a codec server, points its
// Web UI at that codec server (with the browser's sign-in cookie) and the codec server
// answers the UI's page only, and only for a signed-in operator or a token holder.
func TestWorkerGivesItsWebUITheCodecServer(t *testing.T) {
	env := stacktest.New(t, stacktest.WithoutWorker())
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys.txt")
	require.NoError(t, os.WriteFile(keys, []byte("k1:"+base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))+"\n"), 0o600))
	tokens := filepath.Join(dir, "tokens.txt")
	require.NoError(t, os.WriteFile(tokens, []byte("operator-token-2-of-32-characters\n"), 0o600))
	temporalPort, uiPort, codecPort := freePort(t), freePort(t), freePort(t)
	uiOrigin := "http://127.0.0.1:" + strconv.Itoa(uiPort)
	codecURL := "http://127.0.0.1:" + strconv.Itoa(codecPort)

	cmd := exec.Command(e2e.BuildWorker(t), "--data-dir", filepath.Join(dir, "data"), "--database-url", env.DBURL,
		"--temporal-port", strconv.Itoa(temporalPort), "--ui-port", strconv.Itoa(uiPort), "--task-queue", env.TaskQueue,
		"--codec-keys", keys, "--codec-server", "127.0.0.1:"+strconv.Itoa(codecPort), "--codec-tokens", tokens)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	var log strings.Builder
	lines := bufio.NewScanner(stderr)
	const ready = "已就绪" // the worker's banner (worker.ready), in the tests' language
	for !strings.Contains(log.String(), ready) {
		require.True(t, lines.Scan(), "the worker stopped before it was ready:\n%s", log.String())
		log.WriteString(lines.Text() + "\n")
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()

	resp, err := http.Get(uiOrigin + "/api/v1/settings")
	require.NoError(t, err)
	var settings struct {
		Codec struct {
			Endpoint           string
			IncludeCredentials bool
		}
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&settings))
	resp.Body.Close()
	assert.Equal(t, codecURL, settings.Codec.Endpoint, "the Web UI decodes with the worker's codec server")
	assert.True(t, settings.Codec.IncludeCredentials, "and sends the sign-in cookie with its requests")

	call := func(method, origin, token string) int {
		req, err := http.NewRequest(method, codecURL+"/decode", strings.NewReader(`{"payloads":[]}`))
		require.NoError(t, err)
		req.Header.Set("Origin", origin)
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusNoContent, call(http.MethodOptions, uiOrigin, ""), "the UI's preflight")
	assert.Equal(t, http.StatusUnauthorized, call(http.MethodPost, uiOrigin, ""), "the UI's page without a sign-in")
	assert.Equal(t, http.StatusOK, call(http.MethodPost, uiOrigin, "operator-token-2-of-32-characters"), "with a token")
	assert.Equal(t, http.StatusForbidden, call(http.MethodPost, "http://127.0.0.1:1", "operator-token-2-of-32-characters"), "any other page")
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
