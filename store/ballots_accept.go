package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/input/problem"
	"wenming/msg"
)

// SheetAcceptance accepts a copied sheet for a branch.
type SheetAcceptance struct {
	RoundID      string
	BranchID     string
	SubmissionID string
	CopyID       string
	Present      int
	Ballots      int
	Forms        int
	By           string
	At           time.Time
}

// AcceptBallots accepts a copied sheet for its branch, once, and returns the digest of its
// ballots (see SheetDigest). It checks again, in SQL, what the CLI checked: the copy is this
// branch's, its forms are all there, every candidate is an eligible member of the branch and
// none has more forms than the sheet has ballots. Accepting the same sheet again changes
// nothing and returns the digest recorded the first time.
func AcceptBallots(ctx context.Context, db *sqlx.DB, a SheetAcceptance) (string, error) {
	var digest string
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var err error
		digest, _, err = acceptSheet(ctx, tx, a)
		return err
	})
	return digest, err
}

// SheetAnswer is how one sheet of a group's fared: the problem that refused it, or the digest
// of its accepted ballots.
type SheetAnswer struct {
	Refused error
	Digest  string
}

// CopyOf names a copy of a sheet by what it was copied for: the round, the branch and the
// submission. Only a copy that matches all three is dropped, so that a request cannot name
// another branch's copy away.
type CopyOf struct {
	CopyID       string
	RoundID      string
	BranchID     string
	SubmissionID string
}

// AcceptSheets accepts a group's copied sheets in one transaction, each as AcceptBallots
// would: the answer holds, sheet by sheet, the problem that refused it (nothing of a refused
// sheet is written; the others are) or its digest. In the same transaction it drops the copies
// of drop, the sheets the group answered itself (refused, or received before under another
// copy): the answer and the copy's end are one write. An accepted copy is never dropped. Any
// other error writes nothing.
func AcceptSheets(ctx context.Context, db *sqlx.DB, sheets []SheetAcceptance, drop []CopyOf) ([]SheetAnswer, error) {
	answers := make([]SheetAnswer, len(sheets))
	drop = append([]CopyOf(nil), drop...)
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		for i, a := range sheets {
			digest, spare, err := acceptSheet(ctx, tx, a)
			if err != nil && !problem.Is(err) {
				return err
			}
			answers[i] = SheetAnswer{Refused: err, Digest: digest}
			if spare { // the same sheet, accepted before under another copy (sent twice at once)
				drop = append(drop, CopyOf{CopyID: a.CopyID, RoundID: a.RoundID, BranchID: a.BranchID, SubmissionID: a.SubmissionID})
			}
		}
		return dropOwnCopies(ctx, tx, drop)
	})
	if err != nil {
		return nil, err
	}
	return answers, nil
}

// ballotsDigest is the SHA-256 of the ballots b in a canonical order (candidate, then
// scores): the same ballots give the same digest whatever order they were copied in, and any
// ballot changed, added or removed gives another.
const ballotsDigest = `coalesce(encode(sha256(convert_to(string_agg(b.candidate_id || ':' || array_to_string(b.scores, ','), E'\n'
	ORDER BY b.candidate_id, b.scores), 'UTF8')), 'hex'), '')`

// handedBefore answers a sheet whose branch has one already: the same submission again is
// accepted as it was (its digest; spare when it came under another copy, which will never
// count); another is refused. found is false when the branch has none.
func handedBefore(ctx context.Context, tx *sqlx.Tx, a SheetAcceptance) (digest string, spare, found bool, err error) {
	var prev struct {
		SubmissionID string         `db:"submission_id"`
		CopyID       string         `db:"copy_id"`
		Digest       sql.NullString `db:"digest"`
	}
	err = tx.GetContext(ctx, &prev, `SELECT submission_id, copy_id, digest FROM ballot_sheets WHERE round_id = $1 AND branch_id = $2`, a.RoundID, a.BranchID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, false, nil
	case err != nil:
		return "", false, false, fmt.Errorf("find the branch's sheet: %w", err)
	case prev.SubmissionID == a.SubmissionID:
		return prev.Digest.String, prev.CopyID != a.CopyID, true, nil
	}
	return "", false, true, problem.New("", 0, "", "problem.store.branch_already_handed_sheet", "BranchID", a.BranchID, "Prev", prev.SubmissionID)
}

// acceptSheet checks every rule before it writes, so a refused sheet leaves nothing behind.
// spare says that the sheet had been accepted before under another copy: this one never counts.
func acceptSheet(ctx context.Context, tx *sqlx.Tx, a SheetAcceptance) (string, bool, error) {
	if digest, spare, found, err := handedBefore(ctx, tx, a); found || err != nil {
		return digest, spare, err
	}
	var c struct {
		Round  string `db:"round_id"`
		Branch string `db:"branch_id"`
		Forms  int    `db:"forms"`
	}
	// Held until the acceptance commits: a drop of the same copy waits for it, and then keeps it.
	err := tx.GetContext(ctx, &c, `SELECT round_id, branch_id, forms FROM ballot_copies WHERE copy_id = $1 FOR SHARE`, a.CopyID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, problem.New("", 0, "", "problem.store.no_ballots_were_copied", "SubmissionID", a.SubmissionID, "BranchID", a.BranchID)
	case err != nil:
		return "", false, fmt.Errorf("find the copy of sheet %s: %w", a.SubmissionID, err)
	case c.Round != a.RoundID || c.Branch != a.BranchID:
		return "", false, problem.New("", 0, "", "problem.store.sheet_was_copied_for", "SubmissionID", a.SubmissionID, "Round", c.Round, "Branch", c.Branch, "BranchID", a.BranchID)
	case c.Forms != a.Forms:
		return "", false, problem.New("", 0, "", "problem.store.sheet_has_forms_copied", "SubmissionID", a.SubmissionID, "Forms", c.Forms, "Forms2", a.Forms)
	}
	// The forms for anyone not an eligible member of the branch, counted candidate by candidate
	// from the copy (as the tally does, for the same reason: see tallySQL).
	var strays int
	if err := tx.GetContext(ctx, &strays, `
			SELECT coalesce(sum(c.forms), 0) FROM (
				SELECT b.candidate_id, count(*) AS forms FROM ballots b WHERE b.copy_id = $3 GROUP BY b.candidate_id) c
			WHERE (SELECT m.eligible FROM round_members m
				WHERE m.round_id = $1 AND m.branch_id = $2 AND m.member_id = c.candidate_id) IS NOT TRUE`,
		a.RoundID, a.BranchID, a.CopyID); err != nil {
		return "", false, fmt.Errorf("check the copied ballots: %w", err)
	}
	if strays > 0 {
		return "", false, problem.New("", 0, "", "problem.store.sheet_has_forms_for", "SubmissionID", a.SubmissionID, "Strays", strays, "BranchID", a.BranchID)
	}
	// A candidate is on each ballot paper at most once: more forms for one candidate than the
	// sheet has ballots means forms were added.
	var over []struct {
		Candidate string `db:"candidate_id"`
		Forms     int    `db:"forms"`
	}
	if err := tx.SelectContext(ctx, &over, `SELECT candidate_id, count(*) AS forms FROM ballots WHERE copy_id = $1
			GROUP BY candidate_id HAVING count(*) > $2 ORDER BY candidate_id LIMIT 1`, a.CopyID, a.Ballots); err != nil {
		return "", false, fmt.Errorf("count the copied ballots per candidate: %w", err)
	}
	if len(over) > 0 {
		return "", false, problem.New("", 0, "", "problem.store.sheet_candidate_over_ballots", "SubmissionID", a.SubmissionID,
			"Candidate", over[0].Candidate, "Forms", over[0].Forms, "Ballots", a.Ballots)
	}
	var digest string
	if err := tx.GetContext(ctx, &digest, `SELECT `+ballotsDigest+` FROM ballots b WHERE b.copy_id = $1`, a.CopyID); err != nil {
		return "", false, fmt.Errorf("digest the copied ballots: %w", err)
	}
	res, err := tx.ExecContext(ctx, `
			INSERT INTO ballot_sheets (round_id, branch_id, submission_id, copy_id, present, ballots, forms, accepted_at, digest)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (round_id, branch_id) DO NOTHING`,
		a.RoundID, a.BranchID, a.SubmissionID, a.CopyID, a.Present, a.Ballots, a.Forms, a.At, digest)
	if err != nil {
		return "", false, fmt.Errorf("record sheet: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return "", false, fmt.Errorf("record sheet: %w", err)
	}
	if n == 0 {
		// The same branch's sheet was being accepted at the same time (the same sheet sent
		// twice at once): the insert waited for it, and it answers as it stands now.
		digest, spare, found, err := handedBefore(ctx, tx, a)
		if err == nil && !found {
			err = fmt.Errorf("record sheet: branch %s of %s has no sheet after a conflicting insert", a.BranchID, a.RoundID)
		}
		return digest, spare, err
	}
	// The audit log says that the branch voted, never how.
	return digest, false, audit(ctx, tx, Audit{Kind: "ballot-sheet", Target: a.RoundID + "/branch/" + a.BranchID, SubmissionID: a.SubmissionID,
		Actor: a.By, Accepted: true, Summary: fmt.Sprintf("%d ballots from %d members present", a.Ballots, a.Present), At: a.At})
}

// checkDigest finds a branch's accepted ballots changed since their acceptance: their digest
// now against the one recorded with the sheet and the one the workflow holds from the
// acceptance (empty: a sheet accepted before digests were kept, or a workflow that never
// heard one). A mismatch is an error, not a refusal: the tally waits, visible to operators,
// rather than count ballots nobody handed in.
func checkDigest(ctx context.Context, tx *sqlx.Tx, roundID, branchID, held string) error {
	var d struct {
		Recorded sql.NullString `db:"digest"`
		Now      string         `db:"now"`
	}
	err := tx.GetContext(ctx, &d, `SELECT s.digest, (SELECT `+ballotsDigest+` FROM ballots b WHERE b.copy_id = s.copy_id) AS now
		FROM ballot_sheets s WHERE s.round_id = $1 AND s.branch_id = $2`, roundID, branchID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // no sheet: nothing to tally
	}
	if err != nil {
		return fmt.Errorf("digest the ballots of %s: %w", branchID, err)
	}
	for _, want := range []string{d.Recorded.String, held} {
		if want != "" && want != d.Now {
			return msg.Err("store.ballots.changed", "Branch", branchID, "Round", roundID, "Want", want, "Now", d.Now)
		}
	}
	return nil
}
