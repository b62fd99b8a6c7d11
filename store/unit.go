package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/rules/timeline"
)

// Submission identifies a human submission to a unit of a campaign: which, by whom, when
// it was accepted. Its id makes every write of it idempotent.
type Submission struct {
	CampaignID   string
	UnitID       string
	SubmissionID string
	By           string
	At           time.Time
	// Workflow is the workflow that took it when that is not the unit's own (a rating
	// campaign's): the audit line names it, where a resend to it after it ended is looked up.
	Workflow string `json:",omitempty"`
}

func (s Submission) audit(kind, summary string) Audit {
	target := s.Workflow
	if target == "" {
		target = "campaign/" + s.CampaignID + "/unit/" + s.UnitID
	}
	return Audit{Kind: kind, Target: target, SubmissionID: s.SubmissionID, Actor: s.By, Accepted: true, Summary: summary, At: s.At}
}

// TaskReport is a unit's progress on a task of the responsibility list.
type TaskReport struct {
	Submission
	TaskID  string
	Percent int
	Note    string
}

// RecordTaskReport records the report and the task's progress.
func RecordTaskReport(ctx context.Context, db *sqlx.DB, r TaskReport) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO task_reports (campaign_id, unit_id, submission_id, task_id, percent, note, reported_by, reported_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
			r.CampaignID, r.UnitID, r.SubmissionID, r.TaskID, r.Percent, r.Note, r.By, r.At)
		if err != nil {
			return fmt.Errorf("record task report: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // a retry: the first attempt wrote everything
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE campaign_tasks SET percent = $4, last_report_at = $5,
				done_at = CASE WHEN $4 = 100 THEN coalesce(done_at, $5) ELSE NULL END
			WHERE campaign_id = $1 AND unit_id = $2 AND task_id = $3`, r.CampaignID, r.UnitID, r.TaskID, r.Percent, r.At); err != nil {
			return fmt.Errorf("update task %s: %w", r.TaskID, err)
		}
		return audit(ctx, tx, r.audit("task-report", fmt.Sprintf("task %s: %d%%", r.TaskID, r.Percent)))
	})
}

// ScoreSheet is a scored sheet: a unit's self-score or the inspectors' actual score.
type ScoreSheet struct {
	Submission
	Kind   string // "self" or "actual"
	Sheet  standard.Sheet
	Result standard.Result
}

// RecordSelfCheck records a self-score; the latest one counts until the unit declares.
func RecordSelfCheck(ctx context.Context, db *sqlx.DB, s ScoreSheet) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if err := insertSheet(ctx, tx, s); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO unit_scores (campaign_id, unit_id, kind, submission_id, base, bonus, total, eligible)
			VALUES ($1, $2, 'self', $3, $4, $5, $6, $7)
			ON CONFLICT (campaign_id, unit_id, kind) DO UPDATE SET submission_id = EXCLUDED.submission_id,
				base = EXCLUDED.base, bonus = EXCLUDED.bonus, total = EXCLUDED.total, eligible = EXCLUDED.eligible`,
			s.CampaignID, s.UnitID, s.SubmissionID, s.Result.Base, s.Result.Bonus, s.Result.Total, s.Result.Eligible); err != nil {
			return fmt.Errorf("record self-score: %w", err)
		}
		return audit(ctx, tx, s.audit("selfcheck", fmt.Sprintf("self-score base %s bonus %s", s.Result.Base, s.Result.Bonus)))
	})
}

func insertSheet(ctx context.Context, tx *sqlx.Tx, s ScoreSheet) error {
	_, err := insertFreshSheet(ctx, tx, s)
	return err
}

// insertFreshSheet records a score sheet once and says whether this call recorded it (false:
// a retry of one recorded before).
func insertFreshSheet(ctx context.Context, tx *sqlx.Tx, s ScoreSheet) (bool, error) {
	sheet, err := json.Marshal(s.Sheet)
	if err != nil {
		return false, err
	}
	items, err := json.Marshal(s.Result.Items)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO score_sheets (campaign_id, unit_id, submission_id, kind, sheet, base, bonus, total, eligible, problems, items, submitted_by, submitted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
		s.CampaignID, s.UnitID, s.SubmissionID, s.Kind, sheet, s.Result.Base, s.Result.Bonus, s.Result.Total,
		s.Result.Eligible, s.Result.Problems, items, s.By, s.At)
	if err != nil {
		return false, fmt.Errorf("record %s sheet: %w", s.Kind, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Declaration is a unit's application (申报) with its report and discipline opinion.
// UnderReview: the office reviews the materials before inspection (初步审查).
type Declaration struct {
	Submission
	Report      string
	Opinion     string
	UnderReview bool
	// Recommendation is the recommendation opinion (推荐意见); Rules, when the plan has them,
	// are checked before the declaration is taken, in the campaign's time zone.
	Recommendation string
	Summary        string
	OnNotice       bool // put on the notice before declaring first
	Rules          *campaign.DeclarationRules
	Timezone       string
}

// RecordDeclaration records a declaration. A unit declares once, or again with corrected
// materials after the office sent them back: the new submission replaces the old one and
// waits for the review again; a retried submission changes nothing.
func RecordDeclaration(ctx context.Context, db *sqlx.DB, d Declaration) error {
	var review, notice *string
	if d.UnderReview {
		pending := "pending"
		review = &pending
	}
	if d.OnNotice {
		on := "on_notice"
		notice = &on
	}
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		var recommender string
		if d.Rules != nil {
			var err error
			if recommender, err = checkDeclaring(ctx, tx, d); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO declarations (campaign_id, unit_id, submission_id, report, discipline_opinion, declared_by, declared_at, review,
				recommendation, recommended_by, summary, declaring_notice)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (campaign_id, unit_id) DO UPDATE SET submission_id = EXCLUDED.submission_id, report = EXCLUDED.report,
				discipline_opinion = EXCLUDED.discipline_opinion, declared_by = EXCLUDED.declared_by,
				declared_at = EXCLUDED.declared_at, review = EXCLUDED.review, review_note = '', fix_by = NULL,
				recommendation = EXCLUDED.recommendation, recommended_by = EXCLUDED.recommended_by, summary = EXCLUDED.summary
			WHERE declarations.review = 'returned' AND declarations.submission_id <> EXCLUDED.submission_id`,
			d.CampaignID, d.UnitID, d.SubmissionID, d.Report, d.Opinion, d.By, d.At, review, d.Recommendation, recommender, d.Summary, notice); err != nil {
			return fmt.Errorf("record declaration: %w", err)
		}
		return audit(ctx, tx, d.audit("declare", fmt.Sprintf("report of %d characters", len([]rune(d.Report)))))
	})
}

// DeclaringNoticeResult is how a declaration's notice before declaring ended.
type DeclaringNoticeResult struct {
	CampaignID  string
	UnitID      string
	Status      string // passed or removed
	UnderReview bool   // a declaration that stands waits for the preliminary review
	At          time.Time
	Removed     []string // the nominees (person ids) taken off the notice by upheld objections
}

// RecordDeclaringNotice records the end of a declaration's notice; a retry writes the same.
func RecordDeclaringNotice(ctx context.Context, db *sqlx.DB, r DeclaringNoticeResult) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			UPDATE declarations SET declaring_notice = $3,
				review = CASE WHEN $3 = 'passed' AND $4 THEN coalesce(review, 'pending') ELSE review END
			WHERE campaign_id = $1 AND unit_id = $2`, r.CampaignID, r.UnitID, r.Status, r.UnderReview); err != nil {
			return fmt.Errorf("record notice before declaring of %s: %w", r.UnitID, err)
		}
		if err := removeNominees(ctx, tx, r.CampaignID, r.UnitID, r.Removed); err != nil {
			return err
		}
		return audit(ctx, tx, Audit{Kind: "declaring-notice", Target: r.CampaignID + "/" + r.UnitID, SubmissionID: "notice-end", Actor: "system", Accepted: true,
			Summary: r.Status, At: r.At})
	})
}

// DeclarationReview is the office's verdict on a declaration's materials: accepted, returned
// for correction by FixBy, or turned down; Note says why.
type DeclarationReview struct {
	Submission
	Status string
	Note   string
	FixBy  time.Time
}

// ReviewDeclaration records the verdict; a retry writes the same row again.
func ReviewDeclaration(ctx context.Context, db *sqlx.DB, r DeclarationReview) error {
	var fixBy *time.Time
	if !r.FixBy.IsZero() {
		fixBy = &r.FixBy
	}
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE declarations SET review = $3, review_note = $4, fix_by = $5,
				returns = returns + CASE WHEN $3 = 'returned' AND review IS DISTINCT FROM 'returned' THEN 1 ELSE 0 END
			WHERE campaign_id = $1 AND unit_id = $2`, r.CampaignID, r.UnitID, r.Status, r.Note, fixBy)
		if err != nil {
			return fmt.Errorf("record review of %s: %w", r.UnitID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("record review of %s: no declaration", r.UnitID)
		}
		return audit(ctx, tx, r.audit("review-declaration", r.Status+": "+r.Note))
	})
}

// DeclarationReturns is how often a unit's declared materials were sent back for correction
// (none before it declares).
func DeclarationReturns(ctx context.Context, db *sqlx.DB, campaignID, unitID string) (int, error) {
	var n int
	err := db.GetContext(ctx, &n, `SELECT returns FROM declarations WHERE campaign_id = $1 AND unit_id = $2`, campaignID, unitID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the returns of %s's declaration: %w", unitID, err)
	}
	return n, nil
}

// Finding is a problem found on inspection; it becomes a rectification notice.
type Finding struct {
	Item    string `json:"item"`
	Size    string `json:"size"` // small or big
	Problem string `json:"problem"`
}

// Sizes of problems.
const (
	Small = "small"
	Big   = "big"
)

// Inspection is the inspectors' actual score and the problems they found.
type Inspection struct {
	ScoreSheet
	Findings []Finding
	SmallFix campaign.FixRule
	BigFix   campaign.FixRule
	Timezone string
}

// NoticeRef is a rectification notice as a unit workflow tracks it.
type NoticeRef struct {
	No       int       `db:"notice_no"`
	Size     string    `db:"size"`
	Deadline time.Time `db:"deadline"`
	Status   string    `db:"status"`
}

// RecordInspection records the actual score and issues one rectification notice per finding,
// numbered from 1, each with its deadline by size. It returns the notices; a retry returns
// the ones the first attempt issued.
func RecordInspection(ctx context.Context, db *sqlx.DB, in Inspection) ([]NoticeRef, error) {
	loc, err := time.LoadLocation(in.Timezone)
	if err != nil {
		return nil, fmt.Errorf("time zone %s: %w", in.Timezone, err)
	}
	var out []NoticeRef
	err = inTx(ctx, db, func(tx *sqlx.Tx) error {
		fresh, err := insertFreshSheet(ctx, tx, in.ScoreSheet)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO unit_scores (campaign_id, unit_id, kind, submission_id, base, bonus, total, eligible)
			VALUES ($1, $2, 'actual', $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			in.CampaignID, in.UnitID, in.SubmissionID, in.Result.Base, in.Result.Bonus, in.Result.Total, in.Result.Eligible); err != nil {
			return fmt.Errorf("record actual score: %w", err)
		}
		if out, err = issueNotices(ctx, tx, fresh, in, loc); err != nil {
			return err
		}
		return audit(ctx, tx, in.audit("inspect", fmt.Sprintf("actual base %s bonus %s, %d problems", in.Result.Base, in.Result.Bonus, len(in.Findings))))
	})
	return out, err
}

// issueNotices issues a rectification notice for each finding of a sheet just recorded (fresh;
// a retry of one recorded before issues nothing again), numbered after the unit's notices so
// far (a check's come before the final inspection's), and returns all the unit's notices.
func issueNotices(ctx context.Context, tx *sqlx.Tx, fresh bool, in Inspection, loc *time.Location) ([]NoticeRef, error) {
	if fresh && len(in.Findings) > 0 {
		var last int
		if err := tx.GetContext(ctx, &last, `SELECT coalesce(max(notice_no), 0) FROM rectification_notices
			WHERE campaign_id = $1 AND unit_id = $2`, in.CampaignID, in.UnitID); err != nil {
			return nil, err
		}
		for i, f := range in.Findings {
			rule := in.SmallFix
			if f.Size == Big {
				rule = in.BigFix
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO rectification_notices (campaign_id, unit_id, notice_no, item_id, size, problem, issued_at, deadline)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				in.CampaignID, in.UnitID, last+i+1, f.Item, f.Size, f.Problem, in.At, FixDeadline(rule, in.At, loc)); err != nil {
				return nil, fmt.Errorf("issue rectification notice %d: %w", last+i+1, err)
			}
		}
	}
	var out []NoticeRef
	err := tx.SelectContext(ctx, &out, `SELECT notice_no, size, deadline, status FROM rectification_notices
		WHERE campaign_id = $1 AND unit_id = $2 ORDER BY notice_no`, in.CampaignID, in.UnitID)
	return out, err
}

// FixDeadline is when a notice issued at `at` must be fixed: the end of that day
// (小事不过夜) or a duration later (大事不过周).
func FixDeadline(rule campaign.FixRule, at time.Time, loc *time.Location) time.Time {
	if rule.SameDay {
		return timeline.EndOfDay(at, loc)
	}
	return at.Add(rule.Within)
}

// Rectification actions.
const (
	ActionClose  = "close"  // the unit says it has fixed the problem
	ActionVerify = "verify" // the inspectors confirm the fix
	ActionReopen = "reopen" // the inspectors find it not fixed: a new deadline by size
)

// Rectification is an action on a rectification notice.
type Rectification struct {
	Submission
	NoticeNo int
	Action   string
	Note     string
	Fix      campaign.FixRule // for reopen: the rule of the notice's size
	Timezone string
}

// RecordRectification applies the action and returns the notice as it now stands.
func RecordRectification(ctx context.Context, db *sqlx.DB, r Rectification) (NoticeRef, error) {
	loc, err := time.LoadLocation(r.Timezone)
	if err != nil {
		return NoticeRef{}, fmt.Errorf("time zone %s: %w", r.Timezone, err)
	}
	var n NoticeRef
	err = inTx(ctx, db, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO rectification_events (campaign_id, unit_id, submission_id, notice_no, action, note, acted_by, acted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
			r.CampaignID, r.UnitID, r.SubmissionID, r.NoticeNo, r.Action, r.Note, r.By, r.At)
		if err != nil {
			return fmt.Errorf("record %s of notice %d: %w", r.Action, r.NoticeNo, err)
		}
		if inserted, _ := res.RowsAffected(); inserted == 1 {
			if err := applyRectification(ctx, tx, r, loc); err != nil {
				return err
			}
			if err := audit(ctx, tx, r.audit("rectify", fmt.Sprintf("notice %d: %s", r.NoticeNo, r.Action))); err != nil {
				return err
			}
		}
		return tx.GetContext(ctx, &n, `SELECT notice_no, size, deadline, status FROM rectification_notices
			WHERE campaign_id = $1 AND unit_id = $2 AND notice_no = $3`, r.CampaignID, r.UnitID, r.NoticeNo)
	})
	return n, err
}

func applyRectification(ctx context.Context, tx *sqlx.Tx, r Rectification, loc *time.Location) error {
	var q string
	args := []any{r.CampaignID, r.UnitID, r.NoticeNo, r.At}
	switch r.Action {
	case ActionClose:
		q = `UPDATE rectification_notices SET status = 'closed', closed_at = $4
			WHERE campaign_id = $1 AND unit_id = $2 AND notice_no = $3 AND status = 'open'`
	case ActionVerify:
		q = `UPDATE rectification_notices SET status = 'verified', verified_at = $4
			WHERE campaign_id = $1 AND unit_id = $2 AND notice_no = $3 AND status = 'closed'`
	case ActionReopen:
		q = `UPDATE rectification_notices SET status = 'open', closed_at = NULL, reopened = reopened + 1,
				deadline = $4, overdue_flagged_at = NULL
			WHERE campaign_id = $1 AND unit_id = $2 AND notice_no = $3 AND status = 'closed'`
		args[3] = FixDeadline(r.Fix, r.At, loc)
	default:
		return fmt.Errorf("unknown rectification action %q", r.Action)
	}
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}
