package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

// The standards shipped under standards/ are exactly what `standard import` makes of the
// transcribed forms; this is the command that made them.
func TestShippedStandardsAreTheImportOfTheForms(t *testing.T) {
	imports := map[string][]string{
		"civilized-unit.yaml": {"standards/source/civilized-unit.csv", "--id", "civilized-unit", "--name", "市直机关文明单位创建标准",
			"--source", "三创三树方案 附件1 市直机关“文明单位”创建标准",
			"--mode", "additive", "--pass", "90", "--step", "0.5", "--honor", "national=6,provincial=4,city=2"},
		"civilized-window.yaml": {"standards/source/civilized-window.csv", "--id", "civilized-window", "--name", "市直机关文明窗口创建标准",
			"--source", "三创三树方案 附件2 市直机关“文明窗口”创建标准", "--mode", "additive", "--pass", "90", "--step", "0.5", "--no-veto"},
		"civilized-department.yaml": {"standards/source/civilized-department.csv", "--id", "civilized-department", "--name", "市直机关文明科室创建标准",
			"--source", "三创三树方案 附件3 市直机关“文明科室”创建标准", "--mode", "additive", "--pass", "90", "--step", "0.5", "--no-veto"},
		"courtyard-hygiene.yaml": {"standards/source/courtyard-hygiene.csv", "--id", "courtyard-hygiene", "--name", "市直机关庭院环境卫生整治考核细则",
			"--source", "双创双修庭院环境卫生整治活动 附件1 工作考核细则", "--mode", "deduction", "--pass", "0", "--step", "0.5",
			"--per-problem", "0.5", "--serious", "1-2", "--bonus-cap", "5", "--no-veto", "--judged", "组织管理"},
		"pioneer-post.yaml": {"standards/source/pioneer-post.csv", "--id", "pioneer-post", "--name", "党员先锋岗民主测评表",
			"--source", "红旗党支部、党员先锋岗争创活动方案 党员先锋岗民主测评表", "--mode", "additive", "--pass", "0", "--step", "1", "--no-veto"},
		"red-flag-branch.yaml": {"standards/source/red-flag-branch.csv", "--id", "red-flag-branch", "--name", "红旗党支部考核表",
			"--source", "红旗党支部、党员先锋岗争创活动方案 红旗党支部考核表", "--mode", "additive", "--pass", "0", "--step", "0.5", "--no-veto"},
	}
	for file, argv := range imports {
		argv[0] = "../" + argv[0]
		r := run(t, append([]string{"standard", "import"}, argv...)...)
		require.Equal(t, 0, r.code, r.errOut)
		shipped, err := os.ReadFile("../standards/" + file)
		require.NoError(t, err)
		assert.Equal(t, string(shipped), r.out, file)
	}
}

func TestScoreJSONContract(t *testing.T) {
	sheet := "item,score\n"
	for i, max := range []string{"6", "5", "4", "4", "4", "4", "5", "4", "4", "5", "4", "4", "4", "5", "4", "4", "4", "5", "4", "5", "4", "4", "4"} {
		if i == 0 {
			max = "5.5"
		}
		sheet += strconv.Itoa(i+1) + "," + max + "\n"
	}
	sheet += "city,2\nnational,6\n"
	r := run(t, "standard", "score", "--standard", "../standards/civilized-unit.yaml", "--sheet", writeFile(t, "self.csv", sheet), "--json")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Equal(t, `{"standard":"civilized-unit","max":100,"base":99.5,"bonus":6,"total":105.5,"pass":90,"eligible":true}`+"\n", r.out)
}

func TestScoreDeductionSheet(t *testing.T) {
	sheet := writeFile(t, "found.csv", "item,severity,deduction\n3,normal,\n3,serious,2\n6,normal,\nextra,bonus,3\n")
	r := run(t, "standard", "score", "--standard", "../standards/courtyard-hygiene.yaml", "--sheet", sheet, "--json")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Equal(t, `{"standard":"courtyard-hygiene","max":100,"base":97,"bonus":3,"total":100,"pass":0,"eligible":true}`+"\n", r.out)
}

// A district's form names the district plan's veto list, which loads with its open clause.
func TestImportWithTheDistrictVetoList(t *testing.T) {
	r := run(t, "standard", "import", "../standards/source/civilized-unit.csv", "--id", "district-organ", "--name", "区级文明机关考核细则",
		"--mode", "additive", "--pass", "90", "--veto-list", "district-civilized-organ")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "veto_list: district-civilized-organ\n")
	show := run(t, "standard", "show", writeFile(t, "district-organ.yaml", r.out))
	require.Equal(t, 0, show.code, show.errOut)
	assert.Contains(t, show.out, "其它与文明机关称号极不相符的事件与行为（兜底条款：否决时须用 --note 写明情况）")
}

func TestBadInputExitsTwoNamingFileAndLine(t *testing.T) {
	tests := []struct {
		name string
		argv []string
		want string
	}{
		{"score above max", []string{"standard", "score", "--standard", "../standards/courtyard-hygiene.yaml",
			"--sheet", writeFile(t, "s.csv", "item,severity,deduction\n3,serious,5\n")}, "文件 s.csv 第2行「deduction」列：5 超出严重问题的扣分范围 1-2"},
		{"empty sheet", []string{"standard", "score", "--standard", "../standards/courtyard-hygiene.yaml",
			"--sheet", writeFile(t, "e.csv", "")}, "文件 e.csv：文件是空的"},
		{"missing sheet file", []string{"standard", "score", "--standard", "../standards/courtyard-hygiene.yaml",
			"--sheet", "/nonexistent/x.csv"}, "文件 x.csv：无法打开文件：文件不存在"},
		{"broken standard", []string{"standard", "validate", writeFile(t, "b.yaml", "id: x\nmode: additive\n")}, "文件 b.yaml「name」：考评标准需要名称"},
		{"unknown flag", []string{"standard", "score", "--colour"}, "没有这个选项：--colour"},
		{"missing flags", []string{"standard", "import", "x.csv", "--id", "x"}, "standard import 还需要 --name、--mode、--pass"},
		{"bad points flag", []string{"standard", "import", "x.csv", "--pass", "lots"}, "选项 --pass 的值「lots」无效：「lots」不是数字"},
		{"deduction flags on additive", []string{"standard", "import", "x.csv", "--id", "x", "--name", "x", "--mode", "additive", "--pass", "1", "--serious", "1-2"},
			"--per-problem 和 --serious 只适用于 --mode deduction"},
		{"wrong argument count", []string{"standard", "show"}, "需要 1 个参数（FILE），实际给了 0 个"},
		{"unknown veto list", []string{"standard", "import", "../standards/source/civilized-unit.csv", "--id", "x", "--name", "x", "--mode", "additive",
			"--pass", "90", "--veto-list", "county"}, "“county”不是随附的一票否决清单；可用：city-civilized-unit、district-civilized-organ"},
		{"xls", []string{"standard", "import", writeFile(t, "old.xls", "x"), "--id", "x", "--name", "x", "--mode", "additive", "--pass", "1"},
			"文件 old.xls：无法读取旧版 Excel 的 .xls 文件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.argv...)
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.errOut, tt.want)
		})
	}
}

func TestShowListsItemsAndRules(t *testing.T) {
	r := run(t, "standard", "show", "../standards/civilized-unit.yaml")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "满分 100，合格线 90")
	assert.Contains(t, r.out, "加分组 honor（只取最高一项）")
	assert.Contains(t, r.out, "领导班子成员近两年内受到党政纪处分或法律制裁")
}

// With --lang en the same problems and usage errors are English, place first.
func TestBadInputInEnglish(t *testing.T) {
	r := run(t, "standard", "score", "--lang", "en", "--standard", "../standards/courtyard-hygiene.yaml",
		"--sheet", writeFile(t, "s.csv", "item,severity,deduction\n3,serious,5\n"))
	assert.Equal(t, 2, r.code)
	assert.Equal(t, "error: s.csv:2: deduction: 5 is outside the serious range 1-2\n", r.errOut)
	r = run(t, "standard", "score", "--lang", "en", "--colour")
	assert.Equal(t, 2, r.code)
	assert.Equal(t, "error: unknown flag: --colour\nSee 'starter standard score --help'\n", r.errOut)
	r = run(t, "standard", "score", "--colour")
	assert.Equal(t, "错误：没有这个选项：--colour\n请查看 'starter standard score --help'\n", r.errOut)
}
