package store

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/problem"
	"wenming/rules/campaign"
	"wenming/rules/rank"
	"wenming/rules/roster"
	"wenming/rules/standard"
	"wenming/rules/title"
	"wenming/testenv/pgtest"
)

// Naming writes every unit's result: a unit declared and never inspected is not_inspected; a
// veto under the open clause gives the committee's description with the clause; a proposed unit
// the discipline committee excluded, or the deciding body struck, is not_approved; the named
// and the struck carry the decision's document number. A unit whose declaration was refused
// says why (the latest refusal), one that never declared that it declared late.
func TestNamingGivesEveryUnitItsOutcome(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2027, 11, 1, 9, 0, 0, 0, time.UTC)
	std := civilizedUnitStandard(t)
	std.ID = "district-organ"
	district, _ := standard.FindVetoList("district-civilized-organ")
	std.Veto = district.Vetoes
	require.NoError(t, SaveStandard(ctx, db, std))
	_, err := ImportUnits(ctx, db, "units.csv", []roster.Unit{
		{ID: "declared", Name: "甲局", Kind: "agency", Staff: 40},
		{ID: "silent", Name: "乙局", Kind: "agency", Staff: 40},
		{ID: "vetoed", Name: "丙局", Kind: "agency", Staff: 40},
		{ID: "named", Name: "丁局", Kind: "agency", Staff: 40},
		{ID: "excluded", Name: "戊局", Kind: "agency", Staff: 40},
		{ID: "struck", Name: "己局", Kind: "agency", Staff: 40},
		{ID: "turned", Name: "庚局", Kind: "agency", Staff: 40},
		{ID: "objected", Name: "辛局", Kind: "agency", Staff: 40},
		{ID: "on-notice", Name: "壬局", Kind: "agency", Staff: 40},
		{ID: "passed", Name: "癸局", Kind: "agency", Staff: 40},
		{ID: "held", Name: "子局", Kind: "agency", Staff: 40},
		{ID: "refused", Name: "丑局", Kind: "agency", Staff: 40},
		{ID: "late", Name: "寅局", Kind: "agency", Staff: 40},
	})
	require.NoError(t, err)
	plan := campaign.Plan{ID: "c1", Title: "区级文明机关", StandardID: std.ID, StandardDigest: std.Digest(), Timezone: "Asia/Shanghai",
		Units: []string{"declared", "silent", "vetoed", "named", "excluded", "struck", "turned", "objected", "on-notice", "passed", "held",
			"refused", "late"}, GroupSize: 10}
	require.NoError(t, Mobilize(ctx, db, plan, at))
	proposed := []string{"named", "excluded", "struck", "held"}
	require.NoError(t, saveReview(ctx, db, "c1", rank.Selection{Selected: proposed,
		Ranked: []rank.Ranked{{ID: "named", Total: 9800, Rank: 1}, {ID: "excluded", Total: 9700, Rank: 2}, {ID: "struck", Total: 9600, Rank: 3},
			{ID: "held", Total: 9500, Rank: 4}}}, at))
	sub := func(unit, id string) Submission {
		return Submission{CampaignID: "c1", UnitID: unit, SubmissionID: id, By: "tester", At: at}
	}
	require.NoError(t, RecordDeclaration(ctx, db, Declaration{Submission: sub("declared", "d1"), Report: "报告", Opinion: "无违纪"}))
	require.NoError(t, RecordDeclaration(ctx, db, Declaration{Submission: sub("turned", "t1"), Report: "报告", Opinion: "无违纪", UnderReview: true}))
	require.NoError(t, ReviewDeclaration(ctx, db, DeclarationReview{Submission: sub("turned", "t2"), Status: "turned_down", Note: "申报材料与实际不符"}))
	for _, u := range []string{"objected", "on-notice", "passed"} {
		require.NoError(t, RecordDeclaration(ctx, db, Declaration{Submission: sub(u, u+"-d"), Report: "报告", Opinion: "无违纪", OnNotice: true}))
	}
	for u, status := range map[string]string{"objected": "removed", "passed": "passed"} {
		for range 2 { // a retried write changes nothing
			require.NoError(t, RecordDeclaringNotice(ctx, db, DeclaringNoticeResult{CampaignID: "c1", UnitID: u, Status: status, UnderReview: true, At: at}))
		}
	}
	var review string
	require.NoError(t, db.GetContext(ctx, &review, `SELECT review FROM declarations WHERE unit_id = 'passed'`))
	assert.Equal(t, "pending", review, "a declaration that passed its notice waits for the preliminary review")
	// refused tried to declare twice and was refused each time (the office records a refusal in
	// the audit log against the unit's workflow); late never tried. Both scored themselves.
	for _, u := range []string{"refused", "late"} {
		require.NoError(t, RecordSelfCheck(ctx, db, ScoreSheet{Submission: sub(u, u+"-s"), Kind: "self",
			Result: standard.Result{Base: 9600, Total: 9600, Eligible: true}}))
	}
	refusal := RecordDeclaration(ctx, db, Declaration{Submission: sub("refused", "r2"), Report: "报告", Opinion: "无违纪", Timezone: "Asia/Shanghai",
		Rules: &campaign.DeclarationRules{Subject: campaign.SubjectUnit, PriorHonor: title.CityOrgans, Source: "区级文明机关创建方案"}})
	require.Error(t, refusal, "no honor in the register")
	for i, why := range []string{"申报须附申报材料", problem.Unplaced(refusal).String()} {
		require.NoError(t, RecordAudit(ctx, db, Audit{Kind: "declare", Target: "campaign/c1/unit/refused", SubmissionID: fmt.Sprintf("r%d", i+1),
			Actor: "tester", Reason: why, At: at.Add(time.Duration(i) * time.Hour)}))
	}
	require.NoError(t, RecordAudit(ctx, db, Audit{Kind: "selfcheck", Target: "campaign/c1/unit/late", SubmissionID: "late-s2",
		Actor: "tester", Reason: "表格有问题", At: at}))
	require.NoError(t, RecordVeto(ctx, db, Veto{Submission: sub("vetoed", "v1"), VetoID: "other-incompatible",
		VetoText: "其它与文明机关称号极不相符的事件与行为", Note: "负责人公开辱骂办事群众", Phase: "implement"}))

	_, err = Name(ctx, db, Naming{CampaignID: "c1", At: at, Document: "区文明委〔2027〕5号",
		Excluded: []UnitReason{{Unit: "excluded", Reason: "正在接受审查调查"}},
		Struck:   []UnitReason{{Unit: "struck", Reason: "满意度测评靠后"}},
		Withheld: []UnitReason{{Unit: "held", Reason: "公示异议逾期未核查, 暂缓命名"}}})
	require.NoError(t, err)
	var rows []struct {
		Unit     string  `db:"unit_id"`
		Outcome  string  `db:"outcome"`
		Reason   string  `db:"reason"`
		Document *string `db:"document_no"`
	}
	require.NoError(t, db.SelectContext(ctx, &rows, `SELECT unit_id, outcome, reason, document_no FROM campaign_results`))
	got := map[string][3]string{}
	for _, r := range rows {
		doc := ""
		if r.Document != nil {
			doc = *r.Document
		}
		got[r.Unit] = [3]string{r.Outcome, r.Reason, doc}
	}
	assert.Equal(t, map[string][3]string{
		"declared":  {"not_inspected", "已申报, 验收截止前未实地检查", ""},
		"silent":    {"not_declared", "逾期未提交自评, 无参评资格", ""},
		"vetoed":    {"vetoed", "一票否决: 其它与文明机关称号极不相符的事件与行为: 负责人公开辱骂办事群众", ""},
		"named":     {"named", "命名", "区文明委〔2027〕5号"},
		"excluded":  {"not_approved", "征求纪工委意见, 不同意命名: 正在接受审查调查", ""},
		"struck":    {"not_approved", "决定时未予批准: 满意度测评靠后", "区文明委〔2027〕5号"},
		"turned":    {"turned_down", "初步审查不予通过: 申报材料与实际不符", ""},
		"objected":  {"removed_by_objection", "申报前公示期间异议成立", ""},
		"on-notice": {"not_inspected", "已申报, 验收截止前申报前公示未结束", ""},
		"passed":    {"not_inspected", "已申报, 验收截止前未完成初步审查", ""},
		"held":      {"not_approved", "公示异议逾期未核查, 暂缓命名", ""},
		"refused":   {"not_declared", "申报未被受理: 丑局 在称号名册中没有市直级以上的表彰：申报文明单位应有一定荣誉基础，获得市直级以上表彰的方可申报（依据区级文明机关创建方案）", ""},
		"late":      {"not_declared", "逾期未申报, 无参评资格", ""},
	}, got)
}

// Materials sent back are declared again under a new submission, which replaces the first and
// waits for review; a retry of the first changes nothing.
func TestACorrectedDeclarationReplacesTheOneSentBack(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2027, 11, 1, 9, 0, 0, 0, time.UTC)
	std := civilizedUnitStandard(t)
	require.NoError(t, SaveStandard(ctx, db, std))
	_, err := ImportUnits(ctx, db, "units.csv", []roster.Unit{{ID: "water", Name: "水务局", Kind: "agency", Staff: 40}})
	require.NoError(t, err)
	require.NoError(t, Mobilize(ctx, db, campaign.Plan{ID: "c1", Title: "文明单位", StandardID: std.ID, StandardDigest: std.Digest(),
		Timezone: "Asia/Shanghai", Units: []string{"water"}, GroupSize: 10}, at))
	sub := func(id string) Submission {
		return Submission{CampaignID: "c1", UnitID: "water", SubmissionID: id, By: "tester", At: at}
	}
	first := Declaration{Submission: sub("d1"), Report: "初稿", Opinion: "无", UnderReview: true}
	require.NoError(t, RecordDeclaration(ctx, db, first))
	require.NoError(t, ReviewDeclaration(ctx, db, DeclarationReview{Submission: sub("r1"), Status: "returned", Note: "缺少意见原件", FixBy: at.Add(72 * time.Hour)}))
	require.NoError(t, ReviewDeclaration(ctx, db, DeclarationReview{Submission: sub("r1"), Status: "returned", Note: "缺少意见原件", FixBy: at.Add(72 * time.Hour)}))
	require.NoError(t, RecordDeclaration(ctx, db, Declaration{Submission: sub("d2"), Report: "补正稿", Opinion: "纪检监察部门意见（原件）", UnderReview: true}))
	require.NoError(t, RecordDeclaration(ctx, db, first), "a late retry of the first")

	var row struct {
		Submission string `db:"submission_id"`
		Report     string `db:"report"`
		Review     string `db:"review"`
		Returns    int    `db:"returns"`
	}
	require.NoError(t, db.GetContext(ctx, &row, `SELECT submission_id, report, review, returns FROM declarations WHERE unit_id = 'water'`))
	assert.Equal(t, "d2", row.Submission)
	assert.Equal(t, "补正稿", row.Report)
	assert.Equal(t, "pending", row.Review, "the corrected materials wait for review again")
	assert.Equal(t, 1, row.Returns, "a retried return counts once")
}

// civilizedUnitStandard is the shipped civilized-unit standard, parsed.
func civilizedUnitStandard(t *testing.T) *standard.Standard {
	t.Helper()
	data, err := os.ReadFile("../standards/civilized-unit.yaml")
	require.NoError(t, err)
	std, err := standard.Parse("civilized-unit.yaml", data)
	require.NoError(t, err)
	return std
}
