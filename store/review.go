package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/rules/campaign"
	"wenming/rules/points"
	"wenming/rules/rank"
)

// ReviewResult is the outcome of a review: the proposed list, or a tie to decide first.
type ReviewResult struct {
	Candidates int
	Proposed   []string
	Pending    *rank.Tie
}

// Review ranks the candidates (declared, inspected at or above the pass line, not vetoed) by
// actual total and applies the quota and the administrators' tie decisions. Without a
// pending tie it records the ranking and the proposed list.
func Review(ctx context.Context, db *sqlx.DB, campaignID string, q campaign.PlannedQuota, rankBy string, decisions []rank.Decision, at time.Time) (ReviewResult, error) {
	var cands []struct {
		ID     string        `db:"unit_id"`
		Total  points.Points `db:"total"`
		Parent string        `db:"parent"`
	}
	if err := db.SelectContext(ctx, &cands, `
		SELECT s.unit_id, coalesce(parent_id, '') AS parent,
		       CASE WHEN $2 = 'average' THEN round((s.total + coalesce(c.sum, 0)) / (1 + coalesce(c.n, 0)), 2) ELSE s.total END AS total
		FROM unit_scores s
		JOIN declarations d ON d.campaign_id = s.campaign_id AND d.unit_id = s.unit_id
		JOIN units u ON u.id = s.unit_id
		LEFT JOIN (SELECT unit_id, sum(total) AS sum, count(*) AS n FROM unit_checks WHERE campaign_id = $1 GROUP BY unit_id) c
		       ON c.unit_id = s.unit_id
		WHERE s.campaign_id = $1 AND s.kind = 'actual' AND s.eligible
		  AND NOT EXISTS (SELECT 1 FROM vetoes v WHERE v.campaign_id = s.campaign_id AND v.unit_id = s.unit_id)`, campaignID, rankBy); err != nil {
		return ReviewResult{}, fmt.Errorf("candidates of %s: %w", campaignID, err)
	}
	quota := rank.Quota{Max: q.Max, ShareBP: q.ShareBP, PerParentShareBP: q.PerParentShareBP, Rounding: q.Rounding}
	rc := make([]rank.Candidate, len(cands))
	var parents []string
	for i, c := range cands {
		rc[i] = rank.Candidate{ID: c.ID, Total: c.Total, Parent: c.Parent}
		parents = append(parents, c.Parent)
	}
	if q.PerParentShareBP > 0 {
		depts, err := departments(ctx, db, parents)
		if err != nil {
			return ReviewResult{}, err
		}
		quota.Departments = depts
	}
	sel, err := rank.Select(rc, quota, decisions)
	if err != nil {
		return ReviewResult{}, fmt.Errorf("review %s: %w", campaignID, err)
	}
	out := ReviewResult{Candidates: len(rc), Proposed: sel.Selected, Pending: sel.Pending}
	if sel.Pending != nil {
		return out, nil
	}
	return out, saveReview(ctx, db, campaignID, sel, at)
}

func departments(ctx context.Context, db *sqlx.DB, ids []string) (map[string]int, error) {
	var rows []struct {
		ID    string `db:"id"`
		Count int    `db:"department_count"`
	}
	if err := db.SelectContext(ctx, &rows, `SELECT id, department_count FROM units WHERE id = ANY($1)`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("departments of parent units: %w", err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.ID] = r.Count
	}
	return out, nil
}

func saveReview(ctx context.Context, db *sqlx.DB, campaignID string, sel rank.Selection, at time.Time) error {
	proposed := map[string]bool{}
	for _, id := range sel.Selected {
		proposed[id] = true
	}
	ids, totals, reasons := make([]string, len(sel.Ranked)), make([]string, len(sel.Ranked)), make([]string, len(sel.Ranked))
	ranks, flags := make([]int64, len(sel.Ranked)), make([]bool, len(sel.Ranked))
	for i, r := range sel.Ranked {
		ids[i], totals[i], ranks[i], flags[i] = r.ID, r.Total.String(), int64(r.Rank), proposed[r.ID]
		reasons[i] = "名额之外 (outside the quota)"
		if flags[i] {
			reasons[i] = "拟命名 (proposed)"
		}
	}
	_, err := db.ExecContext(ctx, `
		INSERT INTO campaign_review (campaign_id, unit_id, rank, total, proposed, reason, reviewed_at)
		SELECT $1, id, rk, total::numeric, proposed, reason, $7
		FROM unnest($2::text[], $3::int[], $4::text[], $5::bool[], $6::text[]) AS r(id, rk, total, proposed, reason)
		ON CONFLICT (campaign_id, unit_id) DO UPDATE SET rank = EXCLUDED.rank, total = EXCLUDED.total,
			proposed = EXCLUDED.proposed, reason = EXCLUDED.reason, reviewed_at = EXCLUDED.reviewed_at`,
		campaignID, pq.Array(ids), pq.Array(ranks), pq.Array(totals), pq.Array(flags), pq.Array(reasons), at)
	if err != nil {
		return fmt.Errorf("record review of %s: %w", campaignID, err)
	}
	return nil
}

// Naming is what the naming writes from: the units struck from the proposed list by upheld
// objections (Removed), by the discipline committee's opinion (Excluded) or by the deciding
// body (Struck), and the deciding body's document number.
type Naming struct {
	CampaignID string
	Removed    []string
	Excluded   []UnitReason
	Struck     []UnitReason
	Withheld   []UnitReason        // not approved for a wait that ran out; the reason as given
	Confers    *campaign.Conferred // the title entered in the register for each unit named; nil: none
	Body       string              // the deciding body, which confers it
	On         time.Time           // the day of the decision (the naming's, when none)
	Document   string
	At         time.Time
	People     bool // the campaign names people (文明标兵): the lists' keys are unit/person
}

// UnitReason is a unit with the reason something was decided about it.
type UnitReason struct {
	Unit   string
	Reason string
}

func unitReasons(rs []UnitReason) (units, reasons []string) {
	for _, r := range rs {
		units, reasons = append(units, r.Unit), append(reasons, r.Reason)
	}
	return units, reasons
}

// Name confers the titles (命名): it writes every unit's result, once.
func Name(ctx context.Context, db *sqlx.DB, n Naming) (map[string]int, error) {
	excluded, exclusions := unitReasons(n.Excluded)
	struck, strikes := unitReasons(n.Struck)
	withheld, holds := unitReasons(n.Withheld)
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		if n.People {
			if err := nameNominees(ctx, tx, n); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, nameSQL, n.CampaignID, pq.Array(n.Removed), n.At, pq.Array(excluded), pq.Array(exclusions),
			pq.Array(struck), pq.Array(strikes), n.Document, pq.Array(withheld), pq.Array(holds)); err != nil {
			return fmt.Errorf("write results of %s: %w", n.CampaignID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET named_at = coalesce(named_at, $2), phase = 'consolidate', updated_at = now()
			WHERE id = $1`, n.CampaignID, n.At); err != nil {
			return err
		}
		if n.People {
			return nil
		}
		return confer(ctx, tx, n)
	})
	if err != nil {
		return nil, err
	}
	return OutcomeCounts(ctx, db, n.CampaignID)
}

// confer enters the title of every unit named in the register of titles, with its first event;
// naming again (a retry) enters nothing more.
func confer(ctx context.Context, tx *sqlx.Tx, n Naming) error {
	if n.Confers == nil {
		return nil
	}
	var added []int64
	if err := tx.SelectContext(ctx, &added, `
		INSERT INTO titles (unit_id, kind, level, name, conferred_by, document_no, campaign_id, conferred_on, term_end, source, reward)
		SELECT r.unit_id, $2, $3, $4, $5, coalesce(r.document_no, ''), $1, $6::date, `+termEnd+`, 'campaign', $8
		FROM campaign_results r WHERE r.campaign_id = $1 AND r.outcome = 'named'
		  AND NOT EXISTS (SELECT 1 FROM titles t WHERE t.unit_id = r.unit_id AND t.person = '' AND t.kind = $2 AND t.level = $3
		                  AND t.conferred_on = $6::date) -- a retry draws no number from the sequence
		ON CONFLICT (unit_id, person, holder, kind, level, conferred_on) DO NOTHING
		RETURNING id`, n.CampaignID, n.Confers.Kind, string(n.Confers.Level), n.Confers.Name, n.Body, n.conferredOn().Format(time.DateOnly),
		n.termDays(), n.Confers.Reward); err != nil {
		return fmt.Errorf("enter the titles of %s: %w", n.CampaignID, err)
	}
	return firstTitleEvents(ctx, tx, added, n)
}

// conferredOn is the day the titles are conferred: the decision's, or the naming's when none.
func (n Naming) conferredOn() time.Time {
	if n.On.IsZero() {
		return n.At
	}
	return n.On
}

// termEnd is a title's term end in SQL: the day of conferral plus the term ($7, in days), or
// none when the plan gave no term.
const termEnd = `CASE WHEN $7::int > 0 THEN $6::date + $7::int END`

// termDays is the plan's term of the titles, in days (0: none).
func (n Naming) termDays() int {
	if n.Confers == nil {
		return 0
	}
	return int(n.Confers.Term / (24 * time.Hour))
}

// firstTitleEvents records the conferral as the first event of each title just entered.
func firstTitleEvents(ctx context.Context, tx *sqlx.Tx, added []int64, n Naming) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO title_events (title_id, seq, action, status, reason, document_no, by_whom, at)
		SELECT id, 1, 'confer', status, $2, document_no, 'system', $3 FROM titles WHERE id = ANY($1)`,
		pq.Array(added), "campaign "+n.CampaignID, n.At)
	return err
}

// nameSQL decides each unit's outcome from what happened to it, in this order: a veto, an
// upheld objection, the discipline committee's opinion, the deciding body, the proposed list,
// the quota, the pass line, the preliminary review, a declaration the inspectors did not reach
// by the deadline, no self-score, and otherwise no declaration: the latest refusal of one
// (kind declare in the audit log, against the unit's workflow) when the unit tried and was
// refused, else declaring late.
var nameSQL = `
	INSERT INTO campaign_results (campaign_id, unit_id, self_base, actual_base, bonus, total, rank, outcome, reason, decided_at, document_no)
	SELECT cu.campaign_id, cu.unit_id, self.base, act.base, act.bonus, coalesce(r.total, act.total), r.rank,
		CASE
			WHEN v.unit_id IS NOT NULL THEN 'vetoed'
			WHEN cu.unit_id = ANY($2) THEN 'removed_by_objection'
			WHEN ex.reason IS NOT NULL OR sk.reason IS NOT NULL OR wh.reason IS NOT NULL THEN 'not_approved'
			WHEN r.proposed THEN 'named'
			WHEN act.eligible THEN 'not_selected'
			WHEN act.unit_id IS NOT NULL THEN 'below_line'
			WHEN d.unit_id IS NULL AND self.eligible IS FALSE THEN 'below_line'
			WHEN d.declaring_notice = 'removed' THEN 'removed_by_objection'
			WHEN d.review = 'turned_down' THEN 'turned_down'
			WHEN d.unit_id IS NOT NULL THEN 'not_inspected'
			ELSE 'not_declared'
		END,
		CASE
			WHEN v.unit_id IS NOT NULL THEN '一票否决: ' || coalesce(sv.text, v.veto_id)
				|| CASE WHEN sv.open THEN ': ' || v.note ELSE '' END
			WHEN cu.unit_id = ANY($2) THEN '公示期间异议成立'
			WHEN ex.reason IS NOT NULL THEN '征求纪工委意见, 不同意命名: ' || ex.reason
			WHEN sk.reason IS NOT NULL THEN '决定时未予批准: ' || sk.reason
			WHEN wh.reason IS NOT NULL THEN wh.reason
			WHEN r.proposed THEN '命名'
			WHEN act.eligible THEN '名额之外'
			WHEN act.unit_id IS NOT NULL THEN '实评基本分 ' || plain(act.base) || ' 低于达标线 ' || plain(st.pass_points)
			WHEN d.unit_id IS NULL AND self.eligible IS FALSE THEN '自评基本分 ' || plain(self.base) || ' 低于达标线 ' || plain(st.pass_points)
			WHEN d.declaring_notice = 'removed' THEN '申报前公示期间异议成立'
			WHEN d.review = 'turned_down' THEN '初步审查不予通过: ' || d.review_note
			WHEN d.declaring_notice = 'on_notice' THEN '已申报, 验收截止前申报前公示未结束'
			WHEN d.unit_id IS NOT NULL AND d.review IN ('pending', 'returned') THEN '已申报, 验收截止前未完成初步审查'
			WHEN d.unit_id IS NOT NULL THEN '已申报, 验收截止前未实地检查'
			WHEN self.unit_id IS NULL THEN '逾期未提交自评, 无参评资格'
			WHEN rd.reason IS NOT NULL THEN '申报未被受理: ' || rd.reason
			ELSE '逾期未申报, 无参评资格'
		END,
		$3,
		CASE WHEN v.unit_id IS NULL AND NOT coalesce(cu.unit_id = ANY($2), false) AND ex.reason IS NULL AND wh.reason IS NULL AND (r.proposed OR sk.reason IS NOT NULL)
			THEN NULLIF($8, '') END
	FROM campaign_units cu
	JOIN campaigns c ON c.id = cu.campaign_id
	JOIN standards st ON st.id = c.standard_id
	LEFT JOIN unit_scores self ON self.campaign_id = cu.campaign_id AND self.unit_id = cu.unit_id AND self.kind = 'self'
	LEFT JOIN unit_scores act ON act.campaign_id = cu.campaign_id AND act.unit_id = cu.unit_id AND act.kind = 'actual'
	LEFT JOIN declarations d ON d.campaign_id = cu.campaign_id AND d.unit_id = cu.unit_id
	LEFT JOIN campaign_review r ON r.campaign_id = cu.campaign_id AND r.unit_id = cu.unit_id
	LEFT JOIN vetoes v ON v.campaign_id = cu.campaign_id AND v.unit_id = cu.unit_id AND NOT v.after_naming
	LEFT JOIN standard_vetoes sv ON sv.standard_id = c.standard_id AND sv.veto_id = v.veto_id
	LEFT JOIN unnest($4::text[], $5::text[]) AS ex(unit_id, reason) ON ex.unit_id = cu.unit_id
	LEFT JOIN unnest($6::text[], $7::text[]) AS sk(unit_id, reason) ON sk.unit_id = cu.unit_id
	LEFT JOIN unnest($9::text[], $10::text[]) AS wh(unit_id, reason) ON wh.unit_id = cu.unit_id
	` + lastDeclareRefusal("cu") + `
	WHERE cu.campaign_id = $1
	ON CONFLICT (campaign_id, unit_id) DO NOTHING`

// lastDeclareRefusal joins, as rd, the latest refusal of a declaration the audit log holds
// against the unit of the row aliased as a (with its campaign_id and unit_id): the reason a
// unit that tried to declare and was refused shows in its results.
func lastDeclareRefusal(a string) string {
	return `LEFT JOIN LATERAL (
		SELECT l.reason FROM audit_log l
		WHERE l.kind = 'declare' AND NOT l.accepted AND l.reason <> ''
		  AND l.target = 'campaign/' || ` + a + `.campaign_id || '/unit/' || ` + a + `.unit_id
		ORDER BY l.recorded_at DESC, l.id DESC LIMIT 1) rd ON true`
}

// OutcomeCounts counts the results by outcome.
func OutcomeCounts(ctx context.Context, db *sqlx.DB, campaignID string) (map[string]int, error) {
	var rows []struct {
		Outcome string `db:"outcome"`
		N       int    `db:"n"`
	}
	if err := db.SelectContext(ctx, &rows, `
		SELECT outcome, count(*) AS n FROM campaign_results WHERE campaign_id = $1 GROUP BY outcome
		UNION ALL SELECT outcome, count(*) FROM nominee_results WHERE campaign_id = $1 GROUP BY outcome`, campaignID); err != nil {
		return nil, fmt.Errorf("count results of %s: %w", campaignID, err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Outcome] += r.N
	}
	return out, nil
}

// Result is one row of campaign_results.
type Result struct {
	CampaignID string         `db:"campaign_id" json:"campaign_id"`
	UnitID     string         `db:"unit_id" json:"unit_id"`
	UnitName   string         `db:"unit_name" json:"unit_name"`
	SelfBase   *points.Points `db:"self_base" json:"self_base"`
	ActualBase *points.Points `db:"actual_base" json:"actual_base"`
	Bonus      *points.Points `db:"bonus" json:"bonus"`
	Total      *points.Points `db:"total" json:"total"`
	Rank       *int           `db:"rank" json:"rank"`
	Outcome    string         `db:"outcome" json:"outcome"`
	Reason     string         `db:"reason" json:"reason"`
	DecidedAt  time.Time      `db:"decided_at" json:"decided_at"`
	DocumentNo *string        `db:"document_no" json:"document_no,omitempty"` // the deciding body's document (文号)
}

// NamingDocument is the deciding body's decision on the names, as recorded.
type NamingDocument struct {
	Number string `db:"document"`
	On     string `db:"on"`
	Body   string `db:"body"`
}

// NamingDecision reads the deciding body's decision of a campaign; nil when it had none (plans
// from before the deciding body was a step).
func NamingDecision(ctx context.Context, db *sqlx.DB, campaignID string) (*NamingDocument, error) {
	var d []NamingDocument
	if err := db.SelectContext(ctx, &d, `SELECT detail->>'document' AS document, detail->>'on' AS on, detail->>'body' AS body
		FROM campaign_decisions WHERE campaign_id = $1 AND kind = 'naming'`, campaignID); err != nil {
		return nil, fmt.Errorf("naming decision of %s: %w", campaignID, err)
	}
	if len(d) == 0 {
		return nil, nil
	}
	return &d[0], nil
}

// Results lists a campaign's results, best first.
func Results(ctx context.Context, db *sqlx.DB, campaignID string) ([]Result, error) {
	var out []Result
	err := db.SelectContext(ctx, &out, `
		SELECT r.campaign_id, r.unit_id, u.name AS unit_name, r.self_base, r.actual_base, r.bonus, r.total,
		       r.rank, r.outcome, r.reason, r.decided_at, r.document_no
		FROM campaign_results r JOIN units u ON u.id = r.unit_id
		WHERE r.campaign_id = $1
		ORDER BY r.rank NULLS LAST, r.total DESC NULLS LAST, r.self_base DESC NULLS LAST, r.unit_id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("results of %s: %w", campaignID, err)
	}
	return out, nil
}
