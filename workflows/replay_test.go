package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"wenming/workflows/histories"
)

// The workflows every recorded demo run goes through; each must have a recorded history.
var recordedTypes = []string{"Campaign", "Group", "Unit", "PublicNotice", "PioneerRound", "RedFlagRound", "PioneerBranch", "RedFlagBranch", "AnnualRound", "Title", "Rating"}

// Histories recorded from a demo run (`go tool task histories`) replay on today's code: a
// change to a workflow that would break the campaigns and rounds already running fails here
// (guard such changes with workflow.GetVersion, then record again).
func TestRecordedHistoriesReplay(t *testing.T) {
	recorded, err := histories.Recorded("testdata/histories")
	require.NoError(t, err)
	for _, typ := range recordedTypes {
		require.Contains(t, recorded, typ, "a recorded history of %s under testdata/histories", typ)
	}
	for typ, path := range recorded {
		t.Run(typ, func(t *testing.T) {
			h, err := histories.Load(path)
			require.NoError(t, err)
			require.NotEmpty(t, h.Events)
			require.NoError(t, histories.Replay(RegisterWorkflows, h, Interceptor()))
		})
	}
}

// The replay test can fail: a Check changed so that it waits before it writes no longer
// makes the decisions its recorded history holds, and the replay says so. (The replayer
// compares the kinds and order of the commands, and activities by type; it does not compare
// an activity's arguments, so a change of arguments alone passes replay.)
func TestReplayCatchesAChangedWorkflow(t *testing.T) {
	h, err := histories.Load("testdata/histories/Check.json.gz")
	require.NoError(t, err)
	changed := func(ctx workflow.Context, in CheckInput) (CheckResult, error) {
		if err := workflow.Sleep(ctx, time.Second); err != nil {
			return CheckResult{}, err
		}
		return Check(ctx, in)
	}
	err = histories.Replay(func(r interface{ RegisterWorkflow(any) }) {
		r.(worker.WorkflowReplayer).RegisterWorkflowWithOptions(changed, workflow.RegisterOptions{Name: "Check"})
	}, h)
	require.Error(t, err, "a changed workflow replayed its old history without complaint")
	assert.Contains(t, err.Error(), "TMPRL1100", "the SDK's code for a non-deterministic change")
	require.NoError(t, histories.Replay(RegisterWorkflows, h, Interceptor()), "the unchanged workflow replays")
}
