package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/period"
	"wenming/rules/schedule"
)

// The year-end commendation (年终表彰): the yearly titles of a year, conferred together at the
// year-end meeting. Its list holds the streak holders of the year (免评: named without further
// evaluation) and the nominations (branches nominate members, the committee nominates
// branches); the committee approves, striking nominations with reasons; the list is noticed;
// then the titles are conferred, each with how it was earned.

// AnnualEntry is one entry of a year-end list, with names for reports.
type AnnualEntry struct {
	SubjectKind string `db:"subject_kind" json:"subject_kind"`
	SubjectID   string `db:"subject_id" json:"subject_id"`
	BranchID    string `db:"branch_id" json:"branch_id"`
	Title       string `db:"title" json:"title"`
	Basis       string `db:"basis" json:"basis"`   // streak or nomination
	Detail      string `db:"detail" json:"detail"` // the streak, or the nomination's reason
}

// LastRoundsPending are the rounds of the year's last periods (its fourth quarter, its second
// half) not awarded yet: the year-end round waits for them.
func LastRoundsPending(ctx context.Context, db *sqlx.DB, year int) ([]string, error) {
	y := period.Period{Year: year, Kind: period.Year, N: 1}
	var ids []string
	for _, k := range schedule.Rotating() {
		ids = append(ids, string(k.Kind)+"/"+y.Last(k.Period).String())
	}
	var closed []string
	if err := db.SelectContext(ctx, &closed, `SELECT id FROM rounds WHERE id = ANY($1) AND phase = 'closed'`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("the last rounds of %d: %w", year, err)
	}
	return difference(ids, closed), nil
}

// OpenAnnual records the year-end round, once.
func OpenAnnual(ctx context.Context, db *sqlx.DB, roundID string, year int, at time.Time) error {
	_, err := db.ExecContext(ctx, `INSERT INTO rounds (id, kind, period, config, opened_at) VALUES ($1, 'annual', $2, '{}', $3)
		ON CONFLICT DO NOTHING`, roundID, fmt.Sprint(year), at)
	if err != nil {
		return fmt.Errorf("open %s: %w", roundID, err)
	}
	return nil
}

// ListAnnual puts the year's streak holders on the year-end list (again: nobody twice) and
// says how long the list is.
func ListAnnual(ctx context.Context, db *sqlx.DB, roundID string, year int, at time.Time) (int, error) {
	var listed int
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		if err := listStreaks(ctx, tx, roundID, year, at); err != nil {
			return err
		}
		return tx.GetContext(ctx, &listed, `SELECT count(*) FROM annual_entries WHERE round_id = $1`, roundID)
	})
	if err != nil {
		return 0, fmt.Errorf("list %s: %w", roundID, err)
	}
	return listed, nil
}

// listStreaks puts on the list every yearly title a streak earned in the year and still holds.
func listStreaks(ctx context.Context, tx *sqlx.Tx, roundID string, year int, at time.Time) error {
	for _, k := range schedule.Rotating() {
		var rows []struct {
			Subject     string `db:"subject_id"`
			Branch      string `db:"branch_id"`
			Period      string `db:"period"`
			Consecutive int    `db:"consecutive"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT h.subject_id, coalesce(m.branch_id, h.subject_id) AS branch_id, h.period, h.consecutive
			FROM honors h LEFT JOIN members m ON h.subject_kind = 'member' AND m.id = h.subject_id
			WHERE h.kind = $1 AND h.year = $2 AND h.revoked_at IS NULL AND h.conferred_in IS NULL ORDER BY h.subject_id`, k.Title1Y, year); err != nil {
			return err
		}
		for _, r := range rows {
			detail := msg.Say("basis.streak", "N", r.Consecutive, "Honor", k.Name, "Period", r.Period).String()
			if _, err := tx.ExecContext(ctx, `INSERT INTO annual_entries (round_id, subject_kind, subject_id, branch_id, title, basis, detail, listed_at)
				VALUES ($1, $2, $3, $4, $5, 'streak', $6, $7) ON CONFLICT DO NOTHING`, roundID, k.Subject, r.Subject, r.Branch, k.Title1Y, detail, at); err != nil {
				return err
			}
		}
	}
	return nil
}

// Nomination puts a member (nominated by their branch) or a branch (by the committee) on a
// year-end list, with the reason.
type Nomination struct {
	RoundID      string
	SubmissionID string
	SubjectKind  string // member or branch
	SubjectID    string
	Reason       string
	By           string
	At           time.Time
}

// Nominate records a nomination once. A subject the roster lacks, one already on the list, or
// a nomination after the committee approved the list is refused.
func Nominate(ctx context.Context, db *sqlx.DB, n Nomination) error {
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var seen bool
		if err := tx.GetContext(ctx, &seen, `SELECT EXISTS (SELECT 1 FROM annual_entries WHERE round_id = $1 AND submission_id = $2)`,
			n.RoundID, n.SubmissionID); err != nil || seen {
			return err
		}
		var branch string
		err := tx.GetContext(ctx, &branch, `SELECT branch_id FROM members WHERE $1 = 'member' AND id = $2
			UNION ALL SELECT id FROM branches WHERE $1 = 'branch' AND id = $2`, n.SubjectKind, n.SubjectID)
		if err != nil {
			return problem.New("", 0, "--"+n.SubjectKind, "problem.violation.unknown_subject", "Kind", n.SubjectKind, "ID", n.SubjectID)
		}
		var detail string
		_ = tx.GetContext(ctx, &detail, `SELECT detail FROM annual_entries WHERE round_id = $1 AND subject_id = $2`, n.RoundID, n.SubjectID)
		if detail != "" {
			return problem.New("", 0, "--"+n.SubjectKind, "problem.annual.listed", "ID", n.SubjectID, "Detail", detail)
		}
		title := "excellent_member"
		if n.SubjectKind == "branch" {
			title = "advanced_branch"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO annual_entries (round_id, subject_kind, subject_id, branch_id, title, basis, detail,
			submission_id, nominated_by, listed_at) VALUES ($1, $2, $3, $4, $5, 'nomination', $6, $7, $8, $9)`,
			n.RoundID, n.SubjectKind, n.SubjectID, branch, title, n.Reason, n.SubmissionID, n.By, n.At); err != nil {
			return err
		}
		return audit(ctx, tx, Audit{Kind: "nominate", Target: n.RoundID, SubmissionID: n.SubmissionID, Actor: n.By, Accepted: true,
			Summary: n.SubjectKind + " " + n.SubjectID + ": " + n.Reason, At: n.At})
	})
	var bad problem.Errors
	if err != nil && !errors.As(err, &bad) {
		return fmt.Errorf("nominate %s for %s: %w", n.SubjectID, n.RoundID, err)
	}
	return err
}

// ApproveAnnual records the committee's approval of a year-end list: every entry but the
// nominations it strikes (a 免评 entry is not the committee's to strike: only a violation
// takes it off), proposed for the notice. It returns how many are proposed.
func ApproveAnnual(ctx context.Context, db *sqlx.DB, a Approval) (int, error) {
	return approve(ctx, db, a, func(tx *sqlx.Tx, struck []string) error {
		var bad []struct {
			ID    string  `db:"id"`
			Basis *string `db:"basis"`
		}
		if err := tx.SelectContext(ctx, &bad, `SELECT s AS id, e.basis FROM unnest($2::text[]) AS s
			LEFT JOIN annual_entries e ON e.round_id = $1 AND e.subject_id = s WHERE e.basis IS DISTINCT FROM 'nomination'`,
			a.RoundID, pq.Array(struck)); err != nil {
			return err
		}
		l := problem.In("")
		for _, b := range bad {
			if b.Basis == nil {
				l.Add(0, "strike", "problem.annual.not_listed", "ID", b.ID, "Round", a.RoundID)
			} else {
				l.Add(0, "strike", "problem.annual.streak_stays", "ID", b.ID)
			}
		}
		return l.Err()
	}, `INSERT INTO round_proposals (round_id, subject_id, branch_id, score, rank)
		SELECT e.round_id, e.subject_id, e.branch_id, 0, 0 FROM annual_entries e
		WHERE e.round_id = $1 AND NOT EXISTS (SELECT 1 FROM round_strikes s WHERE s.round_id = e.round_id AND s.subject_id = e.subject_id)
		ON CONFLICT DO NOTHING`)
}

// AwardAnnual confers the year's titles: every entry's result (awarded; not approved; removed
// by an upheld objection; ineligible, a 免评 entry whose streak a violation broke since it was
// listed), the nominated titles as honors, and the streak titles marked as
// conferred here, each with its basis.
func AwardAnnual(ctx context.Context, db *sqlx.DB, a Award) (map[string]int, error) {
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM rounds WHERE id = $1 FOR UPDATE`, a.RoundID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO round_results (round_id, subject_id, kind, branch_id, member_id, score, rank, outcome, reason, decided_at)
			SELECT e.round_id, e.subject_id, 'annual', e.branch_id, CASE WHEN e.subject_kind = 'member' THEN e.subject_id END, NULL, NULL,
				CASE WHEN s.subject_id IS NOT NULL THEN 'not_approved'
				     WHEN e.basis = 'streak' AND streak.reason IS NULL THEN 'ineligible'
				     WHEN e.subject_id = ANY($2) THEN 'removed_by_objection'
				     ELSE 'awarded' END,
				CASE WHEN s.subject_id IS NOT NULL THEN '党委未批准: ' || s.reason
				     WHEN e.basis = 'streak' AND streak.reason IS NULL THEN '免评所依据的荣誉已撤销'
				     WHEN e.subject_id = ANY($2) THEN '公示期间异议成立'
				     ELSE e.detail END,
				$3
			FROM annual_entries e LEFT JOIN round_strikes s ON s.round_id = e.round_id AND s.subject_id = e.subject_id
			LEFT JOIN LATERAL (SELECT '' AS reason FROM honors h WHERE h.subject_kind = e.subject_kind AND h.subject_id = e.subject_id
				AND h.kind = e.title AND h.year = $4 AND h.revoked_at IS NULL AND h.consecutive > 0 LIMIT 1) streak ON true
			WHERE e.round_id = $1
			ON CONFLICT DO NOTHING`, a.RoundID, pq.Array(a.Removed), a.At, a.Year); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at, basis, conferred_in)
			SELECT e.subject_kind, e.subject_id, e.title, $2, $3, 0, e.round_id, $4,
			       CASE e.subject_kind WHEN 'member' THEN '支部推荐：' ELSE '党委推荐：' END || e.detail, e.round_id
			FROM annual_entries e JOIN round_results r ON r.round_id = e.round_id AND r.subject_id = e.subject_id AND r.outcome = 'awarded'
			WHERE e.round_id = $1 AND e.basis = 'nomination'
			ON CONFLICT DO NOTHING`, a.RoundID, a.Period, a.Year, a.At); err != nil {
			return fmt.Errorf("record the nominated titles: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE honors h SET conferred_in = e.round_id, basis = e.detail
			FROM annual_entries e JOIN round_results r ON r.round_id = e.round_id AND r.subject_id = e.subject_id AND r.outcome = 'awarded'
			WHERE e.round_id = $1 AND e.basis = 'streak' AND h.subject_kind = e.subject_kind AND h.subject_id = e.subject_id
			  AND h.kind = e.title AND h.year = $2 AND h.revoked_at IS NULL AND h.conferred_in IS NULL`, a.RoundID, a.Year); err != nil {
			return fmt.Errorf("confer the streak titles: %w", err)
		}
		if err := enterYearTitles(ctx, tx, a); err != nil {
			return fmt.Errorf("enter the titles in the register: %w", err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE rounds SET phase = 'closed', closed_at = coalesce(closed_at, $2) WHERE id = $1`, a.RoundID, a.At)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("award %s: %w", a.RoundID, err)
	}
	return roundOutcomes(ctx, db, a.RoundID)
}

// conferredOn is the day the year's titles are conferred on: the award's day in the round's
// time zone (the day of At in UTC for a caller that gave none).
func (a Award) conferredOn() string {
	if a.On != "" {
		return a.On
	}
	return a.At.UTC().Format(time.DateOnly)
}

// enterYearTitles enters every title the year-end round awards in the register of titles
// (source annual, conferred by the unit's party committee, held by the member or the branch),
// its first event the basis it was earned on. A branch outside every unit has no place in the
// register (its unit is the register's key) and is left out. A retry enters nothing more.
func enterYearTitles(ctx context.Context, tx *sqlx.Tx, a Award) error {
	_, err := tx.ExecContext(ctx, `
		WITH added AS (
			INSERT INTO titles (unit_id, person, holder, kind, level, name, conferred_by, round_id, conferred_on, source)
			SELECT b.unit_id, coalesce(m.name, b.name), e.subject_id,
			       CASE e.subject_kind WHEN 'member' THEN 'excellent-member' ELSE 'advanced-branch' END, 'committee',
			       $2 || CASE e.subject_kind WHEN 'member' THEN '年度优秀共产党员' ELSE '年度先进党支部' END,
			       '机关党委', e.round_id, $3::date, 'annual'
			FROM annual_entries e
			JOIN round_results r ON r.round_id = e.round_id AND r.subject_id = e.subject_id AND r.outcome = 'awarded'
			JOIN branches b ON b.id = e.branch_id
			LEFT JOIN members m ON e.subject_kind = 'member' AND m.id = e.subject_id
			WHERE e.round_id = $1 AND b.unit_id IS NOT NULL
			  AND NOT EXISTS (SELECT 1 FROM titles t WHERE t.round_id = e.round_id AND t.holder = e.subject_id) -- a retry draws no number
			ON CONFLICT (unit_id, person, holder, kind, level, conferred_on) DO NOTHING
			RETURNING id, holder)
		INSERT INTO title_events (title_id, seq, action, status, reason, by_whom, at)
		SELECT t.id, 1, 'confer', 'active', e.detail, 'system', $4
		FROM added t JOIN annual_entries e ON e.round_id = $1 AND e.subject_id = t.holder`,
		a.RoundID, fmt.Sprint(a.Year), a.conferredOn(), a.At)
	return err
}

// AnnualList is a year-end round's list, streak holders first.
func AnnualList(ctx context.Context, db *sqlx.DB, roundID string) ([]AnnualEntry, error) {
	var out []AnnualEntry
	err := db.SelectContext(ctx, &out, `SELECT subject_kind, subject_id, branch_id, title, basis, detail FROM annual_entries
		WHERE round_id = $1 ORDER BY basis = 'nomination', title, branch_id, subject_id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("the list of %s: %w", roundID, err)
	}
	return out, nil
}

// YearTitle is a yearly title conferred, as the year's commendation list shows it.
type YearTitle struct {
	Unit    string `db:"unit" json:"unit"`
	Subject string `db:"subject" json:"subject"` // the member's name, or the branch's
	Kind    string `db:"kind" json:"kind"`
	Basis   string `db:"basis" json:"basis"`
	TitleID int64  `db:"title_id" json:"title_id"` // its number in the register of titles; 0: not in it
}

// YearTitles are the yearly titles a year's commendation conferred and that stand, member
// titles first, unit by unit.
func YearTitles(ctx context.Context, db *sqlx.DB, year int) ([]YearTitle, error) {
	var out []YearTitle
	err := db.SelectContext(ctx, &out, `
		SELECT u.name AS unit, coalesce(m.name, b.name) AS subject, h.kind, h.basis, coalesce(t.id, 0) AS title_id
		FROM honors h
		LEFT JOIN titles t ON t.round_id = h.conferred_in AND t.holder = h.subject_id
		LEFT JOIN members m ON h.subject_kind = 'member' AND m.id = h.subject_id
		JOIN branches b ON b.id = coalesce(m.branch_id, h.subject_id)
		JOIN units u ON u.id = b.unit_id
		WHERE h.kind IN ('excellent_member', 'advanced_branch') AND h.year = $1 AND h.conferred_in IS NOT NULL AND h.revoked_at IS NULL
		ORDER BY h.kind = 'advanced_branch', u.id, b.id, h.subject_id`, year)
	if err != nil {
		return nil, fmt.Errorf("the titles of %d: %w", year, err)
	}
	return out, nil
}
