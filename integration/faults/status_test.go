package faults

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/cli"
	"wenming/demo/scenario"
	"wenming/integration/e2e"
	"wenming/testenv/stacktest"
)

// A status query needs a worker to answer it. With none running, `campaign status` asks
// again until its --wait has passed and then says what to check; when a worker starts while
// it waits (a deploy, a restart after a crash), it prints the status as soon as that worker
// answers, instead of failing on the first timeout.
func TestCampaignStatusWaitsForAWorkerToAnswer(t *testing.T) {
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	spec, err := d.Example("examples/demo-campaign.yaml")
	require.NoError(t, err)
	require.NoError(t, d.Run("campaign", "start", spec, "--standards", d.Path("standards")), out.String())
	code, text := e2e.Run(d.Ctx, d.Flags, "campaign", "start", spec, "--standards", d.Path("standards"))
	assert.Equal(t, 0, code, text)
	assert.Contains(t, text, "活动 "+scenario.CampaignID+" 早已启动，未作改动", "a second start")
	env.Worker.Stop()

	code, text = e2e.Run(d.Ctx, d.Flags, "campaign", "status", scenario.CampaignID, "--wait", "2s")
	assert.Equal(t, 1, code, text)
	assert.Contains(t, text, "2s 内没有 worker 应答：任务队列 "+env.TaskQueue+" 上是否有 worker 在运行？")

	// The worker starts only once the first query has gone unanswered.
	waiting := &watchedOutput{want: "暂时没有 worker 应答", seen: make(chan struct{})}
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(d.Ctx, append([]string{"campaign", "status", scenario.CampaignID}, d.Flags...), waiting, waiting)
	}()
	select {
	case <-waiting.seen:
	case code := <-done:
		t.Fatalf("status exited %d without waiting for a worker: %s", code, waiting.String())
	}
	env.StartWorker(t)
	select {
	case code = <-done:
	case <-d.Ctx.Done():
		t.Fatal("status never ended")
	}
	assert.Equal(t, 0, code, waiting.String())
	assert.Contains(t, waiting.String(), scenario.CampaignID+"  ")
	assert.Contains(t, waiting.String(), "阶段：")
}

// watchedOutput is a command's output that tells when a given text first appears in it.
type watchedOutput struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
	once sync.Once
}

func (w *watchedOutput) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return n, err
}

func (w *watchedOutput) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
