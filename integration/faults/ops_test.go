package faults

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"

	"wenming/deploy"
	"wenming/integration/e2e"
	"wenming/testenv/stacktest"
	"wenming/workflows"
	"wenming/workflows/searchattr"
)

// The worker binary serves its operations on --metrics-address: /healthz; /readyz, which
// turns 503 naming PostgreSQL while the database is down and 200 when it is back, and 503
// naming the search attributes while one the workflows set is not registered; and
// /metrics, where during a round the submissions accepted and refused are counted by kind,
// the round is seen in its phase, and a write that met the outage is counted as retried.
// Every metric the alert rules and the dashboard in deploy/ read is served.
func TestTheWorkerServesItsOperations(t *testing.T) {
	// Not in parallel: beside the fault tests' compressed windows, its processes' start-up load
	// made one of them miss a window.
	pg := startOwnCluster(t)
	server := e2e.StartFileServer(t) // its round's id must not meet another test's
	env := stacktest.New(t, stacktest.OnServer(server.Srv.Address), stacktest.OnDatabase(pg.url), stacktest.WithoutWorker())
	w := e2e.NewWorkerProcess(t, env)
	ops := freeAddress(t)
	w.Args = append(w.Args, "--metrics-address", ops, "--log-format", "json")
	require.NoError(t, w.Start())
	code, _ := getOps(t, ops, "/healthz")
	assert.Equal(t, http.StatusOK, code)
	waitReady(t, ops, http.StatusOK, "")

	d, out := e2e.NewDriver(t, env)
	round := workflows.RoundWorkflowID(workflows.KindPioneer, "2023-Q4")
	schedules, err := d.Write("schedules.yaml", "timezone: Asia/Shanghai\npioneer:\n  cron: \"0 9 1 1,4,7,10 *\"\n"+
		"  voting: 10m\n  share: 30%\n  notice: 2s\n  branches: [b-finance, b-service]\n")
	require.NoError(t, err)
	require.NoError(t, d.Run("round", "start", "pioneer", "--period", "2023-Q4", "--schedules", schedules, "--standards", d.Path("standards")), out.String())
	require.NoError(t, d.WaitRound(round, "voting", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundVoting }), out.String())
	before := scrape(t, ops)
	sheet, present, err := d.BallotSheet("b-finance")
	require.NoError(t, err)
	require.NoError(t, d.Run("ballots", "import", sheet, "--round", round, "--branch", "b-finance", "--present", strconv.Itoa(present)), out.String())
	require.Error(t, d.Run("round", "approve", "--round", round), "approving while the voting is open is refused")
	accepted := map[string]string{"kind": "ballot_sheet", "outcome": "accepted"} // workflows.UpdateBallotSheet
	refused := map[string]string{"kind": workflows.UpdateApprove, "outcome": "refused"}
	// The SDK's metrics reach the registry on the reporter's one-second cadence.
	during := scrapeUntil(t, ops, func(m families) bool {
		return value(m, "wenming_submissions", accepted) > value(before, "wenming_submissions", accepted) &&
			value(m, "wenming_submissions", refused) > value(before, "wenming_submissions", refused)
	})
	assert.Equal(t, 1.0, value(during, "wenming_submissions", accepted)-value(before, "wenming_submissions", accepted), "the sheet accepted")
	assert.Equal(t, 1.0, value(during, "wenming_submissions", refused)-value(before, "wenming_submissions", refused), "the approval refused")
	assert.Equal(t, 1.0, value(during, "wenming_rounds", map[string]string{"kind": "pioneer", "phase": "open"})+
		value(during, "wenming_rounds", map[string]string{"kind": "pioneer", "phase": "voting"}), "the round, in its phase")

	// PostgreSQL goes down; a write begun then (a worker check) retries until it is back.
	port := pg.cluster.Port()
	pg.cluster.Stop()
	check, err := env.Client.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{
		ID: workflows.CheckWorkflowID("ops-outage"), TaskQueue: env.TaskQueue}, workflows.Check, workflows.CheckInput{CheckID: "ops-outage"})
	require.NoError(t, err)
	failing := waitReady(t, ops, http.StatusServiceUnavailable, "postgresql")
	assert.Contains(t, failing, "postgresql")
	waitForAttempt(t, env.Client, check.GetID(), 2)
	require.NoError(t, pg.start(port))
	waitReady(t, ops, http.StatusOK, "")
	require.NoError(t, check.Get(context.Background(), nil), "the write went through once the database was back")

	retried := map[string]string{"activity_type": "RecordCheck"}
	after := scrapeUntil(t, ops, func(m families) bool {
		return value(m, "wenming_write_retries", retried) > 0 && value(m, "wenming_write_retry_age", retried) > 0
	})
	assert.GreaterOrEqual(t, value(after, "wenming_write_retries", map[string]string{"activity_type": "RecordCheck"}), 1.0)
	assert.GreaterOrEqual(t, value(after, "wenming_write_retry_age", map[string]string{"activity_type": "RecordCheck"}), 1.0)
	assert.GreaterOrEqual(t, value(after, "temporal_activity_execution_failed", map[string]string{"activity_type": "RecordCheck"}), 1.0)
	queries, err := deploy.Queries()
	require.NoError(t, err)
	for _, m := range deploy.Metrics(queries) {
		assert.Contains(t, after, m, "the alerts or the dashboard read %s, which the worker does not serve", m)
	}

	// A search attribute the workflows set goes missing from the namespace (an operator removed
	// it, or a worker without the right could not add it): /readyz names it until it is back.
	ctx := context.Background()
	_, err = env.Client.OperatorService().RemoveSearchAttributes(ctx, &operatorservice.RemoveSearchAttributesRequest{
		Namespace: "default", SearchAttributes: []string{searchattr.OverdueSince.GetName()}})
	require.NoError(t, err)
	missing, err := searchattr.Missing(ctx, env.Client, "default")
	require.NoError(t, err)
	assert.Equal(t, []string{searchattr.OverdueSince.GetName()}, missing)
	waitReady(t, ops, http.StatusServiceUnavailable, "search_attributes")
	require.NoError(t, searchattr.Ensure(ctx, env.Client, "default"))
	waitReady(t, ops, http.StatusOK, "")
}

// heldPastStop is how long the write stays locked after the worker began to stop.
const heldPastStop = 5 * time.Second

// A worker told to stop (SIGTERM) while a write waits on a lock lets the write finish, even one
// held 5 s past the stop: the write completes on its first attempt, and the process exits with 0.
func TestAStoppedWorkerLetsItsWriteFinish(t *testing.T) {
	env := stacktest.New(t, stacktest.WithoutWorker())
	w := e2e.NewWorkerProcess(t, env)
	stopping := make(chan struct{})
	w.Saw = func(line string) {
		if strings.Contains(line, "stopping the worker") {
			close(stopping)
		}
	}
	require.NoError(t, w.Start())

	lock, err := env.DB.Beginx()
	require.NoError(t, err)
	_, err = lock.Exec(`LOCK TABLE worker_checks IN EXCLUSIVE MODE`)
	require.NoError(t, err)
	run, err := env.Client.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{
		ID: workflows.CheckWorkflowID("graceful"), TaskQueue: env.TaskQueue}, workflows.Check, workflows.CheckInput{CheckID: "graceful"})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		var waiting int
		_ = env.DB.Get(&waiting, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
		return waiting > 0
	}, time.Minute, 50*time.Millisecond, "the write waits on the lock")

	require.NoError(t, w.Signal(syscall.SIGTERM))
	select {
	case <-stopping:
	case <-time.After(time.Minute):
		t.Fatal("the worker did not begin to stop")
	}
	// The write stays held for longer than a short grace would last: a worker that gave its
	// activities a second (--stop-timeout 1s, were it allowed) would cancel this write, and
	// the workflow would see a second attempt. This is the length of the fault, not a wait for
	// something to happen.
	<-time.After(heldPastStop)
	require.NoError(t, lock.Rollback(), "the write may go on")
	code, err := w.Wait()
	require.NoError(t, err, "the worker exits cleanly")
	assert.Equal(t, 0, code)

	var rows int
	require.NoError(t, env.DB.Get(&rows, `SELECT count(*) FROM worker_checks WHERE check_id = 'graceful'`))
	assert.Equal(t, 1, rows)
	env.StartWorker(t) // the workflow's last step needs a worker
	require.NoError(t, run.Get(context.Background(), nil))
	completed, attempts := false, 0
	iter := env.Client.GetWorkflowHistory(context.Background(), run.GetID(), "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for iter.HasNext() {
		e, err := iter.Next()
		require.NoError(t, err)
		switch e.GetEventType() {
		case enums.EVENT_TYPE_ACTIVITY_TASK_STARTED:
			attempts = int(e.GetActivityTaskStartedEventAttributes().GetAttempt())
		case enums.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			completed = true
		}
	}
	assert.True(t, completed)
	assert.Equal(t, 1, attempts, "the write finished on its first attempt: the stop did not cut it short")
}

func freeAddress(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

func getOps(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// waitReady polls /readyz until it answers code (and, for 503, names the failing check); it
// returns the failing checks of the last answer.
func waitReady(t *testing.T, addr string, code int, failing string) map[string]string {
	t.Helper()
	var got struct {
		Failed map[string]string `json:"failed"`
	}
	var last string
	require.Eventually(t, func() bool {
		c, body := getOps(t, addr, "/readyz")
		last = body
		got.Failed = nil
		_ = json.Unmarshal([]byte(body), &got)
		return c == code && (failing == "" || got.Failed[failing] != "")
	}, 2*time.Minute, 100*time.Millisecond, "/readyz never answered %d; last: %s", code, last)
	return got.Failed
}

// waitForAttempt waits until the workflow's pending activity is on its n-th attempt.
func waitForAttempt(t *testing.T, c client.Client, id string, n int32) {
	t.Helper()
	require.Eventually(t, func() bool {
		d, err := c.DescribeWorkflowExecution(context.Background(), id, "")
		if err != nil {
			return false
		}
		for _, a := range d.GetPendingActivities() {
			if a.GetAttempt() >= n {
				return true
			}
		}
		return false
	}, time.Minute, 100*time.Millisecond)
}

type families = map[string]*dto.MetricFamily

// scrapeUntil scrapes /metrics until cond holds, for up to half a minute, and returns the last.
func scrapeUntil(t *testing.T, addr string, cond func(families) bool) families {
	t.Helper()
	var last families
	require.Eventually(t, func() bool {
		last = scrape(t, addr)
		return cond(last)
	}, 30*time.Second, 100*time.Millisecond, "the metrics never showed it")
	return last
}

func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	var p expfmt.TextParser
	families, err := p.TextToMetricFamilies(resp.Body)
	require.NoError(t, err)
	return families
}

// value sums a family's series that carry the labels: a counter's or gauge's value, a
// histogram's count.
func value(families map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f, ok := families[name]
	if !ok {
		return 0
	}
	sum := 0.0
	for _, m := range f.GetMetric() {
		if !hasLabels(m, labels) {
			continue
		}
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	found := 0
	for _, l := range m.GetLabel() {
		if v, ok := want[l.GetName()]; ok && v == l.GetValue() {
			found++
		}
	}
	return found == len(want)
}
