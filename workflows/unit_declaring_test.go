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

// Under the plan's declaration rules a declaration carries the recommendation opinion and the
// form's 简介 (at most 800 characters); the rules only the register and the roster can check
// (a title held, no prior honor, the parent's share) are checked by the write, whose refusal
// reaches the sender as the submission's, in the sender's language. The rules, the opinion
// and the 简介 go to the write.
func TestADeclarationCarriesItsRecommendationAndMeetsThePlansRules(t *testing.T) {
	u := newUnitTest(t)
	u.in.Declaring = &campaign.DeclarationRules{Subject: campaign.SubjectUnit, SummaryMaxChars: 800, Source: "三创三树方案",
		Recommenders: campaign.Recommendation{Unit: "单位党组（党委）", SubUnit: "主管单位机关党委"}}
	a := &activities.Activities{}
	u.env.OnActivity(a.RecordSelfCheck, mock.Anything, mock.Anything).Return(nil).Once()
	var written []activities.Declaration
	u.env.OnActivity(a.RecordDeclaration, mock.Anything, mock.Anything).Return(func(_ context.Context, d activities.Declaration) (activities.DeclarationResult, error) {
		written = append(written, d)
		if len(written) == 1 {
			refused := msg.Say("refuse.declare.no_prior_honor", "Unit", "市财政局", "Level", "市直", "Source", "三创三树方案")
			return activities.DeclarationResult{Refused: &refused}, nil
		}
		return activities.DeclarationResult{}, nil
	}).Twice()

	ok := DeclareRequest{Submission: sub("d3"), Report: "报告", Opinion: "无违纪", Recommendation: "经党组研究，同意推荐", Summary: "创建工作主要成绩和经验"}
	o := map[string]*outcome{}
	u.at(130*time.Minute, func() {
		o["self"] = u.send(UpdateSelfCheck, SelfCheckRequest{Submission: sub("s1"), Sheet: fullSheet(t, u.std, "")})
	})
	u.at(131*time.Minute, func() {
		o["no recommendation"] = u.send(UpdateDeclare, DeclareRequest{Submission: sub("d0"), Report: "报告", Opinion: "无违纪", Summary: "简介"})
	})
	u.at(132*time.Minute, func() {
		o["no summary"] = u.send(UpdateDeclare, DeclareRequest{Submission: sub("d1"), Report: "报告", Opinion: "无违纪", Recommendation: "同意"})
	})
	u.at(133*time.Minute, func() {
		o["long summary"] = u.send(UpdateDeclare, DeclareRequest{Submission: sub("d2"), Report: "报告", Opinion: "无违纪", Recommendation: "同意",
			Summary: strings.Repeat("创", 801)})
	})
	u.at(134*time.Minute, func() { o["no prior honor"] = u.send(UpdateDeclare, ok) })
	u.at(135*time.Minute, func() { ok.ID = "d4"; o["declare"] = u.send(UpdateDeclare, ok) })
	u.at(10*time.Hour, func() { u.env.SignalWorkflow(SignalClose, nil) })
	u.run()
	require.NoError(t, u.env.GetWorkflowError())
	u.env.AssertExpectations(t)

	accepted(t, o["self"], "")
	rejected(t, o["no recommendation"], "the declaration needs the recommendation opinion (--recommendation): from 单位党组（党委） for a first-level unit, from 主管单位机关党委")
	rejected(t, o["no summary"], "the declaration needs the form's summary (--summary) of its main achievements, at most 800 characters")
	rejected(t, o["long summary"], "the summary has 801 characters; at most 800 are allowed")
	// The register is in the database: the handler, not the validator, refuses.
	require.True(t, o["no prior honor"].done)
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, o["no prior honor"].failed, &appErr)
	text, isRefusal := RefusalText(appErr)
	require.True(t, isRefusal, "the write's refusal is the submission's: %v", o["no prior honor"].failed)
	assert.Equal(t, "市财政局 holds no honor at the 市直 level or above in the register of titles: the unit title needs one (rule of 三创三树方案)",
		msg.For(msg.English).Render(text))
	accepted(t, o["declare"], "finance declared")
	require.Len(t, written, 2)
	assert.Equal(t, "经党组研究，同意推荐", written[1].Recommendation)
	assert.Equal(t, "创建工作主要成绩和经验", written[1].Summary)
	assert.Equal(t, u.in.Declaring, written[1].Rules)
	assert.Equal(t, "Asia/Shanghai", written[1].Timezone)
}
