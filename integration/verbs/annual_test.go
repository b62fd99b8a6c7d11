package verbs

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/integration/e2e"
	"wenming/store"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// The year-end commendation of last year runs from its Temporal Schedule (a backfill of its
// 20 January run): the year's last rounds are awarded, so it lists at once the year's streak
// holder without evaluation (免评); a branch nominates a member, the committee a branch, the
// committee strikes the branch; the list is noticed and the titles conferred; report honors
// prints and exports the year's commendation list with each title's basis.
func TestTheYearEndRoundRunsFromItsSchedule(t *testing.T) {
	env := stacktest.New(t)
	d, out := e2e.NewDriver(t, env)
	year := time.Now().Year() - 1
	y := strconv.Itoa(year)
	// Last year's rounds, as earlier versions would have left them: its fourth quarter and second
	// half awarded, and m0001's fourth pioneer post in a row.
	for _, r := range []string{"pioneer/" + y + "-Q4", "redflag/" + y + "-H2"} {
		kind, period, _ := strings.Cut(r, "/")
		env.DB.MustExec(`INSERT INTO rounds (id, kind, period, config, phase, opened_at, closed_at) VALUES ($1, $2, $3, '{}', 'closed', now(), now())`, r, kind, period)
	}
	env.DB.MustExec(`INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at) VALUES
		('member', 'm0001', 'pioneer_post', $1, $2, 4, 'pioneer/' || $1, now()),
		('member', 'm0001', 'excellent_member', $1, $2, 4, 'pioneer/' || $1, now())`, y+"-Q4", year)

	schedules := e2e.Example("demo-schedules.yaml")
	require.NoError(t, d.Run("schedule", "apply", schedules, "--standards", d.Path("standards")), out.String())
	require.NoError(t, d.Run("schedule", "backfill", "annual", "--period", y, "--schedules", schedules), out.String())
	id := workflows.RoundWorkflowID(workflows.KindAnnual, y)
	require.NoError(t, d.WaitRound(id, "wait.annual_list", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundNomination }), out.String())
	for _, argv := range [][]string{
		{"annual", "nominate", "--round", id, "--member", "m0032", "--reason", "全年服务纳税人成绩突出"},
		{"annual", "nominate", "--round", id, "--member", "m0032", "--reason", "全年服务纳税人成绩突出"},
		{"annual", "nominate", "--round", id, "--branch", "b-education", "--reason", "支部建设扎实"},
		{"round", "approve", "--round", id, "--strike", "b-education=本年度台账检查未达标"},
	} {
		require.NoError(t, d.Run(argv...), out.String())
	}
	code, text := e2e.Run(d.Ctx, d.Flags, "round", "approve", "--round", id, "--strike", "m0001=x", "--id", "again")
	assert.Equal(t, 2, code, text)
	require.NoError(t, d.Client.GetWorkflow(d.Ctx, id, "").Get(d.Ctx, nil))

	rows, err := store.RoundResults(d.Ctx, env.DB, id)
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range rows {
		got[r.SubjectID] = r.Outcome + " " + r.Reason
	}
	assert.Equal(t, map[string]string{
		"m0001":       "awarded 连续4次获党员先锋岗（至 " + y + "-Q4）",
		"m0032":       "awarded 全年服务纳税人成绩突出",
		"b-education": "not_approved 党委未批准: 本年度台账检查未达标",
	}, got)
	assert.Contains(t, out.String(), "已收到过（提交编号", "the nomination sent twice counts once")

	code, text = e2e.Run(d.Ctx, d.Flags, "report", "honors", "--year", y)
	require.Equal(t, 0, code, text)
	assert.Contains(t, text, y+"年度表彰名单")
	assert.Regexp(t, `优秀共产党员\s+连续4次获党员先锋岗（至 `+y+`-Q4）`, text)
	assert.Regexp(t, `优秀共产党员\s+支部推荐：全年服务纳税人成绩突出`, text)
	assert.NotContains(t, text, "支部建设扎实", "the struck nomination confers nothing")
	f := e2e.XLSX(t, d, "honors", "--year", y)
	list, err := f.GetRows("表彰名单")
	require.NoError(t, err)
	require.Len(t, list, 3, "the header and two titles")
	var number string
	require.NoError(t, env.DB.Get(&number, `SELECT id::text FROM titles WHERE holder = 'm0032' AND round_id = $1`, id))
	assert.Equal(t, []string{"单位", "姓名/支部", "称号", "依据", "称号编号"}, list[0])
	assert.Equal(t, []string{"市税务局", "夏建", "优秀共产党员", "支部推荐：全年服务纳税人成绩突出", number}, list[2],
		"the list gives the title's number in the register")
}
