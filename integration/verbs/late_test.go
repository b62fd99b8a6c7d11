package verbs

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/integration/e2e"
	"wenming/msg"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// A sheet that comes after the branch's voting closed, while the round still runs (it waits
// for the committee), is refused with the deadline as the reason (exit status 2), and the
// refusal is in the audit log; the round then ends with the sheet not counted.
func TestASheetAfterTheVotingClosedIsRefusedWithTheDeadline(t *testing.T) {
	t.Parallel()
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	const period = "2023-Q3" // no other test of the shared server runs this quarter
	// Long enough for the first sheet to arrive on a loaded machine; the test waits it out.
	round := startVoting(t, d, out, period, "20s")
	// A branch with no sheet yet has no workflow: its status says it waits for the sheet.
	code, text := e2e.Run(d.Ctx, d.Flags, "round", "status", round, "--branch", "b-service")
	require.Equal(t, 0, code, text)
	assert.Contains(t, text, "支部 b-service 尚未提交 "+round+" 的测评表")
	finance, financePresent, err := d.BallotSheet("b-finance")
	require.NoError(t, err)
	require.NoError(t, d.Run("ballots", "import", finance, "--round", round, "--branch", "b-finance", "--present", strconv.Itoa(financePresent)), out.String())

	// b-service hands in nothing: at its deadline its voting closes and the round goes on to
	// the committee, which it now waits for.
	require.NoError(t, d.WaitRound(round, "the committee", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundCommittee }), out.String())
	var status workflows.BranchStatus
	v, err := env.Client.QueryWorkflow(d.Ctx, workflows.BranchWorkflowID(round, "b-service"), "", workflows.QueryStatus)
	require.NoError(t, err)
	require.NoError(t, v.Get(&status))
	require.Equal(t, msg.Say("settled.branch.no_sheet").String(), status.Settled, "截止时未提交测评表")

	service, servicePresent, err := d.BallotSheet("b-service")
	require.NoError(t, err)
	code, text = e2e.Run(d.Ctx, d.Flags, "ballots", "import", service, "--round", round, "--branch", "b-service", "--present", strconv.Itoa(servicePresent), "--id", "late-sheet")
	assert.Equal(t, 2, code, text)
	// In the office's words and time zone: 投票已于 2026年12月2日 22:56:45 截止，…
	reason := msg.Say("refuse.sheet.late", "Closed", msg.At{T: status.Deadline, TZ: "Asia/Shanghai"}, "Branch", "b-service").String()
	assert.Contains(t, reason, "投票已于 "+status.Deadline.In(e2e.MustLoad("Asia/Shanghai")).Format("2006年1月2日 15:04"))
	assert.Equal(t, "错误：不予受理："+reason, strings.TrimSpace(text))
	var audited string
	require.NoError(t, env.DB.Get(&audited, `SELECT reason FROM audit_log WHERE submission_id = 'late-sheet' AND target = $1 AND NOT accepted`, workflows.BranchWorkflowID(round, "b-service")))
	assert.Equal(t, reason, audited)
	// Ballots travel one way: the late sheet was copied in, and its copy went in the group's
	// transaction that refused it, while the round still runs.
	var late int
	require.NoError(t, env.DB.Get(&late, `SELECT count(*) FROM ballot_copies WHERE round_id = $1 AND branch_id = 'b-service'`, round))
	assert.Zero(t, late, "the refused copy is gone with its answer")

	require.NoError(t, d.Run("round", "approve", "--round", round), out.String())
	require.NoError(t, env.Client.GetWorkflow(d.Ctx, round, "").Get(d.Ctx, nil), out.String())
	var sheets int
	require.NoError(t, env.DB.Get(&sheets, `SELECT count(*) FROM ballot_sheets WHERE round_id = $1`, round))
	assert.Equal(t, 1, sheets, "only the sheet in time")
}

// startVoting starts, by hand, a pioneer round of the period over b-finance and b-service with
// the voting window given, and waits until it takes sheets; it returns the round's id.
func startVoting(t *testing.T, d *e2e.Driver, out fmt.Stringer, period, voting string) string {
	t.Helper()
	schedules, err := d.Write("schedules.yaml", "timezone: Asia/Shanghai\npioneer:\n  cron: \"0 9 1 1,4,7,10 *\"\n"+
		"  voting: "+voting+"\n  share: 30%\n  notice: 1s\n  branches: [b-finance, b-service]\n")
	require.NoError(t, err)
	require.NoError(t, d.Run("round", "start", "pioneer", "--period", period, "--schedules", schedules, "--standards", d.Path("standards")), out.String())
	round := workflows.RoundWorkflowID(workflows.KindPioneer, period)
	require.NoError(t, d.WaitRound(round, "voting", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundVoting }), out.String())
	return round
}

// `ballots import-all` hands a group its sheets in one message; the group answers each: a
// sheet it refuses (here: its branch handed in another before) is reported at its line of
// the manifest, and the others of the group are accepted all the same.
func TestAManifestsSheetsAreAnsweredOneByOne(t *testing.T) {
	t.Parallel()
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	const period = "2023-Q1" // no other test of the shared server runs this quarter
	round := startVoting(t, d, out, period, "60s")
	finance, financePresent, err := d.BallotSheet("b-finance")
	require.NoError(t, err)
	require.NoError(t, d.Run("ballots", "import", finance, "--round", round, "--branch", "b-finance", "--present", strconv.Itoa(financePresent),
		"--id", "finance-first"), out.String())
	service, servicePresent, err := d.BallotSheet("b-service")
	require.NoError(t, err)
	// The manifest lists b-finance's sheet with one member more present: another sheet.
	manifest, err := d.Write("manifest.csv", fmt.Sprintf("branch,sheet,present\nb-finance,%s,%d\nb-service,%s,%d\n",
		filepath.Base(finance), financePresent+1, filepath.Base(service), servicePresent))
	require.NoError(t, err)
	code, text := e2e.Run(d.Ctx, d.Flags, "ballots", "import-all", manifest, "--round", round)
	assert.Equal(t, 2, code, text)
	assert.Contains(t, text, "b-service: 已受理")
	assert.Regexp(t, `manifest\.csv.*第 ?2 ?行.*支部 b-finance 已提交过测评表（提交编号 finance-first）`, text)
	var sheets []string
	require.NoError(t, env.DB.Select(&sheets, `SELECT branch_id || ':' || submission_id FROM ballot_sheets WHERE round_id = $1 ORDER BY branch_id`, round))
	require.Len(t, sheets, 2)
	assert.Equal(t, "b-finance:finance-first", sheets[0], "the first sheet stands")
	assert.True(t, strings.HasPrefix(sheets[1], "b-service:"), "b-service's sheet accepted with the refused one: %v", sheets)
	// No copy but the accepted ones is left (the office made none for b-finance's second
	// sheet: its branch had one accepted).
	var copies []string
	require.NoError(t, env.DB.Select(&copies, `SELECT c.branch_id || ':' || c.submission_id FROM ballot_copies c
		JOIN ballot_sheets s ON s.copy_id = c.copy_id WHERE c.round_id = $1 ORDER BY 1`, round))
	var all int
	require.NoError(t, env.DB.Get(&all, `SELECT count(*) FROM ballot_copies WHERE round_id = $1`, round))
	assert.Equal(t, len(copies), all, "only accepted copies are left: %v", copies)
	require.NoError(t, d.WaitRound(round, "the committee", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundCommittee }), out.String())
}
