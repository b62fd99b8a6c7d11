package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/rules/points"
)

// CampaignHead is what every campaign report shows at its top.
type CampaignHead struct {
	ID          string     `db:"id"`
	Title       string     `db:"title"`
	Timezone    string     `db:"timezone"`
	Phase       string     `db:"phase"`
	StandardID  string     `db:"standard_id"`
	PublishedAt *time.Time `db:"published_at"`
	NamedAt     *time.Time `db:"named_at"`
}

// LoadCampaignHead reads a campaign's head.
func LoadCampaignHead(ctx context.Context, db *sqlx.DB, id string) (CampaignHead, error) {
	var h CampaignHead
	err := db.GetContext(ctx, &h, `SELECT id, title, timezone, phase, coalesce(standard_id, '') AS standard_id, published_at, named_at FROM campaigns WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("there is no campaign %s (starter campaign list)", id)
	}
	return h, err
}

// NoticeHead is a public notice as posted.
type NoticeHead struct {
	NoticeID string     `db:"notice_id"`
	Title    string     `db:"title"`
	Contact  string     `db:"contact"`
	StartsAt time.Time  `db:"starts_at"`
	EndsAt   time.Time  `db:"ends_at"`
	ClosedAt *time.Time `db:"closed_at"`
}

// NoticeEntry is a line of a notice's list, with the objections against it.
type NoticeEntry struct {
	Position   int            `db:"position"`
	EntryID    string         `db:"entry_id"`
	Name       string         `db:"name"`
	Total      *points.Points `db:"total"`
	Objections int            `db:"objections"`
	Upheld     int            `db:"upheld"`
}

// LoadCampaignNotice reads the public notice of a campaign, found by the campaign's id.
func LoadCampaignNotice(ctx context.Context, db *sqlx.DB, campaignID string) (NoticeHead, []NoticeEntry, error) {
	var h NoticeHead
	err := db.GetContext(ctx, &h, `SELECT notice_id, title, contact, starts_at, ends_at, closed_at FROM public_notices WHERE campaign_id = $1`, campaignID)
	if errors.Is(err, sql.ErrNoRows) {
		return h, nil, fmt.Errorf("the public notice of campaign %s has not been published yet", campaignID)
	}
	if err != nil {
		return h, nil, err
	}
	entries, err := noticeEntries(ctx, db, h.NoticeID)
	return h, entries, err
}

// noticeEntries lists a notice's entries with their names, scores and objections.
func noticeEntries(ctx context.Context, db *sqlx.DB, noticeID string) ([]NoticeEntry, error) {
	var entries []NoticeEntry
	err := db.SelectContext(ctx, &entries, `
		SELECT e.position, e.entry_id, coalesce(u.name, nm.name || '（' || nu.name || '）', m.name, b.name, e.entry_id) AS name,
		       coalesce(r.total, p.score) AS total,
		       (SELECT count(*) FROM objections o WHERE o.notice_id = e.notice_id AND o.entry_id = e.entry_id) AS objections,
		       (SELECT count(*) FROM objections o WHERE o.notice_id = e.notice_id AND o.entry_id = e.entry_id AND o.decision = 'uphold') AS upheld
		FROM notice_entries e
		JOIN public_notices n ON n.notice_id = e.notice_id
		LEFT JOIN units u ON u.id = e.entry_id
		LEFT JOIN members m ON m.id = e.entry_id
		LEFT JOIN branches b ON b.id = e.entry_id
		-- A person of a campaign naming people: unit/person on the naming notice, the person on
		-- the unit's notice before declaring.
		LEFT JOIN nominees nm ON nm.campaign_id = n.campaign_id AND (nm.unit_id || '/' || nm.person_id = e.entry_id
			OR (nm.person_id = e.entry_id AND n.subject = 'campaign/' || nm.campaign_id || '/unit/' || nm.unit_id))
		LEFT JOIN units nu ON nu.id = nm.unit_id
		LEFT JOIN campaign_review r ON r.campaign_id = n.campaign_id AND r.unit_id = e.entry_id
		LEFT JOIN round_proposals p ON p.round_id = n.subject AND p.subject_id = e.entry_id
		WHERE e.notice_id = $1 ORDER BY e.position`, noticeID)
	return entries, err
}

// TaskProgress is a unit's progress on the responsibility list.
type TaskProgress struct {
	UnitID   string `db:"unit_id"`
	UnitName string `db:"unit_name"`
	Tasks    int    `db:"tasks"`
	Done     int    `db:"done"`
	Overdue  int    `db:"overdue"`
	Flagged  string `db:"flagged"` // titles of the overdue tasks, for the 通报
}

// TaskProgressOf lists every unit's progress, most behind first.
func TaskProgressOf(ctx context.Context, db *sqlx.DB, campaignID string, at time.Time) ([]TaskProgress, error) {
	var out []TaskProgress
	err := db.SelectContext(ctx, &out, `
		SELECT t.unit_id, u.name AS unit_name, count(*) AS tasks, count(t.done_at) AS done,
		       count(*) FILTER (WHERE t.done_at IS NULL AND t.deadline < $2) AS overdue,
		       coalesce(string_agg(t.title, '、' ORDER BY t.deadline) FILTER (WHERE t.done_at IS NULL AND t.deadline < $2), '') AS flagged
		FROM campaign_tasks t JOIN units u ON u.id = t.unit_id
		WHERE t.campaign_id = $1
		GROUP BY t.unit_id, u.name
		ORDER BY count(*) FILTER (WHERE t.done_at IS NULL AND t.deadline < $2) DESC, count(t.done_at)::float / count(*) ASC, t.unit_id`,
		campaignID, at)
	return out, err
}

// RectificationRow is a rectification notice for reports.
type RectificationRow struct {
	UnitName   string     `db:"unit_name"`
	No         int        `db:"notice_no"`
	Item       string     `db:"item_id"`
	Size       string     `db:"size"`
	Problem    string     `db:"problem"`
	IssuedAt   time.Time  `db:"issued_at"`
	Deadline   time.Time  `db:"deadline"`
	Status     string     `db:"status"`
	Reopened   int        `db:"reopened"`
	ClosedAt   *time.Time `db:"closed_at"`
	VerifiedAt *time.Time `db:"verified_at"`
	Overdue    bool       `db:"overdue"`
}

// Rectifications lists a campaign's rectification notices, open ones first.
func Rectifications(ctx context.Context, db *sqlx.DB, campaignID string, at time.Time) ([]RectificationRow, error) {
	var out []RectificationRow
	err := db.SelectContext(ctx, &out, `
		SELECT u.name AS unit_name, n.notice_no, n.item_id, n.size, n.problem, n.issued_at, n.deadline, n.status, n.reopened,
		       n.closed_at, n.verified_at,
		       (n.status = 'open' AND n.deadline < $2) OR (n.overdue_flagged_at IS NOT NULL AND n.status <> 'verified') AS overdue
		FROM rectification_notices n JOIN units u ON u.id = n.unit_id
		WHERE n.campaign_id = $1
		ORDER BY n.status = 'verified', n.status = 'closed', n.deadline, u.name, n.notice_no`, campaignID, at)
	return out, err
}

// MonthActivity counts what happened in a campaign between two times.
type MonthActivity struct {
	TaskReports   int `db:"task_reports"`
	TasksDone     int `db:"tasks_done"`
	TasksFlagged  int `db:"tasks_flagged"`
	SelfChecks    int `db:"self_checks"`
	Declarations  int `db:"declarations"`
	Inspections   int `db:"inspections"`
	NoticesIssued int `db:"notices_issued"`
	NoticesClosed int `db:"notices_closed"`
	Vetoes        int `db:"vetoes"`
	Objections    int `db:"objections"`
	Checks        int `db:"checks"`
}

// Activity counts a campaign's activity in [from, to).
func Activity(ctx context.Context, db *sqlx.DB, campaignID string, from, to time.Time) (MonthActivity, error) {
	var a MonthActivity
	err := db.GetContext(ctx, &a, `
		SELECT
		  (SELECT count(*) FROM task_reports WHERE campaign_id = $1 AND reported_at >= $2 AND reported_at < $3) AS task_reports,
		  (SELECT count(*) FROM campaign_tasks WHERE campaign_id = $1 AND done_at >= $2 AND done_at < $3) AS tasks_done,
		  (SELECT count(*) FROM campaign_tasks WHERE campaign_id = $1 AND overdue_flagged_at >= $2 AND overdue_flagged_at < $3) AS tasks_flagged,
		  (SELECT count(*) FROM score_sheets WHERE campaign_id = $1 AND kind = 'self' AND submitted_at >= $2 AND submitted_at < $3) AS self_checks,
		  (SELECT count(*) FROM declarations WHERE campaign_id = $1 AND declared_at >= $2 AND declared_at < $3) AS declarations,
		  (SELECT count(*) FROM score_sheets WHERE campaign_id = $1 AND kind = 'actual' AND submitted_at >= $2 AND submitted_at < $3) AS inspections,
		  (SELECT count(*) FROM rectification_notices WHERE campaign_id = $1 AND issued_at >= $2 AND issued_at < $3) AS notices_issued,
		  (SELECT count(*) FROM rectification_notices WHERE campaign_id = $1 AND verified_at >= $2 AND verified_at < $3) AS notices_closed,
		  (SELECT count(*) FROM vetoes WHERE campaign_id = $1 AND recorded_at >= $2 AND recorded_at < $3) AS vetoes,
		  (SELECT count(*) FROM objections WHERE notice_id = 'campaign/' || $1 || '/notice' AND filed_at >= $2 AND filed_at < $3) AS objections,
		  (SELECT count(*) FROM supervision_checks WHERE campaign_id = $1 AND checked_at >= $2 AND checked_at < $3) AS checks`,
		campaignID, from, to)
	return a, err
}

// RankMove is a unit's place in the task ranking at two times.
type RankMove struct {
	UnitName string         `db:"unit_name"`
	Before   *int           `db:"before"`
	After    *int           `db:"after"`
	Done     int            `db:"done"`
	Total    int            `db:"total"`
	Basis    string         `db:"basis"` // tasks, or inspections once any unit was inspected
	Score    *points.Points `db:"score"` // the latest inspection score, when there is one
}

// RankMoves compares the last task ranking up to `from` with the last one up to `to`: a
// monthly ranking comes at the first instant of the next month, and ranks the month before it.
func RankMoves(ctx context.Context, db *sqlx.DB, campaignID string, from, to time.Time) ([]RankMove, error) {
	var out []RankMove
	err := db.SelectContext(ctx, &out, `
		WITH last_before AS (SELECT max(seq) AS seq FROM task_rankings WHERE campaign_id = $1 AND ranked_at <= $2),
		     last_in AS (SELECT max(seq) AS seq FROM task_rankings WHERE campaign_id = $1 AND ranked_at <= $3)
		SELECT u.name AS unit_name, b.rank AS before, a.rank AS after, a.done, a.total, a.basis, a.score
		FROM task_rankings a
		JOIN units u ON u.id = a.unit_id
		LEFT JOIN task_rankings b ON b.campaign_id = a.campaign_id AND b.unit_id = a.unit_id AND b.seq = (SELECT seq FROM last_before)
		WHERE a.campaign_id = $1 AND a.seq = (SELECT seq FROM last_in)
		ORDER BY a.rank, u.name`, campaignID, from, to)
	return out, err
}

// BranchSummary is one branch's round at a glance.
type BranchSummary struct {
	BranchName string `db:"branch_name"`
	Members    int    `db:"members"`
	Eligible   bool   `db:"eligible"`
	Ballots    *int   `db:"ballots"`
	Present    *int   `db:"present"`
	Awarded    int    `db:"awarded"`
	Others     int    `db:"others"`
	// Red flag: the branch's self-report and the records the committee's score rests on.
	SelfScore *points.Points `db:"self_score"`
	Basis     *string        `db:"basis"`
}

// BranchSummaries gives every branch's round at a glance.
func BranchSummaries(ctx context.Context, db *sqlx.DB, roundID string) ([]BranchSummary, error) {
	var out []BranchSummary
	err := db.SelectContext(ctx, &out, `
		SELECT b.name AS branch_name, rb.members, rb.eligible, s.ballots, s.present,
		       count(r.subject_id) FILTER (WHERE r.outcome = 'awarded') AS awarded,
		       count(r.subject_id) FILTER (WHERE r.outcome <> 'awarded') AS others,
		       own.total AS self_score, nullif(c.basis, '') AS basis
		FROM round_branches rb JOIN branches b ON b.id = rb.branch_id
		LEFT JOIN ballot_sheets s ON s.round_id = rb.round_id AND s.branch_id = rb.branch_id
		LEFT JOIN round_results r ON r.round_id = rb.round_id AND r.branch_id = rb.branch_id
		LEFT JOIN redflag_scores own ON own.round_id = rb.round_id AND own.branch_id = rb.branch_id AND own.kind = 'self'
		LEFT JOIN redflag_scores c ON c.round_id = rb.round_id AND c.branch_id = rb.branch_id AND c.kind = 'committee'
		WHERE rb.round_id = $1
		GROUP BY b.name, rb.branch_id, rb.members, rb.eligible, s.ballots, s.present, own.total, c.basis
		ORDER BY rb.branch_id`, roundID)
	return out, err
}
