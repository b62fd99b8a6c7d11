package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/rules/standard"
)

// SaveStandard records a standard so that workflows can load it by id. Saving the same
// content again changes nothing; other content under an id that a campaign or a round already
// uses is refused, since their scores were given against the first version (and starting one
// again, which changes nothing, must not change its form either).
func SaveStandard(ctx context.Context, db *sqlx.DB, s *standard.Standard) error {
	doc, err := json.Marshal(s)
	if err != nil {
		return err
	}
	digest := s.Digest()
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		var old string
		err := tx.GetContext(ctx, &old, `SELECT digest FROM standards WHERE id = $1 FOR UPDATE`, s.ID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("look up standard %s: %w", s.ID, err)
		case old == digest:
			return nil
		default:
			// A campaign or a round that scores on it keeps the standard it started with.
			var user string
			err := tx.GetContext(ctx, &user, `
				SELECT id FROM campaigns WHERE standard_id = $1
				UNION ALL SELECT id FROM rounds WHERE config->>'StandardID' = $1
				LIMIT 1`, s.ID)
			if err == nil {
				return problem.New("", 0, "standard", "problem.store.standard_used_by_campaign", "ID", s.ID, "User", user)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("look up campaigns and rounds of standard %s: %w", s.ID, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO standards (id, name, mode, max_points, pass_points, step, digest, document)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, mode = EXCLUDED.mode, max_points = EXCLUDED.max_points,
				pass_points = EXCLUDED.pass_points, step = EXCLUDED.step, digest = EXCLUDED.digest,
				document = EXCLUDED.document, updated_at = now()`,
			s.ID, s.Name, s.Mode, s.Max(), s.Pass, s.Step, digest, doc); err != nil {
			return fmt.Errorf("save standard %s: %w", s.ID, err)
		}
		return saveStandardLines(ctx, tx, s)
	})
}

func saveStandardLines(ctx context.Context, tx *sqlx.Tx, s *standard.Standard) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM standard_items WHERE standard_id = $1`, s.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM standard_vetoes WHERE standard_id = $1`, s.ID); err != nil {
		return err
	}
	var ids, sections, texts, groups []string
	var maxima []string
	add := func(id, section, text, group string, max fmt.Stringer) {
		ids, sections, texts, groups = append(ids, id), append(sections, section), append(texts, text), append(groups, group)
		maxima = append(maxima, max.String())
	}
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			add(it.ID, sec.Name, it.Text, "", it.Max)
		}
	}
	for _, g := range s.Bonus {
		for _, it := range g.Items {
			add(it.ID, "加分", it.Text, g.Group, it.Max)
		}
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO standard_items (standard_id, item_id, position, section, text, max_points, bonus_group)
		SELECT $1, id, ord, section, text, max::numeric, NULLIF(grp, '')
		FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS r(id, section, text, max, grp, ord)`,
		s.ID, pq.Array(ids), pq.Array(sections), pq.Array(texts), pq.Array(maxima), pq.Array(groups)); err != nil {
		return fmt.Errorf("save items of %s: %w", s.ID, err)
	}
	var vids, vtexts []string
	var vopen []bool
	for _, v := range s.Veto {
		vids, vtexts, vopen = append(vids, v.ID), append(vtexts, v.Text), append(vopen, v.Open)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO standard_vetoes (standard_id, veto_id, text, open)
		SELECT $1, id, text, open FROM unnest($2::text[], $3::text[], $4::bool[]) AS r(id, text, open)`,
		s.ID, pq.Array(vids), pq.Array(vtexts), pq.Array(vopen))
	return err
}

// LoadStandard reads a saved standard.
func LoadStandard(ctx context.Context, db *sqlx.DB, id string) (*standard.Standard, error) {
	var doc []byte
	if err := db.GetContext(ctx, &doc, `SELECT document FROM standards WHERE id = $1`, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("standard %s is not saved", id)
		}
		return nil, fmt.Errorf("load standard %s: %w", id, err)
	}
	var s standard.Standard
	if err := json.Unmarshal(doc, &s); err != nil {
		return nil, fmt.Errorf("decode standard %s: %w", id, err)
	}
	return &s, nil
}
