package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/rules/campaign"
	"wenming/store"
)

// A campaign naming people (文明标兵) has no standard and no scores: its reports list the
// nominees, each with the unit, post and categories, as offices post them.

// namesPeople says whether the campaign names people: it has no standard.
func namesPeople(h store.CampaignHead) bool { return h.StandardID == "" }

// peopleResults is the results of a campaign naming people: every nominee with the outcome.
func peopleResults(ctx context.Context, db *sqlx.DB, h store.CampaignHead, loc *time.Location) (*Report, *time.Location, error) {
	people, err := store.Nominees(ctx, db, h.ID)
	if err != nil {
		return nil, nil, err
	}
	if h.NamedAt == nil {
		return nil, nil, fmt.Errorf("campaign %s has no results yet: they are written at naming (starter campaign status %s)", h.ID, h.ID)
	}
	t := Table{Sheet: "推荐人选与结果", Title: "推荐人选与结果", Columns: []Column{
		{Title: "推荐单位", Width: 24}, {Title: "姓名", Width: 10}, {Title: "单位及职务", Width: 24}, {Title: "推荐类别", Width: 30},
		{Title: "结果", Width: 13}, {Title: "说明", Width: 40}}}
	count := map[string]int{}
	for _, p := range people {
		t.Add(p.UnitName, p.Name, p.Post, strings.Join(p.Categories, "；"), campaign.OutcomeName(p.Outcome), p.Reason)
		count[p.Outcome]++
	}
	sum := outcomeCounts(count, len(people), "人数")
	return &Report{Name: "campaign-" + h.ID, Title: h.Title + " 推荐人选与结果", Subtitle: subtitle(h, loc), Tables: []Table{t, sum}}, loc, nil
}

// peopleNaming is the naming list of a campaign naming people: 序号, 姓名, 单位及职务, 推荐类别.
func peopleNaming(ctx context.Context, db *sqlx.DB, h store.CampaignHead, loc *time.Location) (*Report, *time.Location, error) {
	if h.NamedAt == nil {
		return nil, nil, fmt.Errorf("campaign %s has not named anyone yet", h.ID)
	}
	people, err := store.Nominees(ctx, db, h.ID)
	if err != nil {
		return nil, nil, err
	}
	register, err := registerNumbers(ctx, db, h.ID)
	if err != nil {
		return nil, nil, err
	}
	t := Table{Sheet: "命名名单", Title: "命名名单", Columns: []Column{
		{Title: "序号", Width: 6, Right: true}, {Title: "姓名", Width: 10}, {Title: "推荐单位", Width: 24}, {Title: "单位及职务", Width: 24},
		{Title: "推荐类别", Width: 30}, {Title: "称号编号", Width: 9, Right: true}}}
	for _, p := range people {
		if p.Outcome == "named" {
			t.Add(len(t.Rows)+1, p.Name, p.UnitName, p.Post, strings.Join(p.Categories, "；"), register[p.UnitID+"/"+p.Name])
		}
	}
	doc, err := store.NamingDecision(ctx, db, h.ID)
	if err != nil {
		return nil, nil, err
	}
	r := &Report{Name: "naming-" + h.ID, Title: "关于命名" + h.Title + "的决定", Posting: true, Subtitle: subtitle(h, loc),
		Lines:  []string{fmt.Sprintf("经单位推荐、申报前公示、审核评选和公示，决定命名以下%d名同志。希望受到命名的同志珍惜荣誉，发挥示范带头作用。", len(t.Rows))},
		Tables: []Table{t}}
	if doc != nil {
		r.Subtitle = doc.Number + " · " + doc.On + " · " + r.Subtitle
		r.Lines[0] = fmt.Sprintf("经单位推荐、申报前公示、审核评选、征求纪工委意见和公示，%s研究决定（%s），命名以下%d名同志。希望受到命名的同志珍惜荣誉，发挥示范带头作用。",
			doc.Body, doc.Number, len(t.Rows))
	}
	return r, loc, nil
}
