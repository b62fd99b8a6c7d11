package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/rules/campaign"
	"wenming/rules/grade"
	"wenming/rules/points"
)

// Rating campaigns (星级评定): each round's inspections are the campaign's checks (unit_checks
// with the round's id), written by RecordCheckScore with their rectification notices; a unit
// left uninspected is skipped with the administrator's reason; a round's results, with the
// grade each unit holds after it, are written once when the round closes.

// RegisterRating records a rating campaign and its units; running it again changes nothing.
func RegisterRating(ctx context.Context, db *sqlx.DB, p campaign.Plan, at time.Time) error {
	return register(ctx, db, p, at, string(campaign.PhaseRating))
}

// RatingSkip is an administrator's decision to leave a unit uninspected in a round, and why.
type RatingSkip struct {
	Submission
	RoundID string
	Reason  string
}

// SkipRating records that a unit is not inspected in a round; a resend changes nothing.
func SkipRating(ctx context.Context, db *sqlx.DB, s RatingSkip) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO rating_skips (campaign_id, round_id, unit_id, submission_id, reason, skipped_by, skipped_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			s.CampaignID, s.RoundID, s.UnitID, s.SubmissionID, s.Reason, s.By, s.At)
		if err != nil {
			return fmt.Errorf("record that %s is not inspected in %s: %w", s.UnitID, s.RoundID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit(ctx, tx, s.audit("rating-skip", fmt.Sprintf("round %s not inspected: %s", s.RoundID, s.Reason)))
	})
}

// RoundClose names a rating round to close: the round before it (none for the first), whose
// grades carry, and the bands that grade.
type RoundClose struct {
	CampaignID string
	RoundID    string
	RoundNo    int
	PrevRound  string
	Grades     grade.Bands
	At         time.Time
}

// RatingResult is a unit's result in a round.
type RatingResult struct {
	UnitID    string         `db:"unit_id"`
	UnitName  string         `db:"unit_name"`
	Score     *points.Points `db:"score"` // nil: not inspected
	Rank      *int           `db:"rank"`
	Grade     string         `db:"grade"`
	PrevGrade string         `db:"prev_grade"`
	Change    string         `db:"change"`
	Skipped   string         `db:"skipped"` // why it was not inspected
	Open      int            `db:"open"`    // rectification notices not verified when the round closed
	ClosedAt  time.Time      `db:"closed_at"`
}

// CloseRatingRound writes a round's results once: every unit ranked by its score among those
// inspected (ties share a rank), graded by the bands, a unit not inspected keeping the grade it
// held. Closing a closed round changes nothing; the results are returned either way.
func CloseRatingRound(ctx context.Context, db *sqlx.DB, c RoundClose) ([]RatingResult, error) {
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var closed bool
		if err := tx.GetContext(ctx, &closed, `SELECT EXISTS (SELECT 1 FROM rating_results WHERE campaign_id = $1 AND round_id = $2)`,
			c.CampaignID, c.RoundID); err != nil {
			return fmt.Errorf("look up round %s of %s: %w", c.RoundID, c.CampaignID, err)
		}
		if closed {
			return nil
		}
		var rows []struct {
			UnitID string         `db:"unit_id"`
			Score  *points.Points `db:"score"`
			Prev   string         `db:"prev"`
		}
		if err := tx.SelectContext(ctx, &rows, `
			SELECT cu.unit_id, uc.total AS score, coalesce(p.grade, '') AS prev
			FROM campaign_units cu
			LEFT JOIN unit_checks uc ON uc.campaign_id = cu.campaign_id AND uc.unit_id = cu.unit_id AND uc.check_id = $2
			LEFT JOIN rating_results p ON p.campaign_id = cu.campaign_id AND p.unit_id = cu.unit_id AND p.round_id = $3
			WHERE cu.campaign_id = $1 ORDER BY cu.unit_id`, c.CampaignID, c.RoundID, c.PrevRound); err != nil {
			return fmt.Errorf("read round %s of %s: %w", c.RoundID, c.CampaignID, err)
		}
		var units, grades, prevs, changes []string
		var scores []sql.NullString
		for _, r := range rows {
			var score points.Points
			if r.Score != nil {
				score = *r.Score
			}
			g, change := c.Grades.After(r.Prev, score, r.Score != nil)
			units, grades, prevs, changes = append(units, r.UnitID), append(grades, g), append(prevs, r.Prev), append(changes, string(change))
			scores = append(scores, sql.NullString{String: score.String(), Valid: r.Score != nil})
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO rating_results (campaign_id, round_id, round_no, unit_id, score, rank, grade, prev_grade, change, closed_at)
			SELECT $1, $2, $3, u, s::numeric,
			       CASE WHEN s IS NULL THEN NULL ELSE rank() OVER (PARTITION BY s IS NULL ORDER BY s::numeric DESC) END,
			       g, p, ch, $9
			FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS r(u, s, g, p, ch)`,
			c.CampaignID, c.RoundID, c.RoundNo, pq.Array(units), pq.Array(scores), pq.Array(grades), pq.Array(prevs), pq.Array(changes), c.At); err != nil {
			return fmt.Errorf("record the results of round %s of %s: %w", c.RoundID, c.CampaignID, err)
		}
		return audit(ctx, tx, Audit{Kind: "rating-round", Target: "campaign/" + c.CampaignID, SubmissionID: "close-" + c.RoundID,
			Actor: "system", Accepted: true, Summary: fmt.Sprintf("round %s closed: %d units", c.RoundID, len(rows)), At: c.At})
	})
	if err != nil {
		return nil, err
	}
	return RatingResults(ctx, db, c.CampaignID, c.RoundID)
}

// ErrNoRatingRound is the error of a round that has not closed (or does not exist).
var ErrNoRatingRound = errors.New("the round has no results yet")

// RatingResults reads a closed round's results, by rank (those not inspected last), then unit.
func RatingResults(ctx context.Context, db *sqlx.DB, campaignID, roundID string) ([]RatingResult, error) {
	var out []RatingResult
	err := db.SelectContext(ctx, &out, `
		SELECT r.unit_id, coalesce(u.name, r.unit_id) AS unit_name, r.score, r.rank, r.grade, r.prev_grade, r.change, r.closed_at,
		       coalesce(s.reason, '') AS skipped,
		       (SELECT count(*) FROM rectification_notices n
		         WHERE n.campaign_id = r.campaign_id AND n.unit_id = r.unit_id AND n.issued_at <= r.closed_at
		           AND (n.verified_at IS NULL OR n.verified_at > r.closed_at)) AS open
		FROM rating_results r
		LEFT JOIN units u ON u.id = r.unit_id
		LEFT JOIN rating_skips s ON s.campaign_id = r.campaign_id AND s.round_id = r.round_id AND s.unit_id = r.unit_id
		WHERE r.campaign_id = $1 AND r.round_id = $2
		ORDER BY r.rank NULLS LAST, r.unit_id`, campaignID, roundID)
	if err != nil {
		return nil, fmt.Errorf("read the results of round %s of %s: %w", roundID, campaignID, err)
	}
	if len(out) == 0 {
		return nil, ErrNoRatingRound
	}
	return out, nil
}

// RatingRoundName is the name the plan gives a rating campaign's round (e.g. 2027年3月检查);
// the id itself when the plan has no such round.
func RatingRoundName(ctx context.Context, db *sqlx.DB, campaignID, roundID string) (string, error) {
	var name string
	err := db.GetContext(ctx, &name, `
		SELECT coalesce((SELECT x->>'Name' FROM jsonb_array_elements(c.plan->'Rating'->'Rounds') AS x WHERE x->>'ID' = $2), $2)
		FROM campaigns c WHERE c.id = $1`, campaignID, roundID)
	if err != nil {
		return "", fmt.Errorf("look up round %s of %s: %w", roundID, campaignID, err)
	}
	return name, nil
}
