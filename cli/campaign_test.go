package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pgtest"
	"wenming/testenv/stacktest"
)

func importRosters(t *testing.T, url string) {
	t.Helper()
	for _, r := range []string{"units", "branches", "members"} {
		res := run(t, "roster", "import", r, "../examples/"+r+".csv", "--database-url", url)
		require.Equal(t, 0, res.code, res.errOut)
	}
}

// The example campaign of 2027 counts its schedule from the day it is validated or started, so
// it is valid whatever today's date: the deadlines it prints follow the day it is checked on.
func TestValidateTheYearLongExample(t *testing.T) {
	_, url := pgtest.Fresh(t)
	importRosters(t, url)
	argv := []string{"campaign", "validate", "../examples/campaign-2027.yaml", "--standards", "../standards", "--database-url", url}
	today := run(t, argv...)
	require.Equal(t, 0, today.code, today.errOut)
	for day, declareBy := range map[time.Time]string{
		time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC):  "申报截止  2027年7月29日 17:00",
		time.Date(2031, 10, 21, 9, 0, 0, 0, time.UTC): "申报截止  2032年6月17日 17:00",
	} {
		r := runAt(t, day, argv...)
		require.Equal(t, 0, r.code, r.errOut)
		assert.Contains(t, r.out, "检查通过：活动 civilized-units-2027，20 个单位，4 项任务，考评标准 civilized-unit")
		assert.Contains(t, r.out, declareBy, "validated on %v", day)
	}
}

func TestValidateListsEveryProblemIncludingTheRoster(t *testing.T) {
	_, url := pgtest.Fresh(t)
	importRosters(t, url)
	spec := writeFile(t, "bad.yaml", `id: c1
title: 测试
standard: civilized-unit
units: [finance, nowhere, ghost]
schedule: {implement: +1d, selfcheck: +1d, declare_by: +1d, accept_by: +1d}
notice: {length: 1d}
`)
	r := run(t, "campaign", "validate", spec, "--standards", "../standards", "--database-url", url)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, `文件 bad.yaml「notice.length」：公示不少于5天`)
	assert.Contains(t, r.errOut, `文件 bad.yaml「units」：名册中没有单位「ghost」`)
	assert.Contains(t, r.errOut, `文件 bad.yaml「units」：名册中没有单位「nowhere」`)
}

func TestSubmittingVerbsCheckTheirFlags(t *testing.T) {
	tests := []struct {
		argv []string
		want string
	}{
		{[]string{"task", "report", "--unit", "finance"}, "请给出 --campaign 和 --unit"},
		{[]string{"task", "report", "--campaign", "c", "--unit", "u"}, "请给出 --task 和 --percent"},
		{[]string{"selfcheck", "submit", "--campaign", "c", "--unit", "u"}, "请给出 --sheet"},
		{[]string{"rectify", "close", "--campaign", "c", "--unit", "u"}, "请给出 --rectification N"},
		{[]string{"veto", "--campaign", "c", "--unit", "u"}, "请给出 --reason"},
		{[]string{"objection", "decide", "--campaign", "c", "--objection", "1"}, "--uphold 与 --dismiss 二者选一"},
		{[]string{"objection", "decide", "--campaign", "c", "--objection", "1", "--uphold", "--dismiss"}, "--uphold 与 --dismiss 二者选一"},
		{[]string{"deadline", "extend", "--campaign", "c", "--boundary", "accept_by"}, "请给出 --to 时间 或 --add 时长"},
		{[]string{"deadline", "extend", "--campaign", "c", "--boundary", "accept_by", "--add", "soon"}, `--add：「soon」不是时长`},
		{[]string{"task", "report", "--campaign", "c", "--unit", "u", "--task", "t", "--percent", "lots"}, "选项 --percent 的值「lots」无效：不是整数"},
		{[]string{"campaign", "status", "c", "--wait", "0s"}, "--wait 0s：请给出大于 0 的时长"},
		{[]string{"round", "status", "pioneer/2026-Q4", "--wait", "-1m"}, "--wait -1m0s：请给出大于 0 的时长"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.argv, " "), func(t *testing.T) {
			r := run(t, append(tt.argv, "--address", "127.0.0.1:1")...)
			assert.Equal(t, 2, r.code, r.errOut)
			assert.Contains(t, r.errOut, tt.want)
		})
	}
}

func TestStatusOfAnUnknownCampaign(t *testing.T) {
	env := stacktest.New(t)
	r := run(t, "campaign", "status", "nope", "--address", env.Address, "--task-queue", env.TaskQueue)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.errOut, "没有工作流 campaign/nope：请核对活动编号（starter campaign list）")
}

func TestSubmittingToAnUnknownUnit(t *testing.T) {
	env := stacktest.New(t)
	r := run(t, "task", "report", "--campaign", "nope", "--unit", "u", "--task", "t", "--percent", "5",
		"--address", env.Address, "--database-url", env.DBURL)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.errOut, "campaign/nope/unit/u 不在运行")
}

func TestReportBeforeNaming(t *testing.T) {
	_, url := pgtest.Fresh(t)
	r := run(t, "report", "campaign", "nope", "--database-url", url)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.errOut, "there is no campaign nope (starter campaign list)")
}

// A rating campaign cannot take the id of a campaign that names, even before that campaign is
// recorded (its mobilization a week away): the two would share the campaign's units and grants.
func TestARatingCannotTakeTheIDOfACampaignThatNames(t *testing.T) {
	env := stacktest.New(t)
	flags := []string{"--address", env.Address, "--database-url", env.DBURL, "--task-queue", env.TaskQueue}
	r := run(t, append([]string{"roster", "import", "units", "../examples/units.csv"}, flags...)...)
	require.Equal(t, 0, r.code, r.errOut)
	r = run(t, append([]string{"campaign", "start", "../examples/campaign-2027.yaml", "--standards", "../standards"}, flags...)...)
	require.Equal(t, 0, r.code, r.errOut)

	spec, err := os.ReadFile("../examples/rating-2027.yaml")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "rating.yaml")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(spec), "id: courtyard-2027", "id: civilized-units-2027", 1)), 0o644))
	r = run(t, append([]string{"campaign", "start", path, "--standards", "../standards"}, flags...)...)
	assert.Equal(t, 2, r.code, r.errOut)
	assert.Contains(t, r.errOut, "编号 civilized-units-2027 已被另一类活动使用")
}
