package store

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/campaign"
	"wenming/rules/roster"
	"wenming/rules/standard"
	"wenming/testenv/pgtest"
)

// Naming writes every unit's result: a unit declared and never inspected is not_inspected, and
// a veto under the open clause gives the committee's description with the clause.
func TestNamingGivesEveryUnitItsOutcome(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2027, 11, 1, 9, 0, 0, 0, time.UTC)
	data, err := os.ReadFile("../standards/civilized-unit.yaml")
	require.NoError(t, err)
	std, err := standard.Parse("civilized-unit.yaml", data)
	require.NoError(t, err)
	std.ID = "district-organ"
	district, _ := standard.FindVetoList("district-civilized-organ")
	std.Veto = district.Vetoes
	require.NoError(t, SaveStandard(ctx, db, std))
	_, err = ImportUnits(ctx, db, "units.csv", []roster.Unit{
		{ID: "declared", Name: "甲局", Kind: "agency", Staff: 40},
		{ID: "silent", Name: "乙局", Kind: "agency", Staff: 40},
		{ID: "vetoed", Name: "丙局", Kind: "agency", Staff: 40},
	})
	require.NoError(t, err)
	plan := campaign.Plan{ID: "c1", Title: "区级文明机关", StandardID: std.ID, StandardDigest: std.Digest(), Timezone: "Asia/Shanghai",
		Units: []string{"declared", "silent", "vetoed"}, GroupSize: 10}
	require.NoError(t, Mobilize(ctx, db, plan, at))
	sub := func(unit, id string) Submission {
		return Submission{CampaignID: "c1", UnitID: unit, SubmissionID: id, By: "tester", At: at}
	}
	require.NoError(t, RecordDeclaration(ctx, db, Declaration{Submission: sub("declared", "d1"), Report: "报告", Opinion: "无违纪"}))
	require.NoError(t, RecordVeto(ctx, db, Veto{Submission: sub("vetoed", "v1"), VetoID: "other-incompatible",
		VetoText: "其它与文明机关称号极不相符的事件与行为", Note: "负责人公开辱骂办事群众", Phase: "implement"}))

	_, err = Name(ctx, db, "c1", nil, at)
	require.NoError(t, err)
	var rows []struct {
		Unit    string `db:"unit_id"`
		Outcome string `db:"outcome"`
		Reason  string `db:"reason"`
	}
	require.NoError(t, db.SelectContext(ctx, &rows, `SELECT unit_id, outcome, reason FROM campaign_results ORDER BY unit_id`))
	require.Len(t, rows, 3)
	assert.Equal(t, "not_inspected", rows[0].Outcome)
	assert.Equal(t, "已申报, 验收截止前未实地检查", rows[0].Reason)
	assert.Equal(t, "not_declared", rows[1].Outcome)
	assert.Equal(t, "vetoed", rows[2].Outcome)
	assert.Equal(t, "一票否决: 其它与文明机关称号极不相符的事件与行为: 负责人公开辱骂办事群众", rows[2].Reason)
}
