package verbs

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/integration/e2e"
	"wenming/office"
	"wenming/rules/schedule"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// The office is what the CLI does, called directly as the demo, the bench and the portal call
// it: a round the CLI opened is "already" open for the office; an approval before the
// committee's turn is a refused receipt in the catalogue's words, kept in the audit log; the
// same approval when it is the committee's turn is accepted under the same submission id,
// and the CLI, sending the same approval, is answered that it was received before.
func TestTheOfficeAndTheCLIAreOne(t *testing.T) {
	t.Parallel()
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	const period = "2022-Q3" // no other test of the shared server runs this quarter
	round := startVoting(t, d, out, period, "15s")
	o := office.New(office.Opened{Client: env.Client, DB: env.DB}, "办公室")
	o.TaskQueue = env.TaskQueue

	started, err := o.OpenRound(d.Ctx, schedule.Pioneer, period, schedule.Config{})
	require.NoError(t, err)
	assert.Equal(t, office.Started{Workflow: round, Already: true}, started)

	early, err := o.Approve(d.Ctx, office.Approval{Round: round})
	require.NoError(t, err)
	assert.Equal(t, office.Refused, early.Status)
	assert.Equal(t, "refuse.round.not_committee", early.Said.ID)
	require.Error(t, early.Err(), "a refusal is an error for a client that stops at one")
	var audited string
	require.NoError(t, env.DB.Get(&audited, `SELECT reason FROM audit_log
		WHERE submission_id = $1 AND target = $2 AND actor = '办公室' AND NOT accepted`, early.SubmissionID, round))
	assert.Equal(t, early.Said.String(), audited)

	finance, present, err := d.BallotSheet("b-finance")
	require.NoError(t, err)
	require.NoError(t, d.Run("ballots", "import", finance, "--round", round, "--branch", "b-finance", "--present", strconv.Itoa(present)), out.String())
	require.NoError(t, d.WaitRound(round, "the committee", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundCommittee }), out.String())

	approved, err := o.Approve(d.Ctx, office.Approval{Round: round})
	require.NoError(t, err)
	assert.Equal(t, office.Accepted, approved.Status, approved.Said.String())
	assert.Equal(t, early.SubmissionID, approved.SubmissionID, "the same act, sent again")
	assert.NoError(t, approved.Err())

	again, err := o.Approve(d.Ctx, office.Approval{Round: round})
	require.NoError(t, err)
	assert.Equal(t, office.Receipt{SubmissionID: approved.SubmissionID, Status: office.AlreadyReceived}, again)

	code, text := e2e.Run(d.Ctx, d.Flags, "round", "approve", "--round", round)
	assert.Equal(t, 0, code, text)
	assert.Contains(t, text, "已收到过（提交编号 "+approved.SubmissionID+"），未作改动")
}
