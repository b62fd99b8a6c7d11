package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/period"
	"wenming/rules/schedule"
	"wenming/rules/standard"
	"wenming/store"
	"wenming/testenv/pgtest"
)

func TestPreviewShowsRunsAndThePeriodsTheyEvaluate(t *testing.T) {
	r := run(t, "schedule", "preview", "--count", "2")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Regexp(t, `党员先锋岗\s+\d{4}年(1|4|7|10)月1日 09:00\s+\d{4}-Q[1-4]`, r.out)
	assert.Regexp(t, `红旗党支部\s+\d{4}年(1|7)月1日 09:00\s+\d{4}-H[12]`, r.out)
}

func TestRoundVerbsRefuseBadInput(t *testing.T) {
	bad := writeFile(t, "s.yaml", "pioneer:\n  cron: \"61 * * * *\"\n")
	tests := []struct {
		argv []string
		want string
	}{
		{[]string{"round", "start", "weekly", "--period", "2026-Q3"}, `「weekly」不是考评类别`},
		{[]string{"round", "start", "pioneer", "--period", "2026-H1"}, `--period「2026-H1」：党员先锋岗评选的考评期应写作 2026-Q3 这样的形式`},
		{[]string{"schedule", "preview", bad}, `文件 s.yaml「pioneer.cron」：「61 * * * *」不是 cron 表达式`},
		{[]string{"schedule", "backfill", "redflag", "--period", "2026-Q3"}, `红旗党支部评选的考评期应写作 2026-H2 这样的形式`},
		{[]string{"schedule", "backfill", "pioneer", "--period", "2099-Q1"}, "2099-Q1 还没到评选安排的评选时间"},
		{[]string{"round", "approve", "--round", "pioneer/2026-Q3", "--strike", "m1"}, `--strike「m1」：请写作 党员编号=理由`},
		{[]string{"ballots", "import", "x.csv", "--round", "pioneer/2026-Q3"}, "请给出 --round、--branch 和 --present"},
		{[]string{"violation", "record", "--member", "m1", "--kind", "gossip", "--date", "2026-08-03"}, `「--kind」：「gossip」不是可以记录的种类`},
		{[]string{"violation", "record", "--member", "m1", "--branch", "b1", "--kind", "violation", "--date", "2026-08-03"}, "请给出 --member 或 --branch"},
		{[]string{"objection", "file", "--round", "pioneer/2026-Q3", "--reason", "x"}, "请给出 --entry"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			r := run(t, append(tt.argv, "--address", "127.0.0.1:1")...)
			assert.Equal(t, 2, r.code, r.errOut)
			assert.Contains(t, r.errOut, tt.want)
		})
	}
}

func TestViolationsAreRecordedOnce(t *testing.T) {
	db, url := pgtest.Fresh(t)
	importRosters(t, url)
	argv := []string{"violation", "record", "--member", "m0003", "--kind", "criticism", "--date", "2026-08-03", "--note", "通报批评", "--database-url", url}
	r := run(t, argv...)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "已记录（提交编号")
	assert.Contains(t, r.out, "pioneer/2026-Q3：评选尚未开始，开始时按此记录确定参评资格")
	assert.Contains(t, r.out, "未改变任何评选结果", "no round of the day has opened")
	r = run(t, argv...)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "已收到过（提交编号")
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM violations`))
	assert.Equal(t, 1, n)

	r = run(t, "violation", "record", "--member", "m9999", "--kind", "criticism", "--date", "2026-08-03", "--database-url", url)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "名册中没有党员 m9999")
}

func TestBallotsForARoundNotOpen(t *testing.T) {
	_, url := pgtest.Fresh(t)
	sheet := writeFile(t, "x.csv", "ballot,candidate,1\n001,m1,8\n")
	r := run(t, "ballots", "import", sheet, "--round", "pioneer/2026-Q3", "--branch", "b1", "--present", "3", "--database-url", url)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "评选 pioneer/2026-Q3 不在进行中")
}

// openPioneerRound opens pioneer/2026-Q3 over the example rosters, as the round workflow does.
func openPioneerRound(t *testing.T, db *sqlx.DB) {
	t.Helper()
	ctx := context.Background()
	b, err := os.ReadFile("../standards/pioneer-post.yaml")
	require.NoError(t, err)
	std, err := standard.Parse("pioneer-post.yaml", b)
	require.NoError(t, err)
	require.NoError(t, store.SaveStandard(ctx, db, std))
	_, err = store.OpenRound(ctx, db, store.RoundOpening{RoundID: "pioneer/2026-Q3", Kind: schedule.Pioneer, Period: "2026-Q3",
		Config: schedule.Config{StandardID: "pioneer-post", GroupSize: 200}, PeriodStart: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		PeriodEnd: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), At: time.Now()})
	require.NoError(t, err)
}

// Every sheet of a manifest is checked before any is copied in: one bad sheet, and the
// administrator reads every problem and nothing is imported.
func TestImportAllChecksEverySheetFirst(t *testing.T) {
	db, url := pgtest.Fresh(t)
	importRosters(t, url)
	openPioneerRound(t, db)
	dir := t.TempDir()
	write := func(name, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	const head = "ballot,candidate,1,2,3,4,5,6,7,8,9,10\n"
	write("finance.csv", head+"1,m0001,9,9,9,9,9,9,9,9,9,9\n2,m0001,8,8,8,8,8,8,8,8,8,8\n")
	write("tax.csv", head+"1,m0032,9,9,9,9,9,9,9,9,9,12\n")
	write("sheets.csv", "branch,sheet,present\nb-finance,finance.csv,10\nb-tax,tax.csv,13\nb-nowhere,finance.csv,3\nb-service,gone.csv,12\n")

	r := run(t, "ballots", "import-all", filepath.Join(dir, "sheets.csv"), "--round", "pioneer/2026-Q3", "--database-url", url, "--address", "127.0.0.1:1")
	assert.Equal(t, 2, r.code, r.errOut)
	for _, want := range []string{
		"文件 sheets.csv 第4行「sheet」列：finance.csv 列了两次（第一次在第2行）",
	} {
		assert.Contains(t, r.errOut, want)
	}
	write("sheets.csv", "branch,sheet,present\nb-finance,finance.csv,10\nb-tax,tax.csv,13\nb-nowhere,finance2.csv,3\nb-service,gone.csv,12\n")
	r = run(t, "ballots", "import-all", filepath.Join(dir, "sheets.csv"), "--round", "pioneer/2026-Q3", "--database-url", url, "--address", "127.0.0.1:1")
	assert.Equal(t, 2, r.code, r.errOut)
	for _, want := range []string{
		"文件 tax.csv 第2行「criterion 10」列：12 超出 0 到 10 的范围",
		"文件 sheets.csv 第4行「branch」列：支部 b-nowhere 不参加评选 pioneer/2026-Q3",
		"文件 sheets.csv 第5行「sheet」列：无法读取汇总表",
		"没有导入任何汇总表",
	} {
		assert.Contains(t, r.errOut, want)
	}
	var copies, ballots int
	require.NoError(t, db.Get(&copies, `SELECT count(*) FROM ballot_copies`))
	require.NoError(t, db.Get(&ballots, `SELECT count(*) FROM ballots`))
	assert.Zero(t, copies+ballots, "nothing copied in")
	var refusals int
	require.NoError(t, db.Get(&refusals, `SELECT count(*) FROM audit_log WHERE kind = 'ballot-sheet' AND NOT accepted`))
	assert.Equal(t, 1, refusals, "the refused import is in the audit log")
	var reason string
	require.NoError(t, db.Get(&reason, `SELECT reason FROM audit_log WHERE kind = 'ballot-sheet' AND NOT accepted`))
	assert.Equal(t, "3 处问题：branch ×1、criterion 10 ×1、sheet ×1", reason,
		"the log keeps how many problems of which kind, never a paper's scores")

	// Good sheets, but no Temporal to hand them to: nothing is copied in either.
	write("sheets.csv", "branch,sheet,present\nb-finance,finance.csv,10\n")
	r = run(t, "ballots", "import-all", filepath.Join(dir, "sheets.csv"), "--round", "pioneer/2026-Q3", "--database-url", url, "--address", "127.0.0.1:1")
	assert.Equal(t, 1, r.code, r.errOut)
	require.NoError(t, db.Get(&copies, `SELECT count(*) FROM ballot_copies`))
	assert.Zero(t, copies)
}

// Every kind of the registry is known to the verbs that take a kind: the schedules' preview
// lists its runs with the periods it evaluates, and a period of another kind is refused
// with an example of its own.
func TestEveryKindOfRoundThroughTheVerbs(t *testing.T) {
	preview := run(t, "schedule", "preview", "--count", "1")
	require.Equal(t, 0, preview.code, preview.errOut)
	for _, k := range schedule.Kinds {
		t.Run(string(k.Kind), func(t *testing.T) {
			example := regexp.MustCompile(`\d`).ReplaceAllString(k.Example, `\d`) // 2026-Q3 -> \d\d\d\d-Q\d
			assert.Regexp(t, k.Name+`\s+\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d\s+`+example+`\n`, preview.out)
			other := "2026-Q3"
			if k.Period == period.Quarter {
				other = "2026-H2"
			}
			r := run(t, "schedule", "backfill", string(k.Kind), "--period", other, "--address", "127.0.0.1:1")
			assert.Equal(t, 2, r.code, r.errOut)
			assert.Contains(t, r.errOut, k.Name+"评选的考评期应写作 "+k.Example)
		})
	}
}

// A manifest lists sheets in its own folder. A path that leaves it (absolute, .., or through a
// symbolic link to a folder outside), a symbolic link to a file and anything but a plain file
// are refused with the line, before any service is asked and before anything outside is read.
func TestAManifestReadsOnlySheetsInItsFolder(t *testing.T) {
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("ballot,candidate,1\n1,m0001,9\n"), 0o644))
	dir := t.TempDir()
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.csv"), filepath.Join(dir, "link.csv")))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "out")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "folder.csv"), 0o755))
	importAll := func(manifest string) result {
		path := filepath.Join(dir, "sheets.csv")
		require.NoError(t, os.WriteFile(path, []byte("branch,sheet,present\n"+manifest), 0o644))
		return run(t, "ballots", "import-all", path, "--round", "pioneer/2026-Q3", "--address", "127.0.0.1:1",
			"--database-url", "postgres://nobody@127.0.0.1:1/none?sslmode=disable")
	}

	r := importAll("b1,../" + filepath.Base(outside) + "/secret.csv,5\nb2," + filepath.Join(outside, "secret.csv") + ",5\n")
	assert.Equal(t, 2, r.code, r.errOut)
	assert.Contains(t, r.errOut, "文件 sheets.csv 第2行「sheet」列：「../"+filepath.Base(outside)+"/secret.csv」不在清单所在的文件夹内")
	assert.Contains(t, r.errOut, "文件 sheets.csv 第3行「sheet」列：「"+filepath.Join(outside, "secret.csv")+"」不在清单所在的文件夹内")

	r = importAll("b1,link.csv,5\nb2,out/secret.csv,5\nb3,folder.csv,5\n")
	assert.Equal(t, 2, r.code, r.errOut)
	assert.Contains(t, r.errOut, "文件 sheets.csv 第2行「sheet」列：link.csv 是符号链接")
	assert.Contains(t, r.errOut, "文件 sheets.csv 第3行「sheet」列：无法打开 out/secret.csv：路径通向所在文件夹之外")
	assert.Contains(t, r.errOut, "文件 sheets.csv 第4行「sheet」列：folder.csv 不是普通文件")
	assert.NotContains(t, r.errOut, "PostgreSQL", "refused before any service is asked")
}
