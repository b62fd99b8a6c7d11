package report

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/rules/title"
	"wenming/store"
)

// Titles is the register of titles as offices keep it: the titles held (有效称号名册), the
// terms ending by a day (到期与复查计划), and every decision of dynamic management (动态管理记录).
func Titles(ctx context.Context, db *sqlx.DB, now time.Time, within time.Duration) (*Report, error) {
	held, err := store.ListTitles(ctx, db, store.TitleFilter{Held: true})
	if err != nil {
		return nil, err
	}
	by := now.Add(within)
	expiring, err := store.ListTitles(ctx, db, store.TitleFilter{ExpiringBy: by})
	if err != nil {
		return nil, err
	}
	record, err := store.ManagementRecord(ctx, db)
	if err != nil {
		return nil, err
	}
	register := Table{Sheet: "有效称号名册", Title: "有效称号名册", Columns: []Column{
		{Title: "编号", Width: 6, Right: true}, {Title: "单位", Width: 24}, {Title: "获得者", Width: 14}, {Title: "称号", Width: 24},
		{Title: "级别", Width: 8}, {Title: "授予机关", Width: 22}, {Title: "文号", Width: 22}, {Title: "授予日期", Width: 12},
		{Title: "任期至", Width: 12}, {Title: "状态", Width: 10}, {Title: "奖励", Width: 14}}}
	for _, t := range held {
		register.Add(int(t.ID), t.UnitName, t.Person, t.Name, title.Level(t.Level).Name(), t.ConferredBy, t.DocumentNo,
			t.ConferredOn.Format(time.DateOnly), dateText(t.TermEnd), title.StatusWords[title.Status(t.Status)], t.Reward)
	}
	plan := Table{Sheet: "到期与复查计划", Title: "到期与复查计划（" + by.Format(time.DateOnly) + " 前任期届满，届满前须复查）", Columns: []Column{
		{Title: "编号", Width: 6, Right: true}, {Title: "单位", Width: 24}, {Title: "获得者", Width: 14}, {Title: "称号", Width: 24},
		{Title: "任期至", Width: 12}, {Title: "状态", Width: 10}}}
	for _, t := range expiring {
		plan.Add(int(t.ID), t.UnitName, t.Person, t.Name, dateText(t.TermEnd), title.StatusWords[title.Status(t.Status)])
	}
	log := Table{Sheet: "动态管理记录", Title: "动态管理记录", Columns: []Column{
		{Title: "时间", Width: 17}, {Title: "单位", Width: 24}, {Title: "获得者", Width: 14}, {Title: "称号", Width: 24},
		{Title: "决定", Width: 10}, {Title: "结果状态", Width: 10}, {Title: "理由", Width: 36}, {Title: "文号", Width: 22}, {Title: "决定人", Width: 10}}}
	for _, e := range record {
		log.Add(e.At, e.UnitName, e.Person, e.Name, title.ActionWords[title.Action(e.Action)], title.StatusWords[title.Status(e.Status)], e.Reason, e.DocumentNo, e.By)
	}
	return &Report{Name: "titles", Title: "称号名册与动态管理", Subtitle: "截至 " + now.Format("2006-01-02 15:04"),
		Tables: []Table{register, plan, log}}, nil
}

func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}
