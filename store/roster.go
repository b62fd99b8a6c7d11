package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/rules/roster"
)

// ImportCounts says what an import did.
type ImportCounts struct {
	Added, Changed, Unchanged int
}

func (c ImportCounts) String() string {
	return fmt.Sprintf("%d added, %d changed, %d unchanged", c.Added, c.Changed, c.Unchanged)
}

// countUpserts reads the RETURNING (xmax = 0) column of an upsert: true for a new row; rows
// left alone by the IS DISTINCT FROM guard return nothing.
func countUpserts(ctx context.Context, tx *sqlx.Tx, total int, query string, args ...any) (ImportCounts, error) {
	var inserted []bool
	if err := tx.SelectContext(ctx, &inserted, query, args...); err != nil {
		return ImportCounts{}, err
	}
	var c ImportCounts
	for _, ins := range inserted {
		if ins {
			c.Added++
		} else {
			c.Changed++
		}
	}
	c.Unchanged = total - c.Added - c.Changed
	return c, nil
}

// missingIDs returns the ids of `want` that the table lacks.
func missingIDs(ctx context.Context, tx *sqlx.Tx, table string, want []string) (map[string]bool, error) {
	var have []string
	q := fmt.Sprintf(`SELECT id FROM %s WHERE id = ANY($1)`, pq.QuoteIdentifier(table))
	if err := tx.SelectContext(ctx, &have, q, pq.Array(want)); err != nil {
		return nil, err
	}
	missing := map[string]bool{}
	for _, id := range want {
		missing[id] = true
	}
	for _, id := range have {
		delete(missing, id)
	}
	return missing, nil
}

// ImportUnits upserts a units roster in one transaction: all rows or none.
func ImportUnits(ctx context.Context, db *sqlx.DB, file string, units []roster.Unit) (ImportCounts, error) {
	var c ImportCounts
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		inFile := map[string]bool{}
		for _, u := range units {
			inFile[u.ID] = true
		}
		var outside []string
		for _, u := range units {
			if u.ParentID != "" && !inFile[u.ParentID] {
				outside = append(outside, u.ParentID)
			}
		}
		missing, err := missingIDs(ctx, tx, "units", outside)
		if err != nil {
			return fmt.Errorf("check parents: %w", err)
		}
		l := problem.In(file)
		for _, u := range units {
			if missing[u.ParentID] {
				l.Add(u.Line, "parent", "problem.store.unit_neither_this_file", "ParentID", u.ParentID)
			}
		}
		if err := l.Err(); err != nil {
			return err
		}
		cols := unitColumns(units)
		c, err = countUpserts(ctx, tx, len(units), `
			INSERT INTO units (id, name, parent_id, kind, staff_size, department_count, stationed_at)
			SELECT id, name, NULLIF(parent, ''), kind, staff, depts, stationed
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[])
			     AS r(id, name, parent, kind, staff, depts, stationed)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id,
				kind = EXCLUDED.kind, staff_size = EXCLUDED.staff_size,
				department_count = EXCLUDED.department_count,
				stationed_at = CASE WHEN $8 THEN EXCLUDED.stationed_at ELSE units.stationed_at END, updated_at = now()
			WHERE (units.name, units.parent_id, units.kind, units.staff_size, units.department_count, units.stationed_at)
				IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.parent_id, EXCLUDED.kind, EXCLUDED.staff_size, EXCLUDED.department_count,
					CASE WHEN $8 THEN EXCLUDED.stationed_at ELSE units.stationed_at END)
			RETURNING (xmax = 0)`, cols...)
		if err != nil {
			return fmt.Errorf("upsert units: %w", err)
		}
		return checkUnitCycles(ctx, tx, file, units)
	})
	return c, err
}

func unitColumns(units []roster.Unit) []any {
	ids, names, parents, kinds := make([]string, len(units)), make([]string, len(units)), make([]string, len(units)), make([]string, len(units))
	staff, depts, stationed := make([]int64, len(units)), make([]int64, len(units)), make([]string, len(units))
	for i, u := range units {
		ids[i], names[i], parents[i], kinds[i] = u.ID, u.Name, u.ParentID, u.Kind
		staff[i], depts[i], stationed[i] = int64(u.Staff), int64(u.Departments), u.StationedAt
	}
	// A file without the stationed_at column leaves the centres recorded before as they are.
	withCentres := slices.ContainsFunc(units, func(u roster.Unit) bool { return u.Stationed })
	return []any{pq.Array(ids), pq.Array(names), pq.Array(parents), pq.Array(kinds), pq.Array(staff), pq.Array(depts), pq.Array(stationed), withCentres}
}

// checkUnitCycles refuses an import that, together with units imported before, makes a unit
// its own ancestor.
func checkUnitCycles(ctx context.Context, tx *sqlx.Tx, file string, units []roster.Unit) error {
	ids := make([]string, len(units))
	line := map[string]int{}
	for i, u := range units {
		ids[i], line[u.ID] = u.ID, u.Line
	}
	var looping []string
	err := tx.SelectContext(ctx, &looping, `
		WITH RECURSIVE up(start, at, depth) AS (
			SELECT id, parent_id, 1 FROM units WHERE id = ANY($1)
			UNION ALL
			SELECT up.start, u.parent_id, up.depth + 1 FROM up JOIN units u ON u.id = up.at
			WHERE up.at <> up.start AND up.depth < 1000)
		SELECT DISTINCT start FROM up WHERE at = start ORDER BY start`, pq.Array(ids))
	if err != nil {
		return fmt.Errorf("check parent chains: %w", err)
	}
	l := problem.In(file)
	for _, id := range looping {
		l.Add(line[id], "parent", "problem.store.unit_would_own_ancestor", "Id", id)
	}
	return l.Err()
}

// ImportBranches upserts a branches roster in one transaction: all rows or none.
func ImportBranches(ctx context.Context, db *sqlx.DB, file string, branches []roster.Branch) (ImportCounts, error) {
	var c ImportCounts
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var units []string
		for _, b := range branches {
			if b.UnitID != "" {
				units = append(units, b.UnitID)
			}
		}
		missing, err := missingIDs(ctx, tx, "units", units)
		if err != nil {
			return fmt.Errorf("check units: %w", err)
		}
		l := problem.In(file)
		ids, names, unitIDs := make([]string, len(branches)), make([]string, len(branches)), make([]string, len(branches))
		for i, b := range branches {
			if missing[b.UnitID] {
				l.Add(b.Line, "unit", "problem.store.unit_units_roster_import", "UnitID", b.UnitID)
			}
			ids[i], names[i], unitIDs[i] = b.ID, b.Name, b.UnitID
		}
		if err := l.Err(); err != nil {
			return err
		}
		c, err = countUpserts(ctx, tx, len(branches), `
			INSERT INTO branches (id, name, unit_id)
			SELECT id, name, NULLIF(unit, '') FROM unnest($1::text[], $2::text[], $3::text[]) AS r(id, name, unit)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, unit_id = EXCLUDED.unit_id, updated_at = now()
			WHERE (branches.name, branches.unit_id) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.unit_id)
			RETURNING (xmax = 0)`, pq.Array(ids), pq.Array(names), pq.Array(unitIDs))
		if err != nil {
			return fmt.Errorf("upsert branches: %w", err)
		}
		return nil
	})
	return c, err
}

// ImportMembers upserts a members roster in one transaction: all rows or none.
func ImportMembers(ctx context.Context, db *sqlx.DB, file string, members []roster.Member) (ImportCounts, error) {
	var c ImportCounts
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		branchIDs := make([]string, len(members))
		for i, m := range members {
			branchIDs[i] = m.BranchID
		}
		missing, err := missingIDs(ctx, tx, "branches", branchIDs)
		if err != nil {
			return fmt.Errorf("check branches: %w", err)
		}
		l := problem.In(file)
		ids, names, phones := make([]string, len(members)), make([]string, len(members)), make([]string, len(members))
		for i, m := range members {
			if missing[m.BranchID] {
				l.Add(m.Line, "branch", "problem.store.branch_branches_roster_import", "BranchID", m.BranchID)
				if l.Full() {
					break
				}
			}
			ids[i], names[i], phones[i] = m.ID, m.Name, m.Phone
		}
		if err := l.Err(); err != nil {
			return err
		}
		c, err = countUpserts(ctx, tx, len(members), `
			INSERT INTO members (id, name, branch_id, phone)
			SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, branch_id = EXCLUDED.branch_id,
				phone = EXCLUDED.phone, updated_at = now()
			WHERE (members.name, members.branch_id, members.phone)
				IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.branch_id, EXCLUDED.phone)
			RETURNING (xmax = 0)`, pq.Array(ids), pq.Array(names), pq.Array(branchIDs), pq.Array(phones))
		if err != nil {
			return fmt.Errorf("upsert members: %w", err)
		}
		return nil
	})
	return c, err
}
