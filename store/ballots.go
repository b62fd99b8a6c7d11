package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/rules/ballot"
)

// SheetCopy is one branch's checked, shuffled sheet, copied in under a fresh id.
type SheetCopy struct {
	CopyID       string // random, new for every import: a retried import makes a new copy
	RoundID      string
	BranchID     string
	SubmissionID string
	Rows         []ballot.Row
}

// NewCopyID makes a copy id: random, so that it says nothing about the sheet's content.
func NewCopyID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "c-" + hex.EncodeToString(b)
}

// CopyBallots copies sheets into ballots with one COPY, in one transaction. A copy counts only
// once its branch's workflow accepts it; a copy never accepted is deleted when the round closes.
func CopyBallots(ctx context.Context, db *sqlx.DB, copies []SheetCopy, at time.Time) error {
	if len(copies) == 0 {
		return nil
	}
	n := len(copies)
	copyIDs, rounds, branches, subs := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	forms := make([]int64, n)
	for i, c := range copies {
		copyIDs[i], rounds[i], branches[i], subs[i], forms[i] = c.CopyID, c.RoundID, c.BranchID, c.SubmissionID, int64(len(c.Rows))
	}
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if err := openForSheets(ctx, tx, rounds); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO ballot_copies (copy_id, round_id, branch_id, submission_id, forms, copied_at)
			SELECT c, r, b, s, f, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS x(c, r, b, s, f)`,
			pq.Array(copyIDs), pq.Array(rounds), pq.Array(branches), pq.Array(subs), pq.Array(forms), at); err != nil {
			return fmt.Errorf("record the copies: %w", err)
		}
		stmt, err := tx.PrepareContext(ctx, pq.CopyIn("ballots", "round_id", "branch_id", "copy_id", "candidate_id", "scores", "total"))
		if err != nil {
			return fmt.Errorf("copy ballots: %w", err)
		}
		for _, c := range copies {
			for _, r := range c.Rows {
				if _, err := stmt.ExecContext(ctx, c.RoundID, c.BranchID, c.CopyID, r.Candidate, ArrayLiteral(r.Scores), r.Total()); err != nil {
					stmt.Close()
					return fmt.Errorf("copy ballots of branch %s: %w", c.BranchID, err)
				}
			}
		}
		if _, err := stmt.ExecContext(ctx); err != nil {
			stmt.Close()
			return fmt.Errorf("copy ballots: %w", err)
		}
		return stmt.Close()
	})
}

// openForSheets refuses copies for a round that has closed. The round's row is held (shared)
// until the copy commits, so the close, which drops every copy not accepted in the same
// transaction as it marks the round closed, comes either after the copy and drops it, or
// before it and the copy is refused: no copy outlives its round.
func openForSheets(ctx context.Context, tx *sqlx.Tx, rounds []string) error {
	var held []struct {
		ID    string `db:"id"`
		Phase string `db:"phase"`
	}
	// A locking read waits for a close under way and sees what it committed.
	if err := tx.SelectContext(ctx, &held, `SELECT id, phase FROM rounds WHERE id = ANY($1) ORDER BY id FOR SHARE`,
		pq.Array(rounds)); err != nil {
		return fmt.Errorf("hold the rounds open: %w", err)
	}
	for _, r := range held {
		if r.Phase == "closed" {
			return problem.New("", 0, "round", "problem.store.round_closed", "Round", r.ID)
		}
	}
	return nil
}

// ArrayLiteral writes scores as a PostgreSQL array literal ({10,9,...}), as COPY reads it.
func ArrayLiteral(v []int16) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.Itoa(int(x))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// AcceptedSheet is the sheet a branch handed in.
type AcceptedSheet struct {
	SubmissionID string `db:"submission_id"`
	CopyID       string `db:"copy_id"`
}

// AcceptedSheets are the sheets accepted so far in a round, by branch.
func AcceptedSheets(ctx context.Context, db *sqlx.DB, roundID string) (map[string]AcceptedSheet, error) {
	var rows []struct {
		Branch string `db:"branch_id"`
		AcceptedSheet
	}
	if err := db.SelectContext(ctx, &rows, `SELECT branch_id, submission_id, copy_id FROM ballot_sheets WHERE round_id = $1`, roundID); err != nil {
		return nil, fmt.Errorf("sheets accepted in %s: %w", roundID, err)
	}
	out := make(map[string]AcceptedSheet, len(rows))
	for _, r := range rows {
		out[r.Branch] = r.AcceptedSheet
	}
	return out, nil
}

// DropCopies deletes copies that were never handed to their branch (an import refused as a
// whole); accepted copies stay.
func DropCopies(ctx context.Context, db *sqlx.DB, copyIDs []string) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		return dropCopies(ctx, tx, `SELECT unnest($1::text[])`, pq.Array(copyIDs))
	})
}

// dropOwnCopies drops each copy of drop that was made for its round, branch and submission.
func dropOwnCopies(ctx context.Context, tx *sqlx.Tx, drop []CopyOf) error {
	if len(drop) == 0 {
		return nil
	}
	ids, rounds, branches, subs := make([]string, len(drop)), make([]string, len(drop)), make([]string, len(drop)), make([]string, len(drop))
	for i, c := range drop {
		ids[i], rounds[i], branches[i], subs[i] = c.CopyID, c.RoundID, c.BranchID, c.SubmissionID
	}
	return dropCopies(ctx, tx, `SELECT c.copy_id FROM ballot_copies c
		JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS d(copy_id, round_id, branch_id, submission_id)
		ON c.copy_id = d.copy_id AND c.round_id = d.round_id AND c.branch_id = d.branch_id AND c.submission_id = d.submission_id`,
		pq.Array(ids), pq.Array(rounds), pq.Array(branches), pq.Array(subs))
}

// dropCopies deletes the ballots and records of the copies the query selects, unless accepted.
// The copies are locked first: an acceptance of one under way (it holds its copy) is waited
// for, and the statements after the lock see it, so an accepted copy is never dropped.
func dropCopies(ctx context.Context, tx *sqlx.Tx, copies string, args ...any) error {
	if _, err := tx.ExecContext(ctx, `SELECT copy_id FROM ballot_copies WHERE copy_id IN (`+copies+`) ORDER BY copy_id FOR UPDATE`, args...); err != nil {
		return fmt.Errorf("hold the copies to drop: %w", err)
	}
	unaccepted := `SELECT c.copy_id FROM ballot_copies c WHERE c.copy_id IN (` + copies + `)
		AND NOT EXISTS (SELECT 1 FROM ballot_sheets s WHERE s.copy_id = c.copy_id)`
	if _, err := tx.ExecContext(ctx, `DELETE FROM ballots WHERE copy_id IN (`+unaccepted+`)`, args...); err != nil {
		return fmt.Errorf("drop unaccepted ballots: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ballot_copies WHERE copy_id IN (`+unaccepted+`)`, args...); err != nil {
		return fmt.Errorf("drop unaccepted copies: %w", err)
	}
	return nil
}
