package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"wenming/integration/e2e"
	"wenming/rules/title"
	"wenming/testenv/stacktest"
	"wenming/workflows"
	"wenming/workflows/histories"
)

// The gate before an upgrade (go tool task replay-live) replays the running workflows of a
// deployment on the candidate build: today's code replays a running title's history; a build
// whose Title workflow decides differently (a change not guarded with workflow.GetVersion) is
// caught, naming the workflow. The command exits 0 on the deployment, naming what it replayed,
// and 1, naming the workflow, when built from the changed code.
func TestTheUpgradeGateReplaysTheRunningWorkflows(t *testing.T) {
	env := stacktest.New(t)
	ctx := context.Background()
	// An id of its own: the tests share the package's server, and a start with the id of a
	// running workflow returns that workflow.
	id := workflows.TitleWorkflowID("civilized-unit", "gate", false, 1, "2026-12-03")
	_, err := env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: env.TaskQueue}, workflows.Title,
		workflows.TitleInput{TitleID: 1, Kind: "civilized-unit", Unit: "finance", Name: "市直机关文明单位", Status: title.Active,
			TermEnd: time.Now().AddDate(2, 0, 0), Timezone: "Asia/Shanghai"})
	require.NoError(t, err)
	require.Eventually(t, func() bool { // its first workflow task is done: it waits for its term's end
		d, err := env.Client.DescribeWorkflowExecution(ctx, id, "")
		return err == nil && d.GetWorkflowExecutionInfo().GetHistoryLength() >= 4
	}, time.Minute, 50*time.Millisecond)
	query := fmt.Sprintf("TaskQueue = '%s' AND ExecutionStatus = 'Running'", env.TaskQueue)
	require.Eventually(t, func() bool { // visibility catches up
		execs, err := histories.List(ctx, env.Client, query)
		return err == nil && len(execs) == 1
	}, time.Minute, 50*time.Millisecond)

	verdicts, err := histories.Live(ctx, env.Client, query, 0, workflows.RegisterWorkflows, nil, workflows.Interceptor())
	require.NoError(t, err)
	require.Len(t, verdicts, 1)
	assert.Equal(t, id, verdicts[0].WorkflowID)
	assert.NoError(t, verdicts[0].Err, "today's code replays the running title")

	verdicts, err = histories.Live(ctx, env.Client, query, 0, changedTitle, nil, workflows.Interceptor())
	require.NoError(t, err)
	broken := histories.Broken(verdicts)
	require.Len(t, broken, 1, "the incompatible build is caught")
	assert.Equal(t, id, broken[0].WorkflowID)
	assert.Contains(t, broken[0].Err.Error(), "TMPRL1100", "the SDK's code for a non-deterministic change")

	cmd := exec.Command("go", "run", "./replaylive", "--address", env.Address, "--namespace", "default", "--task-queue", env.TaskQueue)
	cmd.Dir = e2e.Root
	cmd.Env = append(cmd.Environ(), "LANG=zh_CN.UTF-8", "WENMING_LANG=zh")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the gate passes today's build: %s", out)
	assert.Contains(t, string(out), "可以重放  Title  "+id)
	assert.Contains(t, string(out), "重放了 1 个工作流")

	// The same command built from a candidate whose Title waits a second first (the file
	// swapped in with go build -overlay, as a changed checkout would be) exits 1 and names
	// the workflow it would break.
	cmd = exec.Command("go", "run", "-overlay", changedTitleOverlay(t), "./replaylive", "--address", env.Address, "--namespace", "default", "--task-queue", env.TaskQueue)
	cmd.Dir = e2e.Root
	cmd.Env = append(cmd.Environ(), "LANG=zh_CN.UTF-8", "WENMING_LANG=zh")
	out, err = cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the gate refuses the changed build: %s", out)
	assert.Equal(t, 1, exit.ExitCode(), "%s", out)
	assert.Contains(t, string(out), id, "the broken workflow is named")
	assert.NotContains(t, string(out), "可以重放  Title  "+id)
}

// changedTitleOverlay writes a go build overlay that replaces workflows/title.go with a copy
// whose Title sleeps a second before anything else, and returns the overlay's file.
func changedTitleOverlay(t *testing.T) string {
	src := filepath.Join(e2e.Root, "workflows", "title.go")
	text, err := os.ReadFile(src)
	require.NoError(t, err)
	const start = "func Title(ctx workflow.Context, in TitleInput) error {\n"
	require.Contains(t, string(text), start, "Title's first line, where the change goes")
	changed := strings.Replace(string(text), start, start+"\tif err := workflow.Sleep(ctx, time.Second); err != nil {\n\t\treturn err\n\t}\n", 1)
	dir := t.TempDir()
	file := filepath.Join(dir, "title.go")
	require.NoError(t, os.WriteFile(file, []byte(changed), 0o644))
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {src: file}})
	require.NoError(t, err)
	path := filepath.Join(dir, "overlay.json")
	require.NoError(t, os.WriteFile(path, overlay, 0o644))
	return path
}

// changedTitle registers a Title workflow changed without workflow.GetVersion: it waits a
// second before it does what Title does, a decision its running histories do not hold.
func changedTitle(r interface{ RegisterWorkflow(any) }) {
	changed := func(ctx workflow.Context, in workflows.TitleInput) error {
		if err := workflow.Sleep(ctx, time.Second); err != nil {
			return err
		}
		return workflows.Title(ctx, in)
	}
	r.(worker.WorkflowReplayer).RegisterWorkflowWithOptions(changed, workflow.RegisterOptions{Name: "Title"})
}
