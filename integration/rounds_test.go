package integration

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"wenming/scenario"
	"wenming/store"
	"wenming/testenv/stacktest"
)

// The schedules start one round of each kind; a pioneer round of 3 branches and a red-flag
// round of 9 run through on the in-process server and real PostgreSQL, and every row of
// round_results and honors is what the office expects.
func TestRoundsStartedBySchedules(t *testing.T) {
	env := stacktest.New(t)
	d, out := newDriver(t, env)
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

	checkRoundResults(t, d.Ctx, env.DB, pioneer, redflag)
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

	checkRoundReports(t, d, pioneer, redflag)
}

func expectOf(r store.RoundResult) scenario.RoundExpect {
	e := scenario.RoundExpect{Outcome: r.Outcome}
	if r.Rank != nil {
		e.Rank = *r.Rank
	}
	if r.Score != nil {
		e.Score = r.Score.String()
	}
	return e
}

// checkRoundResults compares round_results and honors with the demo rounds' expected rows.
func checkRoundResults(t *testing.T, ctx context.Context, db *sqlx.DB, pioneer, redflag string) {
	t.Helper()
	rows, err := store.RoundResults(ctx, db, pioneer)
	require.NoError(t, err)
	want := scenario.DemoPioneerResults()
	require.Len(t, rows, len(want))
	for _, r := range rows {
		assert.Equal(t, want[r.SubjectID], expectOf(r), r.SubjectID)
		assert.Equal(t, r.SubjectID, *r.MemberID)
	}

	rows, err = store.RoundResults(ctx, db, redflag)
	require.NoError(t, err)
	flags := scenario.RedFlagResults(pioneer, redflag)
	require.Len(t, rows, len(flags))
	for _, r := range rows {
		assert.Equal(t, flags[r.SubjectID], expectOf(r), r.SubjectID)
		assert.Nil(t, r.MemberID)
	}

	honors, err := store.Honors(ctx, db, 0)
	require.NoError(t, err)
	var got []string
	for _, h := range honors {
		if h.Consecutive > 0 { // the rounds' honors; a title the year-end round conferred by nomination counts none
			got = append(got, fmt.Sprintf("%s %s %d", h.Kind, h.SubjectID, h.Consecutive))
		}
	}
	sort.Strings(got)
	assert.Equal(t, scenario.RoundHonors, got)
}
