package integration

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"wenming/activities"
	"wenming/codec"
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
