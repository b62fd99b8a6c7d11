package faults

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"wenming/store"
	"wenming/testenv/faults"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// A workflow on the in-process server writes its row into the real PostgreSQL through an
// activity; when the activity's completion is lost after its commit, the retry writes no
// second row.
func TestCheckWritesOneRowEvenWhenRetried(t *testing.T) {
	lost := &faults.LostCompletions{}
	env := stacktest.New(t, stacktest.WithInterceptors(lost))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	run, err := env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: workflows.CheckWorkflowID("t1"), TaskQueue: env.TaskQueue,
	}, workflows.Check, workflows.CheckInput{CheckID: "t1"})
	require.NoError(t, err)
	var out workflows.CheckResult
	require.NoError(t, run.Get(ctx, &out))

	assert.Equal(t, int64(1), lost.Lost.Load(), "the first completion was thrown away")
	n, err := store.CountChecks(ctx, env.DB, "t1")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.False(t, out.CheckedAt.IsZero())
}
