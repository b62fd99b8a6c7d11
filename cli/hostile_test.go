package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"wenming/msg"
	"wenming/testenv/stacktest"
)

// nowhere points the CLI at services that do not answer: whatever a verb reads from a file is
// checked before it needs them.
var nowhere = []string{"--address", "127.0.0.1:1", "--database-url", "postgres://nobody@127.0.0.1:1/none?sslmode=disable"}

// leaves are the runnable verbs, as command lines ("roster import units").
func leaves() [][]string {
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Runnable() && c.Name() != "help" && c.Name() != "completion" && len(path) > 0 {
			out = append(out, path)
		}
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string(nil), path...), sub.Name()))
		}
	}
	walk(newApp(nil, nil).root(), nil)
	return out
}

// Every verb given a flag it does not have, or an argument too many (SQL-looking text at
// that), exits with status 2 pointing at its help, at once, without touching any service.
func TestEveryVerbRefusesAMalformedCommandLine(t *testing.T) {
	verbs := leaves()
	require.Len(t, verbs, 81, "every verb (the README says how many: change both together)")
	for _, verb := range verbs {
		t.Run(strings.Join(verb, " "), func(t *testing.T) {
			for _, extra := range [][]string{
				{"--no-such-flag"},
				{"a", "b", "c", "'; DROP TABLE units; --"},
			} {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				r := runCtx(ctx, append(append(append([]string(nil), verb...), extra...), nowhere...)...)
				cancel()
				assert.Equal(t, 2, r.code, "%v: %s", extra, r.errOut)
				assert.Contains(t, r.errOut, "--help", extra)
				assert.NotContains(t, r.errOut, "127.0.0.1:1", "refused before any service was asked")
			}
		})
	}
}

// hostileFiles are files an administrator might hand in by mistake, or an attacker on purpose.
func hostileFiles(t *testing.T) map[string]string {
	dir := t.TempDir()
	files := map[string]string{"missing": filepath.Join(dir, "missing.csv")}
	write := func(kind, name string, content []byte) {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, content, 0o644))
		files[kind] = p
	}
	write("empty", "empty.csv", nil)
	write("binary", "binary.csv", []byte("id,name\n\x00\x01\x02\xff\xfe\n"))
	write("neither UTF-8 nor GBK", "mojibake.csv", []byte("id,name\n\xff\xfe\xfd\xfc\n"))
	var lines strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&lines, "第%d行：本单位认真落实创建工作各项任务。\n", i+1)
	}
	write("10,000 lines", "report.txt", []byte(lines.String()))
	// A 100 MB file (sparse, so the test writes nothing): refused by its size, never read.
	huge := filepath.Join(dir, "huge.csv")
	f, err := os.Create(huge)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(100<<20))
	require.NoError(t, f.Close())
	files["100 MB"] = huge
	// An Excel workbook cut off in the middle, as a failed download leaves it.
	book := excelize.NewFile()
	require.NoError(t, book.SetSheetRow("Sheet1", "A1", &[]any{"id", "name"}))
	full := filepath.Join(dir, "full.xlsx")
	require.NoError(t, book.SaveAs(full))
	raw, err := os.ReadFile(full)
	require.NoError(t, err)
	write("truncated xlsx", "truncated.xlsx", raw[:len(raw)/2])
	return files
}

// Every verb that reads a file refuses each hostile file with status 2 and a message naming
// the file, before it asks a service for anything.
func TestEveryFileImportRefusesHostileFiles(t *testing.T) {
	dir := t.TempDir()
	std := "../standards/civilized-unit.yaml"
	verbs := map[string]func(file string) []string{
		"standard import": func(f string) []string {
			return []string{"standard", "import", f, "--id", "x", "--name", "x", "--mode", "additive", "--pass", "90", "-o", filepath.Join(dir, "x.yaml")}
		},
		"standard validate":    func(f string) []string { return []string{"standard", "validate", f} },
		"standard show":        func(f string) []string { return []string{"standard", "show", f} },
		"standard score":       func(f string) []string { return []string{"standard", "score", "--standard", std, "--sheet", f} },
		"roster import units":  func(f string) []string { return []string{"roster", "import", "units", f} },
		"roster import branch": func(f string) []string { return []string{"roster", "import", "branches", f} },
		"roster import member": func(f string) []string { return []string{"roster", "import", "members", f} },
		"roster import titles": func(f string) []string { return []string{"roster", "import", "titles", f} },
		"user import":          func(f string) []string { return []string{"user", "import", f} },
		"campaign validate":    func(f string) []string { return []string{"campaign", "validate", f} },
		"campaign start":       func(f string) []string { return []string{"campaign", "start", f} },
		"schedule preview":     func(f string) []string { return []string{"schedule", "preview", f} },
		"schedule apply":       func(f string) []string { return []string{"schedule", "apply", f} },
		"round start": func(f string) []string {
			return []string{"round", "start", "pioneer", "--period", "2026-Q3", "--schedules", f}
		},
		"declare": func(f string) []string {
			return []string{"declare", "--campaign", "c", "--unit", "u", "--report-file", f}
		},
		"nominate": func(f string) []string {
			return []string{"nominate", "--campaign", "c", "--unit", "u", "--deeds-file", f}
		},
		"selfcheck submit": func(f string) []string {
			return []string{"selfcheck", "submit", "--campaign", "c", "--unit", "u", "--sheet", f}
		},
		"inspect submit": func(f string) []string {
			return []string{"inspect", "submit", "--campaign", "c", "--unit", "u", "--sheet", f}
		},
		"rating inspect": func(f string) []string {
			return []string{"rating", "inspect", "--campaign", "c", "--unit", "u", "--round", "r1", "--sheet", f}
		},
		"redflag report": func(f string) []string {
			return []string{"redflag", "report", "--round", "r", "--branch", "b", "--sheet", f}
		},
		"redflag assess": func(f string) []string {
			return []string{"redflag", "assess", "--round", "r", "--branch", "b", "--sheet", f}
		},
		"ballots import": func(f string) []string {
			return []string{"ballots", "import", f, "--round", "r", "--branch", "b", "--present", "3"}
		},
		"ballots import-all": func(f string) []string { return []string{"ballots", "import-all", f, "--round", "r"} },
		"objection file": func(f string) []string {
			return []string{"objection", "file", "--round", "r", "--entry", "m1", "--reason", "x", "--contact-file", f}
		},
	}
	// A long text file is a well-formed table; whether it is a score or ballot sheet depends
	// on the form, which these verbs fetch next (the forms' own tests refuse such sheets).
	needsTheForm := map[string]bool{"selfcheck submit": true, "inspect submit": true, "rating inspect": true, "redflag report": true,
		"redflag assess": true, "ballots import": true}
	for kind, file := range hostileFiles(t) {
		for verb, argv := range verbs {
			t.Run(verb+"/"+kind, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				r := runCtx(ctx, append(argv(file), nowhere...)...)
				if kind == "10,000 lines" && needsTheForm[verb] {
					assert.Equal(t, 1, r.code, r.errOut)
					assert.Contains(t, r.errOut, "没有发送：连不上 PostgreSQL", "the file passed, the form was asked for")
					return
				}
				assert.Equal(t, 2, r.code, r.errOut)
				assert.Contains(t, r.errOut, filepath.Base(file), "the message names the file")
				if kind == "100 MB" {
					assert.Contains(t, r.errOut, "100 MB", "refused by its size, not after reading it")
				}
				assert.NotContains(t, r.errOut, msg.For(msg.Chinese).T("office.unavailable"), "the file was checked first, before PostgreSQL was asked for anything")
			})
		}
	}
}

// A roster saved by Excel on Chinese Windows (GBK) is read correctly, and names that look like
// SQL or like spreadsheet formulas are stored exactly as written, as text.
func TestGBKRosterWithHostileNamesIsStoredAsWritten(t *testing.T) {
	env := stacktest.New(t)
	names := []string{"市财政局", "x'); DROP TABLE units; --", "=CMD|' /C calc'!A0", "+1+1", "@SUM(A1)"}
	var csv strings.Builder
	csv.WriteString("id,name,parent,kind,staff,departments\n")
	for i, n := range names {
		csv.WriteString(strings.Join([]string{"u" + string(rune('a'+i)), `"` + strings.ReplaceAll(n, `"`, `""`) + `"`, "", "department", "10", "2"}, ",") + "\n")
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv.String())
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "units.csv")
	require.NoError(t, os.WriteFile(path, []byte(gbk), 0o644))

	r := run(t, "roster", "import", "units", path, "--database-url", env.DBURL)
	require.Equal(t, 0, r.code, r.errOut)
	var stored []string
	require.NoError(t, env.DB.Select(&stored, `SELECT name FROM units ORDER BY id`))
	assert.Equal(t, names, stored)
}

// runCtx executes the CLI with a deadline: a verb that hangs fails the test instead of it.
func runCtx(ctx context.Context, argv ...string) result {
	var out, errOut strings.Builder
	code := Run(ctx, argv, &out, &errOut)
	return result{code: code, out: out.String(), errOut: errOut.String()}
}

// An extension by nothing or less is refused as such, before any service is asked (an
// extension by --add is named by its duration: zero would be a no-op sent as an act).
func TestAnExtensionByNothingIsRefused(t *testing.T) {
	for _, add := range []string{"0d", "0s", "+0h"} {
		r := run(t, append([]string{"deadline", "extend", "--campaign", "c", "--boundary", "accept_by", "--add", add}, nowhere...)...)
		assert.Equal(t, 2, r.code, "%s: %s", add, r.errOut)
		assert.Contains(t, r.errOut, "--add「"+add+"」", add)
		assert.NotContains(t, r.errOut, "127.0.0.1:1", "refused before any service was asked")
	}
}
