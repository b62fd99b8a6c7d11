package faults

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/demo/scenario"
	"wenming/integration/e2e"
	"wenming/testenv/stacktest"
)

// killStretch slows the campaign down under SIGKILLs (every duration four times as long):
// each kill holds workflows up for seconds, where the in-process restarts of the demo's fault
// run cost less than one (faultStretch).
const killStretch = 4

// The demo campaign of 20 units runs through every phase on the in-process server and the
// real PostgreSQL, and ends with exactly the results the office expects, row by row, while
// everything under it fails: the worker process (the real binary) is killed with SIGKILL as
// every phase begins and at random points in between, and the server, which keeps its state
// in a SQLite file as in the dev stack, is stopped and started again twice (implementation,
// public notice). The worker and the CLI reconnect and every timer still fires.
func TestAWholeCampaign(t *testing.T) {
	t.Parallel() // the fault tests run side by side: each has its own stack or server and database
	server := e2e.StartFileServer(t)
	env := stacktest.New(t, stacktest.OnServer(server.Srv.Address), stacktest.WithoutWorker())
	w := e2e.StartWorkerProcess(t, env)
	d, out := e2e.NewDriver(t, env)
	// The campaign's windows (a stretched 32 s of implementation, say, with five submissions to
	// as many units) each see a kill or two: one as the phase begins, others 12 to 20 s after
	// each new worker polls.
	d.Stretch = killStretch
	k := e2e.Killer(t, w, 3, 12*time.Second, 8*time.Second)
	restarted := server.RestartDuringImplementationAndNotice(d)
	restartServer := d.OnStep
	d.OnStep = func(title string) {
		restartServer(title)
		k.AtStep(title)
	}
	k.Run()
	err := d.RunCampaign()
	k.Halt()
	require.NoError(t, err, out.String())
	assert.Len(t, *restarted, 2, "the server was restarted during implementation and the notice")
	k.Check(t, e2e.WorkerKills)
	e2e.CheckCampaignResults(t, d.Ctx, env.DB)
	// The titles conferred are in the register, the one revoked after naming as revoked.
	var register []string
	require.NoError(t, env.DB.Select(&register, `SELECT unit_id || ':' || status || ':' || document_no || ':' || name FROM titles
		WHERE campaign_id = $1 ORDER BY unit_id`, scenario.CampaignID))
	assert.Equal(t, []string{"education:revoked:" + scenario.NamingDocument + ":市直机关文明单位", "finance:active:" + scenario.NamingDocument + ":市直机关文明单位",
		"tax:active:" + scenario.NamingDocument + ":市直机关文明单位"}, register)

	// What the office sees around the results: the published notice, the decided
	// objections, the rectification history, the overdue tasks and the audit log.
	var n struct {
		Notices, Entries, Upheld, Reopened, Overdue, Checks, Rankings, Refusals int
	}
	require.NoError(t, env.DB.Get(&n.Notices, `SELECT count(*) FROM public_notices WHERE subject = 'campaign/civilized-units-demo' AND closed_at IS NOT NULL`))
	require.NoError(t, env.DB.Get(&n.Entries, `SELECT count(*) FROM notice_entries WHERE notice_id = 'campaign/civilized-units-demo/notice'`))
	require.NoError(t, env.DB.Get(&n.Upheld, `SELECT count(*) FROM objections WHERE decision = 'uphold' AND entry_id = 'housing'`))
	require.NoError(t, env.DB.Get(&n.Reopened, `SELECT reopened FROM rectification_notices WHERE unit_id = 'gov-office' AND notice_no = 2`))
	require.NoError(t, env.DB.Get(&n.Overdue, `SELECT count(*) FROM campaign_tasks WHERE overdue_flagged_at IS NOT NULL`))
	require.NoError(t, env.DB.Get(&n.Checks, `SELECT count(*) FROM supervision_checks`))
	require.NoError(t, env.DB.Get(&n.Rankings, `SELECT count(DISTINCT seq) FROM task_rankings`))
	require.NoError(t, env.DB.Get(&n.Refusals, `SELECT count(*) FROM audit_log WHERE NOT accepted`))
	assert.Equal(t, 1, n.Notices)
	assert.Equal(t, 5, n.Entries, "six proposed after the tie, one excluded by the discipline committee")
	assert.Equal(t, 1, n.Upheld)
	assert.Equal(t, 1, n.Reopened)
	assert.Positive(t, n.Overdue, "tasks past their deadline were flagged (通报)")
	assert.Positive(t, n.Checks)
	assert.Positive(t, n.Rankings)
	assert.Equal(t, 8, n.Refusals, "the veto from another plan's list, the late self-check, the below-line declaration, "+
		"the declarations of a unit holding a city title and of one without a prior honor, "+
		"the passed deadline without a reason, the wrong tie decision, the strike of a unit not on the list")

	var verified int
	require.NoError(t, env.DB.Get(&verified, `SELECT count(*) FROM rectification_notices WHERE status = 'verified'`))
	assert.Equal(t, 2, verified)
	assert.Contains(t, out.String(), "已收到过（提交编号")

	e2e.CheckCampaignReports(t, d)
}
