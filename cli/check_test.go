package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/stacktest"
)

func TestCheckRunsAWorkflowThroughTheWorker(t *testing.T) {
	env := stacktest.New(t)
	r := run(t, "check", "--address", env.Address, "--task-queue", env.TaskQueue, "--database-url", env.DBURL)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Regexp(t, `^正常：worker test 已于 \S+ \S+（UTC）把检查 \S+ 写入 PostgreSQL`, r.out)
	var n int
	require.NoError(t, env.DB.Get(&n, `SELECT count(*) FROM worker_checks`))
	assert.Equal(t, 1, n)
}

func TestCheckSaysWhenTemporalIsDown(t *testing.T) {
	r := run(t, "check", "--address", "127.0.0.1:1")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.errOut, "连接 Temporal（127.0.0.1:1，命名空间 default）失败：")
	assert.Contains(t, r.errOut, "；`go tool task dev`（或您的集群）在运行吗？", "the hint after the cause")
}
