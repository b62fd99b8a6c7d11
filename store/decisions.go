package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/zones"
)

// Veto is a veto event (一票否决) against a unit, with the reason from the standard's list.
type Veto struct {
	Submission
	VetoID      string
	VetoText    string
	Note        string
	Phase       string
	AfterNaming bool // a named unit loses its title (撤销)
}

// RecordVeto records the veto; after naming it also revokes the unit's title.
func RecordVeto(ctx context.Context, db *sqlx.DB, v Veto) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		added, err := insertVeto(ctx, tx, v)
		if err != nil || !added {
			return err
		}
		if v.AfterNaming {
			if err := revokeResult(ctx, tx, v); err != nil {
				return err
			}
			if err := revokeInRegister(ctx, tx, v); err != nil {
				return err
			}
		}
		return auditVeto(ctx, tx, v)
	})
}

// insertVeto records the veto, once: a veto already recorded adds nothing. Its audit line
// (auditVeto) is the transaction's last write: the line holds the audit chain until commit.
func insertVeto(ctx context.Context, tx *sqlx.Tx, v Veto) (bool, error) {
	res, err := tx.ExecContext(ctx, `
		INSERT INTO vetoes (campaign_id, unit_id, veto_id, note, submission_id, phase, after_naming, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		v.CampaignID, v.UnitID, v.VetoID, v.Note, v.SubmissionID, v.Phase, v.AfterNaming, v.By, v.At)
	if err != nil {
		return false, fmt.Errorf("record veto of %s: %w", v.UnitID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func auditVeto(ctx context.Context, tx *sqlx.Tx, v Veto) error {
	a := v.audit("veto", fmt.Sprintf("veto %s in phase %s", v.VetoID, v.Phase))
	a.Target = "campaign/" + v.CampaignID
	return audit(ctx, tx, a)
}

// revokeResult turns the unit's named result into revoked, with the veto and its time in the
// campaign's time zone as the reason (the zone read as workers read it, from the build's zone
// database).
func revokeResult(ctx context.Context, tx *sqlx.Tx, v Veto) error {
	var tz string
	if err := tx.GetContext(ctx, &tz, `SELECT timezone FROM campaigns WHERE id = $1`, v.CampaignID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil // no campaign: no result to revoke
		}
		return fmt.Errorf("time zone of %s: %w", v.CampaignID, err)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE campaign_results SET outcome = 'revoked', decided_at = $3,
			reason = '撤销: ' || $4 || ' (' || $5 || ')'
		WHERE campaign_id = $1 AND unit_id = $2 AND outcome = 'named'`,
		v.CampaignID, v.UnitID, v.At, v.VetoText, v.At.In(zones.Location(tz)).Format("2006-01-02 15:04")); err != nil {
		return fmt.Errorf("revoke title of %s: %w", v.UnitID, err)
	}
	return nil
}

// revokeInRegister marks the title the campaign conferred on the unit revoked in the register,
// with the veto as the event's reason.
func revokeInRegister(ctx context.Context, tx *sqlx.Tx, v Veto) error {
	_, err := tx.ExecContext(ctx, `
		WITH revoked AS (
			UPDATE titles SET status = 'revoked' WHERE campaign_id = $1 AND unit_id = $2 AND status <> 'revoked' RETURNING id, status, document_no)
		INSERT INTO title_events (title_id, seq, action, status, reason, document_no, by_whom, at)
		SELECT r.id, (SELECT coalesce(max(seq), 0) + 1 FROM title_events e WHERE e.title_id = r.id), 'revoke', r.status,
			'一票否决: ' || $3, '', $4, $5
		FROM revoked r`, v.CampaignID, v.UnitID, v.VetoText, v.By, v.At)
	if err != nil {
		return fmt.Errorf("revoke the registered title of %s: %w", v.UnitID, err)
	}
	return nil
}

// Decision is an administrator's decision on a campaign: a tie resolved, a deadline moved.
type Decision struct {
	CampaignID string
	// UnitID names the unit a decision on one unit is about (proceeding without its
	// inspection); "" for a decision on the whole campaign.
	UnitID       string
	SubmissionID string
	Kind         string // tie or extend
	Detail       any
	By           string
	At           time.Time
}

// RecordDecision records the decision once.
func RecordDecision(ctx context.Context, db *sqlx.DB, d Decision) error {
	detail, err := json.Marshal(d.Detail)
	if err != nil {
		return err
	}
	// A unit's submission ids are its own: the same id sent to two units, or to the campaign,
	// is another decision.
	target := "campaign/" + d.CampaignID
	if d.UnitID != "" {
		target += "/unit/" + d.UnitID
	}
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO campaign_decisions (campaign_id, unit_id, submission_id, kind, detail, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			d.CampaignID, d.UnitID, d.SubmissionID, d.Kind, detail, d.By, d.At); err != nil {
			return fmt.Errorf("record %s decision: %w", d.Kind, err)
		}
		return audit(ctx, tx, Audit{Kind: d.Kind, Target: target, SubmissionID: d.SubmissionID,
			Actor: d.By, Accepted: true, Summary: string(detail), At: d.At})
	})
}
