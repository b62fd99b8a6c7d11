package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"wenming/cli"
	"wenming/demo/scenario"
	"wenming/testenv/browser"
)

// reportRun runs a report verb against the scenario's database and returns what it printed.
func reportRun(t *testing.T, d *Driver, argv ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), append(append([]string{"report"}, argv...), d.Flags...), &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	return out.String()
}

// csvRows reads a report's CSV: comment lines, then header and rows of each table.
func csvRows(t *testing.T, text string) [][]string {
	t.Helper()
	require.True(t, strings.HasPrefix(text, "\ufeff"), "a CSV export starts with the byte-order mark")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	require.NoError(t, err)
	return rows
}

func rowsStartingWith(rows [][]string, first string) [][]string {
	var out [][]string
	for _, r := range rows {
		if len(r) > 0 && r[0] == first {
			out = append(out, r)
		}
	}
	return out
}

// XLSX runs a report verb with --xlsx and opens the workbook it wrote.
func XLSX(t *testing.T, d *Driver, argv ...string) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.xlsx")
	assert.Contains(t, reportRun(t, d, append(argv, "--xlsx", "-o", path)...), "已写出 "+path)
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func html(t *testing.T, d *Driver, argv ...string) browser.Page {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.html")
	reportRun(t, d, append(argv, "--html", "-o", path)...)
	return browser.Open(t, path, "")
}

// numberCell reads a cell that must hold a number, not text.
func numberCell(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	require.NoError(t, err)
	assert.NotEqual(t, excelize.CellTypeSharedString, typ, "%s!%s is a number", sheet, cell)
	assert.NotEqual(t, excelize.CellTypeInlineString, typ, "%s!%s is a number", sheet, cell)
	v, err := f.GetCellValue(sheet, cell)
	require.NoError(t, err)
	return v
}

// CheckCampaignReports reads the demo campaign's reports in every format and checks what the office reads in them.
func CheckCampaignReports(t *testing.T, d *Driver) {
	id := scenario.CampaignID

	// The ranking, in all four formats.
	text := reportRun(t, d, "campaign", id)
	assert.Contains(t, text, "市直机关文明单位创建活动（演示） 排名与结果")
	assert.Regexp(t, `1\s+市财政局\s+100\s+98\s+6\s+104\s+命名\s+命名`, text)
	assert.Regexp(t, `-\s+市农业农村局\s+91\s+-\s+-\s+-\s+初审未通过\s+初步审查不予通过: 申报材料中`, text)
	assert.Regexp(t, `-\s+市文化广电旅游局\s+95\s+-\s+-\s+-\s+未实地检查\s+已申报, 验收截止前未实地检查`, text)
	rows := csvRows(t, reportRun(t, d, "campaign", id, "--csv"))
	assert.Equal(t, []string{"# 市直机关文明单位创建活动（演示） 排名与结果"}, rows[0])
	assert.Equal(t, []string{"排名", "单位", "自评基本分", "实评基本分", "加分", "总分", "结果", "说明"}, rows[2])
	assert.Equal(t, []string{"1", "市财政局", "100", "98", "6", "104", "命名", "命名"}, rows[3])
	assert.Equal(t, [][]string{{"撤销", "1"}}, rowsStartingWith(rows, "撤销"))
	f := XLSX(t, d, "campaign", id)
	assert.Equal(t, []string{"排名", "结果统计"}, f.GetSheetList())
	head, err := f.GetRows("排名")
	require.NoError(t, err)
	require.Len(t, head, 21, "header and 20 units")
	assert.Equal(t, "说明", head[0][7])
	assert.Equal(t, "市财政局", head[1][1])
	assert.Equal(t, "104", numberCell(t, f, "排名", "F2"))
	assert.Equal(t, "93.5", numberCell(t, f, "排名", "F11"))
	width, err := f.GetColWidth("排名", "H")
	require.NoError(t, err)
	assert.Greater(t, width, 40.0, "the reason column is wide")
	page := html(t, d, "campaign", id)
	assert.Equal(t, "市直机关文明单位创建活动（演示） 排名与结果", page.Title)
	assert.Equal(t, []int{20, 11}, page.TableRows, "the units, and a row for each of the ten outcomes")
	assert.Equal(t, 12, page.Bars, "a bar for each ranked unit")
	assert.Equal(t, []string{"1", "市财政局", "100", "98", "6", "104", "命名", "命名"}, page.FirstRow)

	// The public-notice list, formatted for posting.
	page = html(t, d, "notice", id)
	assert.Equal(t, "关于市直机关文明单位创建活动（演示）拟命名（授予）名单的公示", page.Title)
	assert.Contains(t, page.Text, "公示期：")
	assert.Contains(t, page.Text, "请以书面或电话形式向市文明办 0000-1234567反映")
	assert.Equal(t, []int{5}, page.TableRows, "six proposed, one excluded by the discipline committee")
	notice := csvRows(t, reportRun(t, d, "notice", id, "--csv"))
	assert.Equal(t, [][]string{{"3", "市住房和城乡建设局", "100", "1", "1"}}, rowsStartingWith(notice, "3"))

	// The naming list: the revoked title is not on it.
	page = html(t, d, "naming", id)
	assert.Equal(t, []int{2}, page.TableRows)
	assert.Contains(t, page.Text, "市文明办、市直机关工委研究决定（"+scenario.NamingDocument+"），命名以下2个单位")
	assert.NotContains(t, page.Text, "市教育局")

	// Task progress (通报), rectification, the monthly briefing.
	tasks := csvRows(t, reportRun(t, d, "tasks", id, "--csv"))
	assert.Equal(t, []string{"单位", "任务数", "已完成", "逾期", "逾期任务（通报）"}, tasks[2])
	assert.Equal(t, [][]string{{"市财政局", "2", "2", "0", ""}}, rowsStartingWith(tasks, "市财政局"))
	assert.Equal(t, [][]string{{"市行政审批服务局", "3", "0", "3", "制定本单位创建实施方案、行政审批窗口文明服务提升、注册志愿者达到职工总数20%"}}, rowsStartingWith(tasks, "市行政审批服务局"))
	rect := XLSX(t, d, "rectification", id)
	rectRows, err := rect.GetRows("整改通知")
	require.NoError(t, err)
	require.Len(t, rectRows, 3)
	assert.Equal(t, []string{"市政府办公室", "2", "17", "大事（一周）", "消防通道堵塞，灭火器过期"}, rectRows[2][:5])
	assert.Equal(t, "已复查销号", rectRows[2][7])
	assert.Equal(t, "1", numberCell(t, rect, "整改通知", "I3"), "reopened once")
	month := d.Month()
	brief := reportRun(t, d, "briefing", id, "--month", month)
	for _, want := range []string{"提交自评  ", "申报 ", "下达整改通知", "考核测评排名变化（按最近一次检查得分）"} {
		assert.Contains(t, brief, want)
	}
	briefRows := csvRows(t, reportRun(t, d, "briefing", id, "--month", month, "--csv"))
	for what, n := range map[string]string{"提交自评": "19", "申报": "15", "实地检查验收": "12", "下达整改通知": "2", "整改复查销号": "2", "一票否决": "3", "公示异议": "2"} {
		assert.Equal(t, [][]string{{what, n}}, rowsStartingWith(briefRows, what), what)
	}
}

// CheckRoundReports reads the demo rounds' reports and the honors list.
func CheckRoundReports(t *testing.T, d *Driver, pioneer, redflag string) {
	text := reportRun(t, d, "round", pioneer)
	assert.Contains(t, text, "各支部情况")
	assert.Regexp(t, `市税务局第二党支部\s+14\s+是\s+13\s+13\s+4`, text)
	checkNoBallotShown(t, d, pioneer)
	f := XLSX(t, d, "round", pioneer)
	assert.Equal(t, []string{"各支部", "评选结果"}, f.GetSheetList())
	results, err := f.GetRows("评选结果")
	require.NoError(t, err)
	assert.Len(t, results, 38, "header and 37 members")
	assert.Equal(t, "100", numberCell(t, f, "评选结果", "C2"))

	page := html(t, d, "round", redflag)
	assert.Equal(t, []int{9, 9}, page.TableRows)
	scored := 0
	for _, r := range scenario.RedFlagResults(pioneer, redflag) {
		if r.Score != "" {
			scored++
		}
	}
	assert.Equal(t, scored, page.Bars, "a bar for each branch the committee scored")
	rows := csvRows(t, reportRun(t, d, "round", redflag, "--csv"))
	assert.NotEmpty(t, rowsContaining(rows, scenario.RedFlagBasis(redflag, "b-education")),
		"the branches' table lists the records the committee's score rests on")
	assert.Equal(t, [][]string{{"市住建局机关党支部", "", "", "", "不具备资格", rows[len(rows)-1][5]}}, rowsStartingWith(rows[len(rows)-1:], "市住建局机关党支部"))

	honors := csvRows(t, reportRun(t, d, "honors", "--csv"))
	assert.Len(t, rowsStartingWith(honors, "党员先锋岗"), 11, "the demo's quarter's eight, and m0001's three before it")
	assert.Len(t, rowsStartingWith(honors, "流动红旗"), 3)
	assert.Len(t, rowsContaining(honors, "一定物质奖励"), 11, "the demo quarter's eight posts and the three flags come with the reward its schedules state")
}

// rowsContaining are the rows with a cell that is text.
func rowsContaining(rows [][]string, text string) [][]string {
	var out [][]string
	for _, r := range rows {
		if slices.Contains(r, text) {
			out = append(out, r)
		}
	}
	return out
}

// MustLoad is time.LoadLocation for a zone the test names.
func MustLoad(tz string) *time.Location {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		panic(err)
	}
	return loc
}

// checkNoBallotShown reads the pioneer round's report as data and checks what "no report
// shows a ballot" means: its only tables are the branches at a glance and a row per member,
// with no column of a ballot's criteria and no paper number (the demo's sheets number their
// papers 001, 002, ...), and each member's score is the average of the ballots about them
// as SQL computes it from the ballots table, not any one ballot.
func checkNoBallotShown(t *testing.T, d *Driver, round string) {
	t.Helper()
	rows := csvRows(t, reportRun(t, d, "round", round, "--csv"))
	overview := []string{"党支部", "党员数", "参评资格", "测评票", "到会", "授予"}
	results := []string{"党支部", "党员", "得分", "排名", "结果", "说明"}
	var headers [][]string
	var members [][]string
	inResults := false
	for _, r := range rows {
		switch {
		case len(r) > 0 && r[0] == "党支部":
			headers = append(headers, r)
			inResults = slices.Equal(r, results)
		case inResults && len(r) == len(results):
			members = append(members, r)
		}
		for _, cell := range r {
			assert.NotRegexp(t, `^0\d\d$`, cell, "a paper number in the round's report: %v", r)
		}
	}
	assert.Equal(t, [][]string{overview, results}, headers, "the report's only tables, without a column of a ballot's criteria")
	db, err := sqlx.Open("postgres", flagOf(d, "--database-url"))
	require.NoError(t, err)
	defer db.Close()
	var averages []struct {
		Member string `db:"member"`
		Score  string `db:"score"`
	}
	require.NoError(t, db.Select(&averages, `
		SELECT m.name AS member, trim_scale(round(avg(b.total), 2))::text AS score
		FROM ballots b JOIN members m ON m.id = b.candidate_id WHERE b.round_id = $1 GROUP BY m.name`, round))
	require.NotEmpty(t, averages, "the round's ballots are kept until the tally reads them")
	average := map[string]string{}
	for _, a := range averages {
		average[a.Member] = a.Score
	}
	scored := 0
	for _, m := range members {
		if m[2] == "" { // not a candidate when the branch tallied (a violation, say)
			continue
		}
		scored++
		assert.Equal(t, average[m[1]], m[2], "%s's score is the average of the ballots about them", m[1])
	}
	assert.Positive(t, scored, "members with a score")
}

// flagOf is the value of a connection flag the driver adds to every command.
func flagOf(d *Driver, name string) string {
	i := slices.Index(d.Flags, name)
	if i < 0 || i+1 == len(d.Flags) {
		panic("the driver has no " + name)
	}
	return d.Flags[i+1]
}
