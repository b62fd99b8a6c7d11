package workflows

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/sdk/testsuite"

	"wenming/activities"
	"wenming/msg"
	"wenming/testenv/english"
)

func noticeEnv(t *testing.T) *testsuite.TestWorkflowEnvironment {
	env, a := activityEnv()
	env.OnActivity(a.PublishNotice, mock.Anything, mock.MatchedBy(func(n activities.PublicNotice) bool {
		return n.EndsAt.Equal(start.Add(5*24*time.Hour)) && len(n.Entries) == 3
	})).Return(nil).Once()
	env.OnActivity(a.CloseNotice, mock.Anything, mock.Anything).Return(nil).Once()
	return env
}

var fiveDays = NoticeInput{NoticeID: "campaign/c1/notice", Subject: "campaign/c1", Title: "拟命名名单",
	Entries: []string{"finance", "tax", "health"}, Length: 5 * 24 * time.Hour, RemindEvery: 24 * time.Hour, Timezone: "Asia/Shanghai"}

func TestObjectionsUpheldAndDismissed(t *testing.T) {
	env := noticeEnv(t)
	a := &activities.Activities{}
	env.OnActivity(a.RecordObjection, mock.Anything, mock.Anything).Return(nil).Twice()
	env.OnActivity(a.DecideObjection, mock.Anything, mock.Anything).Return(nil).Twice()
	o := map[string]*outcome{}
	step := func(offset time.Duration, name, update string, arg any) {
		at(env, offset, func() { o[name] = send(env, "", update, arg) })
	}
	step(time.Hour, "not listed", UpdateFileObjection, ObjectionRequest{Submission: sub("o0"), Entry: "water", Reason: "x"})
	step(2*time.Hour, "no reason", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "tax"})
	step(3*time.Hour, "against tax", UpdateFileObjection, ObjectionRequest{Submission: sub("o2"), Entry: "tax", Reason: "窗口服务态度差，群众多次投诉", Contact: "138"})
	step(4*time.Hour, "against tax again", UpdateFileObjection, ObjectionRequest{Submission: sub("o2"), Entry: "tax", Reason: "窗口服务态度差，群众多次投诉"})
	step(5*time.Hour, "against health", UpdateFileObjection, ObjectionRequest{Submission: sub("o3"), Entry: "health", Reason: "匿名举报"})
	step(6*time.Hour, "undecidable", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d0"), Objection: 1, Decision: "maybe", Note: "x"})
	step(7*time.Hour, "no note", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d1"), Objection: 1, Decision: "uphold"})
	step(8*time.Hour, "uphold", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d2"), Objection: 1, Decision: "uphold", Note: "经核实属实"})
	step(9*time.Hour, "uphold again", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d2"), Objection: 1, Decision: "uphold", Note: "经核实属实"})
	step(10*time.Hour, "decided already", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d3"), Objection: 1, Decision: "dismiss", Note: "x"})
	step(11*time.Hour, "no such objection", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d4"), Objection: 7, Decision: "dismiss", Note: "x"})
	step(5*24*time.Hour+time.Hour, "after the end", UpdateFileObjection, ObjectionRequest{Submission: sub("o4"), Entry: "finance", Reason: "迟到的异议"})
	var waiting NoticeStatus
	at(env, 6*24*time.Hour, func() { waiting = statusOf[NoticeStatus](t, env, "") })
	step(6*24*time.Hour+time.Hour, "dismiss", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d5"), Objection: 2, Decision: "dismiss", Note: "查无实据"})

	env.ExecuteWorkflow(PublicNotice, fiveDays)
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	env.AssertExpectations(t)

	rejected(t, o["not listed"], "water is not on the published list (finance, tax, health)")
	rejected(t, o["no reason"], "an objection needs its reason")
	accepted(t, o["against tax"], "objection 1 against tax filed")
	assert.Equal(t, 1, o["against tax"].receipt.Number)
	resent(t, o["against tax again"])
	accepted(t, o["against health"], "objection 2 against health filed")
	rejected(t, o["undecidable"], `decide "maybe": use uphold (removes tax) or dismiss (keeps it)`)
	rejected(t, o["no note"], "a decision needs a note")
	accepted(t, o["uphold"], "objection 1 upheld: tax is removed from the list")
	resent(t, o["uphold again"])
	rejected(t, o["decided already"], "objection 1 was already decided: upheld")
	rejected(t, o["no such objection"], "there is no objection 7 (objections filed: 2)")
	rejected(t, o["after the end"], "the public notice ended at 2026-03-07 09:00 CST; objections are no longer taken")
	accepted(t, o["dismiss"], "objection 2 dismissed: health stays on the list")

	assert.True(t, waiting.Ended)
	assert.Equal(t, 1, waiting.Undecided, "the notice waited a day past its end for the undecided objection")
	var res NoticeResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Equal(t, []string{"tax"}, res.Removed)
	assert.Equal(t, 2, res.Objections)
	assert.Equal(t, start.Add(6*24*time.Hour+time.Hour), res.EndedAt.UTC(), "closed when the last objection was decided")
}

// A notice begun when the office's time to decide made an objection lapse (DecideWithin) no
// longer lets it lapse from objectionsLapseNoMore: past its time the objection is overdue, the
// notice waits on, and the office's late decision is taken, not the system's.
func TestAnObjectionPastItsTimeNoLongerLapses(t *testing.T) {
	env := noticeEnv(t)
	a := &activities.Activities{}
	env.OnActivity(a.RecordObjection, mock.Anything, mock.Anything).Return(nil).Once()
	var decisions []activities.ObjectionDecision
	env.OnActivity(a.DecideObjection, mock.Anything, mock.Anything).Run(func(args mock.Arguments) {
		decisions = append(decisions, args.Get(1).(activities.ObjectionDecision))
	}).Return(nil).Once()
	var reminded []activities.OverdueReminder
	env.OnActivity(a.RemindOverdue, mock.Anything, mock.Anything).Return(func(_ context.Context, r activities.OverdueReminder) error {
		reminded = append(reminded, r)
		return nil
	})
	in := fiveDays
	in.DecideWithin = 24 * time.Hour
	var filed, decided *outcome
	at(env, time.Hour, func() {
		filed = send(env, "", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "tax", Reason: "窗口服务态度差"})
	})
	var overdue NoticeStatus
	at(env, 7*24*time.Hour, func() { overdue = statusOf[NoticeStatus](t, env, "") })
	at(env, 8*24*time.Hour, func() {
		decided = send(env, "", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d1"), Objection: 1, Decision: "dismiss", Note: "查无实据"})
	})

	env.ExecuteWorkflow(PublicNotice, in)
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	env.AssertExpectations(t)
	accepted(t, filed, "objection 1 against tax filed")
	assert.Equal(t, start.Add(6*24*time.Hour), overdue.OverdueSince, "overdue a day after the notice's end, not lapsed")
	assert.Equal(t, 1, overdue.Undecided)
	require.GreaterOrEqual(t, len(reminded), 2, "the office is reminded when they go overdue and on every day after")
	assert.Equal(t, activities.OverdueReminder{CampaignID: "campaign/c1/notice", Kind: "overdue-objections", Seq: 1, At: start.Add(6 * 24 * time.Hour),
		Text: msg.Say("reminder.overdue.objections", "Notice", "campaign/c1/notice", "N", 1, "Since", msg.At{T: start.Add(6 * 24 * time.Hour), TZ: "Asia/Shanghai"})}, reminded[0])
	assert.Equal(t, start.Add(7*24*time.Hour), reminded[1].At)
	accepted(t, decided, "objection 1 dismissed")
	require.Len(t, decisions, 1)
	assert.Equal(t, activities.Dismiss, decisions[0].Decision)
	assert.NotEqual(t, "system", decisions[0].By)
	var res NoticeResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Empty(t, res.Withheld, "nothing held back by the clock")
}

func TestANoticeWithoutObjectionsClosesOnTime(t *testing.T) {
	env := noticeEnv(t)
	env.ExecuteWorkflow(PublicNotice, fiveDays)
	require.NoError(t, env.GetWorkflowError())
	var res NoticeResult
	require.NoError(t, env.GetWorkflowResult(&res))
	assert.Empty(t, res.Removed)
	assert.Equal(t, start.Add(5*24*time.Hour), res.EndedAt.UTC())
	env.AssertExpectations(t)
}

// An objection filed as the notice starts, while the list is still being posted, waits for
// the posting and is recorded against the posted list, not refused by the database.
func TestAnObjectionAsTheNoticeStartsWaitsForTheList(t *testing.T) {
	env, a := activityEnv()
	var posted, recorded time.Time
	env.OnActivity(a.PublishNotice, mock.Anything, mock.Anything).After(time.Hour).
		Run(func(mock.Arguments) { posted = env.Now() }).Return(nil).Once()
	env.OnActivity(a.RecordObjection, mock.Anything, mock.Anything).
		Run(func(mock.Arguments) { recorded = env.Now() }).Return(nil).Once()
	env.OnActivity(a.DecideObjection, mock.Anything, mock.Anything).Return(nil).Once()
	env.OnActivity(a.CloseNotice, mock.Anything, mock.Anything).Return(nil).Once()
	var filed, decided *outcome
	at(env, 10*time.Minute, func() {
		filed = send(env, "", UpdateFileObjection, ObjectionRequest{Submission: sub("o1"), Entry: "tax", Reason: "公示第一时间收到的举报"})
	})
	at(env, 2*time.Hour, func() {
		decided = send(env, "", UpdateDecideObjection, ObjectionDecisionRequest{Submission: sub("d1"), Objection: 1, Decision: "dismiss", Note: "查无实据"})
	})

	env.ExecuteWorkflow(PublicNotice, fiveDays)
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	env.AssertExpectations(t)
	accepted(t, filed, "objection 1 against tax filed")
	accepted(t, decided, "objection 1 dismissed")
	require.False(t, recorded.IsZero())
	assert.False(t, recorded.Before(posted), "recorded at %s, after the list was posted at %s", recorded, posted)
}

// The Web UI lists a workflow's queries and updates with their descriptions, from the
// workflow's metadata query: they are Chinese.
func TestHandlersAreDescribedInChinese(t *testing.T) {
	env := noticeEnv(t)
	var meta sdkpb.WorkflowMetadata
	at(env, time.Hour, func() {
		v, err := env.QueryWorkflow("__temporal_workflow_metadata")
		require.NoError(t, err)
		require.NoError(t, v.Get(&meta))
	})
	env.ExecuteWorkflow(PublicNotice, fiveDays)
	require.NoError(t, env.GetWorkflowError())
	described := map[string]string{}
	for _, q := range meta.GetDefinition().GetQueryDefinitions() {
		described[q.GetName()] = q.GetDescription()
	}
	for _, u := range meta.GetDefinition().GetUpdateDefinitions() {
		described[u.GetName()] = u.GetDescription()
	}
	for _, name := range []string{QueryStatus, UpdateFileObjection, UpdateDecideObjection} {
		assert.Equal(t, msg.Say("handler."+name).String(), described[name], name)
		assert.NotEmpty(t, described[name], name)
		assert.Empty(t, english.Runs(described[name]), name)
	}
}

// Every query and update of every workflow has its description in both languages.
func TestEveryHandlerHasADescription(t *testing.T) {
	for _, name := range []string{QueryStatus, UpdateVeto, UpdateResolveTie, UpdateExtendDeadline, UpdateFileObjection,
		UpdateDecideObjection, UpdateBallotSheet, UpdateSelfReport, UpdateAssess, UpdateApprove, UpdateTaskReport,
		UpdateSelfCheck, UpdateDeclare, UpdateInspect, UpdateRectify} {
		assert.True(t, msg.Has(msg.Chinese, "handler."+name), "%s has no Chinese description", name)
		assert.True(t, msg.Has(msg.English, "handler."+name), "%s has no English description", name)
	}
}
