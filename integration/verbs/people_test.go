package verbs

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/demo/scenario"
	"wenming/integration/e2e"
	"wenming/testenv/stacktest"
	"wenming/workflows"
	"wenming/workflows/histories"
)

// A model-individual campaign (文明标兵, seed 001 三.4-6, 附件4, 7) through the verbs, as the demo
// runs it: units of three sizes nominate up to their quota by staff (one over it refused in
// two units), each nominee with categories and deeds; the nominees go on their unit's notice
// before declaring, where an upheld objection takes one off; the office accepts the materials;
// the discipline committee excludes one, the deciding body strikes one and names the rest as
// people of their units, under its document, in the register of titles and on the naming list.
func TestAModelIndividualCampaignThroughTheVerbs(t *testing.T) {
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	require.NoError(t, d.RunModelIndividuals(), out.String())

	assert.Contains(t, out.String(), "市统计局职工 45 人，可推荐文明标兵 1 名（已推荐：吴静）")
	assert.Contains(t, out.String(), "市商务局职工 75 人，可推荐文明标兵 3 名（已推荐：王芳、赵磊、孙丽）")
	e2e.CheckPeopleResults(t, env.DB)

	var titles []struct {
		Unit   string `db:"unit_id"`
		Person string `db:"person"`
		Name   string `db:"name"`
		Doc    string `db:"document_no"`
	}
	require.NoError(t, env.DB.Select(&titles, `SELECT unit_id, person, name, document_no FROM titles WHERE campaign_id = $1 ORDER BY unit_id`,
		scenario.PeopleCampaignID))
	assert.Equal(t, []struct {
		Unit   string `db:"unit_id"`
		Person string `db:"person"`
		Name   string `db:"name"`
		Doc    string `db:"document_no"`
	}{{"commerce", "王芳", "市直机关文明标兵", scenario.PeopleDocument}, {"statistics", "吴静", "市直机关文明标兵", scenario.PeopleDocument},
		{"tax", "李明", "市直机关文明标兵", scenario.PeopleDocument}}, titles)

	// The naming list as posted: each person with the unit, post and categories.
	assert.Contains(t, out.String(), "命名以下3名同志")
	// Every history replays; with -record-histories the campaign's and a unit's (with a person
	// taken off its notice) are kept for the replay tests.
	for _, e := range []histories.Execution{{Type: "Campaign", WorkflowID: workflows.CampaignWorkflowID(scenario.PeopleCampaignID)},
		{Type: "Unit", WorkflowID: workflows.UnitWorkflowID(scenario.PeopleCampaignID, "commerce")},
		{Type: "Unit", WorkflowID: workflows.UnitWorkflowID(scenario.PeopleCampaignID, "statistics")}} {
		h, err := histories.Fetch(d.Ctx, env.Client, e)
		require.NoError(t, err)
		require.NoError(t, histories.Replay(workflows.RegisterWorkflows, h, workflows.Interceptor()), e.WorkflowID)
		if *e2e.RecordHistories != "" && e.WorkflowID != workflows.UnitWorkflowID(scenario.PeopleCampaignID, "statistics") {
			_, err := histories.Save(*e2e.RecordHistories, e.Type+"-people", h)
			require.NoError(t, err)
		}
	}
	var number int
	require.NoError(t, env.DB.Get(&number, `SELECT id FROM titles WHERE person = '王芳'`))
	assert.Regexp(t, `王芳\s*│?\s*市商务局\s*│?\s*市商务局外贸科副科长\s*│?\s*立足本职、爱岗敬业；诚实守信、服务规范\s*│?\s*`+strconv.Itoa(number)+`\b`,
		out.String(), "with the title's number in the register")
}
