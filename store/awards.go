package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/rules/period"
	"wenming/rules/points"
	"wenming/rules/rank"
	"wenming/rules/schedule"
	"wenming/rules/standard"
)

// Strike is a name the committee strikes from the recommendations, with the reason.
type Strike struct {
	Member string `json:"member"`
	Reason string `json:"reason"`
}

// Approval is the committee's approval (党委审批) of a pioneer round's recommendations.
type Approval struct {
	RoundID      string
	SubmissionID string
	Strikes      []Strike
	By           string
	At           time.Time
}

// Approve records the committee's decision and the proposed list: every recommended member
// but those struck. Each struck name must be a recommended one. Approving again with the same
// submission changes nothing.
func Approve(ctx context.Context, db *sqlx.DB, a Approval) (int, error) {
	return approve(ctx, db, a, func(tx *sqlx.Tx, struck []string) error {
		var unknown []string
		if err := tx.SelectContext(ctx, &unknown, `SELECT m FROM unnest($2::text[]) AS m WHERE NOT EXISTS
			(SELECT 1 FROM branch_tallies t WHERE t.round_id = $1 AND t.member_id = m AND t.recommended)`, a.RoundID, pq.Array(struck)); err != nil {
			return err
		}
		if len(unknown) > 0 {
			return problem.New("", 0, "strike", "problem.store.were_recommended_only_recommended", "Unknown", unknown, "RoundID", a.RoundID)
		}
		return nil
	}, `INSERT INTO round_proposals (round_id, subject_id, branch_id, score, rank)
		SELECT t.round_id, t.member_id, t.branch_id, t.average, t.rank FROM branch_tallies t
		WHERE t.round_id = $1 AND t.recommended
		  AND NOT EXISTS (SELECT 1 FROM round_strikes s WHERE s.round_id = t.round_id AND s.subject_id = t.member_id)
		  AND EXISTS (SELECT 1 FROM round_members m WHERE m.round_id = t.round_id AND m.member_id = t.member_id AND m.eligible)
		ON CONFLICT DO NOTHING`)
}

// approve is how a committee approves a round's list, whatever the kind: check refuses the
// names it may not strike, the decision and the strikes are recorded, propose ($1: the round)
// writes the proposed list, and it says how many are proposed.
func approve(ctx context.Context, db *sqlx.DB, a Approval, check func(tx *sqlx.Tx, struck []string) error, propose string) (int, error) {
	var proposed int
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		struck := make([]string, len(a.Strikes))
		reasons := make([]string, len(a.Strikes))
		for i, s := range a.Strikes {
			struck[i], reasons[i] = s.Member, s.Reason
		}
		if err := check(tx, struck); err != nil {
			return err
		}
		detail, _ := json.Marshal(map[string]any{"strikes": a.Strikes})
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_decisions (round_id, submission_id, kind, detail, decided_by, decided_at)
			VALUES ($1, $2, 'approve', $3, $4, $5) ON CONFLICT DO NOTHING`, a.RoundID, a.SubmissionID, detail, a.By, a.At); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_strikes (round_id, subject_id, reason, struck_by, struck_at)
			SELECT $1, m, r, $4, $5 FROM unnest($2::text[], $3::text[]) AS x(m, r) ON CONFLICT DO NOTHING`,
			a.RoundID, pq.Array(struck), pq.Array(reasons), a.By, a.At); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, propose, a.RoundID); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &proposed, `SELECT count(*) FROM round_proposals WHERE round_id = $1`, a.RoundID); err != nil {
			return err
		}
		return audit(ctx, tx, Audit{Kind: "approve", Target: a.RoundID, SubmissionID: a.SubmissionID, Actor: a.By,
			Accepted: true, Summary: fmt.Sprintf("%d struck", len(a.Strikes)), At: a.At})
	})
	var bad problem.Errors
	if err != nil && !errors.As(err, &bad) {
		return 0, fmt.Errorf("approve %s: %w", a.RoundID, err)
	}
	return proposed, err
}

// RedFlagScore is a branch's self-report or the committee's assessment on the red-flag form.
type RedFlagScore struct {
	RoundID      string
	BranchID     string
	Kind         string // self or committee
	SubmissionID string
	Result       standard.Result
	Basis        string // the committee's: the daily-assessment records its score rests on
	By           string
	At           time.Time
}

// RecordRedFlagScore records a score; the latest of each kind counts.
func RecordRedFlagScore(ctx context.Context, db *sqlx.DB, s RedFlagScore) error {
	items, _ := json.Marshal(s.Result.Items)
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO redflag_scores (round_id, branch_id, kind, submission_id, total, items, basis, submitted_by, submitted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (round_id, branch_id, kind) DO UPDATE SET submission_id = EXCLUDED.submission_id,
				total = EXCLUDED.total, items = EXCLUDED.items, basis = EXCLUDED.basis,
				submitted_by = EXCLUDED.submitted_by, submitted_at = EXCLUDED.submitted_at`,
			s.RoundID, s.BranchID, s.Kind, s.SubmissionID, s.Result.Total, items, s.Basis, s.By, s.At); err != nil {
			return fmt.Errorf("record %s score of %s: %w", s.Kind, s.BranchID, err)
		}
		return audit(ctx, tx, Audit{Kind: "redflag-" + s.Kind, Target: s.RoundID + "/branch/" + s.BranchID, SubmissionID: s.SubmissionID,
			Actor: s.By, Accepted: true, Summary: fmt.Sprintf("%s score %s", s.Kind, s.Result.Total), At: s.At})
	})
}

// RankRedFlag ranks the eligible branches by the committee's score and proposes the top
// `flags`; a tie at the cut waits for the committee's decision.
func RankRedFlag(ctx context.Context, db *sqlx.DB, roundID string, flags int, decisions []rank.Decision) (ReviewResult, error) {
	var rows []struct {
		ID    string        `db:"branch_id"`
		Total points.Points `db:"total"`
	}
	if err := db.SelectContext(ctx, &rows, `SELECT s.branch_id, s.total FROM redflag_scores s
		JOIN round_branches b ON b.round_id = s.round_id AND b.branch_id = s.branch_id AND b.eligible
		WHERE s.round_id = $1 AND s.kind = 'committee'`, roundID); err != nil {
		return ReviewResult{}, fmt.Errorf("rank %s: %w", roundID, err)
	}
	cands := make([]rank.Candidate, len(rows))
	for i, r := range rows {
		cands[i] = rank.Candidate{ID: r.ID, Total: r.Total}
	}
	sel, err := rank.Select(cands, rank.Quota{Max: flags}, decisions)
	if err != nil {
		return ReviewResult{}, problem.Of("", 0, "", err)
	}
	out := ReviewResult{Candidates: len(cands), Proposed: sel.Selected, Pending: sel.Pending}
	if sel.Pending != nil || flags == 0 {
		if flags == 0 {
			out.Proposed = nil
		}
		return out, nil
	}
	proposed := map[string]bool{}
	for _, id := range sel.Selected {
		proposed[id] = true
	}
	var ids, totals []string
	var ranks []int64
	for _, r := range sel.Ranked {
		if proposed[r.ID] {
			ids, totals, ranks = append(ids, r.ID), append(totals, r.Total.String()), append(ranks, int64(r.Rank))
		}
	}
	_, err = db.ExecContext(ctx, `INSERT INTO round_proposals (round_id, subject_id, branch_id, score, rank)
		SELECT $1, id, id, t::numeric, rk FROM unnest($2::text[], $3::text[], $4::int[]) AS r(id, t, rk) ON CONFLICT DO NOTHING`,
		roundID, pq.Array(ids), pq.Array(totals), pq.Array(ranks))
	if err != nil {
		return out, fmt.Errorf("record the proposed flags of %s: %w", roundID, err)
	}
	return out, nil
}

// PublishRoundNotice publishes a round's proposed list (from round_proposals) for its notice.
func PublishRoundNotice(ctx context.Context, db *sqlx.DB, n PublicNotice) (int, error) {
	var listed int
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO public_notices (notice_id, subject, title, contact, starts_at, ends_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, n.NoticeID, n.Subject, n.Title, n.Contact, n.StartsAt, n.EndsAt); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notice_entries (notice_id, entry_id, position)
			SELECT $1, subject_id, row_number() OVER (ORDER BY branch_id, rank, subject_id) FROM round_proposals WHERE round_id = $2
			ON CONFLICT DO NOTHING`, n.NoticeID, n.Subject); err != nil {
			return err
		}
		return tx.GetContext(ctx, &listed, `SELECT count(*) FROM notice_entries WHERE notice_id = $1`, n.NoticeID)
	})
	if err != nil {
		return 0, fmt.Errorf("publish notice %s: %w", n.NoticeID, err)
	}
	return listed, nil
}

// NoticeHasEntry reports whether an entry is on a published notice's list.
func NoticeHasEntry(ctx context.Context, db *sqlx.DB, noticeID, entry string) (bool, error) {
	var ok bool
	err := db.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM notice_entries WHERE notice_id = $1 AND entry_id = $2)`, noticeID, entry)
	return ok, err
}

// Award is the end of a round: results for everyone and the honors earned.
type Award struct {
	RoundID string
	Period  string
	Year    int
	Removed []string // struck by upheld objections
	At      time.Time
	On      string // the day of At in the round's time zone, 2006-01-02: the year's titles are conferred on it
}

// AwardPioneer writes every candidate's result and the rotating post (党员先锋岗) with its
// consecutive count; the fourth in a row makes an excellent party member of the year.
func AwardPioneer(ctx context.Context, db *sqlx.DB, a Award) (map[string]int, error) {
	return award(ctx, db, a, pioneerResultsSQL, schedule.MustSpec(schedule.Pioneer))
}

// AwardRedFlag writes every branch's result and the rotating red flag (流动红旗) with its
// consecutive count; the second in a row makes an advanced branch of the year.
func AwardRedFlag(ctx context.Context, db *sqlx.DB, a Award) (map[string]int, error) {
	return award(ctx, db, a, redFlagResultsSQL, schedule.MustSpec(schedule.RedFlag))
}

// streakAfter is the period whose award a streak continues from ("" when p starts one afresh):
// see schedule.StreakAfter.
func streakAfter(p string, rolling bool) (string, error) {
	pp, err := period.Parse(p)
	if err != nil {
		return "", err
	}
	if after, ok := schedule.StreakAfter(pp, rolling); ok {
		return after.String(), nil
	}
	return "", nil
}

func award(ctx context.Context, db *sqlx.DB, a Award, resultsSQL string, k schedule.KindSpec) (map[string]int, error) {
	subject, rotating, title, streak := k.Subject, k.Award, k.Title1Y, k.Streak
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		// A violation applied to the round waits for the award, or the award for it.
		var cfg struct {
			Rolling bool   `db:"rolling"`
			Reward  string `db:"reward"`
		}
		if err := tx.GetContext(ctx, &cfg, `SELECT coalesce((config->>'RollingStreak')::boolean, false) AS rolling,
			coalesce(config->>'Reward', '') AS reward FROM rounds WHERE id = $1 FOR UPDATE`, a.RoundID); err != nil {
			return fmt.Errorf("lock round %s: %w", a.RoundID, err)
		}
		after, err := streakAfter(a.Period, cfg.Rolling)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, resultsSQL, a.RoundID, pq.Array(a.Removed), a.At); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at, reward)
			SELECT $1, r.subject_id, $2, $3, $4, coalesce(prev.consecutive, 0) + 1, $5, $6, $8
			FROM round_results r
			LEFT JOIN honors prev ON prev.subject_kind = $1 AND prev.subject_id = r.subject_id AND prev.kind = $2 AND prev.period = $7
				AND prev.revoked_at IS NULL
			WHERE r.round_id = $5 AND r.outcome = 'awarded'
			ON CONFLICT DO NOTHING`, subject, rotating, a.Period, a.Year, a.RoundID, a.At, after, cfg.Reward); err != nil {
			return fmt.Errorf("record %s: %w", rotating, err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at)
			SELECT subject_kind, subject_id, $2, period, year, consecutive, round_id, awarded_at FROM honors
			WHERE subject_kind = $1 AND kind = $3 AND round_id = $4 AND consecutive % $5 = 0
			ON CONFLICT DO NOTHING`, subject, title, rotating, a.RoundID, streak); err != nil {
			return fmt.Errorf("record %s: %w", title, err)
		}
		// Sheets copied in and never accepted (refused, abandoned) go with the round.
		if err := dropCopies(ctx, tx, `SELECT copy_id FROM ballot_copies WHERE round_id = $1`, a.RoundID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE rounds SET phase = 'closed', closed_at = coalesce(closed_at, $2) WHERE id = $1`, a.RoundID, a.At)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("award %s: %w", a.RoundID, err)
	}
	return roundOutcomes(ctx, db, a.RoundID)
}

const pioneerResultsSQL = `
	INSERT INTO round_results (round_id, subject_id, kind, branch_id, member_id, score, rank, outcome, reason, decided_at)
	SELECT m.round_id, m.member_id, 'pioneer', m.branch_id, m.member_id, t.average, t.rank,
		CASE
			WHEN m.reason LIKE 'exempt:%' THEN 'exempt'
			WHEN NOT m.eligible THEN 'ineligible'
			WHEN m.member_id = ANY($2) THEN 'removed_by_objection'
			WHEN p.subject_id IS NOT NULL THEN 'awarded'
			WHEN t.recommended THEN 'recommended_not_approved'
			ELSE 'not_recommended'
		END,
		CASE
			WHEN NOT m.eligible THEN m.reason
			WHEN m.member_id = ANY($2) THEN '公示期间异议成立'
			WHEN p.subject_id IS NOT NULL THEN '授予党员先锋岗'
			WHEN t.recommended THEN '党委未批准: ' || coalesce(s.reason, '')
			WHEN t.member_id IS NULL THEN '未获测评票'
			ELSE '未获支部推荐'
		END,
		$3
	FROM round_members m
	LEFT JOIN branch_tallies t ON t.round_id = m.round_id AND t.member_id = m.member_id
	LEFT JOIN round_proposals p ON p.round_id = m.round_id AND p.subject_id = m.member_id
	LEFT JOIN round_strikes s ON s.round_id = m.round_id AND s.subject_id = m.member_id
	WHERE m.round_id = $1
	ON CONFLICT DO NOTHING`

const redFlagResultsSQL = `
	INSERT INTO round_results (round_id, subject_id, kind, branch_id, member_id, score, rank, outcome, reason, decided_at)
	SELECT b.round_id, b.branch_id, 'redflag', b.branch_id, NULL, c.total,
		CASE WHEN b.eligible AND c.total IS NOT NULL THEN rank() OVER (PARTITION BY b.eligible AND c.total IS NOT NULL ORDER BY c.total DESC) END,
		CASE
			WHEN b.reason LIKE 'exempt:%' THEN 'exempt'
			WHEN NOT b.eligible THEN 'ineligible'
			WHEN b.branch_id = ANY($2) THEN 'removed_by_objection'
			WHEN p.subject_id IS NOT NULL THEN 'awarded'
			ELSE 'not_recommended'
		END,
		CASE
			WHEN NOT b.eligible THEN b.reason
			WHEN b.branch_id = ANY($2) THEN '公示期间异议成立'
			WHEN p.subject_id IS NOT NULL THEN '授予流动红旗'
			WHEN c.total IS NULL AND self.total IS NULL THEN '逾期未自行申报'
			WHEN c.total IS NULL AND d.reason IS NOT NULL THEN '未经党委考核测评（管理员决定：' || d.reason || '）'
			WHEN c.total IS NULL THEN '党委未评分'
			ELSE '排名之外'
		END,
		$3
	FROM round_branches b
	LEFT JOIN redflag_scores c ON c.round_id = b.round_id AND c.branch_id = b.branch_id AND c.kind = 'committee'
	LEFT JOIN redflag_scores self ON self.round_id = b.round_id AND self.branch_id = b.branch_id AND self.kind = 'self'
	LEFT JOIN LATERAL (SELECT detail->>'reason' AS reason FROM round_decisions
		WHERE round_id = b.round_id AND kind = 'proceed' AND detail->>'branch' = b.branch_id LIMIT 1) d ON true
	LEFT JOIN round_proposals p ON p.round_id = b.round_id AND p.subject_id = b.branch_id
	WHERE b.round_id = $1
	ON CONFLICT DO NOTHING`

func roundOutcomes(ctx context.Context, db *sqlx.DB, roundID string) (map[string]int, error) {
	var rows []struct {
		Outcome string `db:"outcome"`
		N       int    `db:"n"`
	}
	if err := db.SelectContext(ctx, &rows, `SELECT outcome, count(*) AS n FROM round_results WHERE round_id = $1 GROUP BY outcome`, roundID); err != nil {
		return nil, fmt.Errorf("count results of %s: %w", roundID, err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Outcome] = r.N
	}
	return out, nil
}

// RoundResult is one row of round_results, with names for reports.
type RoundResult struct {
	RoundID    string         `db:"round_id" json:"round_id"`
	SubjectID  string         `db:"subject_id" json:"subject_id"`
	Kind       string         `db:"kind" json:"kind"`
	BranchID   string         `db:"branch_id" json:"branch_id"`
	BranchName string         `db:"branch_name" json:"branch_name"`
	MemberID   *string        `db:"member_id" json:"member_id"`
	MemberName *string        `db:"member_name" json:"member_name"`
	Score      *points.Points `db:"score" json:"score"`
	Rank       *int           `db:"rank" json:"rank"`
	Outcome    string         `db:"outcome" json:"outcome"`
	Reason     string         `db:"reason" json:"reason"`
	DecidedAt  time.Time      `db:"decided_at" json:"decided_at"`
}

// RoundResults lists a round's results branch by branch, best first.
func RoundResults(ctx context.Context, db *sqlx.DB, roundID string) ([]RoundResult, error) {
	var out []RoundResult
	err := db.SelectContext(ctx, &out, `
		SELECT r.round_id, r.subject_id, r.kind, r.branch_id, b.name AS branch_name, r.member_id, m.name AS member_name,
		       r.score, r.rank, r.outcome, r.reason, r.decided_at
		FROM round_results r JOIN branches b ON b.id = r.branch_id LEFT JOIN members m ON m.id = r.member_id
		WHERE r.round_id = $1
		ORDER BY CASE WHEN r.kind = 'redflag' THEN '' ELSE r.branch_id END, r.rank NULLS LAST, r.score DESC NULLS LAST, r.subject_id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("results of %s: %w", roundID, err)
	}
	return out, nil
}

// Honor is one row of honors, with the name of whom it honors.
type Honor struct {
	SubjectKind string    `db:"subject_kind" json:"subject_kind"`
	SubjectID   string    `db:"subject_id" json:"subject_id"`
	Name        string    `db:"name" json:"name"`
	Kind        string    `db:"kind" json:"kind"`
	Period      string    `db:"period" json:"period"`
	Year        int       `db:"year" json:"year"`
	Consecutive int       `db:"consecutive" json:"consecutive"`
	RoundID     string    `db:"round_id" json:"round_id"`
	AwardedAt   time.Time `db:"awarded_at" json:"awarded_at"`
	Revoked     string    `db:"revoked_reason" json:"revoked_reason,omitempty"` // why it was revoked (撤销), if it was
	Reward      string    `db:"reward" json:"reward,omitempty"`                 // the material reward it came with, as the plan states it
}

// Honors lists the honors of a year (0: every year), yearly titles first.
func Honors(ctx context.Context, db *sqlx.DB, year int) ([]Honor, error) {
	var out []Honor
	err := db.SelectContext(ctx, &out, `
		SELECT h.subject_kind, h.subject_id, coalesce(m.name, b.name, h.subject_id) AS name, h.kind, h.period, h.year,
		       h.consecutive, h.round_id, h.awarded_at, h.revoked_reason, h.reward
		FROM honors h
		LEFT JOIN members m ON h.subject_kind = 'member' AND m.id = h.subject_id
		LEFT JOIN branches b ON h.subject_kind = 'branch' AND b.id = h.subject_id
		WHERE $1 = 0 OR h.year = $1
		ORDER BY h.kind IN ('excellent_member', 'advanced_branch') DESC, h.kind, h.period, h.subject_id`, year)
	if err != nil {
		return nil, fmt.Errorf("honors: %w", err)
	}
	return out, nil
}
