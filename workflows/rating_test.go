package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/input/sheet"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/grade"
	"wenming/rules/points"
	"wenming/rules/standard"
)

// deductions is a courtyard-hygiene sheet: one row per problem found (item,severity,deduction).
func deductions(t *testing.T, std *standard.Standard, rows ...string) standard.Sheet {
	t.Helper()
	tbl, err := sheet.ReadCSV("sheet.csv", strings.NewReader("item,severity,deduction\n"+strings.Join(rows, "\n")+"\n"))
	require.NoError(t, err)
	sh, err := std.ReadSheet(tbl)
	require.NoError(t, err)
	return sh
}

func ratingPlan() campaign.Plan {
	return campaign.Plan{ID: "courtyard", Title: "庭院卫生星级评定", StandardID: "courtyard-hygiene", Timezone: "Asia/Shanghai",
		Units: []string{"finance", "tax"}, GroupSize: 200,
		Timeline: campaign.Timeline{ProgressEvery: 10 * time.Minute, SmallFix: campaign.FixRule{Within: 10 * time.Minute}, BigFix: campaign.FixRule{Within: time.Hour}},
		Rating: &campaign.RatingPlan{
			Rounds: []campaign.CheckRound{
				{ID: "r1", Name: "第1轮检查", Opens: start.Add(time.Hour), Due: start.Add(90 * time.Minute)},
				{ID: "r2", Name: "第2轮检查", Opens: start.Add(2 * time.Hour), Due: start.Add(150 * time.Minute)},
			},
			Grades: grade.Bands{{Name: "五星", Min: points.Of(95)}, {Name: "四星", Min: points.Of(90)}},
		}}
}

// A rating campaign takes each round's inspections only while the round is open, once per
// unit; a round past its time is overdue and reminded, never closed for the inspectors; the
// office leaves a unit out only with a reason; each round closes on its own once every unit is
// accounted for, the grades carried from the round before; the campaign ends once every
// rectification it ordered is verified.
func TestARatingCampaignRunsItsRoundsAndWaitsForPeople(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	std := loadStandard(t, "courtyard-hygiene")
	a := &activities.Activities{}
	env.RegisterActivity(a)
	env.OnActivity(a.LoadStandard, mock.Anything, activities.StandardRef{ID: "courtyard-hygiene"}).Return(std, nil).Once()
	env.OnActivity(a.RegisterRating, mock.Anything, mock.Anything).Return(nil).Once()
	notice := activities.RectificationRef{No: 1, Size: activities.Small, Status: "open", Deadline: start.Add(75 * time.Minute)}
	plan := ratingPlan()
	env.OnActivity(a.RecordCheckScore, mock.Anything, mock.MatchedBy(func(c activities.CheckScore) bool {
		return c.UnitID == "tax" && c.CheckID == "r1" && c.Result.Total.String() == "99.5" && len(c.Findings) == 1 && c.Findings[0].Item == "3" &&
			c.SmallFix == plan.Timeline.SmallFix && c.BigFix == plan.Timeline.BigFix && c.Timezone == plan.Timezone
	})).Return(activities.InspectionResult{Rectifications: []activities.RectificationRef{notice}}, nil).Once()
	env.OnActivity(a.RecordCheckScore, mock.Anything, mock.MatchedBy(func(c activities.CheckScore) bool {
		return c.UnitID == "finance" && len(c.Findings) == 0
	})).Return(activities.InspectionResult{}, nil).Twice()
	var closes []activities.RoundClose
	lowered := []activities.GradeChange{{Unit: "finance", From: "五星", To: "四星", Change: "lowered"}}
	env.OnActivity(a.CloseRatingRound, mock.Anything, mock.Anything).Run(func(args mock.Arguments) {
		closes = append(closes, args.Get(1).(activities.RoundClose))
	}).Return(activities.RoundClosed{Inspected: 2, Changes: lowered}, nil).Twice()
	var checks []activities.SuperviseInput
	env.OnActivity(a.Supervise, mock.Anything, mock.Anything).Run(func(args mock.Arguments) {
		checks = append(checks, args.Get(1).(activities.SuperviseInput))
	}).Return(activities.Supervision{}, nil)
	var reminders []activities.OverdueReminder
	env.OnActivity(a.RemindOverdue, mock.Anything, mock.Anything).Run(func(args mock.Arguments) {
		reminders = append(reminders, args.Get(1).(activities.OverdueReminder))
	}).Return(nil)
	env.OnActivity(a.SkipRating, mock.Anything, mock.MatchedBy(func(s activities.RatingSkip) bool {
		return s.UnitID == "tax" && s.RoundID == "r2" && s.Reason == "整体搬迁"
	})).Return(nil).Once()
	closed, verified, reopened := notice, notice, notice
	closed.Status, verified.Status, reopened.Deadline = "closed", "verified", start.Add(182*time.Minute)
	env.OnActivity(a.RecordRectification, mock.Anything, mock.MatchedBy(func(r activities.Rectification) bool { return r.Action == "close" })).Return(closed, nil).Twice()
	env.OnActivity(a.RecordRectification, mock.Anything, mock.MatchedBy(func(r activities.Rectification) bool {
		return r.Action == "reopen" && r.Fix == plan.Timeline.SmallFix
	})).Return(reopened, nil).Once()
	env.OnActivity(a.RecordRectification, mock.Anything, mock.MatchedBy(func(r activities.Rectification) bool { return r.Action == "verify" })).Return(verified, nil).Once()
	var overdue []time.Time
	recordOverdueUpserts(env, &overdue)

	o := map[string]*outcome{}
	rate := func(key string, offset time.Duration, id, unit, round string, sh standard.Sheet) {
		at(env, offset, func() {
			o[key] = send(env, "", UpdateInspect, RateRequest{Submission: sub(id), Unit: unit, Round: round, Sheet: sh})
		})
	}
	clean := deductions(t, std, "extra,bonus,0")
	rate("early", 30*time.Minute, "i0", "finance", "r1", clean)
	rate("finance r1", 65*time.Minute, "i1", "finance", "r1", clean)
	rate("again", 66*time.Minute, "i1", "finance", "r1", clean)
	rate("twice", 67*time.Minute, "i2", "finance", "r1", clean)
	rate("next round", 68*time.Minute, "i3", "tax", "r2", clean)
	rate("stranger", 69*time.Minute, "i4", "customs", "r1", clean)
	rate("tax r1", 70*time.Minute, "i5", "tax", "r1", deductions(t, std, "3,normal,"))
	rate("finance r2", 125*time.Minute, "i6", "finance", "r2", clean)
	var st RatingStatus
	at(env, 160*time.Minute, func() { st = statusOf[RatingStatus](t, env, "") })
	at(env, 161*time.Minute, func() {
		o["no reason"] = send(env, "", UpdateProceed, SkipRequest{Submission: sub("s1"), Unit: "tax", Round: "r2", Reason: " "})
	})
	at(env, 162*time.Minute, func() {
		o["skip"] = send(env, "", UpdateProceed, SkipRequest{Submission: sub("s2"), Unit: "tax", Round: "r2", Reason: "整体搬迁"})
	})
	at(env, 170*time.Minute, func() {
		o["verify first"] = send(env, "", UpdateRectify, RatingRectifyRequest{Submission: sub("f0"), Unit: "tax", Rectification: 1, Action: "verify"})
	})
	at(env, 171*time.Minute, func() {
		o["close"] = send(env, "", UpdateRectify, RatingRectifyRequest{Submission: sub("f1"), Unit: "tax", Rectification: 1, Action: "close", Note: "已清理"})
	})
	at(env, 172*time.Minute, func() {
		o["reopen"] = send(env, "", UpdateRectify, RatingRectifyRequest{Submission: sub("f3"), Unit: "tax", Rectification: 1, Action: "reopen", Note: "仍有垃圾"})
	})
	var reopenedSt RatingStatus
	at(env, 173*time.Minute, func() { reopenedSt = statusOf[RatingStatus](t, env, "") })
	at(env, 174*time.Minute, func() {
		o["close again"] = send(env, "", UpdateRectify, RatingRectifyRequest{Submission: sub("f4"), Unit: "tax", Rectification: 1, Action: "close", Note: "已清理"})
	})
	var before RatingStatus
	at(env, 175*time.Minute, func() { before = statusOf[RatingStatus](t, env, "") })
	at(env, 176*time.Minute, func() {
		o["verify"] = send(env, "", UpdateRectify, RatingRectifyRequest{Submission: sub("f2"), Unit: "tax", Rectification: 1, Action: "verify"})
	})
	env.ExecuteWorkflow(Rating, RatingInput{Plan: plan})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	env.AssertExpectations(t)

	rejected(t, o["early"], "no round is open: the next, 第1轮检查, opens 2026-03-02 10:00 CST")
	accepted(t, o["finance r1"], "第1轮检查 of finance recorded: 100, 五星")
	resent(t, o["again"])
	rejected(t, o["twice"], "unit finance is already scored in 第1轮检查")
	rejected(t, o["next round"], "r2 is not the open round: it is r1 (第1轮检查)")
	rejected(t, o["stranger"], "unit customs is not in rating campaign courtyard")
	accepted(t, o["tax r1"], "第1轮检查 of tax recorded: 99.5, 五星")
	assert.Len(t, o["tax r1"].receipt.More, 1, "its rectification notice")
	accepted(t, o["finance r2"], "第2轮检查 of finance recorded: 100")

	require.Len(t, closes, 2)
	assert.Equal(t, "r1", closes[0].Round.ID)
	assert.Equal(t, "", closes[0].PrevRound)
	assert.Equal(t, 2, closes[1].RoundNo)
	assert.Equal(t, "r1", closes[1].PrevRound, "the grades carry from the round before")
	assert.Equal(t, start.Add(162*time.Minute), closes[1].At, "r2 closed when the office left tax out, not when its time passed")

	assert.Equal(t, "r2", st.Round, "past its time the round still waits")
	assert.Equal(t, start.Add(150*time.Minute), st.OverdueSince)
	assert.Equal(t, []string{"tax"}, st.Waiting)
	assert.Equal(t, 1, st.Inspected)
	require.NotEmpty(t, reminders, "the office is reminded")
	assert.Equal(t, "overdue-rating", reminders[0].Kind)
	assert.Equal(t, start.Add(150*time.Minute), reminders[0].At)
	assert.Equal(t, "the inspections of 第2轮检查 are overdue since 2026-03-02 11:30 CST; 1 units not inspected (tax): inspect them, or decide with a reason to leave one out (rating proceed)",
		msg.For(msg.English).Render(reminders[0].Text), "no ellipsis when every unit is named")
	assert.Equal(t, []time.Time{start.Add(150 * time.Minute), {}}, overdue, "the search attribute shows it overdue, then no longer")

	require.NotEmpty(t, checks, "progress checks on the plan's cadence (overdue notices flagged, their units reminded)")
	for i, c := range checks {
		assert.Equal(t, i+1, c.Seq)
		assert.Equal(t, campaign.PhaseRating, c.Phase)
	}
	rejected(t, o["no reason"], "needs a reason")
	accepted(t, o["skip"], "tax is not inspected in 第2轮检查")
	rejected(t, o["verify first"], "")
	accepted(t, o["close"], "")
	accepted(t, o["reopen"], "rectification 1 of tax is open again, due 2026-03-02 12:02 CST")
	assert.Equal(t, 1, reopenedSt.Unverified, "reopened: still to be fixed")
	assert.False(t, reopenedSt.Done)
	accepted(t, o["close again"], "")
	assert.Equal(t, 1, before.Unverified, "closed by the unit, not yet verified")
	require.Len(t, before.Closed, 2)
	assert.Equal(t, lowered, before.Closed[1].Changes, "the status shows a round's changes of grade")
	accepted(t, o["verify"], "")
}

// ratingEnv is a test environment for the rating workflow at start, with the form loaded, the
// campaign recorded, and each inspection and round's close answered.
func ratingEnv(t *testing.T, at time.Time) (*testsuite.TestWorkflowEnvironment, *activities.Activities, *standard.Standard) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(at)
	std := loadStandard(t, "courtyard-hygiene")
	a := &activities.Activities{}
	env.RegisterActivity(a)
	env.OnActivity(a.LoadStandard, mock.Anything, mock.Anything).Return(std, nil)
	env.OnActivity(a.RegisterRating, mock.Anything, mock.Anything).Return(nil)
	env.OnActivity(a.CloseRatingRound, mock.Anything, mock.Anything).Return(activities.RoundClosed{Inspected: 2}, nil)
	env.OnActivity(a.Supervise, mock.Anything, mock.Anything).Return(activities.Supervision{}, nil).Maybe()
	return env, a, std
}

// A long history goes on in a new run between two rounds: the next run opens the next round,
// knows the rounds closed, and takes the steps on the notices issued before it.
func TestARatingCampaignContinuesAsNewBetweenRounds(t *testing.T) {
	env, a, std := ratingEnv(t, start)
	notice := activities.RectificationRef{No: 1, Size: activities.Small, Status: "open", Deadline: start.Add(80 * time.Minute)}
	env.OnActivity(a.RecordCheckScore, mock.Anything, mock.MatchedBy(func(c activities.CheckScore) bool { return c.UnitID == "tax" })).
		Return(activities.InspectionResult{Rectifications: []activities.RectificationRef{notice}}, nil)
	env.OnActivity(a.RecordCheckScore, mock.Anything, mock.Anything).Return(activities.InspectionResult{}, nil)
	o := map[string]*outcome{}
	for i, unit := range []string{"finance", "tax"} {
		rows := "extra,bonus,0"
		if unit == "tax" {
			rows = "3,normal,"
		}
		at(env, 65*time.Minute+time.Duration(i)*7*time.Minute, func() { // tax after a progress check (at 70)
			o[unit] = send(env, "", UpdateInspect, RateRequest{Submission: sub("r1-" + unit), Unit: unit, Round: "r1", Sheet: deductions(t, std, rows)})
		})
	}
	at(env, 64*time.Minute, func() { env.SetCurrentHistoryLength(10_001) })
	in := RatingInput{Plan: ratingPlan(), HistoryLimit: 10_000}
	env.ExecuteWorkflow(Rating, in)
	require.True(t, env.IsWorkflowCompleted())
	accepted(t, o["tax"], "第1轮检查 of tax recorded")
	var can *workflow.ContinueAsNewError
	require.ErrorAs(t, env.GetWorkflowError(), &can, "continued as new after the first round")
	var next RatingInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.NotNil(t, next.Carry)
	assert.Equal(t, 1, next.Carry.Round, "the next run opens the second round")
	assert.Equal(t, []UnitNotices{{Unit: "tax", Issued: 1, Open: []activities.RectificationRef{notice}}}, next.Carry.Notices)
	assert.Positive(t, next.Carry.Checks, "the progress checks' count goes on in the next run")
	require.Len(t, next.Carry.Closed, 1)
	assert.Equal(t, "r1", next.Carry.Closed[0].ID)

	env2, a2, std2 := ratingEnv(t, start.Add(90*time.Minute))
	env2.OnActivity(a2.RecordCheckScore, mock.Anything, mock.Anything).Return(activities.InspectionResult{}, nil)
	closed, verified := notice, notice
	closed.Status, verified.Status = "closed", "verified"
	env2.OnActivity(a2.RecordRectification, mock.Anything, mock.MatchedBy(func(r activities.Rectification) bool { return r.Action == "close" })).Return(closed, nil).Once()
	env2.OnActivity(a2.RecordRectification, mock.Anything, mock.MatchedBy(func(r activities.Rectification) bool { return r.Action == "verify" })).Return(verified, nil).Once()
	var before RatingStatus
	at(env2, time.Minute, func() { before = statusOf[RatingStatus](t, env2, "") })
	at(env2, 2*time.Minute, func() {
		o["late r1"] = send(env2, "", UpdateInspect, RateRequest{Submission: sub("late"), Unit: "finance", Round: "r1", Sheet: deductions(t, std2, "extra,bonus,0")})
	})
	at(env2, 3*time.Minute, func() {
		o["close"] = send(env2, "", UpdateRectify, RatingRectifyRequest{Submission: sub("f1"), Unit: "tax", Rectification: 1, Action: "close"})
	})
	at(env2, 4*time.Minute, func() {
		o["verify"] = send(env2, "", UpdateRectify, RatingRectifyRequest{Submission: sub("f2"), Unit: "tax", Rectification: 1, Action: "verify"})
	})
	for i, unit := range []string{"finance", "tax"} {
		at(env2, 35*time.Minute+time.Duration(i)*time.Minute, func() {
			o["r2 "+unit] = send(env2, "", UpdateInspect, RateRequest{Submission: sub("r2-" + unit), Unit: unit, Round: "r2", Sheet: deductions(t, std2, "extra,bonus,0")})
		})
	}
	env2.ExecuteWorkflow(Rating, next)
	require.True(t, env2.IsWorkflowCompleted())
	require.NoError(t, env2.GetWorkflowError())
	env2.AssertExpectations(t)
	assert.Equal(t, 1, before.Unverified, "the carried notice is still to be verified")
	assert.Equal(t, start.Add(2*time.Hour), before.NextOpens, "the second round opens on its date")
	require.Len(t, before.Closed, 1)
	rejected(t, o["late r1"], "no round is open: the next, 第2轮检查")
	accepted(t, o["close"], "")
	accepted(t, o["verify"], "")
	accepted(t, o["r2 tax"], "第2轮检查 of tax recorded")
}
