// Package dbsnap takes what the product wrote to PostgreSQL in a form two runs can be
// compared by: every table's rows as text, without what legitimately differs between runs
// (times, sequence numbers, random copy ids, the worker's name).
//
// Two runs of a compressed scenario start at different times, so the absolute times in the
// text of a row (a deadline quoted in a refusal, a plan's dates) and the submission ids
// derived from such text differ too: Take masks both. Extra or missing rows still show.
package dbsnap

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Snapshot is each table's rows, sorted, one string a row.
type Snapshot map[string][]string

// skipped are columns that differ between two correct runs.
var skipped = []string{"copy_id", "worker"}

// masks hide times written into text and the submission ids derived from content with times.
var masks = []*regexp.Regexp{
	regexp.MustCompile(`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}| UTC| CST)?`),
	regexp.MustCompile(`\d{8}T\d{6}(\.\d+)?`),
	regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日( \d{2}:\d{2}(:\d{2})?)?`), // as the catalogue writes dates
	regexp.MustCompile(`\bs-[0-9a-f]{16}\b`),
}

// Options leave out tables whose rows record what a periodic check saw when it ran: under
// faults it runs at other moments and sees another state, which is no error.
// IgnoreColumns (table.column) leave out a column, such as a plan whose durations a test
// stretched on purpose.
type Options struct {
	IgnoreTables  []string
	IgnoreColumns []string
}

// Take reads every table of the public schema but the migration bookkeeping.
func Take(ctx context.Context, db *sqlx.DB, o Options) (Snapshot, error) {
	var cols []struct {
		Table   string  `db:"table_name"`
		Column  string  `db:"column_name"`
		Type    string  `db:"data_type"`
		Default *string `db:"column_default"`
	}
	if err := db.SelectContext(ctx, &cols, `
		SELECT c.table_name, c.column_name, c.data_type, c.column_default
		FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
		WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'goose%'
		ORDER BY c.table_name, c.ordinal_position`); err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}
	kept := map[string][]string{}
	var tables []string
	for _, c := range cols {
		if slices.Contains(o.IgnoreTables, c.Table) {
			continue
		}
		if !slices.Contains(tables, c.Table) {
			tables = append(tables, c.Table)
		}
		if strings.HasPrefix(c.Type, "timestamp") || slices.Contains(skipped, c.Column) || slices.Contains(o.IgnoreColumns, c.Table+"."+c.Column) ||
			(c.Default != nil && strings.HasPrefix(*c.Default, "nextval(")) {
			continue
		}
		kept[c.Table] = append(kept[c.Table], pq.QuoteIdentifier(c.Column)+"::text")
	}
	snap := Snapshot{}
	for _, t := range tables {
		exprs := kept[t]
		if len(exprs) == 0 {
			exprs = []string{"'row'"}
		}
		var rows []string
		q := fmt.Sprintf("SELECT concat_ws(' | ', %s) FROM %s", strings.Join(coalesced(exprs), ", "), pq.QuoteIdentifier(t))
		if err := db.SelectContext(ctx, &rows, q); err != nil {
			return nil, fmt.Errorf("read %s: %w", t, err)
		}
		for i := range rows {
			for _, m := range masks {
				rows[i] = m.ReplaceAllString(rows[i], "<masked>")
			}
		}
		slices.Sort(rows)
		snap[t] = rows
	}
	return snap, nil
}

// days are calendar days written as text: a date column, or a day quoted in a row's text.
var days = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// WithoutDays is s with every calendar day masked, for comparing two runs that crossed
// midnight where the product dates its records: one of them rightly dated a record a day
// after the other.
func (s Snapshot) WithoutDays() Snapshot {
	out := Snapshot{}
	for t, rows := range s {
		masked := make([]string, len(rows))
		for i, r := range rows {
			masked[i] = days.ReplaceAllString(r, "<day>")
		}
		slices.Sort(masked)
		out[t] = masked
	}
	return out
}

func coalesced(exprs []string) []string {
	out := make([]string, len(exprs))
	for i, e := range exprs {
		out[i] = "coalesce(" + e + ", '∅')"
	}
	return out
}

// Diff lists, table by table, the rows one snapshot has and the other has not.
func Diff(want, got Snapshot) []string {
	var out []string
	var tables []string
	for t := range want {
		tables = append(tables, t)
	}
	for t := range got {
		if _, ok := want[t]; !ok {
			tables = append(tables, t)
		}
	}
	slices.Sort(tables)
	for _, t := range tables {
		missing, extra := minus(want[t], got[t]), minus(got[t], want[t])
		for _, r := range missing {
			out = append(out, fmt.Sprintf("%s: missing %s", t, r))
		}
		for _, r := range extra {
			out = append(out, fmt.Sprintf("%s: extra   %s", t, r))
		}
	}
	return out
}

// minus is the multiset a - b of sorted rows.
func minus(a, b []string) []string {
	var out []string
	j := 0
	for _, r := range a {
		for j < len(b) && b[j] < r {
			j++
		}
		if j < len(b) && b[j] == r {
			j++
			continue
		}
		out = append(out, r)
	}
	return out
}
