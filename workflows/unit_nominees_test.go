package workflows

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
)

// A unit of a campaign naming people (文明标兵) nominates them with the form's particulars,
// categories and deeds; the write refuses one over the quota by staff; nothing is scored; the
// declaration carries the nominees, its notice lists each of them, an upheld objection takes
// one person off, and once the office accepts the materials the unit is ready.
func TestAUnitNominatesPeopleWhoGoOnItsNoticeOneByOne(t *testing.T) {
	u := newUnitTest(t)
	u.in.StandardID = ""
	u.noStandard()
	u.in.ReviewMaterials = true
	u.in.Declaring = &campaign.DeclarationRules{Subject: campaign.SubjectPerson, SummaryMaxChars: 800, Source: "三创三树方案",
		Recommenders: campaign.Recommendation{Unit: "单位党组（党委）", SubUnit: "主管单位机关党委"}}
	u.in.Nominating = &campaign.NominationRules{Categories: campaign.DefaultCategories, PerUnit: campaign.DefaultPerUnit, DeedsMaxChars: 100}
	u.in.DeclaringNotice = &campaign.DeclaringNotice{Length: 40 * time.Minute, Contact: "单位纪检组", CampaignTitle: "文明标兵评选"}
	u.env.RegisterWorkflow(PublicNotice)
	a := &activities.Activities{}
	var written []activities.PersonNomination
	u.env.OnActivity(a.RecordNomination, mock.Anything, mock.Anything).Return(func(_ context.Context, n activities.PersonNomination) (activities.DeclarationResult, error) {
		if n.PersonID == "wang" {
			refused := msg.Say("refuse.nominate.quota", "Unit", "市统计局", "Staff", 45, "Quota", 1, "Nominated", []string{"李明"}, "Source", "三创三树方案")
			return activities.DeclarationResult{Refused: &refused}, nil
		}
		written = append(written, n)
		return activities.DeclarationResult{}, nil
	}).Times(3)
	u.env.OnActivity(a.RecordDeclaration, mock.Anything, mock.MatchedBy(func(d activities.Declaration) bool { return d.OnNotice })).
		Return(activities.DeclarationResult{}, nil).Once()
	u.env.OnActivity(a.PublishNotice, mock.Anything, mock.MatchedBy(func(n activities.PublicNotice) bool {
		return strings.Join(n.Entries, ",") == "li,zhang"
	})).Return(nil).Once()
	u.env.OnActivity(a.RecordObjection, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.DecideObjection, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.CloseNotice, mock.Anything, mock.Anything).Return(nil).Once()
	u.env.OnActivity(a.RecordDeclaringNotice, mock.Anything, mock.MatchedBy(func(r activities.DeclaringNoticeResult) bool {
		return r.Status == noticePassed && strings.Join(r.Removed, ",") == "zhang"
	})).Return(nil).Once()
	u.env.OnActivity(a.RecordDeclarationReview, mock.Anything, mock.Anything).Return(nil).Once()

	li := PersonNominationRequest{Submission: sub("n1"), Person: "li", Name: "李明", Post: "办公室主任", Categories: []string{"2", "助人为乐、无私奉献"},
		Deeds: "扎根基层二十年", Recommendation: "经机关党委研究，同意推荐"}
	o := map[string]*outcome{}
	u.at(110*time.Minute, func() { o["early"] = u.send(UpdateNominatePerson, li) })
	u.at(130*time.Minute, func() {
		o["declare first"] = u.send(UpdateDeclare, DeclareRequest{Submission: sub("d0"), Report: "推荐报告", Opinion: "无违纪", Recommendation: "同意", Summary: "推荐"})
	})
	u.at(131*time.Minute, func() { o["li"] = u.send(UpdateNominatePerson, li) })
	u.at(132*time.Minute, func() {
		bad := li
		bad.ID, bad.Person, bad.Categories = "n2", "zhao", []string{"爱岗敬业"}
		o["bad category"] = u.send(UpdateNominatePerson, bad)
		long := li
		long.ID, long.Person, long.Deeds = "n3", "qian", strings.Repeat("事", 101)
		o["long deeds"] = u.send(UpdateNominatePerson, long)
		none := li
		none.ID, none.Person, none.Recommendation = "n4", "sun", ""
		o["no recommendation"] = u.send(UpdateNominatePerson, none)
	})
	u.at(133*time.Minute, func() {
		wang := li
		wang.ID, wang.Person, wang.Name = "n5", "wang", "王芳"
		o["over quota"] = u.send(UpdateNominatePerson, wang)
	})
	u.at(134*time.Minute, func() {
		zhang := li
		zhang.ID, zhang.Person, zhang.Name, zhang.Categories = "n6", "zhang", "张伟", []string{"6"}
		o["zhang"] = u.send(UpdateNominatePerson, zhang)
		o["li again"] = u.send(UpdateNominatePerson, li)
	})
	u.at(135*time.Minute, func() {
		o["self-score"] = u.send(UpdateSelfCheck, SelfCheckRequest{Submission: sub("s1"), Sheet: fullSheet(t, u.std, "")})
	})
	u.at(136*time.Minute, func() {
		o["declare"] = u.send(UpdateDeclare, DeclareRequest{Submission: sub("d1"), Report: "推荐报告", Opinion: "无违纪", Recommendation: "同意", Summary: "推荐"})
	})
	u.at(140*time.Minute, func() {
		o["objection"] = send(u.env, "campaign/c1/unit/finance/notice", UpdateFileObjection,
			ObjectionRequest{Submission: sub("o1"), Entry: "zhang", Reason: "事迹不实"})
	})
	u.at(150*time.Minute, func() {
		o["decide"] = send(u.env, "campaign/c1/unit/finance/notice", UpdateDecideObjection,
			ObjectionDecisionRequest{Submission: sub("x1"), Objection: 1, Decision: "uphold", Note: "经核查属实"})
	})
	var onNotice, afterNotice, ready UnitStatus
	u.at(160*time.Minute, func() { onNotice = u.status() })
	u.at(170*time.Minute, func() {
		wu := li
		wu.ID, wu.Person, wu.Name = "n8", "wu", "吴刚"
		o["after declaring"] = u.send(UpdateNominatePerson, wu)
	})
	u.at(178*time.Minute, func() {
		zhang := li
		zhang.ID, zhang.Person, zhang.Name = "n7", "zhang", "张伟"
		o["zhang again"] = u.send(UpdateNominatePerson, zhang)
	})
	u.at(180*time.Minute, func() {
		afterNotice = u.status()
		o["review"] = u.send(UpdateReviewDeclaration, ReviewDeclarationRequest{Submission: sub("r1"), Verdict: ReviewAccept})
	})
	u.at(190*time.Minute, func() { ready = u.status() })
	u.at(10*time.Hour, func() { u.env.SignalWorkflow(SignalClose, nil) })
	u.run()
	require.NoError(t, u.env.GetWorkflowError())
	u.env.AssertExpectations(t)

	rejected(t, o["early"], "the self-check opens at")
	rejected(t, o["declare first"], "finance has nominated nobody yet: nominate first, then declare")
	accepted(t, o["li"], "李明 nominated (finance, 立足本职、爱岗敬业, 助人为乐、无私奉献); the unit has nominated 1")
	rejected(t, o["bad category"], `"爱岗敬业" is not a category`)
	rejected(t, o["long deeds"], "the account of deeds has 101 characters, more than the limit of 100")
	rejected(t, o["no recommendation"], "the nomination needs the recommendation opinion (given by 主管单位机关党委)")
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, o["over quota"].failed, &appErr)
	text, isRefusal := RefusalText(appErr)
	require.True(t, isRefusal, "the write's refusal is the submission's")
	assert.Equal(t, "市统计局 has a staff of 45: it may nominate 1 (李明 already), under 三创三树方案", msg.For(msg.English).Render(text))
	accepted(t, o["zhang"], "the unit has nominated 2")
	resent(t, o["li again"])
	rejected(t, o["self-score"], "campaign c1 names model individuals, declared with their deeds: nothing is scored or inspected")
	accepted(t, o["declare"], "finance declared")
	require.Len(t, written, 2)
	assert.Equal(t, []string{"立足本职、爱岗敬业", "助人为乐、无私奉献"}, written[0].Categories, "numbers become the form's words")
	assert.Equal(t, "李明", written[0].Name)
	assert.Equal(t, "三创三树方案", written[0].Source)

	assert.Equal(t, noticeOn, onNotice.DeclaringNotice.Status)
	rejected(t, o["after declaring"], "finance has declared its nominees: no more can be nominated")
	rejected(t, o["zhang again"], "zhang was taken off the notice before declaring by an upheld objection and cannot be nominated again")
	assert.Equal(t, []NomineeState{{Person: "li"}, {Person: "zhang", Removed: true}}, afterNotice.Nominees)
	assert.Empty(t, afterNotice.Settled, "the materials are not reviewed yet")
	accepted(t, o["review"], "")
	assert.Equal(t, readyNominated, ready.Settled, "nobody inspects a person")
}

// A campaign naming people: it loads no standard and takes no veto (a veto list is a
// standard's); the unit's nominees are proposed by the review without scores or a cut; the
// discipline committee's opinion and the deciding body's decision name people as unit/person,
// and the naming writes them as people.
func TestACampaignNamesThePeopleItsUnitsNominated(t *testing.T) {
	c := decidingCampaign(t)
	c.plan.StandardID = ""
	c.plan.Quota = campaign.PlannedQuota{}
	c.plan.Declaring = &campaign.DeclarationRules{Subject: campaign.SubjectPerson, SummaryMaxChars: 800, Source: "三创三树方案",
		Recommenders: campaign.Recommendation{Unit: "单位党组（党委）", SubUnit: "主管单位机关党委"}}
	c.plan.Nominating = &campaign.NominationRules{Categories: campaign.DefaultCategories, PerUnit: campaign.DefaultPerUnit, DeedsMaxChars: 1500}
	c.review = func(int) activities.ReviewResult {
		return activities.ReviewResult{Candidates: 2, Proposed: []string{"a/p1", "a/p2"}}
	}
	a := &activities.Activities{}
	c.env.OnActivity(a.RecordNomination, mock.Anything, mock.Anything).Return(activities.DeclarationResult{}, nil).Twice()
	o := map[string]*outcome{}
	c.at(130*time.Minute, func() {
		for _, p := range []string{"p1", "p2"} {
			c.toUnit("a", UpdateNominatePerson, PersonNominationRequest{Submission: sub("n-" + p), Person: p, Name: "某某", Post: "科员",
				Categories: []string{"1"}, Deeds: "事迹", Recommendation: "同意推荐"})
		}
	})
	c.at(140*time.Minute, func() {
		o["declare"] = c.toUnit("a", UpdateDeclare, DeclareRequest{Submission: sub("a-d"), Report: "推荐报告", Opinion: "无违纪",
			Recommendation: "同意推荐", Summary: "推荐"})
		o["veto"] = c.toCampaign(UpdateVeto, VetoRequest{Submission: sub("v1"), Unit: "b", Reason: "major-accident", Note: "事故"})
	})
	c.at(4*time.Hour+time.Minute, func() {
		o["agree"] = c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("k1"), Unit: "a/p1"})
		o["exclude"] = c.toCampaign(UpdateConsult, ConsultRequest{Submission: sub("k2"), Unit: "a/p2", Exclude: true, Note: "正在接受审查调查"})
	})
	c.at(6*time.Hour+10*time.Minute, func() {
		o["decide"] = c.toCampaign(UpdateDecide, DecideRequest{Submission: sub("d1"), Document: "市文明办〔2026〕4号", On: "2026-03-02"})
	})
	c.run()

	accepted(t, o["declare"], "a declared")
	rejected(t, o["veto"], "campaign c1 names model individuals and has no veto list")
	accepted(t, o["agree"], "no objection from the discipline committee to a/p1")
	accepted(t, o["exclude"], "the discipline committee excludes a/p2")
	accepted(t, o["decide"], "")
	require.NotEmpty(t, c.reviews)
	assert.True(t, c.reviews[0].People, "the review proposes the nominees")
	require.NotNil(t, c.named)
	assert.True(t, c.named.People, "the naming writes people")
	assert.Equal(t, []activities.UnitReason{{Unit: "a/p2", Reason: "正在接受审查调查"}}, c.named.Excluded)
	assert.Equal(t, "市文明办〔2026〕4号", c.named.Document)
}
