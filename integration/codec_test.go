package integration

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"wenming/activities"
	"wenming/codec"
	"wenming/devstack"
	"wenming/testenv/browser"
	"wenming/testenv/histories"
	"wenming/testenv/stacktest"
	"wenming/workflows"
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
	const token = "operator-token-1"
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
	before := waitForText(t, tab, "Codec Server could not connect")
	assert.NotContains(t, before, secret, "no plain value before signing in")

	require.NoError(t, chromedp.Do(tab,
		chromedp.Navigate(codecServer.URL+"/login"),
		chromedp.SendKeys(`input[name="token"]`, token),
		chromedp.Submit(`input[name="token"]`),
		chromedp.WaitVisible(`#status`),
	))
	require.Contains(t, waitForText(t, tab, "已登录"), "已登录", "signed in")
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate(page)))
	assert.Contains(t, waitForText(t, tab, secret), "phone-"+secret, "the signed-in operator reads the decoded input")
}

// waitForText polls the page's text until it holds want (or the tab's deadline passes) and
// returns the text it last read.
func waitForText(t *testing.T, tab context.Context, want string) string {
	t.Helper()
	_, err := chromedp.Run(tab, chromedp.Poll[bool](`document.body.innerText.includes(`+strconv.Quote(want)+`)`, chromedp.WithPollingTimeout(time.Minute)))
	text, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
	require.NoError(t, err, "the page never showed %q; it shows:\n%s", want, text)
	return text
}
