package demo

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"

	"wenming/cli"
	"wenming/demo/scenario"
	"wenming/input/sheet"
	"wenming/integration/e2e"
	"wenming/rules/roster"
	"wenming/store"
	"wenming/testenv/browser"
	"wenming/testenv/dbsnap"
	"wenming/testenv/english"
	"wenming/testenv/pgtest"
	"wenming/workflows"
	"wenming/workflows/histories"
	"wenming/workflows/searchattr"
)

// printedTable finds the table a command printed: the lines after "$ starter <command>" and
// its header rule, up to the next blank line; cells are separated by two or more spaces.
func printedTable(t *testing.T, out, command string) [][]string {
	t.Helper()
	_, rest, found := strings.Cut(out, "$ starter "+command+"\n")
	require.True(t, found, "the demo ran %q", command)
	lines := strings.Split(rest, "\n")
	var rows [][]string
	started := false
	for _, l := range lines {
		if strings.HasPrefix(l, "----") {
			started = true
			continue
		}
		if started && strings.TrimSpace(l) == "" {
			break
		}
		if started {
			rows = append(rows, regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(l), -1))
		}
	}
	return rows
}

// demoStretch doubles the fault-free run's windows (4 to 20 s as written): beside it, the
// fault run and another test package load CI's two cores, and a submission pushed past its
// window is refused, rightly, which would fail the run for the machine's sake.
const demoStretch = 2

// `go tool task demo -- --exit`, run in this process against a fresh database: it finishes,
// the tables it prints are what PostgreSQL holds, and the reports it exports are there. Each
// act of the demo is done by its CLI verb, as an administrator types it, and then sent again
// through the office, which must answer that it received it before under the submission id
// the verb printed (or refuse it for the same reason): the verb and the office's action give
// the same receipt. Beside it, the same demo runs again under faults through the office alone
// and must leave PostgreSQL exactly as this run, made by the verbs, did: they give the same
// rows too. (TestEveryOfficeActIsAnActOfTheScenario holds that the acts are every office action.)
// The two runs go side by side (each on its own stack and database) and are compared once both
// have ended: run one after the other, they took 14 of the package's 25 minutes on CI.
func TestTheDemo(t *testing.T) {
	clean, begun := make(chan dbsnap.Snapshot, 1), time.Now()
	t.Run("without faults", func(t *testing.T) {
		t.Parallel()
		defer close(clean) // a failed run leaves the fault run nothing to compare with
		clean <- demoWithoutFaults(t)
	})
	t.Run("again under faults", func(t *testing.T) {
		t.Parallel()
		demoSurvivesFaults(t, clean, begun)
	})
}

// demoWithoutFaults runs the demo, checks what it printed, wrote and exported against what the
// office expects, and returns the rows it left in PostgreSQL.
func demoWithoutFaults(t *testing.T) dbsnap.Snapshot {
	db, url := pgtest.Fresh(t)
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	demo, err := scenario.RunDemo(ctx, scenario.DemoOptions{DataDir: t.TempDir(), DatabaseURL: url, Out: &out, Root: e2e.Root, Stretch: demoStretch,
		CLI: cli.Run, CLIFirst: true})
	require.NoError(t, err, out.String())
	defer demo.Stop()
	text := out.String()
	// The demo speaks Chinese: its narration, every command's output and the reports printed.
	assert.Empty(t, english.Runs(text), "English sentences in the demo's output")
	// The late violation: the member is no longer a candidate, and the next in rank moves up.
	assert.Contains(t, text, "：m0083 取消本期评选资格（受到党纪处分 (")
	assert.Contains(t, text, "m0085 递补进入支部 b-service 的推荐名单")
	// Who may declare: the window campaign's places, a title held, no prior honor (seed 001 三.1-5).
	assert.Contains(t, text, "以下单位按 10%（向下取整）的比例名额为 0，其窗口或科室不能申报：市统计局")
	assert.Contains(t, text, "市行政审批服务局：内设机构 16 个，可申报 1 个（本活动中有 2 个）")
	assert.Contains(t, text, "市商务局 已获得市级文明单位（市级，市文明委〔2025〕9号）：已获得市级以上文明单位等称号的单位，仅参加文明窗口（科室）、文明标兵创建申报")
	assert.Contains(t, text, "市统计局 在称号名册中没有市直级以上的表彰")
	replayEveryWorkflow(t, ctx, demo)
	webUIShowsEveryTypeInChinese(t, ctx, demo)
	pioneer, redflag := demo.Driver.Rounds()
	// The fault-free run's results are the office's expected results (the fault run below is
	// compared with this run, row for row).
	e2e.CheckCampaignResults(t, ctx, db)
	e2e.CheckPeopleResults(t, db)
	e2e.CheckTitles(t, db)
	e2e.CheckRoundResults(t, ctx, db, pioneer, redflag)
	checkYearEnd(t, ctx, db, demo.Driver.Year(), strings.TrimPrefix(pioneer, "pioneer/"), text)
	administratorsProceedPastOverdueWaits(t, db, text)
	overdueShownBySearchAttribute(t, ctx, demo)
	aRatingGradesByStarsRoundByRound(t, db, text)

	// The campaign's table: unit, outcome as PostgreSQL has them.
	rows := printedTable(t, text, "report campaign "+scenario.CampaignID)
	var want []struct {
		Name    string `db:"name"`
		Outcome string `db:"outcome"`
	}
	require.NoError(t, db.Select(&want, `SELECT u.name, r.outcome FROM campaign_results r JOIN units u ON u.id = r.unit_id`))
	require.Len(t, rows, len(want), "a row per unit")
	printed := map[string]string{}
	for _, r := range rows {
		printed[r[1]] = r[len(r)-2]
	}
	names := map[string]string{"named": "命名", "not_selected": "未入选", "below_line": "未达标", "not_declared": "未申报",
		"turned_down": "初审未通过", "not_inspected": "未实地检查", "not_approved": "未予批准", "vetoed": "一票否决", "removed_by_objection": "公示异议成立", "revoked": "撤销"}
	for _, w := range want {
		assert.Equal(t, names[w.Outcome], printed[w.Name], w.Name)
	}

	// The rounds' tables: awarded members and branches as PostgreSQL has them.
	for _, round := range []string{pioneer, redflag} {
		var awarded int
		require.NoError(t, db.Get(&awarded, `SELECT count(*) FROM round_results WHERE round_id = $1 AND outcome = 'awarded'`, round))
		assert.Equal(t, awarded, strings.Count(sectionOf(text, "report round "+round), "授予 "), round)
	}

	// The exports.
	require.Len(t, demo.Exports, 13)
	for _, p := range demo.Exports {
		st, err := os.Stat(p)
		require.NoError(t, err, p)
		assert.Positive(t, st.Size(), p)
		assert.Contains(t, text, "已写出 "+p)
		if strings.HasSuffix(p, ".xlsx") {
			f, err := excelize.OpenFile(p)
			require.NoError(t, err, p)
			assert.NotEmpty(t, f.GetSheetList())
			f.Close()
		}
		if filepath.Base(p) == "titles.xlsx" {
			f, err := excelize.OpenFile(p)
			require.NoError(t, err)
			assert.Equal(t, []string{"有效称号名册", "到期与复查计划", "动态管理记录"}, f.GetSheetList(), "the register's three tables")
			rows, err := f.GetRows("动态管理记录")
			require.NoError(t, err)
			assert.Len(t, rows, 1+7, "a header row, then warn, rectify, verify, suspend, restore, renew and the veto's revocation")
			f.Close()
		}
		if filepath.Base(p) == "model-individuals.html" {
			page, err := os.ReadFile(p)
			require.NoError(t, err)
			assert.Contains(t, string(page), "命名以下3名同志")
			assert.Contains(t, string(page), "市直机关工委研究决定（", "people are decided by the 工委 alone by default (附件7)")
			assert.NotContains(t, string(page), "市文明办、市直机关工委研究决定（")
		}
		if filepath.Base(p) == "naming.html" {
			page, err := os.ReadFile(p)
			require.NoError(t, err)
			assert.Contains(t, string(page), "市文明办、市直机关工委研究决定（"+scenario.NamingDocument+"），命名以下2个单位",
				"the naming list names the deciding body and its document")
		}
	}

	snap, err := dbsnap.Take(ctx, db, e2e.Comparable)
	require.NoError(t, err)
	return snap
}

// administratorsProceedPastOverdueWaits: the clock decided nothing in the campaign. The unit the
// inspectors never reached waited past the acceptance deadline until the administrator proceeded
// without its inspection; the discipline committee's silence on one unit was not taken for
// consent: the campaign's status showed the consultation overdue, and it went on when the
// administrator proceeded without the opinion. Each is recorded under their name with why.
func administratorsProceedPastOverdueWaits(t *testing.T, db *sqlx.DB, text string) {
	t.Helper()
	overdue, _, found := strings.Cut(text, "$ starter campaign proceed --campaign "+scenario.CampaignID+" --step consult")
	require.True(t, found, "the administrator proceeds by the verb")
	shown := strings.LastIndex(overdue, "$ starter campaign status "+scenario.CampaignID)
	require.GreaterOrEqual(t, shown, 0, "the campaign's status is shown before")
	overdue = overdue[shown:]
	assert.Contains(t, overdue, "市直机关纪工委的意见：", "the status shown before proceeding waits for the committee")
	assert.Contains(t, overdue, "已逾期：方案规定的时限")
	var steps []struct {
		By     string `db:"decided_by"`
		Step   string `db:"step"`
		Unit   string `db:"unit"`
		Silent string `db:"without_opinion"`
		Reason string `db:"reason"`
	}
	require.NoError(t, db.Select(&steps, `SELECT decided_by, detail->>'step' AS step, coalesce(detail->>'unit', '') AS unit,
		coalesce(detail->>'without_opinion', '') AS without_opinion, detail->>'reason' AS reason
		FROM campaign_decisions WHERE campaign_id = $1 AND kind = 'proceed' ORDER BY decided_at`, scenario.CampaignID))
	require.Len(t, steps, 2, "past the inspection, then past the committee")
	assert.Equal(t, "inspect", steps[0].Step)
	assert.Equal(t, scenario.NotInspected, steps[0].Unit)
	assert.Contains(t, steps[0].Reason, "不经实地检查参加评审")
	assert.Equal(t, "consult", steps[1].Step)
	assert.JSONEq(t, `["`+scenario.SilentOn+`"]`, steps[1].Silent)
	assert.Contains(t, steps[1].Reason, "纪工委逾期未反馈")
	for _, s := range steps {
		assert.NotEqual(t, "system", s.By)
	}
	assert.Contains(t, text, "不再等待市直机关纪工委对 "+scenario.SilentOn+" 的意见")
	var reminders []string
	require.NoError(t, db.Select(&reminders, `SELECT message FROM reminders WHERE campaign_id = $1 AND kind = 'overdue-consult' AND unit_id = ''
		ORDER BY seq`, scenario.CampaignID))
	require.NotEmpty(t, reminders, "the office is reminded of the overdue opinions in the outbox")
	assert.Contains(t, reminders[0], "市直机关纪工委对 "+scenario.SilentOn+" 的意见自")
	// The deciding body decided after its time: the office was reminded, the decision taken.
	var late []string
	require.NoError(t, db.Select(&late, `SELECT message FROM reminders WHERE campaign_id = $1 AND kind = 'overdue-decision' ORDER BY seq`,
		scenario.CampaignID))
	require.NotEmpty(t, late, "the office reminded of the deciding body's overdue decision")
	assert.Contains(t, late[0], "市文明办、市直机关工委的命名决定自")
	var named int
	require.NoError(t, db.Get(&named, `SELECT count(*) FROM campaign_results WHERE campaign_id = $1 AND outcome = 'named' AND document_no = $2`,
		scenario.CampaignID, scenario.NamingDocument))
	assert.Positive(t, named, "named under the late decision's document")
	var bySystem []string
	require.NoError(t, db.Select(&bySystem, `SELECT kind FROM campaign_decisions WHERE decided_by = 'system'`))
	assert.Empty(t, bySystem, "no campaign decision taken by the clock")
}

// aRatingGradesByStarsRoundByRound: the rating campaign (双创双修 courtyard hygiene) graded
// each unit by its band in each round; in the second round 市财政局 fell below 五星 and lost a
// star, 市住建局 rose to 五星, and 市卫生健康委员会, left out by the office with its reason,
// kept its 四星; the round's 通报 says so, and nothing was decided by the clock.
func aRatingGradesByStarsRoundByRound(t *testing.T, db *sqlx.DB, text string) {
	t.Helper()
	var rows []struct {
		Round  string  `db:"round_id"`
		Unit   string  `db:"unit_id"`
		Score  *string `db:"score"`
		Grade  string  `db:"grade"`
		Prev   string  `db:"prev_grade"`
		Change string  `db:"change"`
	}
	require.NoError(t, db.Select(&rows, `SELECT round_id, unit_id, score::text AS score, grade, prev_grade, change
		FROM rating_results WHERE campaign_id = $1 ORDER BY round_no, unit_id`, scenario.RatingCampaignID))
	got := map[string]string{}
	for _, r := range rows {
		score := "-"
		if r.Score != nil {
			score = *r.Score
		}
		got[r.Round+"/"+r.Unit] = score + " " + r.Prev + "→" + r.Grade + " " + r.Change
	}
	assert.Equal(t, map[string]string{
		"r1/education": "99.50 →五星 gained", "r1/finance": "100.00 →五星 gained", "r1/health": "94.00 →四星 gained", "r1/housing": "88.00 →三星 gained",
		"r2/education": "100.00 五星→五星 kept", "r2/finance": "92.00 五星→四星 lowered", "r2/health": "- 四星→四星 kept", "r2/housing": "96.00 三星→五星 raised",
	}, got)
	var skipped string
	require.NoError(t, db.Get(&skipped, `SELECT skipped_by FROM rating_skips WHERE campaign_id = $1 AND unit_id = 'health'`, scenario.RatingCampaignID))
	assert.Equal(t, "demo", skipped, "left out by the administrator, under their name")
	notice := sectionOf(text, "report rating "+scenario.RatingCampaignID+" --round r2")
	assert.Contains(t, notice, "第2轮检查通报", "titled by the round's name")
	assert.Contains(t, notice, "市财政局由五星降为四星。")
	assert.Contains(t, notice, "办公楼整体维修，本轮不检查")
	status := sectionOf(text, "rating status "+scenario.RatingCampaignID)
	assert.Contains(t, status, "finance：五星 → 四星", "the second round's changes of grade in the status")
	assert.Contains(t, status, "各轮检查已结束，整改均已验收：星级评定结束", "it ended once every fix was verified")
}

// overdueShownBySearchAttribute: the campaign showed its overdue consultation in the
// WenmingOverdueSince search attribute on the real server (registered on the namespace, or
// the upsert would have failed the run), then unset it when the administrator proceeded; at
// the demo's end nothing waits overdue.
func overdueShownBySearchAttribute(t *testing.T, ctx context.Context, demo *scenario.Demo) {
	t.Helper()
	h, err := histories.Fetch(ctx, demo.Service.Client, histories.Execution{Type: "Campaign", WorkflowID: workflows.CampaignWorkflowID(scenario.CampaignID)})
	require.NoError(t, err)
	var shown []bool // set (true) or unset, in order
	for _, e := range h.GetEvents() {
		fields := e.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields()
		if p, ok := fields[searchattr.OverdueSince.GetName()]; ok {
			shown = append(shown, len(p.GetData()) > 0 && string(p.GetData()) != "null")
		}
	}
	assert.Equal(t, []bool{true, false, true, false}, shown,
		"the consultation shown overdue, then not once the administrator proceeded; the decision likewise, until it came")
	query := searchattr.OverdueSince.GetName() + " IS NOT NULL"
	res, err := demo.Service.Client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query})
	require.NoError(t, err, query)
	assert.Empty(t, res.GetExecutions(), "nothing waits overdue at the demo's end")
}

func sectionOf(text, command string) string {
	_, rest, _ := strings.Cut(text, "$ starter "+command+"\n")
	section, _, _ := strings.Cut(rest, "\n$ starter ")
	return section
}

// replayEveryWorkflow replays every workflow of the demo run on the code that ran it: a
// decision that depends on anything but the history (a map's order, the clock) fails here.
// With -record-histories it also keeps the longest history of each type for the replay tests.
func replayEveryWorkflow(t *testing.T, ctx context.Context, demo *scenario.Demo) {
	execs, err := histories.List(ctx, demo.Service.Client, "")
	require.NoError(t, err)
	require.NotEmpty(t, execs)
	personal := memberNamesAndPhones(t)
	typesInChinese := map[string]bool{}
	for _, e := range execs {
		h, err := histories.Fetch(ctx, demo.Service.Client, e)
		require.NoError(t, err)
		assert.NoError(t, histories.Replay(workflows.RegisterWorkflows, h, workflows.Interceptor()), "replay %s", e.WorkflowID)
		shown := operatorTexts(t, ctx, demo, e, h)
		for _, words := range shown {
			assert.Empty(t, english.Runs(words), "%s shows an operator English: %q", e.WorkflowID, words)
		}
		if len(shown) > 0 {
			typesInChinese[e.Type] = true
		}
		text, err := histories.Text(h)
		require.NoError(t, err)
		for _, p := range personal {
			assert.NotContains(t, e.WorkflowID, p, "a member's name or phone in a workflow id")
			assert.NotContains(t, text, p, "a member's name or phone in the history of %s (search attributes, summaries, payloads)", e.WorkflowID)
		}
	}
	// Every workflow type that tells an operator something (all but the check and the round
	// launcher, which only start or record) does it in Chinese.
	for _, typ := range []string{"Campaign", "Group", "Unit", "PublicNotice", "PioneerRound", "RedFlagRound", "PioneerBranch", "RedFlagBranch", "Rating"} {
		assert.True(t, typesInChinese[typ], "the Web UI shows %s workflows' summaries and details", typ)
	}
	if *e2e.RecordHistories == "" {
		return
	}
	require.NoError(t, os.MkdirAll(*e2e.RecordHistories, 0o755))
	record := func(e histories.Execution, name string) {
		h, err := histories.Fetch(ctx, demo.Service.Client, e)
		require.NoError(t, err)
		path, err := histories.Save(*e2e.RecordHistories, name, h)
		require.NoError(t, err)
		t.Logf("recorded %s (%s, %d events) in %s", name, e.WorkflowID, len(h.Events), path)
	}
	for _, e := range histories.Largest(execs) {
		record(e, e.Type)
	}
	// A pioneer round's group takes its branches' sheets: its own course, kept beside the
	// campaign's (the largest group).
	var roundGroups []histories.Execution
	for _, e := range execs {
		if e.Type == "Group" && strings.HasPrefix(e.WorkflowID, workflows.KindPioneer+"/") {
			roundGroups = append(roundGroups, e)
		}
	}
	for _, e := range histories.Largest(roundGroups) {
		record(e, "Group-pioneer")
	}
}

// memberNamesAndPhones are the personal data of the demo's roster (examples/members.csv).
func memberNamesAndPhones(t *testing.T) []string {
	f, err := os.Open(e2e.Example("members.csv"))
	require.NoError(t, err)
	defer f.Close()
	tbl, err := sheet.ReadCSV("members.csv", f)
	require.NoError(t, err)
	members, err := roster.ReadMembers(tbl)
	require.NoError(t, err)
	var out []string
	for _, m := range members {
		out = append(out, m.Name)
		if m.Phone != "" {
			out = append(out, m.Phone)
		}
	}
	require.NotEmpty(t, out)
	return out
}

// operatorTexts is what the Web UI shows an operator of one workflow: the summaries and
// details given when it or its timers, activities and children started, and its current
// details (asked of the worker).
func operatorTexts(t *testing.T, ctx context.Context, demo *scenario.Demo, e histories.Execution, h *historypb.History) []string {
	dc := converter.GetDefaultDataConverter()
	var out []string
	add := func(p *commonpb.Payload) {
		var s string
		if p != nil && dc.FromPayload(p, &s) == nil && s != "" {
			out = append(out, s)
		}
	}
	for _, ev := range h.Events {
		add(ev.GetUserMetadata().GetSummary())
		add(ev.GetUserMetadata().GetDetails())
	}
	v, err := demo.Service.Client.QueryWorkflow(ctx, e.WorkflowID, e.RunID, "__temporal_workflow_metadata")
	require.NoError(t, err, e.WorkflowID)
	var md sdkpb.WorkflowMetadata
	require.NoError(t, v.Get(&md))
	if d := md.GetCurrentDetails(); d != "" {
		out = append(out, d)
	}
	return out
}

// webUIShowsEveryTypeInChinese opens one workflow of every type the demo ran in the real Web
// UI (Chromium), on its User Metadata tab, and reads what an operator reads there: the
// workflow's summary (and details), in Chinese.
func webUIShowsEveryTypeInChinese(t *testing.T, ctx context.Context, demo *scenario.Demo) {
	execs, err := histories.List(ctx, demo.Service.Client, "")
	require.NoError(t, err)
	first := map[string]histories.Execution{}
	var types []string
	for _, e := range execs {
		if _, seen := first[e.Type]; !seen {
			first[e.Type] = e
			types = append(types, e.Type)
		}
	}
	sort.Strings(types)
	frames := `Array.from(document.querySelectorAll('iframe')).map(f => (f.contentDocument && f.contentDocument.body) ? f.contentDocument.body.innerText : '').join('\n')`
	var browserTab context.Context
	shownTypes := 0
	for _, typ := range types {
		e := first[typ]
		h, err := histories.Fetch(ctx, demo.Service.Client, e)
		require.NoError(t, err)
		var summary string
		if p := h.Events[0].GetUserMetadata().GetSummary(); p != nil {
			require.NoError(t, converter.GetDefaultDataConverter().FromPayload(p, &summary))
		}
		if summary == "" {
			continue // the check and the launcher: nothing to show an operator
		}
		page := demo.UI + "/namespaces/default/workflows/" + url.PathEscape(e.WorkflowID) + "/" + e.RunID + "/history"
		if browserTab == nil {
			browserTab = browser.Start(t, page)
		}
		// A tab of its own for each page, in the one browser: the single-page UI reloaded in
		// one tab leaves chromedp evaluating in the page it left.
		tab, closeTab := chromedp.NewContext(browserTab)
		_, err = chromedp.Run(tab, chromedp.Navigate(page))
		require.NoError(t, err, page)
		browser.WaitForText(t, tab, "User Metadata")
		err = openUserMetadata(tab, frames, summary)
		shown, _ := chromedp.Run(tab, chromedp.Evaluate[string](frames))
		require.NoError(t, err, "%s (%s): the Web UI never showed its summary %q; it shows:\n%s", typ, e.WorkflowID, summary, shown)
		assert.Empty(t, english.Runs(shown), "%s: the Web UI shows an operator English:\n%s", typ, shown)
		closeTab()
		shownTypes++
	}
	assert.GreaterOrEqual(t, shownTypes, 8, "every type that tells an operator something was opened in the Web UI")
}

// openUserMetadata opens a workflow page's User Metadata panel and waits until its frames show
// the summary. The single-page UI can render the panel again while the history loads, which
// closes it: a click that the panel did not answer within 30 s is made again, four times at
// most (twice seen on 2 busy cores: the panel stayed shut for the minute the one click had).
func openUserMetadata(tab context.Context, frames, summary string) error {
	var err error
	for range 4 {
		if err := chromedp.Do(tab, chromedp.Click(`//*[normalize-space(text())="User Metadata"]`)); err != nil {
			return err
		}
		_, err = chromedp.Run(tab, chromedp.Poll[bool](frames+`.includes(`+strconv.Quote(summary)+`)`, chromedp.WithPollingTimeout(30*time.Second)))
		if err == nil {
			return nil
		}
	}
	return err
}

// checkYearEnd compares the demo's year-end round with what the office expects: the nominated
// member conferred, the nominated branch struck, and m0001, pioneer post four quarters in a row,
// on the list without evaluation (免评) only when the four are quarters of the demo's year (the
// demo's quarter is a fourth): streaks count inside the calendar year, so four posts across the
// year's end confer nothing. Each title conferred is in the register of titles, and the printed
// commendation list gives its basis and its number there.
func checkYearEnd(t *testing.T, ctx context.Context, db *sqlx.DB, year int, quarter, out string) {
	t.Helper()
	inYear := strings.HasSuffix(quarter, "-Q4")
	round := workflows.RoundWorkflowID(workflows.KindAnnual, strconv.Itoa(year))
	rows, err := store.RoundResults(ctx, db, round)
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range rows {
		got[r.SubjectID] = r.Outcome
	}
	want := map[string]string{"m0032": "awarded", "b-education": "not_approved"}
	wantTitles := []string{"m0032 支部推荐：全年服务纳税人成绩突出"}
	wantHolders := []string{"m0032"}
	if inYear {
		want["m0001"] = "awarded"
		wantTitles = append([]string{"m0001 连续4次获党员先锋岗（至 " + quarter + "）"}, wantTitles...)
		wantHolders = append([]string{"m0001"}, wantHolders...)
		assert.Contains(t, out, "m0001 本年度连续四次获党员先锋岗")
	} else {
		assert.Contains(t, out, "但跨了年度", "the demo says why m0001's streak confers nothing")
	}
	assert.Equal(t, want, got)
	assert.Equal(t, want, scenario.YearEndResults("pioneer/"+quarter), "the scenario expects what the rule gives")
	var titles []string
	require.NoError(t, db.SelectContext(ctx, &titles, `SELECT subject_id || ' ' || basis FROM honors WHERE conferred_in = $1 ORDER BY subject_id`, round))
	assert.Equal(t, wantTitles, titles)
	assert.Contains(t, out, strconv.Itoa(year)+"年度表彰名单")
	var register []struct {
		ID     int64  `db:"id"`
		Holder string `db:"holder"`
		Name   string `db:"name"`
	}
	require.NoError(t, db.SelectContext(ctx, &register, `SELECT id, holder, name FROM titles WHERE round_id = $1 AND source = 'annual'
		AND kind = 'excellent-member' AND level = 'committee' AND status = 'active' ORDER BY holder`, round))
	var holders []string
	for _, r := range register {
		holders = append(holders, r.Holder)
		assert.Equal(t, strconv.Itoa(year)+"年度优秀共产党员", r.Name)
	}
	require.Equal(t, wantHolders, holders)
	if inYear {
		assert.Regexp(t, `优秀共产党员\s+连续4次获党员先锋岗（至 `+quarter+`）\s+`+strconv.FormatInt(register[0].ID, 10)+`\b`, out)
	}
	nominated := register[len(register)-1]
	assert.Regexp(t, `优秀共产党员\s+支部推荐：全年服务纳税人成绩突出\s+`+strconv.FormatInt(nominated.ID, 10)+`\b`, out)
}
