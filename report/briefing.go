package report

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/store"
)

// Briefing is a campaign's monthly briefing (简报): what changed in the month, and how the
// units moved in the task ranking.
func Briefing(ctx context.Context, db *sqlx.DB, id string, month string) (*Report, *time.Location, error) {
	h, loc, err := head(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	from, err := time.ParseInLocation("2006-01", month, loc)
	if err != nil {
		return nil, nil, fmt.Errorf("month %q: give it as 2026-10", month)
	}
	to := from.AddDate(0, 1, 0)
	a, err := store.Activity(ctx, db, id, from, to)
	if err != nil {
		return nil, nil, err
	}
	moves, err := store.RankMoves(ctx, db, id, from, to)
	if err != nil {
		return nil, nil, err
	}
	activity := Table{Sheet: "本月进展", Title: "本月进展", Columns: []Column{{Title: "事项", Width: 24}, {Title: "数量", Width: 8, Right: true}}}
	for _, r := range []struct {
		what string
		n    int
	}{
		{"进度报告", a.TaskReports}, {"完成任务", a.TasksDone}, {"逾期通报任务", a.TasksFlagged}, {"督查（周评）次数", a.Checks},
		{"提交自评", a.SelfChecks}, {"申报", a.Declarations}, {"实地检查验收", a.Inspections},
		{"下达整改通知", a.NoticesIssued}, {"整改复查销号", a.NoticesClosed}, {"一票否决", a.Vetoes}, {"公示异议", a.Objections},
	} {
		activity.Add(r.what, r.n)
	}
	ranking := Table{Sheet: "排名变化", Title: "任务完成排名变化", Columns: []Column{
		{Title: "单位", Width: 26}, {Title: "上次排名", Width: 9, Right: true}, {Title: "本月排名", Width: 9, Right: true},
		{Title: "变化", Width: 8}, {Title: "已完成/任务", Width: 11, Right: true}, {Title: "最近检查得分", Width: 12, Right: true}}}
	for _, m := range moves {
		if m.Basis == "inspections" {
			ranking.Title = "考核测评排名变化（按最近一次检查得分）"
		}
		score := "-"
		if m.Score != nil {
			score = m.Score.String()
		}
		ranking.Add(m.UnitName, m.Before, m.After, movement(m.Before, m.After), fmt.Sprintf("%d/%d", m.Done, m.Total), score)
	}
	return &Report{Name: "briefing-" + id + "-" + month, Title: fmt.Sprintf("%s 简报（%s）", h.Title, from.Format("2006年1月")),
		Subtitle: subtitle(h, loc), Lines: []string{summary(a)}, Tables: []Table{activity, ranking}}, loc, nil
}

func movement(before, after *int) string {
	switch {
	case after == nil:
		return "-"
	case before == nil:
		return "新进"
	case *after < *before:
		return fmt.Sprintf("↑%d", *before-*after)
	case *after > *before:
		return fmt.Sprintf("↓%d", *after-*before)
	}
	return "持平"
}

func summary(a store.MonthActivity) string {
	return fmt.Sprintf("本月共收到进度报告%d份，完成任务%d项，通报逾期任务%d项；%d个单位提交自评，%d个单位申报，实地检查验收%d个单位；下达整改通知%d份，复查销号%d份。",
		a.TaskReports, a.TasksDone, a.TasksFlagged, a.SelfChecks, a.Declarations, a.Inspections, a.NoticesIssued, a.NoticesClosed)
}
