package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/rules/campaign"
)

// PersonNomination is a unit's nominee for a model-individual title (文明标兵): the form of 附件7.
type PersonNomination struct {
	Submission
	PersonID       string
	Name           string
	Post           string // 单位及职务
	Categories     []string
	Deeds          string // 事迹材料
	Recommendation string // 推荐意见
	Rules          *campaign.NominationRules
	Source         string // the document the quota comes from, quoted when refused
}

// RecordNomination records a nominee, or corrects one nominated before (same person). The
// unit's row is locked while its nominees are counted against its quota by staff, so two
// nominations at once cannot both take its last place. A nomination over the quota is a
// problem naming the unit's staff, its quota and the people nominated; sent again it changes
// nothing.
func RecordNomination(ctx context.Context, db *sqlx.DB, n PersonNomination) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		var u struct {
			Name  string `db:"name"`
			Staff int    `db:"staff_size"`
		}
		if err := tx.GetContext(ctx, &u, `SELECT name, staff_size FROM units WHERE id = $1 FOR UPDATE`, n.UnitID); err != nil {
			return fmt.Errorf("lock unit %s: %w", n.UnitID, err)
		}
		var others []string
		if err := tx.SelectContext(ctx, &others, `
			SELECT name FROM nominees WHERE campaign_id = $1 AND unit_id = $2 AND person_id <> $3 AND status = 'nominated'
			ORDER BY nominated_at, person_id`, n.CampaignID, n.UnitID, n.PersonID); err != nil {
			return fmt.Errorf("count nominees of %s: %w", n.UnitID, err)
		}
		if quota := n.Rules.QuotaFor(u.Staff); len(others) >= quota {
			return problem.New("", 0, "", "refuse.nominate.quota", "Unit", u.Name, "Staff", u.Staff, "Quota", quota,
				"Nominated", others, "Source", n.Source)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO nominees (campaign_id, unit_id, person_id, name, post, categories, deeds, recommendation, recommended_by,
				submission_id, nominated_by, nominated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (campaign_id, unit_id, person_id) DO UPDATE SET name = EXCLUDED.name, post = EXCLUDED.post,
				categories = EXCLUDED.categories, deeds = EXCLUDED.deeds, recommendation = EXCLUDED.recommendation,
				submission_id = EXCLUDED.submission_id, nominated_by = EXCLUDED.nominated_by, nominated_at = EXCLUDED.nominated_at
			WHERE nominees.submission_id <> EXCLUDED.submission_id`,
			n.CampaignID, n.UnitID, n.PersonID, n.Name, n.Post, pq.Array(n.Categories), n.Deeds, n.Recommendation,
			campaign.DefaultSubUnitRecommender, n.SubmissionID, n.By, n.At); err != nil {
			return fmt.Errorf("record nominee %s of %s: %w", n.PersonID, n.UnitID, err)
		}
		return audit(ctx, tx, n.audit("nominate", fmt.Sprintf("%s (%s), deeds of %d characters", n.Name, n.PersonID, len([]rune(n.Deeds)))))
	})
}

// Nominee is a person nominated, as the lists print them.
type Nominee struct {
	CampaignID string         `db:"campaign_id"`
	UnitID     string         `db:"unit_id"`
	UnitName   string         `db:"unit_name"`
	PersonID   string         `db:"person_id"`
	Name       string         `db:"name"`
	Post       string         `db:"post"`
	Categories pq.StringArray `db:"categories"`
	Deeds      string         `db:"deeds"`
	Status     string         `db:"status"`
	Outcome    string         `db:"outcome"`
	Reason     string         `db:"reason"`
	DocumentNo string         `db:"document_no"`
}

// Key is how the campaign's lists name the nominee: unit/person.
func (n Nominee) Key() string { return NomineeKey(n.UnitID, n.PersonID) }

// NomineeKey names a nominee on the campaign's lists (the opinions, the notice, the decision).
func NomineeKey(unit, person string) string { return unit + "/" + person }

// Nominees are a campaign's nominees with their results once named, by unit and nomination.
func Nominees(ctx context.Context, db sqlx.QueryerContext, campaignID string) ([]Nominee, error) {
	var out []Nominee
	err := sqlx.SelectContext(ctx, db, &out, `
		SELECT n.campaign_id, n.unit_id, u.name AS unit_name, n.person_id, n.name, n.post, n.categories, n.deeds, n.status,
		       coalesce(r.outcome, '') AS outcome, coalesce(r.reason, '') AS reason, coalesce(r.document_no, '') AS document_no
		FROM nominees n JOIN units u ON u.id = n.unit_id
		LEFT JOIN nominee_results r USING (campaign_id, unit_id, person_id)
		WHERE n.campaign_id = $1 ORDER BY n.unit_id, n.nominated_at, n.person_id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("nominees of %s: %w", campaignID, err)
	}
	return out, nil
}

// RemoveNominees marks the nominees an upheld objection took off the unit's notice before
// declaring; a retry marks the same.
func removeNominees(ctx context.Context, tx *sqlx.Tx, campaignID, unitID string, people []string) error {
	if len(people) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE nominees SET status = 'removed' WHERE campaign_id = $1 AND unit_id = $2 AND person_id = ANY($3)`,
		campaignID, unitID, pq.Array(people))
	if err != nil {
		return fmt.Errorf("remove nominees of %s: %w", unitID, err)
	}
	return nil
}

// ReviewNominees proposes every nominee still on the list whose unit's declaration stands:
// its notice before declaring passed, its materials accepted, the unit not vetoed. With no
// score to rank people there is no cut: the opinions, the notice and the decision narrow the
// list. Proposing again proposes the same.
func ReviewNominees(ctx context.Context, db *sqlx.DB, campaignID string) (ReviewResult, error) {
	var out ReviewResult
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &out.Candidates, `SELECT count(*) FROM nominees WHERE campaign_id = $1`, campaignID); err != nil {
			return fmt.Errorf("count nominees of %s: %w", campaignID, err)
		}
		return tx.SelectContext(ctx, &out.Proposed, `
			UPDATE nominees n SET proposed = true
			FROM declarations d
			WHERE n.campaign_id = $1 AND d.campaign_id = n.campaign_id AND d.unit_id = n.unit_id AND n.status = 'nominated'
			  AND coalesce(d.declaring_notice, 'passed') = 'passed' AND coalesce(d.review, 'accepted') = 'accepted'
			  AND NOT EXISTS (SELECT 1 FROM vetoes v WHERE v.campaign_id = n.campaign_id AND v.unit_id = n.unit_id)
			RETURNING n.unit_id || '/' || n.person_id`, campaignID)
	})
	if err != nil {
		return ReviewResult{}, fmt.Errorf("review nominees of %s: %w", campaignID, err)
	}
	slices.Sort(out.Proposed)
	return out, nil
}

// nameNominees writes every nominee's result, once, in the naming's transaction, and enters
// the title of each person named in the register.
func nameNominees(ctx context.Context, tx *sqlx.Tx, n Naming) error {
	excluded, exclusions := unitReasons(n.Excluded)
	struck, strikes := unitReasons(n.Struck)
	withheld, holds := unitReasons(n.Withheld)
	if _, err := tx.ExecContext(ctx, nameNomineesSQL, n.CampaignID, pq.Array(n.Removed), n.At, pq.Array(excluded), pq.Array(exclusions),
		pq.Array(struck), pq.Array(strikes), n.Document, pq.Array(withheld), pq.Array(holds)); err != nil {
		return fmt.Errorf("write nominees' results of %s: %w", n.CampaignID, err)
	}
	if n.Confers == nil {
		return nil
	}
	var added []int64
	if err := tx.SelectContext(ctx, &added, `
		INSERT INTO titles (unit_id, person, kind, level, name, conferred_by, document_no, campaign_id, conferred_on, term_end, source, reward)
		SELECT r.unit_id, p.name, $2, $3, $4, $5, coalesce(r.document_no, ''), $1, $6::date, `+termEnd+`, 'campaign', $8
		FROM nominee_results r JOIN nominees p USING (campaign_id, unit_id, person_id)
		WHERE r.campaign_id = $1 AND r.outcome = 'named'
		  AND NOT EXISTS (SELECT 1 FROM titles t WHERE t.unit_id = r.unit_id AND t.person = p.name AND t.kind = $2 AND t.level = $3
		                  AND t.conferred_on = $6::date) -- a retry draws no number from the sequence
		ON CONFLICT (unit_id, person, holder, kind, level, conferred_on) DO NOTHING
		RETURNING id`, n.CampaignID, n.Confers.Kind, string(n.Confers.Level), n.Confers.Name, n.Body, n.conferredOn().Format(time.DateOnly),
		n.termDays(), n.Confers.Reward); err != nil {
		return fmt.Errorf("enter the titles of %s: %w", n.CampaignID, err)
	}
	return firstTitleEvents(ctx, tx, added, n)
}

// nameNomineesSQL decides each nominee's outcome, in this order: a veto of the unit, an upheld
// objection (on the notice before declaring or before naming), the discipline committee's
// opinion, the deciding body, the proposed list, the preliminary review, and a declaration
// not sent or not reviewed in time.
var nameNomineesSQL = `
	INSERT INTO nominee_results (campaign_id, unit_id, person_id, outcome, reason, decided_at, document_no)
	SELECT n.campaign_id, n.unit_id, n.person_id,
		CASE
			WHEN v.unit_id IS NOT NULL THEN 'vetoed'
			WHEN n.status = 'removed' OR k.key = ANY($2) THEN 'removed_by_objection'
			WHEN ex.reason IS NOT NULL OR sk.reason IS NOT NULL OR wh.reason IS NOT NULL THEN 'not_approved'
			WHEN n.proposed THEN 'named'
			WHEN d.review = 'turned_down' THEN 'turned_down'
			WHEN d.unit_id IS NOT NULL THEN 'not_inspected'
			ELSE 'not_declared'
		END,
		CASE
			WHEN v.unit_id IS NOT NULL THEN '所在单位一票否决: ' || v.veto_id
			WHEN n.status = 'removed' THEN '申报前公示期间异议成立'
			WHEN k.key = ANY($2) THEN '公示期间异议成立'
			WHEN ex.reason IS NOT NULL THEN '征求纪工委意见, 不同意命名: ' || ex.reason
			WHEN sk.reason IS NOT NULL THEN '决定时未予批准: ' || sk.reason
			WHEN wh.reason IS NOT NULL THEN wh.reason
			WHEN n.proposed THEN '命名'
			WHEN d.review = 'turned_down' THEN '初步审查不予通过: ' || d.review_note
			WHEN d.declaring_notice = 'on_notice' THEN '已申报, 截止前申报前公示未结束'
			WHEN d.unit_id IS NOT NULL THEN '已申报, 截止前未完成初步审查'
			WHEN rd.reason IS NOT NULL THEN '单位申报未被受理: ' || rd.reason
			ELSE '单位逾期未申报'
		END,
		$3,
		CASE WHEN v.unit_id IS NULL AND n.status = 'nominated' AND NOT coalesce(k.key = ANY($2), false) AND ex.reason IS NULL
			AND wh.reason IS NULL AND (n.proposed OR sk.reason IS NOT NULL) THEN NULLIF($8, '') END
	FROM nominees n
	CROSS JOIN LATERAL (SELECT n.unit_id || '/' || n.person_id AS key) k
	LEFT JOIN declarations d ON d.campaign_id = n.campaign_id AND d.unit_id = n.unit_id
	LEFT JOIN (SELECT DISTINCT ON (unit_id) unit_id, veto_id FROM vetoes WHERE campaign_id = $1 AND NOT after_naming ORDER BY unit_id, veto_id) v
	       ON v.unit_id = n.unit_id
	LEFT JOIN unnest($4::text[], $5::text[]) AS ex(key, reason) ON ex.key = k.key
	LEFT JOIN unnest($6::text[], $7::text[]) AS sk(key, reason) ON sk.key = k.key
	LEFT JOIN unnest($9::text[], $10::text[]) AS wh(key, reason) ON wh.key = k.key
	` + lastDeclareRefusal("n") + `
	WHERE n.campaign_id = $1
	ON CONFLICT (campaign_id, unit_id, person_id) DO NOTHING`
