package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/rules/ballot"
	"wenming/rules/schedule"
	"wenming/store"
)

// writeMethod is one way of writing ballot rows, measured in each pass.
type writeMethod struct {
	Method string          `json:"method"`
	Role   string          `json:"role,omitempty"` // ceiling, product-copy or product-accept: what the targets compare
	Rows   int             `json:"rows"`
	Took   []time.Duration `json:"took_ns"`          // each pass's
	Sheets int             `json:"sheets,omitempty"` // product-accept: the sheets accepted
}

// The roles of the write path's methods in the targets.
const (
	roleCeiling       = "ceiling"
	roleProductCopy   = "product-copy"
	roleProductAccept = "product-accept"
)

// rates are each pass's rows a second.
func (w writeMethod) rates() []float64 {
	out := make([]float64, len(w.Took))
	for i, t := range w.Took {
		out[i] = float64(w.Rows) / t.Seconds()
	}
	return out
}

// tuple is one ballot row as it lands in the table: the same values for every method, the
// round, branch and copy of its sheet included (an index of distinct keys costs more to keep
// than one of a constant).
type tuple struct {
	round, branch, copy string
	ballot.Row
}

func (t tuple) values() []any {
	return []any{t.round, t.branch, t.copy, t.Candidate, store.ArrayLiteral(t.Scores), t.Total()}
}

// writePath writes the same rows four ways into empty copies of the ballots table (same
// columns and indexes), then through the product's own path, in each pass: the methods in
// order in the first pass, in reverse order in the second, and so on.
func writePath(ctx context.Context, e *env, rows, passes int) ([]writeMethod, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	o := newOrg(fmt.Sprintf("w%d", rows), rows/380+1, 20)
	var all []ballot.Row
	for _, b := range o.branches {
		all = append(all, sheet(rng, o.members[b])...)
	}
	all = all[:rows]
	if err := o.save(ctx, e.db); err != nil {
		return nil, err
	}
	methods := []struct {
		name  string
		write func(context.Context, *sqlx.DB, string, []tuple) error
	}{
		{"INSERT row by row, one transaction", insertRows},
		{"multi-row INSERT (1,000 rows a statement)", insertMulti},
		{"array-parameter INSERT (unnest, 10,000 rows a statement)", insertArrays},
		{"COPY into an empty copy of the table (the ceiling)", copyRows},
	}
	out := make([]writeMethod, len(methods))
	for i, m := range methods {
		out[i] = writeMethod{Method: m.name, Rows: len(all)}
	}
	out[len(methods)-1].Role = roleCeiling
	for pass := range passes {
		// Each pass a round of its own: new copy ids, the same rows.
		period := o.prefix + "-" + suffix()
		roundID := "pioneer/" + period
		const perSheet = 380
		var copies []store.SheetCopy
		var tuples []tuple
		for i := 0; i*perSheet < len(all); i++ {
			c := store.SheetCopy{CopyID: store.NewCopyID(), RoundID: roundID, BranchID: o.branches[i],
				SubmissionID: fmt.Sprintf("%s-%d", roundID, i), Rows: all[i*perSheet : min((i+1)*perSheet, len(all))]}
			copies = append(copies, c)
			for _, r := range c.Rows {
				tuples = append(tuples, tuple{round: roundID, branch: c.BranchID, copy: c.CopyID, Row: r})
			}
		}
		steps := make([]func() error, 0, len(methods)+1)
		for i, m := range methods {
			steps = append(steps, func() error {
				table := "bench_" + suffix()
				if _, err := e.db.ExecContext(ctx, `CREATE TABLE `+table+` (LIKE ballots INCLUDING ALL)`); err != nil {
					return err
				}
				start := time.Now()
				if err := m.write(ctx, e.db, table, tuples); err != nil {
					return fmt.Errorf("%s: %w", m.name, err)
				}
				out[i].Took = append(out[i].Took, time.Since(start))
				_, err := e.db.ExecContext(ctx, `DROP TABLE `+table)
				return err
			})
		}
		var ours []writeMethod
		steps = append(steps, func() (err error) {
			ours, err = productPath(ctx, e, o, period, copies)
			return err
		})
		if pass%2 == 1 {
			slices.Reverse(steps)
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return nil, err
			}
		}
		if pass == 0 {
			out = append(out, ours...)
			continue
		}
		for i, m := range ours {
			out[len(methods)+i].Took = append(out[len(methods)+i].Took, m.Took...)
		}
	}
	return out, nil
}

func insertRows(ctx context.Context, db *sqlx.DB, table string, rows []tuple) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (round_id, branch_id, copy_id, candidate_id, scores, total) VALUES ($1, $2, $3, $4, $5, $6)`)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r.values()...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func insertMulti(ctx context.Context, db *sqlx.DB, table string, rows []tuple) error {
	const batch = 1000
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		var q strings.Builder
		q.WriteString(`INSERT INTO ` + table + ` (round_id, branch_id, copy_id, candidate_id, scores, total) VALUES `)
		args := make([]any, 0, len(chunk)*6)
		for i, r := range chunk {
			if i > 0 {
				q.WriteString(",")
			}
			n := i * 6
			fmt.Fprintf(&q, "($%d,$%d,$%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4, n+5, n+6)
			args = append(args, r.values()...)
		}
		if _, err := db.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func insertArrays(ctx context.Context, db *sqlx.DB, table string, rows []tuple) error {
	const batch = 10000
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		n := len(chunk)
		rounds, branches, copies := make([]string, n), make([]string, n), make([]string, n)
		cands, scores, totals := make([]string, n), make([]string, n), make([]int64, n)
		for i, r := range chunk {
			rounds[i], branches[i], copies[i] = r.round, r.branch, r.copy
			cands[i], scores[i], totals[i] = r.Candidate, store.ArrayLiteral(r.Scores), int64(r.Total())
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO `+table+` (round_id, branch_id, copy_id, candidate_id, scores, total)
			SELECT r, b, k, c, s::smallint[], t FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::smallint[]) AS x(r, b, k, c, s, t)`,
			pq.Array(rounds), pq.Array(branches), pq.Array(copies), pq.Array(cands), pq.Array(scores), pq.Array(totals)); err != nil {
			return err
		}
	}
	return nil
}

func copyRows(ctx context.Context, db *sqlx.DB, table string, rows []tuple) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, "round_id", "branch_id", "copy_id", "candidate_id", "scores", "total"))
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r.values()...); err != nil {
			return err
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	return tx.Commit()
}

// productPath writes the sheets as `ballots import-all` does: copied in 200 sheets a COPY,
// then each sheet accepted, checked again in SQL, eight at once. It returns the copy alone
// and the copy with the acceptance.
func productPath(ctx context.Context, e *env, o *org, period string, copies []store.SheetCopy) ([]writeMethod, error) {
	roundID := "pioneer/" + period
	if _, err := store.OpenRound(ctx, e.db, store.RoundOpening{RoundID: roundID, Kind: schedule.Pioneer, Period: period,
		Config: schedule.Config{GroupSize: 200, Branches: o.branches}, PeriodStart: time.Now().AddDate(-1, 0, 0), PeriodEnd: time.Now(), At: time.Now()}); err != nil {
		return nil, err
	}
	const perCopy = 200
	rows := 0
	for _, c := range copies {
		rows += len(c.Rows)
	}
	start := time.Now()
	for i := 0; i < len(copies); i += perCopy {
		if err := store.CopyBallots(ctx, e.db, copies[i:min(i+perCopy, len(copies))], time.Now()); err != nil {
			return nil, err
		}
	}
	copied := time.Since(start)
	err := parallel(len(copies), 8, func(i int) error {
		c := copies[i]
		_, err := store.AcceptBallots(ctx, e.db, store.SheetAcceptance{RoundID: roundID, BranchID: c.BranchID, SubmissionID: c.SubmissionID,
			CopyID: c.CopyID, Present: 20, Ballots: 20, Forms: len(c.Rows), By: "bench", At: time.Now()})
		return err
	})
	if err != nil {
		return nil, err
	}
	all := time.Since(start)
	return []writeMethod{
		{Method: "the product: sheets of 380 forms copied into ballots, 200 sheets a COPY", Role: roleProductCopy, Rows: rows, Took: []time.Duration{copied}},
		{Method: "the product: the same, then each sheet accepted (checked again in SQL), 8 at once", Role: roleProductAccept, Rows: rows,
			Took: []time.Duration{all}, Sheets: len(copies)},
	}, nil
}
