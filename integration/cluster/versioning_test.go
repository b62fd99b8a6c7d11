package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflow/v1"
	"go.temporal.io/sdk/client"

	"wenming/integration/e2e"
	"wenming/rules/title"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// A worker started with --deployment-name and --build-id is a version of a worker deployment:
// once an operator makes it the current version, it runs the workflows, a seconds-long check
// pinned to its build and a title (which lives for years) as AutoUpgrade, so that the next
// build takes it over.
func TestAVersionedWorkerRunsItsDeployment(t *testing.T) {
	env := stacktest.New(t, stacktest.WithoutWorker())
	w := e2e.NewWorkerProcess(t, env)
	deployment := "wenming-" + env.TaskQueue
	w.Args = append(w.Args, "--deployment-name", deployment, "--build-id", "b1")
	require.NoError(t, w.Start())
	ctx := context.Background()
	handle := env.Client.WorkerDeploymentClient().GetHandle(deployment)
	require.Eventually(t, func() bool { // the version exists once the worker has polled
		_, err := handle.SetCurrentVersion(ctx, client.WorkerDeploymentSetCurrentVersionOptions{BuildID: "b1"})
		return err == nil
	}, time.Minute, 200*time.Millisecond, "the operator makes b1 the current version")

	check, err := env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.CheckWorkflowID("versioned"), TaskQueue: env.TaskQueue},
		workflows.Check, workflows.CheckInput{CheckID: "versioned"})
	require.NoError(t, err)
	require.NoError(t, check.Get(ctx, nil), "the versioned worker runs it")
	assertVersioning(t, env, check.GetID(), enums.VERSIONING_BEHAVIOR_PINNED, deployment, "b1")

	// An id of its own: the tests share the package's server, and a start with the id of a
	// running workflow returns that workflow.
	id := workflows.TitleWorkflowID("civilized-unit", "versioned", false, 1, "2026-12-03")
	_, err = env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: env.TaskQueue}, workflows.Title,
		workflows.TitleInput{TitleID: 1, Kind: "civilized-unit", Unit: "finance", Name: "市直机关文明单位", Status: title.Active,
			TermEnd: time.Now().AddDate(2, 0, 0), Timezone: "Asia/Shanghai"})
	require.NoError(t, err)
	assertVersioning(t, env, id, enums.VERSIONING_BEHAVIOR_AUTO_UPGRADE, deployment, "b1")
}

// assertVersioning waits until the workflow's first task has completed on a version, then
// checks its behaviour and version.
func assertVersioning(t *testing.T, env *stacktest.Env, id string, behavior enums.VersioningBehavior, deployment, build string) {
	t.Helper()
	var info *workflow.WorkflowExecutionVersioningInfo
	require.Eventually(t, func() bool {
		d, err := env.Client.DescribeWorkflowExecution(context.Background(), id, "")
		if err != nil {
			return false
		}
		info = d.GetWorkflowExecutionInfo().GetVersioningInfo()
		return info.GetBehavior() != enums.VERSIONING_BEHAVIOR_UNSPECIFIED
	}, time.Minute, 100*time.Millisecond, "%s ran on a version", id)
	assert.Equal(t, behavior, info.GetBehavior(), id)
	assert.Equal(t, deployment, info.GetDeploymentVersion().GetDeploymentName(), id)
	assert.Equal(t, build, info.GetDeploymentVersion().GetBuildId(), id)
}
