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

	"wenming/input/problem"
	"wenming/rules/campaign"
	"wenming/zones"
)

// Mobilize records and publishes a campaign: its plan, units (in groups), leadership group
// and responsibility list, with tasks for "all" expanded to every unit in SQL. Running it
// again changes nothing.
func Mobilize(ctx context.Context, db *sqlx.DB, p campaign.Plan, at time.Time) error {
	return register(ctx, db, p, at, "mobilize")
}

// register records a campaign and its units in the phase given; a campaign recorded before
// stays as it is. An id a campaign of the other kind (naming, or rating) holds is refused.
func register(ctx context.Context, db *sqlx.DB, p campaign.Plan, at time.Time, phase string) error {
	doc, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO campaigns (id, title, standard_id, standard_digest, timezone, plan, phase, published_at)
			VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), $5, $6, $8, $7)
			ON CONFLICT (id) DO NOTHING`, p.ID, p.Title, p.StandardID, p.StandardDigest, p.Timezone, doc, at, phase); err != nil {
			return fmt.Errorf("record campaign %s: %w", p.ID, err)
		}
		var rating bool
		if err := tx.GetContext(ctx, &rating, `SELECT phase = 'rating' FROM campaigns WHERE id = $1`, p.ID); err != nil {
			return fmt.Errorf("look up campaign %s: %w", p.ID, err)
		}
		if rating != (phase == "rating") { // the id is another kind's: its units stay its own
			return problem.New("", 0, "id", "office.campaign.other_kind", "ID", p.ID)
		}
		groups := make([]int64, len(p.Units))
		for i := range p.Units {
			groups[i] = int64(i / p.GroupSize)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO campaign_units (campaign_id, unit_id, group_no)
			SELECT $1, u, g FROM unnest($2::text[], $3::int[]) AS r(u, g)
			ON CONFLICT DO NOTHING`, p.ID, pq.Array(p.Units), pq.Array(groups)); err != nil {
			return fmt.Errorf("record units of %s: %w", p.ID, err)
		}
		if err := saveLeaders(ctx, tx, p); err != nil {
			return err
		}
		return saveTasks(ctx, tx, p)
	})
}

func saveLeaders(ctx context.Context, tx *sqlx.Tx, p campaign.Plan) error {
	var roles, names, titles []string
	for _, l := range p.Leaders {
		roles, names, titles = append(roles, l.Role), append(names, l.Name), append(titles, l.Title)
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO campaign_leaders (campaign_id, position, role, name, title)
		SELECT $1, ord, role, name, title FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(role, name, title, ord)
		ON CONFLICT DO NOTHING`, p.ID, pq.Array(roles), pq.Array(names), pq.Array(titles))
	if err != nil {
		return fmt.Errorf("record leadership of %s: %w", p.ID, err)
	}
	return nil
}

func saveTasks(ctx context.Context, tx *sqlx.Tx, p campaign.Plan) error {
	var ids, units, titles, persons []string
	var deadlines []time.Time
	for _, t := range p.Tasks {
		ids, units, titles, persons = append(ids, t.ID), append(units, t.Unit), append(titles, t.Title), append(persons, t.Person)
		deadlines = append(deadlines, t.Deadline)
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO campaign_tasks (campaign_id, task_id, unit_id, title, person, deadline)
		SELECT $1, t.id, cu.unit_id, t.title, t.person, t.deadline
		FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS t(id, unit, title, person, deadline)
		JOIN campaign_units cu ON cu.campaign_id = $1 AND (t.unit = 'all' OR cu.unit_id = t.unit)
		ON CONFLICT DO NOTHING`, p.ID, pq.Array(ids), pq.Array(units), pq.Array(titles), pq.Array(persons), pq.Array(deadlines))
	if err != nil {
		return fmt.Errorf("record tasks of %s: %w", p.ID, err)
	}
	return nil
}

// SetPhase records where a campaign stands.
func SetPhase(ctx context.Context, db *sqlx.DB, campaignID string, phase campaign.Phase) error {
	_, err := db.ExecContext(ctx, `UPDATE campaigns SET phase = $2, updated_at = now() WHERE id = $1 AND phase <> $2`, campaignID, phase)
	if err != nil {
		return fmt.Errorf("set phase of %s: %w", campaignID, err)
	}
	return nil
}

// TaskRef is a task of a unit, as its workflow needs it to check progress reports.
type TaskRef struct {
	ID       string    `db:"task_id"`
	Title    string    `db:"title"`
	Deadline time.Time `db:"deadline"`
}

// UnitTasks lists a unit's tasks in a campaign.
func UnitTasks(ctx context.Context, db *sqlx.DB, campaignID, unitID string) ([]TaskRef, error) {
	var out []TaskRef
	err := db.SelectContext(ctx, &out, `SELECT task_id, title, deadline FROM campaign_tasks
		WHERE campaign_id = $1 AND unit_id = $2 ORDER BY deadline, task_id`, campaignID, unitID)
	if err != nil {
		return nil, fmt.Errorf("tasks of %s in %s: %w", unitID, campaignID, err)
	}
	return out, nil
}

// UnitVeto is the veto recorded against a unit in a campaign, or "".
func UnitVeto(ctx context.Context, db *sqlx.DB, campaignID, unitID string) (string, error) {
	var veto string
	err := db.GetContext(ctx, &veto, `SELECT veto_id FROM vetoes WHERE campaign_id = $1 AND unit_id = $2`, campaignID, unitID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("veto of %s in %s: %w", unitID, campaignID, err)
	}
	return veto, nil
}

// Counts is where a campaign's units stand, for summaries and status.
type Counts struct {
	Units          int `db:"units" json:"units"`
	SelfChecked    int `db:"self_checked" json:"self_checked"`
	Declared       int `db:"declared" json:"declared"`
	Inspected      int `db:"inspected" json:"inspected"`
	OpenNotices    int `db:"open_notices" json:"open_notices"`
	OverdueNotices int `db:"overdue_notices" json:"overdue_notices"`
	OverdueTasks   int `db:"overdue_tasks" json:"overdue_tasks"`
	Vetoed         int `db:"vetoed" json:"vetoed"`
}

// CampaignCounts counts in one query.
func CampaignCounts(ctx context.Context, db sqlx.QueryerContext, campaignID string) (Counts, error) {
	var c Counts
	err := sqlx.GetContext(ctx, db, &c, `
		SELECT
			(SELECT count(*) FROM campaign_units WHERE campaign_id = $1) AS units,
			(SELECT count(*) FROM unit_scores WHERE campaign_id = $1 AND kind = 'self') AS self_checked,
			(SELECT count(*) FROM declarations WHERE campaign_id = $1) AS declared,
			(SELECT count(*) FROM unit_scores WHERE campaign_id = $1 AND kind = 'actual') AS inspected,
			(SELECT count(*) FROM rectification_notices WHERE campaign_id = $1 AND status <> 'verified') AS open_notices,
			(SELECT count(*) FROM rectification_notices WHERE campaign_id = $1 AND overdue_flagged_at IS NOT NULL AND status = 'open') AS overdue_notices,
			(SELECT count(*) FROM campaign_tasks WHERE campaign_id = $1 AND overdue_flagged_at IS NOT NULL AND done_at IS NULL) AS overdue_tasks,
			(SELECT count(*) FROM vetoes WHERE campaign_id = $1) AS vetoed`, campaignID)
	if err != nil {
		return c, fmt.Errorf("count %s: %w", campaignID, err)
	}
	return c, nil
}

// Supervision is what one progress check (周评) found.
type Supervision struct {
	Counts
	NewlyOverdueTasks   int
	NewlyOverdueNotices int
	Reminders           int
}

// Supervise runs progress check number seq at `at`: it flags tasks and rectification notices
// past their deadline (通报), writes reminders for what is still missing in this phase, and
// records the check. Running the same check again changes nothing.
func Supervise(ctx context.Context, db *sqlx.DB, campaignID string, seq int, phase campaign.Phase, at time.Time) (Supervision, error) {
	var s Supervision
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var done bool
		if err := tx.GetContext(ctx, &done, `SELECT EXISTS (SELECT 1 FROM supervision_checks WHERE campaign_id = $1 AND seq = $2)`, campaignID, seq); err != nil {
			return err
		}
		if !done {
			if err := flagAndRemind(ctx, tx, campaignID, seq, phase, at, &s); err != nil {
				return err
			}
		}
		c, err := CampaignCounts(ctx, tx, campaignID)
		s.Counts = c
		return err
	})
	if err != nil {
		return s, fmt.Errorf("progress check %d of %s: %w", seq, campaignID, err)
	}
	return s, nil
}

func flagAndRemind(ctx context.Context, tx *sqlx.Tx, campaignID string, seq int, phase campaign.Phase, at time.Time, s *Supervision) error {
	res, err := tx.ExecContext(ctx, `UPDATE campaign_tasks SET overdue_flagged_at = $2
		WHERE campaign_id = $1 AND deadline < $2 AND done_at IS NULL AND overdue_flagged_at IS NULL`, campaignID, at)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	s.NewlyOverdueTasks = int(n)
	res, err = tx.ExecContext(ctx, `UPDATE rectification_notices SET overdue_flagged_at = $2
		WHERE campaign_id = $1 AND deadline < $2 AND status = 'open' AND overdue_flagged_at IS NULL`, campaignID, at)
	if err != nil {
		return err
	}
	n, _ = res.RowsAffected()
	s.NewlyOverdueNotices = int(n)
	res, err = tx.ExecContext(ctx, remindersSQL, campaignID, seq, string(phase), at)
	if err != nil {
		return fmt.Errorf("write reminders: %w", err)
	}
	n, _ = res.RowsAffected()
	s.Reminders = int(n)
	_, err = tx.ExecContext(ctx, `INSERT INTO supervision_checks
		(campaign_id, seq, checked_at, phase, overdue_tasks, overdue_notices, reminders) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		campaignID, seq, at, phase, s.NewlyOverdueTasks, s.NewlyOverdueNotices, s.Reminders)
	return err
}

// RemindOverdue writes the seq-th reminder of a campaign's overdue waits to the outbox, for
// the office (no unit). Written again, it adds nothing.
func RemindOverdue(ctx context.Context, db *sqlx.DB, campaignID, kind string, seq int, message string, at time.Time) error {
	_, err := db.ExecContext(ctx, `INSERT INTO reminders (campaign_id, unit_id, kind, seq, message, created_at)
		VALUES ($1, '', $2, $3, $4, $5) ON CONFLICT DO NOTHING`, campaignID, kind, seq, message, at)
	if err != nil {
		return fmt.Errorf("remind the office of %s's overdue wait (%s): %w", campaignID, kind, err)
	}
	return nil
}

// remindersSQL writes the reminders of one check: overdue tasks to their unit; during the
// self-check, units without a self-score; during acceptance, declared units not inspected
// yet (to the inspectors) and open notices past their deadline.
const remindersSQL = `
	INSERT INTO reminders (campaign_id, unit_id, kind, seq, message, created_at)
	SELECT $1, unit_id, kind, $2, message, $4 FROM (
		SELECT unit_id, 'task' AS kind, '任务逾期: ' || string_agg(title, '、' ORDER BY task_id) AS message
		FROM campaign_tasks WHERE campaign_id = $1 AND deadline < $4 AND done_at IS NULL
		GROUP BY unit_id
		UNION ALL
		SELECT cu.unit_id, 'selfcheck', '请在截止前提交自评表并申报'
		FROM campaign_units cu
		WHERE cu.campaign_id = $1 AND $3 = 'selfcheck'
		  AND NOT EXISTS (SELECT 1 FROM declarations d WHERE d.campaign_id = $1 AND d.unit_id = cu.unit_id)
		UNION ALL
		SELECT d.unit_id, 'inspection', '已申报单位待实地检查验收'
		FROM declarations d
		WHERE d.campaign_id = $1 AND $3 IN ('acceptance', 'review')
		  AND NOT EXISTS (SELECT 1 FROM unit_scores s WHERE s.campaign_id = $1 AND s.unit_id = d.unit_id AND s.kind = 'actual')
		UNION ALL
		SELECT unit_id, 'rectify', '整改通知逾期未整改: ' || string_agg(notice_no::text, '、' ORDER BY notice_no)
		FROM rectification_notices WHERE campaign_id = $1 AND deadline < $4 AND status = 'open'
		GROUP BY unit_id
	) r
	WHERE NOT EXISTS (SELECT 1 FROM vetoes v WHERE v.campaign_id = $1 AND v.unit_id = r.unit_id)
	ON CONFLICT DO NOTHING`

// RankTasks records ranking number seq of the units by task completion (每月排名).
func RankTasks(ctx context.Context, db *sqlx.DB, campaignID string, seq int, at time.Time) (int, error) {
	res, err := db.ExecContext(ctx, rankSQL, campaignID, seq, at)
	if err != nil {
		return 0, fmt.Errorf("rank tasks of %s: %w", campaignID, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// rankSQL ranks the units (每月公布考核测评排名): by each unit's latest inspection score (a check
// or the final acceptance) once any unit has one, units not yet inspected last; by the share of
// tasks done before that.
const rankSQL = `
	WITH tasks AS (
		SELECT cu.unit_id, count(t.done_at) AS done, count(t.task_id) AS total
		FROM campaign_units cu
		LEFT JOIN campaign_tasks t ON t.campaign_id = cu.campaign_id AND t.unit_id = cu.unit_id
		WHERE cu.campaign_id = $1
		GROUP BY cu.unit_id),
	scores AS (
		SELECT unit_id, total, checked_at AS at FROM unit_checks WHERE campaign_id = $1 AND checked_at <= $3
		UNION ALL
		SELECT s.unit_id, s.total, sh.submitted_at FROM unit_scores s
		JOIN score_sheets sh ON sh.campaign_id = s.campaign_id AND sh.unit_id = s.unit_id AND sh.submission_id = s.submission_id
		WHERE s.campaign_id = $1 AND s.kind = 'actual' AND sh.submitted_at <= $3),
	latest AS (SELECT DISTINCT ON (unit_id) unit_id, total FROM scores ORDER BY unit_id, at DESC),
	basis AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM latest) THEN 'inspections' ELSE 'tasks' END AS basis)
	INSERT INTO task_rankings (campaign_id, seq, unit_id, done, total, rank, ranked_at, basis, score)
	SELECT $1, $2, t.unit_id, t.done, t.total,
	       CASE WHEN b.basis = 'inspections'
	            THEN rank() OVER (ORDER BY l.total DESC NULLS LAST)
	            ELSE rank() OVER (ORDER BY t.done::float / greatest(t.total, 1) DESC) END,
	       $3, b.basis, l.total
	FROM tasks t CROSS JOIN basis b LEFT JOIN latest l ON l.unit_id = t.unit_id
	ON CONFLICT DO NOTHING`

// CheckScore is a unit's score in an inspection before the final acceptance.
type CheckScore struct {
	ScoreSheet
	CheckID string
	// Findings, as an inspection's, each a rectification notice under the same rules.
	Findings         []Finding
	SmallFix, BigFix campaign.FixRule
	Timezone         string
}

// RecordCheckScore records a unit's score in a check, once, with a rectification notice for
// each finding: a retry changes nothing. It returns all the unit's notices.
func RecordCheckScore(ctx context.Context, db *sqlx.DB, c CheckScore) ([]NoticeRef, error) {
	var out []NoticeRef
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		fresh, err := insertFreshSheet(ctx, tx, c.ScoreSheet)
		if err != nil {
			return err
		}
		out, err = issueNotices(ctx, tx, fresh, Inspection{ScoreSheet: c.ScoreSheet, Findings: c.Findings, SmallFix: c.SmallFix, BigFix: c.BigFix},
			zones.Location(c.Timezone))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO unit_checks (campaign_id, unit_id, check_id, submission_id, base, bonus, total, checked_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
			c.CampaignID, c.UnitID, c.CheckID, c.SubmissionID, c.Result.Base, c.Result.Bonus, c.Result.Total, c.At); err != nil {
			return fmt.Errorf("record check %s of %s: %w", c.CheckID, c.UnitID, err)
		}
		return audit(ctx, tx, c.audit("check", fmt.Sprintf("check %s: base %s, %d problems", c.CheckID, c.Result.Base, len(c.Findings))))
	})
	return out, err
}

// CampaignInfo is what the CLI needs to read a campaign's sheets and times.
type CampaignInfo struct {
	StandardID string `db:"standard_id"`
	Timezone   string `db:"timezone"`
}

// LoadCampaignInfo reads a recorded campaign's standard and time zone.
func LoadCampaignInfo(ctx context.Context, db *sqlx.DB, campaignID string) (CampaignInfo, error) {
	var c CampaignInfo
	err := db.GetContext(ctx, &c, `SELECT coalesce(standard_id, '') AS standard_id, timezone FROM campaigns WHERE id = $1`, campaignID)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("campaign %s is not recorded: it is not started or not mobilized yet (starter campaign status %s)", campaignID, campaignID)
	}
	if err != nil {
		return c, fmt.Errorf("look up campaign %s: %w", campaignID, err)
	}
	return c, nil
}

// CampaignKind says whether a campaign of the id is recorded, and whether it is a rating
// campaign (星级评定).
func CampaignKind(ctx context.Context, db *sqlx.DB, id string) (recorded, rating bool, err error) {
	err = db.GetContext(ctx, &rating, `SELECT phase = 'rating' FROM campaigns WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, nil
	}
	if err != nil {
		return false, false, fmt.Errorf("look up campaign %s: %w", id, err)
	}
	return true, rating, nil
}
