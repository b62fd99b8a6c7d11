package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"wenming/activities"
	"wenming/rules/campaign"
)

// A check before the final acceptance (中途检查) is taken in its window, of a unit that has not
// declared, once; each is kept; the problems it finds are rectification notices, with the
// final inspection's deadlines by size; the final acceptance is taken as before.
func TestAMidTermCheckIsScoredAndKept(t *testing.T) {
	u := newUnitTest(t)
	u.in.Checks = []campaign.CheckRound{{ID: "midterm", Name: "中途检查", Opens: start.Add(80 * time.Minute), Due: start.Add(100 * time.Minute)}}
	a := &activities.Activities{}
	due := start.Add(86 * time.Minute).Add(24 * time.Hour)
	u.env.OnActivity(a.RecordCheckScore, mock.Anything, mock.MatchedBy(func(c activities.CheckScore) bool {
		return c.CheckID == "midterm" && c.Kind == "check" && c.Result.Base.String() == "99.5" && len(c.Findings) == 1 &&
			c.Findings[0].Problem == "楼道有杂物" && c.SmallFix == u.in.Timeline.SmallFix && c.Timezone == u.in.Timezone
	})).Return(activities.InspectionResult{Rectifications: []activities.RectificationRef{
		{No: 1, Size: activities.Small, Status: "open", Deadline: due}}}, nil).Once()
	o := map[string]*outcome{}
	check := func(key string, offset time.Duration, id, round string, findings ...Finding) {
		u.at(offset, func() {
			o[key] = u.send(UpdateInspect, InspectRequest{Submission: sub(id), Sheet: fullSheet(t, u.std, "5.5"), Check: round, Findings: findings})
		})
	}
	check("early", 70*time.Minute, "c0", "midterm")
	check("unknown", 85*time.Minute, "c1", "spring")
	check("check", 86*time.Minute, "c2", "midterm", Finding{Item: "15", Size: "small", Problem: "楼道有杂物"})
	check("again", 88*time.Minute, "c2", "midterm", Finding{Item: "15", Size: "small", Problem: "楼道有杂物"})
	check("twice", 89*time.Minute, "c4", "midterm")
	check("late", 101*time.Minute, "c5", "midterm")
	var st UnitStatus
	u.at(102*time.Minute, func() { st = u.status() })
	u.at(10*time.Hour, func() { u.env.SignalWorkflow(SignalClose, nil) })
	u.run()
	require.NoError(t, u.env.GetWorkflowError())
	u.env.AssertExpectations(t)

	rejected(t, o["early"], "中途检查 begins at 2026-03-02 10:20 CST")
	rejected(t, o["unknown"], `"spring" is not an inspection of this campaign; use one of final, midterm`)
	accepted(t, o["check"], "中途检查 of finance recorded: base 99.5 of 100, bonus 0")
	assert.Len(t, o["check"].receipt.More, 1, "its rectification notice")
	require.Len(t, st.Rectifications, 1)
	assert.Equal(t, "open", st.Rectifications[0].Status)
	assert.Equal(t, due, st.Rectifications[0].Deadline)
	resent(t, o["again"])
	rejected(t, o["twice"], "中途检查 of finance is already recorded")
	rejected(t, o["late"], "中途检查 ended at 2026-03-02 10:40 CST")
	require.Len(t, st.Checks, 1)
	assert.Equal(t, "midterm", st.Checks[0].Check)
	assert.Equal(t, "99.5", st.Checks[0].Score.Base.String())
	assert.False(t, st.Declared, "a check needs no declaration")
}
