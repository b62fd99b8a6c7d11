package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/rules/schedule"
	"wenming/store"
)

// Round is a round's results: per branch at a glance, then every member (pioneer) or branch
// (red flag) with its score, rank and outcome. Scores are averages and committee scores:
// never a ballot.
func Round(ctx context.Context, db *sqlx.DB, roundID string, loc *time.Location) (*Report, error) {
	rows, err := store.RoundResults(ctx, db, roundID)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("round %s has no results yet: they are written at the award (starter round status %s)", roundID, roundID)
	}
	branches, err := store.BranchSummaries(ctx, db, roundID)
	if err != nil {
		return nil, err
	}
	kind, ok := schedule.KindOfRound(roundID)
	if !ok {
		return nil, fmt.Errorf("%s is not a round id (kind/period, e.g. pioneer/2026-Q3)", roundID)
	}
	_, p, _ := strings.Cut(roundID, "/")
	title := kind.Title + "结果 " + p
	// Members are voted on at branch meetings: their rounds show the ballots of each branch.
	voted := kind.Subject == "member"
	overview := Table{Sheet: "各支部", Title: "各支部情况", Columns: []Column{
		{Title: "党支部", Width: 28}, {Title: "党员数", Width: 8, Right: true}, {Title: "参评资格", Width: 9}}}
	if voted {
		overview.Columns = append(overview.Columns, Column{Title: "测评票", Width: 8, Right: true},
			Column{Title: "到会", Width: 6, Right: true}, Column{Title: "授予", Width: 6, Right: true})
	} else {
		overview.Columns = append(overview.Columns, Column{Title: "自评分", Width: 8, Right: true}, Column{Title: "考核依据", Width: 36})
	}
	for _, b := range branches {
		if voted {
			overview.Add(b.BranchName, b.Members, b.Eligible, b.Ballots, b.Present, b.Awarded)
		} else {
			basis := any(nil)
			if b.Basis != nil {
				basis = *b.Basis
			}
			overview.Add(b.BranchName, b.Members, b.Eligible, b.SelfScore, basis)
		}
	}
	results := Table{Sheet: "评选结果", Title: "评选结果", Columns: []Column{
		{Title: "党支部", Width: 28}, {Title: "党员", Width: 10}, {Title: "得分", Width: 8, Right: true},
		{Title: "排名", Width: 6, Right: true}, {Title: "结果", Width: 12}, {Title: "说明", Width: 40}}}
	chart := &Chart{Title: "得分"}
	for _, r := range rows {
		member := any(nil)
		if r.MemberName != nil {
			member = *r.MemberName
		}
		results.Add(r.BranchName, member, r.Score, r.Rank, schedule.OutcomeName(r.Outcome), r.Reason)
		if !voted && r.Score != nil {
			chart.Bars = append(chart.Bars, Bar{Label: r.BranchName, Value: r.Score.Float(), Highlight: r.Outcome == "awarded"})
		}
	}
	rep := &Report{Name: strings.ReplaceAll(roundID, "/", "-"), Title: title, Subtitle: "评选 " + roundID,
		Tables: []Table{overview, results}}
	if len(chart.Bars) > 0 {
		chart.Title = "党委考核得分"
		rep.Chart = chart
	}
	return rep, nil
}

// Honors lists the honors: the year's commendation list in the form offices post it (unit,
// member or branch, title, and how it was earned), then every honor with its consecutive
// count and, when revoked, why.
func Honors(ctx context.Context, db *sqlx.DB, year int) (*Report, error) {
	rows, err := store.Honors(ctx, db, year)
	if err != nil {
		return nil, err
	}
	var tables []Table
	if year != 0 {
		titles, err := store.YearTitles(ctx, db, year)
		if err != nil {
			return nil, err
		}
		list := Table{Sheet: "表彰名单", Title: fmt.Sprintf("%d年度表彰名单", year), Columns: []Column{
			{Title: "单位", Width: 24}, {Title: "姓名/支部", Width: 28}, {Title: "称号", Width: 16}, {Title: "依据", Width: 40},
			{Title: "称号编号", Width: 9, Right: true}}}
		for _, t := range titles {
			list.Add(t.Unit, t.Subject, schedule.HonorNames[t.Kind], t.Basis, titleNumber(t.TitleID))
		}
		tables = append(tables, list)
	}
	t := Table{Sheet: "荣誉", Title: "荣誉", Columns: []Column{
		{Title: "荣誉", Width: 20}, {Title: "获得者", Width: 28}, {Title: "期次", Width: 9}, {Title: "连续次数", Width: 9, Right: true},
		{Title: "奖励", Width: 14}, {Title: "撤销原因", Width: 40}}}
	for _, h := range rows {
		t.Add(schedule.HonorNames[h.Kind], h.Name, h.Period, h.Consecutive, h.Reward, h.Revoked)
	}
	title := "荣誉名录"
	if year != 0 {
		title = fmt.Sprintf("%d年度荣誉名录", year)
	}
	return &Report{Name: fmt.Sprintf("honors-%d", year), Title: title, Tables: append(tables, t)}, nil
}
