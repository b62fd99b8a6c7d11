package integration

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"wenming/scenario"
	"wenming/testenv/pgtest"
)

// printedTable finds the table a command printed: the lines after "$ starter <command>" and
// its header rule, up to the next blank line; cells are separated by two or more spaces.
func printedTable(t *testing.T, out, command string) [][]string {
	t.Helper()
	_, rest, found := strings.Cut(out, "$ starter "+command+"\n")
	require.True(t, found, "the demo ran %q", command)
	lines := strings.Split(rest, "\n")
	var rows [][]string
	started := false
	for _, l := range lines {
		if strings.HasPrefix(l, "----") {
			started = true
			continue
		}
		if started && strings.TrimSpace(l) == "" {
			break
		}
		if started {
			rows = append(rows, regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(l), -1))
		}
	}
	return rows
}

// `go tool task demo -- --exit`, run in this process against a fresh database: it finishes,
// the tables it prints are what PostgreSQL holds, and the reports it exports are there.
func TestTheDemo(t *testing.T) {
	db, url := pgtest.Fresh(t)
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	demo, err := scenario.RunDemo(ctx, scenario.DemoOptions{DataDir: t.TempDir(), DatabaseURL: url, Out: &out, Root: ".."})
	require.NoError(t, err, out.String())
	demo.Stop()
	text := out.String()

	// The campaign's table: unit, outcome as PostgreSQL has them.
	rows := printedTable(t, text, "report campaign "+scenario.CampaignID)
	var want []struct {
		Name    string `db:"name"`
		Outcome string `db:"outcome"`
	}
	require.NoError(t, db.Select(&want, `SELECT u.name, r.outcome FROM campaign_results r JOIN units u ON u.id = r.unit_id`))
	require.Len(t, rows, len(want), "a row per unit")
	printed := map[string]string{}
	for _, r := range rows {
		printed[r[1]] = r[len(r)-2]
	}
	names := map[string]string{"named": "命名", "not_selected": "未入选", "below_line": "未达标", "not_declared": "未申报",
		"vetoed": "一票否决", "removed_by_objection": "公示异议成立", "revoked": "撤销"}
	for _, w := range want {
		assert.Equal(t, names[w.Outcome], printed[w.Name], w.Name)
	}

	// The rounds' tables: awarded members and branches as PostgreSQL has them.
	pioneer, redflag := scenario.RoundIDs(time.Now())
	for _, round := range []string{pioneer, redflag} {
		var awarded int
		require.NoError(t, db.Get(&awarded, `SELECT count(*) FROM round_results WHERE round_id = $1 AND outcome = 'awarded'`, round))
		assert.Equal(t, awarded, strings.Count(sectionOf(text, "report round "+round), "授予 "), round)
	}

	// The exports.
	require.Len(t, demo.Exports, 10)
	for _, p := range demo.Exports {
		st, err := os.Stat(p)
		require.NoError(t, err, p)
		assert.Positive(t, st.Size(), p)
		assert.Contains(t, text, "wrote "+p)
		if strings.HasSuffix(p, ".xlsx") {
			f, err := excelize.OpenFile(p)
			require.NoError(t, err, p)
			assert.NotEmpty(t, f.GetSheetList())
			f.Close()
		}
	}
}

func sectionOf(text, command string) string {
	_, rest, _ := strings.Cut(text, "$ starter "+command+"\n")
	section, _, _ := strings.Cut(rest, "\n$ starter ")
	return section
}
