package verbs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"

	"wenming/integration/e2e"
	"wenming/store"
	"wenming/testenv/stacktest"
	"wenming/workflows"
	"wenming/workflows/histories"
)

// Titles held from before the product get their workflows with `title manage` (run again, it
// starts nothing new): one whose term has ended expires at once, by the system, in the
// register; another, taken back and returned, replays from its history mid-term as a worker
// that replaced a killed one would; a return of a certificate not taken back is refused.
func TestImportedTitlesAreManagedAndOneExpires(t *testing.T) {
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	yesterday := time.Now().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, -1).Format(time.DateOnly)
	file, err := d.Write("old-titles.csv", "unit,person,kind,level,title,conferred_by,document,conferred_on,term_end\n"+
		fmt.Sprintf("water,,civilized-unit,city-organs,市直机关文明单位,市直机关工委,市直工委〔2024〕2号,2024-12-30,%s\n", yesterday))
	require.NoError(t, err)
	require.NoError(t, d.Run("roster", "import", "titles", file), out.String())
	require.NoError(t, d.Run("title", "manage"), out.String())
	assert.Contains(t, out.String(), "19 个称号开始在各自的工作流中管理，0 个此前已在管理")
	require.NoError(t, d.Run("title", "manage"), out.String()) // again: nothing new
	assert.Contains(t, out.String(), "0 个称号开始在各自的工作流中管理，19 个此前已在管理")

	var old store.Title
	require.NoError(t, env.DB.Get(&old, `SELECT id, unit_id, person, kind, level, name, conferred_by, document_no, conferred_on, term_end, status
		FROM titles WHERE unit_id = 'water' AND kind = 'civilized-unit'`))
	id := workflows.TitleWorkflowID(old.Kind, old.UnitID, false, old.ID, old.ConferredOn.Format(time.DateOnly))
	require.NoError(t, env.Client.GetWorkflow(d.Ctx, id, "").Get(d.Ctx, nil), "the workflow ends when the title expires")
	var status, by string
	require.NoError(t, env.DB.QueryRow(`SELECT t.status, e.by_whom FROM titles t JOIN title_events e ON e.title_id = t.id
		WHERE t.id = $1 AND e.action = 'expire'`, old.ID).Scan(&status, &by))
	assert.Equal(t, "expired", status)
	assert.Equal(t, "system", by)

	// The Web UI finds titles by status and term end.
	query := "WenmingTitleStatus = 'expired' AND WenmingUnitId = 'water'"
	require.Eventually(t, func() bool {
		res, err := env.Client.ListWorkflow(d.Ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query})
		return err == nil && len(res.GetExecutions()) == 1 && res.GetExecutions()[0].GetExecution().GetWorkflowId() == id
	}, 20*time.Second, 200*time.Millisecond, query)

	require.NoError(t, d.Refused("title", "restore", "--unit", "commerce", "--kind", "civilized-unit", "--reason", "返还"), out.String())
	assert.Contains(t, out.String(), "不能返还证书（只适用于：收回证书）")
	require.NoError(t, d.Run("title", "suspend", "--unit", "commerce", "--kind", "civilized-unit", "--reason", "检查发现问题"), out.String())
	require.NoError(t, d.Run("title", "restore", "--unit", "commerce", "--kind", "civilized-unit", "--reason", "整改达标"), out.String())
	require.NoError(t, d.Run("title", "list", "--status", "expired"), out.String())
	assert.Contains(t, out.String(), "市水利局")
	require.NoError(t, d.Run("report", "titles"), out.String())
	record := out.String()[strings.LastIndex(out.String(), "动态管理记录"):]
	for _, want := range []string{"期满", "收回证书", "返还证书", "system"} {
		assert.Contains(t, record, want, "the record of dynamic management")
	}

	var commerce store.Title
	require.NoError(t, env.DB.Get(&commerce, `SELECT id, unit_id, person, kind, level, name, conferred_by, document_no, conferred_on, term_end, status
		FROM titles WHERE unit_id = 'commerce' AND kind = 'civilized-unit'`))
	assert.Equal(t, "active", commerce.Status)
	h, err := histories.Fetch(d.Ctx, env.Client, histories.Execution{Type: "Title",
		WorkflowID: workflows.TitleWorkflowID(commerce.Kind, commerce.UnitID, false, commerce.ID, commerce.ConferredOn.Format(time.DateOnly))})
	require.NoError(t, err)
	require.NoError(t, histories.Replay(workflows.RegisterWorkflows, h, workflows.Interceptor()), "mid-term, as a new worker replays it")

	// Revoked, the title's workflow ends: the same revocation sent again, naming the holder, is
	// answered from the title's record as received before; another decision is refused, the
	// title's status said.
	revoke := []string{"title", "revoke", "--unit", "commerce", "--kind", "civilized-unit", "--reason", "弄虚作假"}
	code, first := e2e.Run(d.Ctx, d.Flags, revoke...)
	require.Equal(t, 0, code, first)
	id, _, found := strings.Cut(strings.TrimPrefix(first, "已受理（提交编号 "), "）")
	require.True(t, found && strings.HasPrefix(first, "已受理"), first)
	require.NoError(t, env.Client.GetWorkflow(d.Ctx, workflows.TitleWorkflowID(commerce.Kind, commerce.UnitID, false, commerce.ID,
		commerce.ConferredOn.Format(time.DateOnly)), "").Get(d.Ctx, nil), "a revoked title's workflow ends")
	code, again := e2e.Run(d.Ctx, d.Flags, revoke...)
	assert.Equal(t, 0, code, again)
	assert.Contains(t, again, "已收到过（提交编号 "+id+"），未作改动")
	code, warn := e2e.Run(d.Ctx, d.Flags, "title", "warn", "--unit", "commerce", "--kind", "civilized-unit", "--reason", "再次投诉")
	assert.Equal(t, 2, code, warn)
	assert.Contains(t, warn, "撤销")
}
