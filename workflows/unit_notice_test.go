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

// noticedUnit is a unit of a campaign with a 40-minute notice before declaring, self-scored at
// 130 minutes and declared at 131: its notice runs until 171 minutes.
func noticedUnit(t *testing.T, ended string) (*unitTest, map[string]*outcome) {
	u := newUnitTest(t)
	u.in.DeclaringNotice = &campaign.DeclaringNotice{Length: 40 * time.Minute, Contact: "单位纪检组", CampaignTitle: "文明窗口创建"}
	u.env.RegisterWorkflow(PublicNotice)
	a := &activities.Activities{}
	u.env.OnActivity(a.RecordSelfCheck, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.RecordDeclaration, mock.Anything, mock.MatchedBy(func(d activities.Declaration) bool {
		return d.OnNotice && !d.UnderReview
	})).Return(activities.DeclarationResult{}, nil).Once()
	u.env.OnActivity(a.PublishNotice, mock.Anything, mock.MatchedBy(func(n activities.PublicNotice) bool {
		return n.Title == "文明窗口创建 申报前公示：finance" && n.Contact == "单位纪检组" && len(n.Entries) == 1 && n.Entries[0] == "finance" &&
			n.EndsAt.Equal(start.Add(171*time.Minute))
	})).Return(nil).Once()
	u.env.OnActivity(a.RecordObjection, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.DecideObjection, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.CloseNotice, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.RecordDeclaringNotice, mock.Anything, mock.MatchedBy(func(r activities.DeclaringNoticeResult) bool {
		return r.UnitID == "finance" && r.Status == ended
	})).Return(nil).Once()
	o := map[string]*outcome{}
	u.at(130*time.Minute, func() {
		o["self"] = u.send(UpdateSelfCheck, SelfCheckRequest{Submission: sub("s1"), Sheet: fullSheet(t, u.std, "")})
	})
	u.at(131*time.Minute, func() {
		o["declare"] = u.send(UpdateDeclare, DeclareRequest{Submission: sub("d1"), Report: "报告", Opinion: "无违纪"})
	})
	u.at(140*time.Minute, func() {
		o["objection"] = send(u.env, "campaign/c1/unit/finance/notice", UpdateFileObjection,
			ObjectionRequest{Submission: sub("o1"), Entry: "finance", Reason: "窗口多次被群众投诉"})
	})
	u.at(145*time.Minute, func() {
		o["inspect on notice"] = u.send(UpdateInspect, InspectRequest{Submission: sub("i0"), Sheet: fullSheet(t, u.std, "")})
	})
	u.at(150*time.Minute, func() {
		decision := map[string]string{noticePassed: "dismiss", noticeRemoved: "uphold"}[ended]
		o["decide"] = send(u.env, "campaign/c1/unit/finance/notice", UpdateDecideObjection,
			ObjectionDecisionRequest{Submission: sub("x1"), Objection: 1, Decision: decision, Note: "经核查"})
	})
	return u, o
}

// runNoticed runs the unit, with its status taken and an inspection sent at 180 minutes, after
// the notice has ended.
func runNoticed(t *testing.T, u *unitTest, o map[string]*outcome) (after UnitStatus) {
	u.at(180*time.Minute, func() {
		after = u.status()
		o["inspect"] = u.send(UpdateInspect, InspectRequest{Submission: sub("i1"), Sheet: fullSheet(t, u.std, "")})
	})
	u.at(10*time.Hour, func() { u.env.SignalWorkflow(SignalClose, nil) })
	u.run()
	require.NoError(t, u.env.GetWorkflowError())
	u.env.AssertExpectations(t)
	accepted(t, o["objection"], "")
	accepted(t, o["decide"], "")
	return after
}

// Seed 001 三.6: a window's declaration is first put on a notice inside its unit; it is not
// inspected while on notice, and stands once the notice ends with the objection dismissed.
func TestAWindowsDeclarationStandsAfterItsNotice(t *testing.T) {
	u, o := noticedUnit(t, noticePassed)
	a := &activities.Activities{}
	u.env.OnActivity(a.RecordInspection, mock.Anything, mock.Anything).Return(activities.InspectionResult{}, nil).Once()
	var during UnitStatus
	u.at(160*time.Minute, func() { during = u.status() })
	after := runNoticed(t, u, o)

	accepted(t, o["declare"], "finance declared; the declaration is on notice inside the unit for 40m")
	rejected(t, o["inspect on notice"], "finance's declaration is still on its notice before declaring, or did not pass it (on notice)")
	require.NotNil(t, during.DeclaringNotice)
	assert.Equal(t, noticeOn, during.DeclaringNotice.Status)
	assert.Equal(t, noticePassed, after.DeclaringNotice.Status)
	accepted(t, o["inspect"], "inspection of finance recorded")
}

// An objection upheld on the notice before declaring withdraws the declaration: the unit is
// ready for the review as removed, and is never inspected.
func TestAnUpheldObjectionWithdrawsTheDeclaration(t *testing.T) {
	u, o := noticedUnit(t, noticeRemoved)
	after := runNoticed(t, u, o)

	assert.Equal(t, noticeRemoved, after.DeclaringNotice.Status)
	assert.Equal(t, readyRemovedOnNotice, after.Settled)
	rejected(t, o["inspect"], "(objection upheld, declaration withdrawn)")
}
