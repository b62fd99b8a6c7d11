package workflows

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"wenming/activities"
	"wenming/rules/title"
	"wenming/zones"
)

// A title through its term: a return of a certificate not taken back is refused; warned;
// ordered to rectify, overdue and brought back to the office on the cadence; the certificate
// taken back and returned; a re-inspection brought to the office when due; renewed after it (a
// new term); and expired when the renewed term ends. Every decision is written to the register
// first.
func TestATitleLivesThroughItsTerm(t *testing.T) {
	env, a := activityEnv()
	var written []activities.TitleAction
	env.OnActivity(a.ActOnTitle, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.TitleAction) (activities.TitleResult, error) {
		written = append(written, in)
		prev := title.Active
		if n := len(written); n > 1 {
			prev = written[n-2].Action.Leads()
		}
		next, ok := title.Next(prev, in.Action)
		require.True(t, ok, "%s from %s", in.Action, prev)
		return activities.TitleResult{Status: next, TermEnd: in.TermEnd}, nil
	})
	var reminded []activities.TitleReminder
	env.OnActivity(a.RemindOverdueRectification, mock.Anything, mock.Anything).Return(func(_ context.Context, r activities.TitleReminder) error {
		reminded = append(reminded, r)
		return nil
	})
	var due []activities.TitleReminder
	env.OnActivity(a.RemindReinspection, mock.Anything, mock.Anything).Return(func(_ context.Context, r activities.TitleReminder) error {
		due = append(due, r)
		return nil
	})
	o := map[string]*outcome{}
	decide := func(key string, at time.Duration, r TitleRequest) {
		if r.ID == "" {
			r.Submission = sub(key)
		}
		if r.Reason == "" && key != "no reason" {
			r.Reason = "理由"
		}
		env.RegisterDelayedCallback(func() { o[key] = send(env, "", UpdateTitle, r) }, at)
	}
	var overdue, renewed TitleStatus
	decide("restore first", time.Hour, TitleRequest{Action: title.Restore})
	decide("no reason", time.Hour, TitleRequest{Action: title.Warn})
	decide("warn", 2*time.Hour, TitleRequest{Action: title.Warn, Document: "市直工委〔2027〕3号"})
	decide("rectify without time", 2*time.Hour+time.Minute, TitleRequest{Action: title.Rectify})
	decide("rectify", 2*time.Hour+2*time.Minute, TitleRequest{Action: title.Rectify, Within: time.Hour})
	env.RegisterDelayedCallback(func() { overdue = titleStatus(t, env) }, 4*time.Hour+30*time.Minute)
	decide("suspend", 5*time.Hour, TitleRequest{Action: title.Suspend})
	decide("restore", 5*time.Hour+30*time.Minute, TitleRequest{Action: title.Restore})
	decide("expire by hand", 6*time.Hour, TitleRequest{Action: title.Expire})
	decide("renew", 7*time.Hour, TitleRequest{Action: title.Renew})
	decide("renew again", 7*time.Hour+time.Minute, TitleRequest{Submission: sub("renew"), Action: title.Renew})
	env.RegisterDelayedCallback(func() { renewed = titleStatus(t, env) }, 8*time.Hour)
	env.ExecuteWorkflow(Title, TitleInput{TitleID: 7, Kind: "civilized-unit", Unit: "finance", Name: "市直机关文明单位", Status: title.Active,
		TermEnd: start.Add(10 * time.Hour), Term: 10 * time.Hour, Reinspections: []time.Time{start.Add(6 * time.Hour)},
		RemindEvery: time.Hour, Timezone: "Asia/Shanghai"})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())

	rejected(t, o["restore first"], `the title "市直机关文明单位" is 有效: it cannot be given a certificate returned (only when 收回证书)`)
	rejected(t, o["no reason"], "give the reason with --reason")
	accepted(t, o["warn"], `finance's "市直机关文明单位": 警告`)
	rejected(t, o["rectify without time"], "a rectification order needs its time with --within")
	accepted(t, o["rectify"], "rectify by "+start.Add(3*time.Hour+2*time.Minute).In(zones.Location("Asia/Shanghai")).Format("2006-01-02 15:04")+" CST")
	assert.Equal(t, title.Rectifying, overdue.Status)
	assert.Equal(t, 2, overdue.Reminders, "overdue at 3h02 and again at 4h02: brought back to the office on the cadence")
	require.Len(t, reminded, 2, "each reminder written to the office's outbox")
	assert.Equal(t, activities.TitleReminder{TitleID: 7, N: 2, At: start.Add(4*time.Hour + 2*time.Minute)}, reminded[1])
	assert.Equal(t, []activities.TitleReminder{{TitleID: 7, N: 1, At: start.Add(6 * time.Hour)}}, due,
		"the re-inspection due at 6h is written to the office's outbox")
	accepted(t, o["suspend"], "收回证书")
	accepted(t, o["restore"], "有效")
	rejected(t, o["expire by hand"], "a title expires when its term ends")
	accepted(t, o["renew"], "the new term runs to "+start.Add(20*time.Hour).In(zones.Location("Asia/Shanghai")).Format("2006-01-02 15:04")+" CST")
	resent(t, o["renew again"])
	assert.Equal(t, title.Renewed, renewed.Status)
	assert.Equal(t, start.Add(20*time.Hour), renewed.TermEnd)

	var actions []title.Action
	for _, w := range written {
		actions = append(actions, w.Action)
	}
	assert.Equal(t, []title.Action{title.Warn, title.Rectify, title.Suspend, title.Restore, title.Renew, title.Expire}, actions)
	assert.Equal(t, "市直工委〔2027〕3号", written[0].Document)
	assert.Equal(t, start.Add(3*time.Hour+2*time.Minute), written[1].RectifyBy)
	assert.Equal(t, start.Add(20*time.Hour), written[5].At, "expired when the renewed term ended")
	assert.Equal(t, "system", written[5].By)
}

// A veto after naming revokes the title at once, with the veto as the reason; the workflow ends.
func TestAVetoRevokesATitleAndItsWorkflowEnds(t *testing.T) {
	env, a := activityEnv()
	env.OnActivity(a.ActOnTitle, mock.Anything, mock.MatchedBy(func(in activities.TitleAction) bool {
		return in.Action == title.Revoke && in.Reason == "一票否决: 干部职工发生刑事犯罪"
	})).Return(activities.TitleResult{Status: title.Revoked}, nil).Once()
	var o, after *outcome
	env.RegisterDelayedCallback(func() {
		o = send(env, "", UpdateTitle, TitleRequest{Submission: sub("v1"), Action: title.Revoke, Reason: "一票否决: 干部职工发生刑事犯罪"})
	}, time.Hour)
	env.ExecuteWorkflow(Title, TitleInput{TitleID: 7, Kind: "civilized-unit", Unit: "finance", Name: "市直机关文明单位", Status: title.Active,
		TermEnd: start.Add(730 * 24 * time.Hour), Timezone: "Asia/Shanghai"})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	env.AssertExpectations(t)
	accepted(t, o, "撤销")
	assert.Nil(t, after)
	assert.Less(t, env.Now().Sub(start), 2*time.Hour, "the workflow ended with the revocation, not at the term's end")
}

func titleStatus(t *testing.T, env *testsuite.TestWorkflowEnvironment) TitleStatus {
	return statusOf[TitleStatus](t, env, "")
}
