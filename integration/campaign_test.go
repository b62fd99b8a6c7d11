package integration

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/cli"
	"wenming/scenario"
	"wenming/store"
	"wenming/testenv/stacktest"
)

// newDriver runs the scenario's CLI verbs against the test's stack.
func newDriver(t *testing.T, env *stacktest.Env) (*scenario.Driver, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	// A bound, not a measure: the longest user, the campaign under SIGKILLs, takes 5 to 6 min.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	d := &scenario.Driver{Ctx: ctx, Out: &out, Client: env.Client, Root: "..", Dir: t.TempDir(),
		Flags: []string{"--address", env.Address, "--database-url", env.DBURL, "--task-queue", env.TaskQueue, "--by", "integration"}}
	// The demo's rosters, as its setup imports them: the windows are units, and the register of
	// titles held decides who may declare the unit title.
	for _, roster := range [][2]string{{"units", "units"}, {"units", "windows"}, {"branches", "branches"}, {"members", "members"}, {"titles", "titles"}} {
		require.Equal(t, 0, cli.Run(ctx, append([]string{"roster", "import", roster[0], "../examples/" + roster[1] + ".csv"}, d.Flags...), &out, &out), out.String())
	}
	return d, &out
}

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
	server := startFileServer(t)
	env := stacktest.New(t, stacktest.OnServer(server.srv.Address), stacktest.WithoutWorker())
	w := startWorkerProcess(t, env)
	d, out := newDriver(t, env)
	// The campaign's windows (a stretched 32 s of implementation, say, with five submissions to
	// as many units) each see a kill or two: one as the phase begins, others 12 to 20 s after
	// each new worker polls.
	d.Stretch = killStretch
	k := killer(t, w, 3, 12*time.Second, 8*time.Second)
	restarted := server.restartDuringImplementationAndNotice(d)
	restartServer := d.OnStep
	d.OnStep = func(title string) {
		restartServer(title)
		k.atStep(title)
	}
	k.run()
	err := d.RunCampaign()
	k.halt()
	require.NoError(t, err, out.String())
	assert.Len(t, *restarted, 2, "the server was restarted during implementation and the notice")
	k.check(t, workerKills)
	checkCampaignResults(t, d.Ctx, env.DB)
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

	checkCampaignReports(t, d)
}

// checkCampaignResults compares campaign_results with the demo campaign's expected rows.
func checkCampaignResults(t *testing.T, ctx context.Context, db *sqlx.DB) {
	t.Helper()
	rows, err := store.Results(ctx, db, scenario.CampaignID)
	require.NoError(t, err)
	require.Len(t, rows, len(scenario.CampaignResults))
	str := func(p interface{ String() string }, isNil bool) string {
		if isNil {
			return ""
		}
		return p.String()
	}
	for _, r := range rows {
		want, ok := scenario.CampaignResults[r.UnitID]
		require.True(t, ok, r.UnitID)
		rank := 0
		if r.Rank != nil {
			rank = *r.Rank
		}
		got := scenario.Expect{Outcome: r.Outcome, Rank: rank,
			Self: str(r.SelfBase, r.SelfBase == nil), Actual: str(r.ActualBase, r.ActualBase == nil),
			Bonus: str(r.Bonus, r.Bonus == nil), Total: str(r.Total, r.Total == nil)}
		assert.Equal(t, want, got, r.UnitID)
		assert.NotEmpty(t, r.Reason, r.UnitID)
		// The deciding body's document is on every name it decided: named, later revoked, struck.
		doc := ""
		if r.DocumentNo != nil {
			doc = *r.DocumentNo
		}
		if r.Outcome == "named" || r.Outcome == "revoked" || r.UnitID == "hr-social" {
			assert.Equal(t, scenario.NamingDocument, doc, r.UnitID)
		} else {
			assert.Empty(t, doc, r.UnitID)
		}
	}
}
