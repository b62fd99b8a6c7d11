package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/rules/title"
)

// ImportTitles adds the titles held from before the product to the register in one
// transaction: all rows or none. A title already in the register (same holder, kind, level
// and day) is left as it is, so importing the same file again changes nothing; each new
// title's history starts with its import.
func ImportTitles(ctx context.Context, db *sqlx.DB, file, by string, held []title.Held, at time.Time) (ImportCounts, error) {
	var c ImportCounts
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		units := make([]string, len(held))
		for i, h := range held {
			units[i] = h.Unit
		}
		missing, err := missingIDs(ctx, tx, "units", units)
		if err != nil {
			return fmt.Errorf("check units: %w", err)
		}
		l := problem.In(file)
		for _, h := range held {
			if missing[h.Unit] {
				l.Add(h.Line, "unit", "problem.store.unit_units_roster_import", "UnitID", h.Unit)
			}
		}
		if err := l.Err(); err != nil {
			return err
		}
		var added []int64
		if err := tx.SelectContext(ctx, &added, `
			INSERT INTO titles (unit_id, person, kind, level, name, conferred_by, document_no, conferred_on, term_end, source)
			SELECT unit, person, kind, level, name, body, doc, conferred_on, term_end, 'import'
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::date[])
			     AS r(unit, person, kind, level, name, body, doc, conferred_on, term_end)
			WHERE NOT EXISTS (SELECT 1 FROM titles t WHERE t.unit_id = r.unit AND t.person = r.person AND t.kind = r.kind
			                  AND t.level = r.level AND t.conferred_on = r.conferred_on) -- a re-import draws no number
			ON CONFLICT (unit_id, person, holder, kind, level, conferred_on) DO NOTHING
			RETURNING id`, titleColumns(held)...); err != nil {
			return fmt.Errorf("insert titles: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO title_events (title_id, seq, action, status, reason, document_no, by_whom, at)
			SELECT t.id, 1, 'import', t.status, $2, t.document_no, $3, $4 FROM titles t WHERE t.id = ANY($1)`,
			pq.Array(added), file, by, at); err != nil {
			return fmt.Errorf("record imports: %w", err)
		}
		c = ImportCounts{Added: len(added), Unchanged: len(held) - len(added)}
		return nil
	})
	return c, err
}

func titleColumns(held []title.Held) []any {
	n := len(held)
	unit, person, kind, level, name, body, doc := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	on, end := make([]*string, n), make([]*string, n)
	for i, h := range held {
		unit[i], person[i], kind[i], level[i], name[i], body[i], doc[i] = h.Unit, h.Person, h.Kind, string(h.Level), h.Name, h.ConferredBy, h.DocumentNo
		on[i] = dateText(h.ConferredOn)
		end[i] = dateText(h.TermEnd)
	}
	return []any{pq.Array(unit), pq.Array(person), pq.Array(kind), pq.Array(level), pq.Array(name), pq.Array(body), pq.Array(doc),
		pq.Array(on), pq.Array(end)}
}

func dateText(d time.Time) *string {
	if d.IsZero() {
		return nil
	}
	s := d.Format(time.DateOnly)
	return &s
}

// Title is a row of the register.
type Title struct {
	ID          int64      `db:"id"`
	UnitID      string     `db:"unit_id"`
	Person      string     `db:"person"`
	Kind        string     `db:"kind"`
	Level       string     `db:"level"`
	Name        string     `db:"name"`
	ConferredBy string     `db:"conferred_by"`
	DocumentNo  string     `db:"document_no"`
	ConferredOn time.Time  `db:"conferred_on"`
	TermEnd     *time.Time `db:"term_end"`
	Status      string     `db:"status"`
	Source      string     `db:"source"` // import, campaign, or annual (the year-end commendation)
	Reward      string     `db:"reward"` // the material reward it came with, as its plan states it
}

// Yearly says whether the title is one of the year-end commendation's: the register records
// it, and only a violation that breaks the streak it was earned on withdraws it; no workflow
// manages it.
func (t Title) Yearly() bool { return t.Source == "annual" }

// heldStatuses are the statuses in which a title is held: warned, under rectification and a
// certificate taken back still leave the title with its holder until it is revoked.
var heldStatuses = []string{"active", "warned", "rectifying", "suspended", "renewed"}

// UnitTitles are the titles a unit holds on a day (its own, not its people's), highest level
// first.
func UnitTitles(ctx context.Context, q sqlx.QueryerContext, unitID string, on time.Time) ([]Title, error) {
	var out []Title
	err := sqlx.SelectContext(ctx, q, &out, `
		SELECT id, unit_id, person, kind, level, name, conferred_by, document_no, conferred_on, term_end, status
		FROM titles WHERE unit_id = $1 AND person = '' AND holder = '' AND status = ANY($2) AND conferred_on <= $3::date
		  AND (term_end IS NULL OR term_end >= $3::date)
		ORDER BY array_position($4::text[], level), conferred_on DESC, id`,
		unitID, pq.Array(heldStatuses), on.Format(time.DateOnly), pq.Array(title.Levels))
	if err != nil {
		return nil, fmt.Errorf("titles of %s: %w", unitID, err)
	}
	return out, nil
}

// UnitHonors are the honors a unit has ever received by a day (its own, not its people's),
// highest level first: a title whose term has ended, or that is under management, is an honor
// received all the same; one revoked is not.
func UnitHonors(ctx context.Context, q sqlx.QueryerContext, unitID string, on time.Time) ([]Title, error) {
	var out []Title
	err := sqlx.SelectContext(ctx, q, &out, `
		SELECT id, unit_id, person, kind, level, name, conferred_by, document_no, conferred_on, term_end, status
		FROM titles WHERE unit_id = $1 AND person = '' AND holder = '' AND status <> $2 AND conferred_on <= $3::date
		ORDER BY array_position($4::text[], level), conferred_on DESC, id`,
		unitID, string(title.Revoked), on.Format(time.DateOnly), pq.Array(title.Levels))
	if err != nil {
		return nil, fmt.Errorf("honors of %s: %w", unitID, err)
	}
	return out, nil
}
