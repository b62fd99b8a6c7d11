package report

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/store"
)

// changeNames say how a round changed a unit's grade, as the 通报 prints it.
var changeNames = map[string]string{"kept": "保持", "gained": "新评", "raised": "升级", "lowered": "降级", "lost": "摘星"}

// Rating is a rating round's 通报: every unit by rank with its score and the grade it holds
// after the round, the grade before and the change, why a unit was not inspected, and its
// rectification notices not yet verified.
func Rating(ctx context.Context, db *sqlx.DB, campaignID, roundID string) (*Report, *time.Location, error) {
	h, loc, err := head(ctx, db, campaignID)
	if err != nil {
		return nil, nil, err
	}
	rows, err := store.RatingResults(ctx, db, campaignID, roundID)
	if err != nil {
		return nil, nil, fmt.Errorf("round %s of %s: %w (starter rating status %s)", roundID, campaignID, err, campaignID)
	}
	name, err := store.RatingRoundName(ctx, db, campaignID, roundID)
	if err != nil {
		return nil, nil, err
	}
	t := Table{Sheet: "通报", Title: "检查结果", Columns: []Column{
		{Title: "排名", Width: 6, Right: true}, {Title: "单位", Width: 26}, {Title: "得分", Width: 8, Right: true},
		{Title: "等级", Width: 8}, {Title: "上轮等级", Width: 9}, {Title: "变化", Width: 6}, {Title: "未检查原因", Width: 30},
		{Title: "未销号整改", Width: 10, Right: true}}}
	chart := &Chart{Title: "各单位得分"}
	grades := map[string]int{}
	var order []string
	var changed []string
	for _, r := range rows {
		t.Add(r.Rank, r.UnitName, r.Score, dash(r.Grade), dash(r.PrevGrade), changeNames[r.Change], r.Skipped, r.Open)
		if r.Score != nil {
			chart.Bars = append(chart.Bars, Bar{Label: r.UnitName, Value: r.Score.Float(), Highlight: r.Grade != ""})
		}
		if grades[r.Grade] == 0 {
			order = append(order, r.Grade)
		}
		grades[r.Grade]++
		if r.Change == "lowered" || r.Change == "lost" {
			changed = append(changed, fmt.Sprintf("%s由%s降为%s", r.UnitName, r.PrevGrade, dash(r.Grade)))
		}
	}
	lines := []string{fmt.Sprintf("本轮共 %d 个单位，结束于 %s。", len(rows), rows[0].ClosedAt.In(loc).Format("2006-01-02 15:04"))}
	for _, g := range order {
		lines = append(lines, fmt.Sprintf("%s：%d 个", dash(g), grades[g]))
	}
	for _, c := range changed {
		lines = append(lines, c+"。")
	}
	return &Report{Name: "rating-" + campaignID + "-" + roundID, Title: h.Title + " " + name + "通报",
		Subtitle: fmt.Sprintf("星级评定 %s · 轮次 %s", h.ID, roundID), Lines: lines, Tables: []Table{t}, Chart: chart}, loc, nil
}

// dash prints an empty grade as 无.
func dash(grade string) string {
	if grade == "" {
		return "无"
	}
	return grade
}
