package verbs

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/integration/e2e"
	"wenming/rules/campaign"
	"wenming/testenv/stacktest"
	"wenming/workflows"
	"wenming/workflows/histories"
)

const windowSpec = `id: civilized-windows-test
title: 市直机关文明窗口创建活动（测试）
standard: civilized-window
subject: window
units: [admin-service-hall, admin-service-works, tax-hall, statistics-query]
schedule: {implement: +1s, selfcheck: +1s, declare_by: +90s, accept_by: +30s}
supervision: {progress: 10s, ranking: 30s}
notice: {length: 5s, allow_short: true, before_declaring_length: 6s, contact: 单位纪检组}
rectification: {small: 10s, big: 20s}
declaration: {preliminary_review: false}
`

// A window campaign through the verbs (seed 001 三.4-6): windows declare within 10% of their
// agency's internal departments (市统计局, 5: none; 市行政审批服务局, 16: one), with the
// recommendation of the agency's party committee; each declaration is put on a notice inside
// its unit first, where an upheld objection withdraws it and a dismissed one lets it stand.
func TestAWindowCampaignThroughTheVerbs(t *testing.T) {
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	spec, err := d.Write("windows.yaml", windowSpec)
	require.NoError(t, err)
	std, err := d.LoadStandard("civilized-window")
	require.NoError(t, err)
	const id = "civilized-windows-test"
	c := []string{"--campaign", id}

	require.NoError(t, d.Run("campaign", "validate", spec, "--standards", d.Path("standards")), out.String())
	assert.Contains(t, out.String(), "以下单位按 10%（向下取整）的比例名额为 0，其窗口或科室不能申报：市统计局")
	require.NoError(t, d.Run("campaign", "start", spec, "--standards", d.Path("standards")), out.String())
	require.NoError(t, d.WaitCampaign(id, "wait.selfcheck", func(st workflows.CampaignStatus) bool { return st.Phase == campaign.PhaseSelfCheck }), out.String())

	declare := func(unit string) []string {
		return append(append([]string{"declare"}, c...), "--unit", unit, "--report", "窗口服务规范，群众满意。",
			"--summary", "推行一次性告知、限时办结。", "--recommendation", "经机关党委研究，同意推荐", "--opinion", "近两年无违纪违法问题")
	}
	for _, w := range []string{"statistics-query", "admin-service-hall", "admin-service-works", "tax-hall"} {
		sheet, err := d.ScoreSheet(w+"-self.csv", std, "96")
		require.NoError(t, err)
		require.NoError(t, d.Run(append(append([]string{"selfcheck", "submit"}, c...), "--unit", w, "--sheet", sheet)...), out.String())
	}
	require.NoError(t, d.Refused(declare("statistics-query")...), out.String())
	require.NoError(t, d.Run(declare("admin-service-hall")...), out.String())
	require.NoError(t, d.Refused(declare("admin-service-works")...), out.String())
	require.NoError(t, d.Run(declare("tax-hall")...), out.String())
	assert.Contains(t, out.String(), "市统计局数据查询窗口 不能申报：市统计局 内设机构 5 个，按不超过 10% 的比例（向下取整）可申报 0 个")
	assert.Contains(t, out.String(), "市行政审批服务局工程建设审批窗口 不能申报：市行政审批服务局 内设机构 16 个，按不超过 10% 的比例（向下取整）可申报 1 个，已申报 市行政审批服务局政务大厅综合窗口")
	assert.Contains(t, out.String(), "申报前在单位内公示 6s")

	object := func(unit, reason, verdict, note string) {
		t.Helper()
		u := append(append([]string{}, c...), "--unit", unit, "--before-declaring")
		require.NoError(t, d.Run(append(append([]string{"objection", "file"}, u...), "--reason", reason)...), out.String())
		require.NoError(t, d.Run(append(append([]string{"objection", "decide"}, u...), "--objection", "1", verdict, "--note", note)...), out.String())
	}
	object("tax-hall", "窗口工作人员多次推诿", "--uphold", "经核查属实")
	object("admin-service-hall", "排队时间长", "--dismiss", "高峰时段偶发，已增开窗口")
	ended := func(status string) func(workflows.UnitStatus) bool {
		return func(st workflows.UnitStatus) bool {
			return st.DeclaringNotice != nil && st.DeclaringNotice.Status == status
		}
	}
	require.NoError(t, d.WaitUnit(id, "tax-hall", "wait.declaring_notice", ended("removed")), out.String())
	require.NoError(t, d.WaitUnit(id, "admin-service-hall", "wait.declaring_notice", ended("passed")), out.String())

	var rows []struct {
		Unit   string `db:"unit_id"`
		Notice string `db:"declaring_notice"`
		By     string `db:"recommended_by"`
	}
	require.NoError(t, env.DB.Select(&rows, `SELECT unit_id, declaring_notice, recommended_by FROM declarations WHERE campaign_id = $1 ORDER BY unit_id`, id))
	assert.Equal(t, []struct {
		Unit   string `db:"unit_id"`
		Notice string `db:"declaring_notice"`
		By     string `db:"recommended_by"`
	}{{"admin-service-hall", "passed", "主管单位机关党委"}, {"tax-hall", "removed", "主管单位机关党委"}}, rows)
	var objections int
	require.NoError(t, env.DB.Get(&objections, `SELECT count(*) FROM objections WHERE notice_id LIKE 'campaign/civilized-windows-test/unit/%/notice'`))
	assert.Equal(t, 2, objections)

	// Every unit's history replays; with -record-histories the one whose declaration stood after
	// its notice is kept for the replay tests (the demo's campaign has no notice before declaring).
	for _, unit := range []string{"admin-service-hall", "tax-hall", "statistics-query"} {
		h, err := histories.Fetch(d.Ctx, env.Client, histories.Execution{Type: "Unit", WorkflowID: workflows.UnitWorkflowID(id, unit)})
		require.NoError(t, err)
		require.NoError(t, histories.Replay(workflows.RegisterWorkflows, h, workflows.Interceptor()), unit)
		if *e2e.RecordHistories != "" && unit == "admin-service-hall" {
			_, err := histories.Save(*e2e.RecordHistories, "Unit-declaring-notice", h)
			require.NoError(t, err)
		}
	}
}
