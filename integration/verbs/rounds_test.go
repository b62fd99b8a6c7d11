package verbs

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"wenming/integration/e2e"
	"wenming/testenv/stacktest"
)

// The schedules start one round of each kind; a pioneer round of 3 branches and a red-flag
// round of 9 run through on the in-process server and real PostgreSQL, and every row of
// round_results and honors is what the office expects.
func TestRoundsStartedBySchedules(t *testing.T) {
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	require.NoError(t, d.RunRounds(), out.String())
	pioneer, redflag := d.Rounds()

	// schedule apply twice left one schedule of each kind.
	iter, err := env.Client.ScheduleClient().List(d.Ctx, client.ScheduleListOptions{})
	require.NoError(t, err)
	var schedules []string
	for iter.HasNext() {
		e, err := iter.Next()
		require.NoError(t, err)
		schedules = append(schedules, e.ID)
	}
	sort.Strings(schedules)
	assert.Equal(t, []string{"annual-rounds", "pioneer-rounds", "redflag-rounds"}, schedules)
	assert.Contains(t, out.String(), "定期安排 pioneer-rounds 已更新")

	e2e.CheckRoundResults(t, d.Ctx, env.DB, pioneer, redflag)
	// violation record says what the late violation changed, round by round.
	assert.Contains(t, out.String(), "m0085 递补进入支部 b-service 的推荐名单")
	var effects int
	require.NoError(t, env.DB.Get(&effects, `SELECT count(*) FROM audit_log WHERE kind = 'violation-applied' AND target = $1`, pioneer))
	assert.Equal(t, 1, effects, "the audit log keeps what the violation did to the round")

	// Secrecy: the audit log says that branches voted, never how.
	var summaries []string
	require.NoError(t, env.DB.Select(&summaries, `SELECT summary FROM audit_log WHERE kind = 'ballot-sheet' AND accepted AND target LIKE $1 || '/%'
		ORDER BY target`, pioneer))
	assert.Equal(t, []string{"10 ballots from 10 members present", "12 ballots from 12 members present", "13 ballots from 13 members present"}, summaries)
	var strays int
	require.NoError(t, env.DB.Get(&strays, `SELECT count(*) FROM ballots b WHERE NOT EXISTS (SELECT 1 FROM ballot_sheets s WHERE s.copy_id = b.copy_id)`))
	assert.Zero(t, strays, "neither resent nor refused sheets leave ballots behind")
	var copies int
	require.NoError(t, env.DB.Get(&copies, `SELECT count(*) FROM ballot_copies WHERE round_id = $1`, pioneer))
	assert.Equal(t, 3, copies, "one copy for each sheet accepted, none for the refused or resent")
	var counted int
	require.NoError(t, env.DB.Get(&counted, `SELECT count(*) FROM ballots`))
	var announced int
	require.NoError(t, env.DB.Get(&announced, `SELECT sum(forms) FROM ballot_sheets`))
	assert.Equal(t, announced, counted, "every accepted sheet's forms, once")
	assert.Contains(t, out.String(), "已收到过（提交编号")

	e2e.CheckRoundReports(t, d, pioneer, redflag)

	// A score for a branch whose part has ended is refused with how it ended.
	std, err := d.LoadStandard("red-flag-branch")
	require.NoError(t, err)
	sheet, err := d.ScoreSheet("late-committee.csv", std, "90")
	require.NoError(t, err)
	code, text := e2e.Run(d.Ctx, d.Flags, "redflag", "assess", "--round", redflag, "--branch", "b-education", "--sheet", sheet, "--basis", "补充")
	assert.Equal(t, 2, code, "refused: %s", text)
	assert.Contains(t, text, "不予受理：支部 b-education 在评选 "+redflag+" 中的环节已结束：已考核测评")
}
