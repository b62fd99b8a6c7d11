package report

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/rules/campaign"
	"wenming/store"
)

func head(ctx context.Context, db *sqlx.DB, id string) (store.CampaignHead, *time.Location, error) {
	h, err := store.LoadCampaignHead(ctx, db, id)
	if err != nil {
		return h, nil, err
	}
	loc, err := time.LoadLocation(h.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return h, loc, nil
}

// Ranking is a campaign's results: rank, self and actual scores, outcome and reason.
func Ranking(ctx context.Context, db *sqlx.DB, id string) (*Report, *time.Location, error) {
	h, loc, err := head(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	if namesPeople(h) {
		return peopleResults(ctx, db, h, loc)
	}
	rows, err := store.Results(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		return nil, nil, fmt.Errorf("campaign %s has no results yet: they are written at naming (starter campaign status %s)", id, id)
	}
	t := Table{Sheet: "排名", Title: "排名与结果", Columns: []Column{
		{Title: "排名", Width: 6, Right: true}, {Title: "单位", Width: 26}, {Title: "自评基本分", Width: 11, Right: true},
		{Title: "实评基本分", Width: 11, Right: true}, {Title: "加分", Width: 7, Right: true}, {Title: "总分", Width: 8, Right: true},
		{Title: "结果", Width: 13}, {Title: "说明", Width: 40},
	}}
	chart := &Chart{Title: "参评单位总分（实评基本分＋加分）"}
	for _, r := range rows {
		t.Add(r.Rank, r.UnitName, r.SelfBase, r.ActualBase, r.Bonus, r.Total, campaign.OutcomeName(r.Outcome), r.Reason)
		if r.Rank != nil && r.Total != nil {
			chart.Bars = append(chart.Bars, Bar{Label: r.UnitName, Value: r.Total.Float(), Highlight: r.Outcome == "named"})
		}
	}
	return &Report{Name: "campaign-" + id, Title: h.Title + " 排名与结果", Subtitle: subtitle(h, loc),
		Tables: []Table{t, outcomeTable(rows)}, Chart: chart}, loc, nil
}

func subtitle(h store.CampaignHead, loc *time.Location) string {
	s := fmt.Sprintf("创建活动 %s · 阶段 %s", h.ID, campaign.PhaseNames[campaign.Phase(h.Phase)])
	if h.NamedAt != nil {
		s += " · 命名于 " + h.NamedAt.In(loc).Format("2006-01-02 15:04")
	}
	return s
}

func outcomeTable(rows []store.Result) Table {
	count := map[string]int{}
	for _, r := range rows {
		count[r.Outcome]++
	}
	return outcomeCounts(count, len(rows), "单位数")
}

// outcomeCounts is the table of how many (units, people) ended with each outcome.
func outcomeCounts(count map[string]int, total int, what string) Table {
	t := Table{Sheet: "结果统计", Title: "结果统计", Columns: []Column{{Title: "结果", Width: 14}, {Title: what, Width: 8, Right: true}}}
	for _, o := range campaign.Outcomes {
		if count[o.ID] > 0 {
			t.Add(o.Name, count[o.ID])
		}
	}
	t.Add("合计", total)
	return t
}

// NoticeList is the public-notice list (公示名单) as posted: the period, where objections go,
// the proposed units, and what became of the objections.
func NoticeList(ctx context.Context, db *sqlx.DB, id string) (*Report, *time.Location, error) {
	h, loc, err := head(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	n, entries, err := store.LoadCampaignNotice(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	return noticeReport("notice-"+id, h.Title, n, entries, loc), loc, nil
}

func noticeReport(name, title string, n store.NoticeHead, entries []store.NoticeEntry, loc *time.Location) *Report {
	contact := n.Contact
	if contact == "" {
		contact = "评选办公室"
	}
	r := &Report{Name: name, Title: "关于" + title + "拟命名（授予）名单的公示", Posting: true, Lines: []string{
		fmt.Sprintf("根据%s的有关规定，经审核评选，现将拟命名（授予）名单予以公示，接受群众监督。", title),
		fmt.Sprintf("公示期：%s 至 %s。", n.StartsAt.In(loc).Format("2006年1月2日 15:04"), n.EndsAt.In(loc).Format("2006年1月2日 15:04")),
		fmt.Sprintf("公示期间，如有异议，请以书面或电话形式向%s反映，反映情况要实事求是。", contact),
	}}
	t := Table{Sheet: "公示名单", Title: fmt.Sprintf("拟命名（授予）名单（%d）", len(entries)), Columns: []Column{
		{Title: "序号", Width: 6, Right: true}, {Title: "名称", Width: 30}, {Title: "总分", Width: 8, Right: true},
		{Title: "异议", Width: 6, Right: true}, {Title: "异议成立", Width: 9, Right: true},
	}}
	for _, e := range entries {
		t.Add(e.Position, e.Name, e.Total, e.Objections, e.Upheld)
	}
	r.Tables = []Table{t}
	return r
}

// NamingList is the naming list (命名名单): the units holding the title.
func NamingList(ctx context.Context, db *sqlx.DB, id string) (*Report, *time.Location, error) {
	h, loc, err := head(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	if namesPeople(h) {
		return peopleNaming(ctx, db, h, loc)
	}
	rows, err := store.Results(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	register, err := registerNumbers(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	t := Table{Sheet: "命名名单", Title: "命名名单", Columns: []Column{
		{Title: "序号", Width: 6, Right: true}, {Title: "单位", Width: 30}, {Title: "总分", Width: 8, Right: true},
		{Title: "称号编号", Width: 9, Right: true}}}
	for _, r := range rows {
		if r.Outcome == "named" {
			t.Add(len(t.Rows)+1, r.UnitName, r.Total, register[r.UnitID+"/"])
		}
	}
	if h.NamedAt == nil {
		return nil, nil, fmt.Errorf("campaign %s has not named its units yet", id)
	}
	doc, err := store.NamingDecision(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	r := &Report{Name: "naming-" + id, Title: "关于命名" + h.Title + "先进单位的决定", Posting: true, Subtitle: subtitle(h, loc),
		Lines:  []string{fmt.Sprintf("经自查申报、考核验收、审核评选和公示，决定命名以下%d个单位。希望受到命名的单位珍惜荣誉，巩固创建成果，在长效管理中再创佳绩。", len(t.Rows))},
		Tables: []Table{t}}
	if doc != nil {
		r.Subtitle = doc.Number + " · " + doc.On + " · " + r.Subtitle
		r.Lines[0] = fmt.Sprintf("经自查申报、考核验收、审核评选、征求纪工委意见和公示，%s研究决定（%s），命名以下%d个单位。希望受到命名的单位珍惜荣誉，巩固创建成果，在长效管理中再创佳绩。",
			doc.Body, doc.Number, len(t.Rows))
	}
	return r, loc, nil
}

// Tasks is the progress of the responsibility list by unit, with the overdue tasks (通报).
func Tasks(ctx context.Context, db *sqlx.DB, id string, now time.Time) (*Report, *time.Location, error) {
	h, loc, err := head(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	rows, err := store.TaskProgressOf(ctx, db, id, now)
	if err != nil {
		return nil, nil, err
	}
	t := Table{Sheet: "任务进度", Title: "任务进度（截至 " + now.In(loc).Format("2006-01-02 15:04") + "）", Columns: []Column{
		{Title: "单位", Width: 26}, {Title: "任务数", Width: 8, Right: true}, {Title: "已完成", Width: 8, Right: true},
		{Title: "逾期", Width: 6, Right: true}, {Title: "逾期任务（通报）", Width: 50}}}
	overdue := 0
	for _, r := range rows {
		t.Add(r.UnitName, r.Tasks, r.Done, r.Overdue, r.Flagged)
		overdue += r.Overdue
	}
	return &Report{Name: "tasks-" + id, Title: h.Title + " 任务进度通报", Subtitle: subtitle(h, loc),
		Lines:  []string{fmt.Sprintf("%d个单位共有%d项任务逾期未完成，予以通报，请相关单位抓紧整改落实。", countOverdue(rows), overdue)},
		Tables: []Table{t}}, loc, nil
}

func countOverdue(rows []store.TaskProgress) int {
	n := 0
	for _, r := range rows {
		if r.Overdue > 0 {
			n++
		}
	}
	return n
}

// Rectifications lists the rectification notices: open, closed, verified, overdue.
func Rectifications(ctx context.Context, db *sqlx.DB, id string, now time.Time) (*Report, *time.Location, error) {
	h, loc, err := head(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	rows, err := store.Rectifications(ctx, db, id, now)
	if err != nil {
		return nil, nil, err
	}
	status := map[string]string{"open": "待整改", "closed": "已整改待复查", "verified": "已复查销号"}
	size := map[string]string{"small": "小事（当日）", "big": "大事（一周）"}
	t := Table{Sheet: "整改通知", Title: "整改通知", Columns: []Column{
		{Title: "单位", Width: 24}, {Title: "编号", Width: 6, Right: true}, {Title: "项目", Width: 6}, {Title: "类别", Width: 12},
		{Title: "问题", Width: 36}, {Title: "下达", Width: 17}, {Title: "期限", Width: 17}, {Title: "状态", Width: 13},
		{Title: "退回次数", Width: 9, Right: true}, {Title: "逾期", Width: 6}}}
	counts := map[string]int{}
	overdue := 0
	for _, r := range rows {
		t.Add(r.UnitName, r.No, r.Item, size[r.Size], r.Problem, r.IssuedAt, r.Deadline, status[r.Status], r.Reopened, r.Overdue)
		counts[r.Status]++
		if r.Overdue {
			overdue++
		}
	}
	return &Report{Name: "rectification-" + id, Title: h.Title + " 整改通知", Subtitle: subtitle(h, loc),
		Lines: []string{fmt.Sprintf("共下达整改通知%d份：待整改%d份，已整改待复查%d份，已复查销号%d份；逾期%d份。",
			len(rows), counts["open"], counts["closed"], counts["verified"], overdue)},
		Tables: []Table{t}}, loc, nil
}

// registerNumbers are the numbers in the register of titles of the titles a campaign conferred,
// by unit/person (person empty for a unit's own title): the naming list links to the register.
func registerNumbers(ctx context.Context, db *sqlx.DB, campaignID string) (map[string]any, error) {
	titles, err := store.ListTitles(ctx, db, store.TitleFilter{Campaign: campaignID})
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, t := range titles {
		out[t.UnitID+"/"+t.Person] = titleNumber(t.ID)
	}
	return out, nil
}

// titleNumber is a title's number in the register as a report cell: blank when not entered.
func titleNumber(id int64) any {
	if id == 0 {
		return ""
	}
	return int(id)
}
