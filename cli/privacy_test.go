package cli

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"wenming/testenv/pgtest"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// A file refused before it is sent is in the audit log by the number and kind of its
// problems, never by its text: a refused sheet's header or cells can hold a citizen's phone
// number or a paper's scores, and the problems that quote them must not reach the log.
func TestARefusedFileLeavesNoTraceOfItsTextInTheAuditLog(t *testing.T) {
	db, url := pgtest.Fresh(t)
	importRosters(t, url)
	openPioneerRound(t, db)
	const secret = "张秘密13912345678"
	for _, tt := range []struct {
		name, branch, text, reason string
	}{
		{"a header the form does not have", "b-finance", secret + ",score\n1,9\n", "1 处问题：整行 ×1"},
		{"a score that is no number", "b-tax", "item,score\n1," + secret + "\n2,x" + secret + "\n", "2 处问题：score ×2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sheet := writeFile(t, "form.csv", tt.text)
			r := run(t, "redflag", "report", "--round", "pioneer/2026-Q3", "--branch", tt.branch, "--sheet", sheet,
				"--database-url", url, "--address", "127.0.0.1:1")
			assert.Equal(t, 2, r.code, r.errOut)
			assert.Contains(t, r.errOut, secret, "the administrator is told what is wrong, quoting the file")

			var reason string
			require.NoError(t, db.Get(&reason, `SELECT reason FROM audit_log WHERE NOT accepted AND target LIKE '%'||$1`, tt.branch))
			assert.Equal(t, tt.reason, reason, "the log keeps how many problems of which kind")
		})
	}
	var rows []string
	require.NoError(t, db.Select(&rows, `SELECT row_to_json(a)::text FROM audit_log a`))
	require.Len(t, rows, 2, "both refusals are in the audit log")
	for _, row := range rows {
		assert.NotContains(t, row, "13912345678", "no part of the file's text is in the audit log")
		assert.NotContains(t, row, "张秘密")
	}
}

// Reports written to files are their owner's only (0600), in every format, whether the file
// is new or an older report with a wider mode is written over.
func TestReportFilesAreTheOwnersOnly(t *testing.T) {
	_, url := pgtest.Fresh(t)
	dir := t.TempDir()
	older := filepath.Join(dir, "older.csv")
	require.NoError(t, os.WriteFile(older, []byte("an older report\n"), 0o644))
	for _, tt := range []struct{ format, file string }{
		{"--csv", "honors.csv"}, {"--xlsx", "honors.xlsx"}, {"--html", "honors.html"}, {"--csv", "older.csv"},
	} {
		t.Run(tt.format+" "+tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			r := run(t, "report", "honors", "--year", "2026", tt.format, "-o", path, "--database-url", url)
			require.Equal(t, 0, r.code, r.errOut)
			st, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, "-rw-------", st.Mode().Perm().String(), "0600")
			assert.Greater(t, st.Size(), int64(0))
		})
	}
	raw, err := os.ReadFile(older)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "an older report", "written over")
	left, err := filepath.Glob(filepath.Join(dir, ".*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file is left beside the reports")

	// A pipe (as a device such as /dev/stdout) is written into, not replaced by a file.
	pipe := filepath.Join(t.TempDir(), "pipe.csv")
	require.NoError(t, syscall.Mkfifo(pipe, 0o600))
	read := make(chan string)
	go func() {
		b, _ := os.ReadFile(pipe)
		read <- string(b)
	}()
	r := run(t, "report", "honors", "--year", "2026", "--csv", "-o", pipe, "--database-url", url)
	require.Equal(t, 0, r.code, r.errOut)
	st, err := os.Lstat(pipe)
	require.NoError(t, err)
	require.NotZero(t, st.Mode()&fs.ModeNamedPipe, "still the pipe") // else its reader waits for ever
	assert.NotEmpty(t, <-read)
}

// An objection's contact read from --contact-file (or standard input, "-") reaches the
// record as written, off the command line where every local user could read it (ps); a
// missing or oversized file is refused naming it, before any service is asked.
func TestAnObjectionsContactFromAFile(t *testing.T) {
	env := stacktest.New(t)
	const round = "pioneer/2026-Q3"
	id := workflows.NoticeWorkflowID(round)
	_, err := env.Client.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: env.TaskQueue},
		workflows.PublicNotice, workflows.NoticeInput{NoticeID: id, Subject: round, Title: "公示", Entries: []string{"m0001", "m0002"}, Length: time.Hour})
	require.NoError(t, err)
	t.Cleanup(func() { _ = env.Client.TerminateWorkflow(context.Background(), id, "", "test over") })
	services := []string{"--address", env.Address, "--task-queue", env.TaskQueue, "--database-url", env.DBURL}

	file := writeFile(t, "contact.txt", "王五 13900001111\n")
	r := run(t, append([]string{"objection", "file", "--round", round, "--entry", "m0001", "--reason", "工作中有失误", "--contact-file", file}, services...)...)
	require.Equal(t, 0, r.code, r.errOut)

	defer func(in io.Reader) { stdin = in }(stdin)
	stdin = strings.NewReader("wang@example.org\n")
	r = run(t, append([]string{"objection", "file", "--round", round, "--entry", "m0002", "--reason", "材料不实", "--contact-file", "-"}, services...)...)
	require.Equal(t, 0, r.code, r.errOut)

	var contacts []string
	require.NoError(t, env.DB.Select(&contacts, `SELECT contact FROM objections WHERE notice_id = $1 ORDER BY objection_no`, id))
	assert.Equal(t, []string{"王五 13900001111", "wang@example.org"}, contacts)

	big := writeFile(t, "big.txt", strings.Repeat("1", 5<<10))
	for _, tt := range []struct {
		name string
		argv []string
		want []string
	}{
		{"missing", []string{"--contact-file", filepath.Join(t.TempDir(), "gone.txt")}, []string{"文件 gone.txt：无法打开联系方式文件：文件不存在"}},
		{"oversized", []string{"--contact-file", big}, []string{"文件 big.txt：联系方式文件有 5 KB，超过此类文件的上限 4 KB"}},
		{"empty", []string{"--contact-file", writeFile(t, "empty.txt", " \n")}, []string{"文件 empty.txt：文件是空的"}},
		{"both", []string{"--contact-file", file, "--contact", "x"}, []string{"--contact 与 --contact-file 只能给出其一"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, append(append([]string{"objection", "file", "--round", round, "--entry", "m0001", "--reason", "x"}, tt.argv...), nowhere...)...)
			assert.Equal(t, 2, r.code, r.errOut)
			for _, w := range tt.want {
				assert.Contains(t, r.errOut, w)
			}
		})
	}
	stdin = strings.NewReader(strings.Repeat("1", 5<<10))
	r = run(t, append([]string{"objection", "file", "--round", round, "--entry", "m0001", "--reason", "x", "--contact-file", "-"}, nowhere...)...)
	assert.Equal(t, 2, r.code, r.errOut)
	assert.Contains(t, r.errOut, "文件 标准输入：长于联系方式的上限 4 KB")
}

// --contact says in its help that other users can read it, and points at --contact-file.
func TestTheContactFlagSaysItIsSeen(t *testing.T) {
	r := run(t, "objection", "file", "--help")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "命令运行期间本机其他用户可通过 ps 看到，请改用 --contact-file")
	assert.Contains(t, r.out, "从这个文件读取异议人的联系方式（“-”：标准输入），本机其他用户看不到")
}
