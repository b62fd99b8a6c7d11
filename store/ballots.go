package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/msg"
	"wenming/rules/ballot"
	"wenming/rules/points"
	"wenming/rules/problem"
	"wenming/rules/rank"
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

// ArrayLiteral writes scores as a PostgreSQL array literal ({10,9,...}), as COPY reads it.
func ArrayLiteral(v []int16) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.Itoa(int(x))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

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
		digest, err = acceptSheet(ctx, tx, a)
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

// AcceptSheets accepts a group's copied sheets in one transaction, each as AcceptBallots
// would: the answer holds, sheet by sheet, the problem that refused it (nothing of a refused
// sheet is written; the others are) or its digest. Any other error writes nothing.
func AcceptSheets(ctx context.Context, db *sqlx.DB, sheets []SheetAcceptance) ([]SheetAnswer, error) {
	answers := make([]SheetAnswer, len(sheets))
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		for i, a := range sheets {
			digest, err := acceptSheet(ctx, tx, a)
			if err != nil && !problem.Is(err) {
				return err
			}
			answers[i] = SheetAnswer{Refused: err, Digest: digest}
		}
		return nil
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

// acceptSheet checks every rule before it writes, so a refused sheet leaves nothing behind.
func acceptSheet(ctx context.Context, tx *sqlx.Tx, a SheetAcceptance) (string, error) {
	var prev struct {
		SubmissionID string         `db:"submission_id"`
		Digest       sql.NullString `db:"digest"`
	}
	err := tx.GetContext(ctx, &prev, `SELECT submission_id, digest FROM ballot_sheets WHERE round_id = $1 AND branch_id = $2`, a.RoundID, a.BranchID)
	if err == nil {
		if prev.SubmissionID == a.SubmissionID {
			return prev.Digest.String, nil
		}
		return "", problem.New("", 0, "", "problem.store.branch_already_handed_sheet", "BranchID", a.BranchID, "Prev", prev.SubmissionID)
	}
	var c struct {
		Round  string `db:"round_id"`
		Branch string `db:"branch_id"`
		Forms  int    `db:"forms"`
	}
	err = tx.GetContext(ctx, &c, `SELECT round_id, branch_id, forms FROM ballot_copies WHERE copy_id = $1`, a.CopyID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", problem.New("", 0, "", "problem.store.no_ballots_were_copied", "SubmissionID", a.SubmissionID, "BranchID", a.BranchID)
	case err != nil:
		return "", fmt.Errorf("find the copy of sheet %s: %w", a.SubmissionID, err)
	case c.Round != a.RoundID || c.Branch != a.BranchID:
		return "", problem.New("", 0, "", "problem.store.sheet_was_copied_for", "SubmissionID", a.SubmissionID, "Round", c.Round, "Branch", c.Branch, "BranchID", a.BranchID)
	case c.Forms != a.Forms:
		return "", problem.New("", 0, "", "problem.store.sheet_has_forms_copied", "SubmissionID", a.SubmissionID, "Forms", c.Forms, "Forms2", a.Forms)
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
		return "", fmt.Errorf("check the copied ballots: %w", err)
	}
	if strays > 0 {
		return "", problem.New("", 0, "", "problem.store.sheet_has_forms_for", "SubmissionID", a.SubmissionID, "Strays", strays, "BranchID", a.BranchID)
	}
	// A candidate is on each ballot paper at most once: more forms for one candidate than the
	// sheet has ballots means forms were added.
	var over []struct {
		Candidate string `db:"candidate_id"`
		Forms     int    `db:"forms"`
	}
	if err := tx.SelectContext(ctx, &over, `SELECT candidate_id, count(*) AS forms FROM ballots WHERE copy_id = $1
			GROUP BY candidate_id HAVING count(*) > $2 ORDER BY candidate_id LIMIT 1`, a.CopyID, a.Ballots); err != nil {
		return "", fmt.Errorf("count the copied ballots per candidate: %w", err)
	}
	if len(over) > 0 {
		return "", problem.New("", 0, "", "problem.store.sheet_candidate_over_ballots", "SubmissionID", a.SubmissionID,
			"Candidate", over[0].Candidate, "Forms", over[0].Forms, "Ballots", a.Ballots)
	}
	var digest string
	if err := tx.GetContext(ctx, &digest, `SELECT `+ballotsDigest+` FROM ballots b WHERE b.copy_id = $1`, a.CopyID); err != nil {
		return "", fmt.Errorf("digest the copied ballots: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
			INSERT INTO ballot_sheets (round_id, branch_id, submission_id, copy_id, present, ballots, forms, accepted_at, digest)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, a.RoundID, a.BranchID, a.SubmissionID, a.CopyID, a.Present, a.Ballots, a.Forms, a.At, digest); err != nil {
		return "", fmt.Errorf("record sheet: %w", err)
	}
	// The audit log says that the branch voted, never how.
	return digest, audit(ctx, tx, Audit{Kind: "ballot-sheet", Target: a.RoundID + "/branch/" + a.BranchID, SubmissionID: a.SubmissionID,
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

// Tally is a branch's tally and recommendation.
type Tally struct {
	Members     int
	Limit       int // how many may be recommended: the share of the members, rounded down
	Candidates  int // candidates with ballots
	Recommended []string
	Pending     *rank.Tie // a tie at the cut: the committee decides
}

// tallySQL is each candidate's forms and average total over the branch's accepted sheet;
// a member who lost eligibility after the sheet came in (a violation recorded late) is not a
// candidate any more. It starts from the sheet's ballots and looks each candidate up, in an
// order the planner cannot turn around: a round's members are inserted when it opens, and
// until PostgreSQL analyses them again it takes the round for a few members and, joining them
// first, walked every member of the round for each branch (300 ms a tally at 2,000 members
// instead of 1 ms; see BENCHMARKS.md).
const tallySQL = `
	SELECT b.candidate_id, count(*) AS forms, round(avg(b.total), 2) AS average
	FROM ballots b
	WHERE b.copy_id = (SELECT s.copy_id FROM ballot_sheets s WHERE s.round_id = $1 AND s.branch_id = $2)
	GROUP BY b.candidate_id
	HAVING (SELECT m.eligible FROM round_members m WHERE m.round_id = $1 AND m.member_id = b.candidate_id)`

// ExplainTally runs a branch's tally under EXPLAIN ANALYZE: the plan and what it cost.
func ExplainTally(ctx context.Context, db *sqlx.DB, roundID, branchID string) (string, error) {
	var lines []string
	if err := db.SelectContext(ctx, &lines, `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)`+tallySQL, roundID, branchID); err != nil {
		return "", fmt.Errorf("explain the tally of %s: %w", branchID, err)
	}
	return strings.Join(lines, "\n"), nil
}

// TallyBranch tallies a branch's ballots in SQL (each candidate's average total) and
// recommends at most the share of its members; without a pending tie it records the tally,
// replacing an earlier one. The branch's row is locked: a violation applied at the same time
// either comes before the tally or finds it recorded. The ballots must still be the ones
// accepted: their digest is checked against the sheet's and against digest, the one the
// workflow holds from the acceptance (empty: none).
func TallyBranch(ctx context.Context, db *sqlx.DB, roundID, branchID string, shareBP int, decisions []rank.Decision, digest string) (Tally, error) {
	var t Tally
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var err error
		t, err = tallyBranch(ctx, tx, roundID, branchID, shareBP, decisions, digest)
		return err
	})
	return t, err
}

func tallyBranch(ctx context.Context, tx *sqlx.Tx, roundID, branchID string, shareBP int, decisions []rank.Decision, digest string) (Tally, error) {
	var t Tally
	if err := tx.GetContext(ctx, &t.Members, `SELECT members FROM round_branches WHERE round_id = $1 AND branch_id = $2 FOR UPDATE`, roundID, branchID); err != nil {
		return t, fmt.Errorf("members of %s: %w", branchID, err)
	}
	if err := checkDigest(ctx, tx, roundID, branchID, digest); err != nil {
		return t, err
	}
	var rows []struct {
		ID      string        `db:"candidate_id"`
		Forms   int           `db:"forms"`
		Average points.Points `db:"average"`
	}
	if err := tx.SelectContext(ctx, &rows, tallySQL, roundID, branchID); err != nil {
		return t, fmt.Errorf("tally %s: %w", branchID, err)
	}
	t.Limit = t.Members * shareBP / 10000
	cands := make([]rank.Candidate, len(rows))
	forms := map[string]int{}
	for i, r := range rows {
		cands[i] = rank.Candidate{ID: r.ID, Total: r.Average}
		forms[r.ID] = r.Forms
	}
	t.Candidates = len(cands)
	sel, err := rank.Select(cands, rank.Quota{Max: t.Limit, ShareBP: 0}, decisions)
	if err != nil {
		return t, problem.Of("", 0, "", err)
	}
	if t.Limit == 0 {
		sel = rank.Selection{Ranked: rank.Order(cands), NotSelected: ids(cands)}
	}
	t.Recommended, t.Pending = sel.Selected, sel.Pending
	if sel.Pending != nil {
		return t, nil
	}
	recommended := map[string]bool{}
	for _, id := range sel.Selected {
		recommended[id] = true
	}
	n := len(sel.Ranked)
	memberIDs, averages := make([]string, n), make([]string, n)
	formCounts, ranks := make([]int64, n), make([]int64, n)
	flags := make([]bool, n)
	for i, r := range sel.Ranked {
		memberIDs[i], averages[i], ranks[i], flags[i] = r.ID, r.Total.String(), int64(r.Rank), recommended[r.ID]
		formCounts[i] = int64(forms[r.ID])
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM branch_tallies WHERE round_id = $1 AND branch_id = $2 AND member_id <> ALL($3)`,
		roundID, branchID, pq.Array(memberIDs)); err != nil {
		return t, fmt.Errorf("clear the tally of %s: %w", branchID, err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO branch_tallies (round_id, branch_id, member_id, forms, average, rank, recommended)
		SELECT $1, $2, id, f, avg::numeric, rk, rec
		FROM unnest($3::text[], $4::int[], $5::text[], $6::int[], $7::bool[]) AS r(id, f, avg, rk, rec)
		ON CONFLICT (round_id, member_id) DO UPDATE SET forms = EXCLUDED.forms, average = EXCLUDED.average,
			rank = EXCLUDED.rank, recommended = EXCLUDED.recommended`,
		roundID, branchID, pq.Array(memberIDs), pq.Array(formCounts), pq.Array(averages), pq.Array(ranks), pq.Array(flags))
	if err != nil {
		return t, fmt.Errorf("record tally of %s: %w", branchID, err)
	}
	return t, nil
}

// Retally is a branch's recommendation derived again after a member lost eligibility: the
// new tally, who came onto and went off the recommended list, and that in words.
type Retally struct {
	Tally
	Added   []string
	Dropped []string
	Lines   []msg.Text
}

// RetallyBranch derives a branch's recommendation again, with the committee's recorded
// decisions on the branch's ties (a decision on a tie that no longer arises is ignored; a new
// tie at the cut is pending, for the committee). When a violation caused it, the violation's
// effect on the round keeps what it changed.
func RetallyBranch(ctx context.Context, db *sqlx.DB, roundID, branchID string, shareBP int, violationID string) (Retally, error) {
	var out Retally
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var before []string
		if err := tx.SelectContext(ctx, &before, `SELECT member_id FROM branch_tallies WHERE round_id = $1 AND branch_id = $2 AND recommended`,
			roundID, branchID); err != nil {
			return err
		}
		decisions, err := branchDecisions(ctx, tx, roundID, branchID)
		if err != nil {
			return err
		}
		t, err := tallyBranch(ctx, tx, roundID, branchID, shareBP, decisions, "")
		if err != nil {
			return err
		}
		out.Tally = t
		if p := t.Pending; p != nil {
			out.Lines = []msg.Text{msg.Say("effect.retally.tie", "Branch", branchID, "Tied", p.Units, "Total", p.Total, "Slots", p.Slots, "Round", roundID)}
		} else {
			out.Added, out.Dropped = difference(t.Recommended, before), difference(before, t.Recommended)
			out.Lines = []msg.Text{msg.Say("effect.retally.done", "Branch", branchID, "Recommended", t.Recommended)}
			if len(out.Added) > 0 {
				out.Lines = append(out.Lines, msg.Say("effect.retally.moved_up", "Members", out.Added, "Branch", branchID))
			}
		}
		if violationID == "" {
			return nil
		}
		// Run again (its first completion lost), the tally is the same, but "before" is already
		// the new list: what the first run said stands.
		var said []byte
		if err := tx.GetContext(ctx, &said, `SELECT coalesce(effect->'Retallied', 'null') FROM round_violations
			WHERE round_id = $1 AND violation_id = $2`, roundID, violationID); err != nil {
			return err
		}
		var stored []msg.Text
		if err := json.Unmarshal(said, &stored); err == nil && len(stored) > 0 {
			out.Lines = stored
			return nil
		}
		lines, _ := json.Marshal(out.Lines)
		_, err = tx.ExecContext(ctx, `UPDATE round_violations SET effect = jsonb_set(effect, '{Retallied}', $3::jsonb)
			WHERE round_id = $1 AND violation_id = $2`, roundID, violationID, lines)
		return err
	})
	if err != nil {
		return Retally{}, fmt.Errorf("derive the recommendation of %s in %s again: %w", branchID, roundID, err)
	}
	return out, nil
}

// branchDecisions are the committee's recorded decisions on a branch's ties, in order.
func branchDecisions(ctx context.Context, tx *sqlx.Tx, roundID, branchID string) ([]rank.Decision, error) {
	var recorded []json.RawMessage
	if err := tx.SelectContext(ctx, &recorded, `SELECT detail->'decision' FROM round_decisions
		WHERE round_id = $1 AND kind = 'tie' AND detail->>'branch' = $2 ORDER BY decided_at, submission_id`, roundID, branchID); err != nil {
		return nil, err
	}
	out := make([]rank.Decision, 0, len(recorded))
	for _, r := range recorded {
		var d rank.Decision
		if err := json.Unmarshal(r, &d); err != nil {
			return nil, fmt.Errorf("a tie decision of %s: %w", branchID, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// difference is what a holds that b does not, in a's order.
func difference(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

func ids(cands []rank.Candidate) []string {
	out := make([]string, len(cands))
	for i, c := range cands {
		out[i] = c.ID
	}
	return out
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

// DropCopy deletes a copy its branch refused; an accepted copy stays.
func DropCopy(ctx context.Context, db *sqlx.DB, copyID string) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		return dropCopies(ctx, tx, `SELECT copy_id FROM ballot_copies WHERE copy_id = $1`, copyID)
	})
}

// dropCopies deletes the ballots and records of the copies the query selects, unless accepted.
func dropCopies(ctx context.Context, tx *sqlx.Tx, copies string, args ...any) error {
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
