package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/points"
	"wenming/rules/rank"
)

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
