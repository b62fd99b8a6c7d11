package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/rules/fanout"
	"wenming/rules/schedule"
	"wenming/rules/standard"
)

// RoundOpening opens a round: the snapshot of who takes part, and who may not.
type RoundOpening struct {
	RoundID     string
	Kind        schedule.Kind
	Period      string
	Config      schedule.Config
	PeriodStart time.Time // violations between start and end take eligibility away
	PeriodEnd   time.Time
	At          time.Time
}

// Opened is who takes part in a round.
type Opened struct {
	Branches []string // the branches whose workflows run: all with members (pioneer), the eligible ones (red flag)
	Sizes    []int    // members of each of Branches
	Members  int
	Eligible int
}

// OpenRound records the round and its snapshot of branches and candidates, once.
func OpenRound(ctx context.Context, db *sqlx.DB, o RoundOpening) (Opened, error) {
	cfg, err := json.Marshal(o.Config)
	if err != nil {
		return Opened{}, err
	}
	var out Opened
	err = inTx(ctx, db, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO rounds (id, kind, period, config, opened_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING`, o.RoundID, o.Kind, o.Period, cfg, o.At)
		if err != nil {
			return fmt.Errorf("record round: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			if err := snapshot(ctx, tx, o); err != nil {
				return err
			}
		}
		var rows []struct {
			ID      string `db:"branch_id"`
			Members int    `db:"members"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT branch_id, members FROM round_branches
			WHERE round_id = $1 AND (eligible OR $2 = 'pioneer') ORDER BY group_no, branch_id`, o.RoundID, o.Kind); err != nil {
			return err
		}
		for _, r := range rows {
			out.Branches, out.Sizes = append(out.Branches, r.ID), append(out.Sizes, r.Members)
		}
		return tx.GetContext(ctx, &out, `SELECT count(*) AS members, count(*) FILTER (WHERE eligible) AS eligible
			FROM round_members WHERE round_id = $1`, o.RoundID)
	})
	if err != nil {
		return Opened{}, fmt.Errorf("open round %s: %w", o.RoundID, err)
	}
	return out, nil
}

// snapshot records the branches and members as they are when the round opens, with their
// eligibility: a violation or criticism in the period takes it away (a member's also from
// the branch's red flag). A yearly title (免评) bars nobody: streak holders stand again.
func snapshot(ctx context.Context, tx *sqlx.Tx, o RoundOpening) error {
	size := fanout.GroupSize(max(o.Config.GroupSize, 0))
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO round_members (round_id, member_id, branch_id, eligible, reason)
		SELECT $1, m.id, m.branch_id, v.member_id IS NULL, coalesce(v.reason, '')
		FROM members m
		LEFT JOIN LATERAL (
			SELECT x.subject_id AS member_id, `+violationReasonSQL+` AS reason
			FROM violations x WHERE x.subject_kind = 'member' AND x.subject_id = m.id
			  AND x.occurred_on >= $2::timestamptz::date AND x.occurred_on < $3::timestamptz::date
			ORDER BY x.occurred_on LIMIT 1) v ON true
		WHERE $4 = 'pioneer' AND (coalesce(cardinality($5::text[]), 0) = 0 OR m.branch_id = ANY($5))`,
		o.RoundID, o.PeriodStart, o.PeriodEnd, o.Kind, pq.Array(o.Config.Branches)); err != nil {
		return fmt.Errorf("record candidates: %w", err)
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO round_branches (round_id, branch_id, group_no, members, eligible, reason)
		SELECT $1, b.id, (row_number() OVER (ORDER BY b.id) - 1) / $5, count(m.id), bad.reason IS NULL, coalesce(bad.reason, '')
		FROM branches b
		JOIN members m ON m.branch_id = b.id
		LEFT JOIN LATERAL (
			SELECT `+branchViolationReasonSQL+` AS reason
			FROM violations x
			WHERE x.occurred_on >= $2::timestamptz::date AND x.occurred_on < $3::timestamptz::date
			  AND ((x.subject_kind = 'branch' AND x.subject_id = b.id)
			    OR (x.subject_kind = 'member' AND x.subject_id IN (SELECT id FROM members WHERE branch_id = b.id)))
			ORDER BY x.occurred_on LIMIT 1) bad ON $4 = 'redflag'
		WHERE coalesce(cardinality($6::text[]), 0) = 0 OR b.id = ANY($6)
		GROUP BY b.id, bad.reason`,
		o.RoundID, o.PeriodStart, o.PeriodEnd, o.Kind, size, pq.Array(o.Config.Branches))
	if err != nil {
		return fmt.Errorf("record branches: %w", err)
	}
	return nil
}

// Why a violation takes eligibility away, as rounds record it (x is the violations row): a
// member's own, and a branch's (its own record, or one of its members').
const (
	violationWordsSQL        = `CASE x.kind WHEN 'violation' THEN '受到党纪处分' WHEN 'media' THEN '被媒体曝光' ELSE '受到通报批评' END`
	violationReasonSQL       = violationWordsSQL + ` || ' (' || x.occurred_on || ')'`
	branchViolationReasonSQL = `CASE WHEN x.subject_kind = 'branch' THEN '党支部' ELSE '支部党员' END || ` + violationReasonSQL
)

// RoundCandidates lists a pioneer round's candidates of a branch: member id -> "" when
// eligible, else why not. The CLI checks ballot sheets against it.
func RoundCandidates(ctx context.Context, db *sqlx.DB, roundID, branchID string) (map[string]string, error) {
	var rows []struct {
		ID     string `db:"member_id"`
		Reason string `db:"reason"`
	}
	if err := db.SelectContext(ctx, &rows, `SELECT member_id, reason FROM round_members WHERE round_id = $1 AND branch_id = $2`, roundID, branchID); err != nil {
		return nil, fmt.Errorf("candidates of %s in %s: %w", branchID, roundID, err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.ID] = r.Reason
	}
	return out, nil
}

// RoundCandidatesByBranch is RoundCandidates for every branch of the round at once.
func RoundCandidatesByBranch(ctx context.Context, db *sqlx.DB, roundID string) (map[string]map[string]string, error) {
	var rows []struct {
		ID     string `db:"member_id"`
		Branch string `db:"branch_id"`
		Reason string `db:"reason"`
	}
	if err := db.SelectContext(ctx, &rows, `SELECT member_id, branch_id, reason FROM round_members WHERE round_id = $1`, roundID); err != nil {
		return nil, fmt.Errorf("candidates of %s: %w", roundID, err)
	}
	out := map[string]map[string]string{}
	for _, r := range rows {
		if out[r.Branch] == nil {
			out[r.Branch] = map[string]string{}
		}
		out[r.Branch][r.ID] = r.Reason
	}
	return out, nil
}

// BranchGroups is the group of each of a round's branches, as the round started its groups:
// where a branch's sheet is handed in.
func BranchGroups(ctx context.Context, db *sqlx.DB, roundID string) (map[string]int, error) {
	var rows []struct {
		Branch string `db:"branch_id"`
		Group  int    `db:"group_no"`
	}
	if err := db.SelectContext(ctx, &rows, `SELECT branch_id, group_no FROM round_branches WHERE round_id = $1`, roundID); err != nil {
		return nil, fmt.Errorf("groups of %s: %w", roundID, err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Branch] = r.Group
	}
	return out, nil
}

// SetRoundPhase records where a round stands.
func SetRoundPhase(ctx context.Context, db *sqlx.DB, roundID, phase string, at time.Time) error {
	_, err := db.ExecContext(ctx, `UPDATE rounds SET phase = $2, closed_at = CASE WHEN $2 = 'closed' THEN $3::timestamptz END
		WHERE id = $1`, roundID, phase, at)
	if err != nil {
		return fmt.Errorf("set phase of %s: %w", roundID, err)
	}
	return nil
}

// RecordRoundDecision records a committee decision (a tie resolved) once.
func RecordRoundDecision(ctx context.Context, db *sqlx.DB, roundID, submissionID, kind string, detail any, by string, at time.Time) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_decisions (round_id, submission_id, kind, detail, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, roundID, submissionID, kind, b, by, at); err != nil {
			return fmt.Errorf("record %s decision of %s: %w", kind, roundID, err)
		}
		return audit(ctx, tx, Audit{Kind: kind, Target: roundID, SubmissionID: submissionID, Actor: by, Accepted: true, Summary: string(b), At: at})
	})
}

// BranchStanding is whether a branch is still in the running in a round, and if not why.
func BranchStanding(ctx context.Context, db *sqlx.DB, roundID, branchID string) (eligible bool, reason string, err error) {
	var row struct {
		Eligible bool   `db:"eligible"`
		Reason   string `db:"reason"`
	}
	err = db.GetContext(ctx, &row, `SELECT eligible, coalesce(reason, '') AS reason FROM round_branches WHERE round_id = $1 AND branch_id = $2`, roundID, branchID)
	if err != nil {
		return false, "", fmt.Errorf("the standing of branch %s in %s: %w", branchID, roundID, err)
	}
	return row.Eligible, row.Reason, nil
}

// ErrNoRound is a round the database does not hold (never opened, or mistyped).
var ErrNoRound = errors.New("no such round")

// RoundStandardID is the standard a round scores against: ErrNoRound when there is no round.
func RoundStandardID(ctx context.Context, db *sqlx.DB, roundID string) (string, error) {
	var id string
	err := db.GetContext(ctx, &id, `SELECT config->>'StandardID' FROM rounds WHERE id = $1`, roundID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNoRound
	}
	if err != nil {
		return "", fmt.Errorf("standard of round %s: %w", roundID, err)
	}
	return id, nil
}

// BranchSheetState is where a branch of a round that takes sheets (schedule.KindSpec
// TakesSheets: a pioneer round) stands before its workflow starts: whether the round still
// takes sheets, and whether the branch's sheet is in.
type BranchSheetState struct {
	Open  bool `db:"open"`  // a round that takes sheets, not closed
	Sheet bool `db:"sheet"` // the branch's sheet is copied in
}

// BranchSheet reads a branch's BranchSheetState; ErrNoRound when the branch takes no part in
// the round.
func BranchSheet(ctx context.Context, db *sqlx.DB, roundID, branchID string) (BranchSheetState, error) {
	var s BranchSheetState
	var kinds []string
	for _, k := range schedule.TakingSheets() {
		kinds = append(kinds, string(k))
	}
	err := db.GetContext(ctx, &s, `SELECT r.kind = ANY($3) AND r.closed_at IS NULL AS open,
			EXISTS (SELECT 1 FROM ballot_sheets s WHERE s.round_id = r.id AND s.branch_id = b.branch_id) AS sheet
		FROM rounds r JOIN round_branches b ON b.round_id = r.id WHERE r.id = $1 AND b.branch_id = $2`,
		roundID, branchID, pq.Array(kinds))
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNoRound
	}
	return s, err
}

// PhaseCount is how many campaigns, or rounds of a kind, stand in a phase.
type PhaseCount struct {
	What  string `db:"what"` // campaign or round
	Kind  string `db:"kind"` // a round's kind
	Phase string `db:"phase"`
	N     int    `db:"n"`
}

// CountByPhase counts campaigns by phase and rounds by kind and phase, for the metrics.
func CountByPhase(ctx context.Context, db *sqlx.DB) ([]PhaseCount, error) {
	var rows []PhaseCount
	err := db.SelectContext(ctx, &rows, `
		SELECT 'campaign' AS what, '' AS kind, phase, count(*) AS n FROM campaigns GROUP BY phase
		UNION ALL SELECT 'round', kind, phase, count(*) FROM rounds GROUP BY kind, phase`)
	return rows, err
}

// RoundBallots is what checking and handing in a round's sheets needs: the form the round
// scores against, who may be scored in each branch, the sheets each branch accepted, and the
// group each branch is in.
type RoundBallots struct {
	Standard   *standard.Standard
	Candidates map[string]map[string]string // branch -> member -> why not eligible ("" if eligible)
	Accepted   map[string]AcceptedSheet     // branch -> the sheet it accepted
	Groups     map[string]int               // branch -> its group
}

// LoadRoundBallots loads a round's ballot context: ErrNoRound when there is no round.
func LoadRoundBallots(ctx context.Context, db *sqlx.DB, roundID string) (RoundBallots, error) {
	var rb RoundBallots
	standardID, err := RoundStandardID(ctx, db, roundID)
	if err != nil {
		return rb, err
	}
	if rb.Standard, err = LoadStandard(ctx, db, standardID); err != nil {
		return rb, err
	}
	if rb.Candidates, err = RoundCandidatesByBranch(ctx, db, roundID); err != nil {
		return rb, err
	}
	if rb.Accepted, err = AcceptedSheets(ctx, db, roundID); err != nil {
		return rb, err
	}
	rb.Groups, err = BranchGroups(ctx, db, roundID)
	return rb, err
}
