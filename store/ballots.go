package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/rules/ballot"
	"wenming/rules/points"
	"wenming/rules/problem"
	"wenming/rules/rank"
)

// StageBallots copies a checked, shuffled sheet into the staging table with COPY, under the
// sheet's id; staging the same sheet again replaces it.
func StageBallots(ctx context.Context, db *sqlx.DB, sheetID, roundID, branchID string, rows []ballot.Row) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM ballot_staging WHERE sheet_id = $1`, sheetID); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, pq.CopyIn("ballot_staging", "sheet_id", "round_id", "branch_id", "candidate_id", "scores", "total"))
		if err != nil {
			return fmt.Errorf("copy ballots: %w", err)
		}
		for _, r := range rows {
			if _, err := stmt.ExecContext(ctx, sheetID, roundID, branchID, r.Candidate, smallints(r.Scores), r.Total()); err != nil {
				stmt.Close()
				return fmt.Errorf("copy ballots: %w", err)
			}
		}
		if _, err := stmt.ExecContext(ctx); err != nil {
			stmt.Close()
			return fmt.Errorf("copy ballots: %w", err)
		}
		return stmt.Close()
	})
}

// smallints writes a PostgreSQL array literal.
func smallints(v []int16) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.Itoa(int(x))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// SheetAcceptance accepts a staged sheet for a branch.
type SheetAcceptance struct {
	RoundID      string
	BranchID     string
	SubmissionID string // the sheet's id in staging
	Present      int
	Ballots      int
	Forms        int
	By           string
	At           time.Time
}

// AcceptBallots moves a staged sheet into the ballots in one statement, once per branch. It
// checks again, in SQL, what the CLI checked: the forms are all there and every candidate is
// an eligible member of the branch. Accepting the same sheet again changes nothing.
func AcceptBallots(ctx context.Context, db *sqlx.DB, a SheetAcceptance) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		var prev string
		err := tx.GetContext(ctx, &prev, `SELECT submission_id FROM ballot_sheets WHERE round_id = $1 AND branch_id = $2`, a.RoundID, a.BranchID)
		if err == nil {
			if prev == a.SubmissionID {
				return nil
			}
			return problem.New("", 0, "", "branch %s already handed in its sheet (submission %s)", a.BranchID, prev)
		}
		var check struct {
			Forms    int `db:"forms"`
			Strays   int `db:"strays"`
			Branches int `db:"branches"`
		}
		if err := tx.GetContext(ctx, &check, `
			SELECT count(*) AS forms,
			       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM round_members m WHERE m.round_id = s.round_id
			           AND m.branch_id = s.branch_id AND m.member_id = s.candidate_id AND m.eligible)) AS strays,
			       count(DISTINCT (s.round_id, s.branch_id)) AS branches
			FROM ballot_staging s WHERE s.sheet_id = $1`, a.SubmissionID); err != nil {
			return fmt.Errorf("check staged ballots: %w", err)
		}
		switch {
		case check.Forms == 0:
			return problem.New("", 0, "", "no ballots are staged for sheet %s: import the sheet again", a.SubmissionID)
		case check.Forms != a.Forms:
			return problem.New("", 0, "", "sheet %s has %d forms staged, %d announced: import the sheet again", a.SubmissionID, check.Forms, a.Forms)
		case check.Strays > 0:
			return problem.New("", 0, "", "sheet %s has %d forms for members who are not candidates of branch %s", a.SubmissionID, check.Strays, a.BranchID)
		case check.Branches != 1:
			return problem.New("", 0, "", "sheet %s was staged for another round or branch", a.SubmissionID)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO ballots (round_id, branch_id, candidate_id, scores, total)
			SELECT $2, $3, candidate_id, scores, total FROM ballot_staging WHERE sheet_id = $1 AND round_id = $2 AND branch_id = $3`,
			a.SubmissionID, a.RoundID, a.BranchID); err != nil {
			return fmt.Errorf("accept ballots: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO ballot_sheets (round_id, branch_id, submission_id, present, ballots, forms, accepted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, a.RoundID, a.BranchID, a.SubmissionID, a.Present, a.Ballots, a.Forms, a.At); err != nil {
			return fmt.Errorf("record sheet: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM ballot_staging WHERE sheet_id = $1`, a.SubmissionID); err != nil {
			return err
		}
		// The audit log says that the branch voted, never how.
		return audit(ctx, tx, Audit{Kind: "ballot-sheet", Target: a.RoundID + "/branch/" + a.BranchID, SubmissionID: a.SubmissionID,
			Actor: a.By, Accepted: true, Summary: fmt.Sprintf("%d ballots from %d members present", a.Ballots, a.Present), At: a.At})
	})
}

// Tally is a branch's tally and recommendation.
type Tally struct {
	Members     int
	Limit       int // how many may be recommended: the share of the members, rounded down
	Candidates  int // candidates with ballots
	Recommended []string
	Pending     *rank.Tie // a tie at the cut: the committee decides
}

// TallyBranch tallies a branch's ballots in SQL (each candidate's average total) and
// recommends at most the share of its members; without a pending tie it records the tally.
func TallyBranch(ctx context.Context, db *sqlx.DB, roundID, branchID string, shareBP int, decisions []rank.Decision) (Tally, error) {
	var t Tally
	if err := db.GetContext(ctx, &t.Members, `SELECT members FROM round_branches WHERE round_id = $1 AND branch_id = $2`, roundID, branchID); err != nil {
		return t, fmt.Errorf("members of %s: %w", branchID, err)
	}
	var rows []struct {
		ID      string        `db:"candidate_id"`
		Forms   int           `db:"forms"`
		Average points.Points `db:"average"`
	}
	if err := db.SelectContext(ctx, &rows, `
		SELECT candidate_id, count(*) AS forms, round(avg(total), 2) AS average
		FROM ballots WHERE round_id = $1 AND branch_id = $2 GROUP BY candidate_id`, roundID, branchID); err != nil {
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
		return t, problem.New("", 0, "", "%v", err)
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
	_, err = db.ExecContext(ctx, `
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

func ids(cands []rank.Candidate) []string {
	out := make([]string, len(cands))
	for i, c := range cands {
		out[i] = c.ID
	}
	return out
}

// SheetAccepted reports whether this sheet was already accepted for the branch.
func SheetAccepted(ctx context.Context, db *sqlx.DB, roundID, branchID, sheetID string) (bool, error) {
	var ok bool
	err := db.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM ballot_sheets WHERE round_id = $1 AND branch_id = $2 AND submission_id = $3)`,
		roundID, branchID, sheetID)
	return ok, err
}

// Unstage drops a sheet's staged ballots (it was refused).
func Unstage(ctx context.Context, db *sqlx.DB, sheetID string) error {
	_, err := db.ExecContext(ctx, `DELETE FROM ballot_staging WHERE sheet_id = $1`, sheetID)
	return err
}
