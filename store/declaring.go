package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/rules/campaign"
	"wenming/rules/rank"
	"wenming/rules/title"
	"wenming/zones"
)

// declarant is a declaring unit with its place in the roster.
type declarant struct {
	Name        string         `db:"name"`
	Kind        string         `db:"kind"`
	Parent      sql.NullString `db:"parent_id"`
	ParentName  sql.NullString `db:"parent_name"`
	ParentKind  sql.NullString `db:"parent_kind"`
	Departments sql.NullInt64  `db:"department_count"`
	StationedAt string         `db:"stationed_at"`
}

// underAnother says whether the unit's recommendation comes from above it: a window, a
// department, or a second-level unit of an agency (三创三树方案 三.4).
func (u declarant) underAnother() bool {
	return u.Kind == "window" || u.Kind == "department" || u.ParentKind.String == "agency"
}

// checkDeclaring applies the plan's rules of who may declare, with what, inside the
// declaration's transaction, and returns the body whose recommendation the declaration
// carries. A broken rule is a problem naming the rule and its source. The parent unit's row
// is locked while its windows' declarations are counted, so two of them declaring at once
// cannot both take its last place.
func checkDeclaring(ctx context.Context, tx *sqlx.Tx, d Declaration) (string, error) {
	r := d.Rules
	var u declarant
	if err := tx.GetContext(ctx, &u, `
		SELECT u.name, u.kind, u.parent_id, p.name AS parent_name, p.kind AS parent_kind, p.department_count, u.stationed_at
		FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.id = $1`, d.UnitID); err != nil {
		return "", fmt.Errorf("unit %s: %w", d.UnitID, err)
	}
	if r.Subject == campaign.SubjectUnit {
		if err := checkTitles(ctx, tx, d, u); err != nil {
			return "", err
		}
	}
	if r.PerParentShareBP > 0 && u.Parent.Valid {
		if err := checkParentQuota(ctx, tx, d, u); err != nil {
			return "", err
		}
	}
	if r.Subject == campaign.SubjectWindow && u.StationedAt != "" {
		// 三.4: a window stationed at a service centre is recommended by the centre.
		return u.StationedAt, nil
	}
	return r.Recommender(u.underAnother()), nil
}

// checkTitles: a unit holding a title on the plan's list declares only windows, departments
// and model individuals (三.1); the unit title needs an honor at the plan's level or above
// ever received and not revoked, whether or not its term still runs (三.2: 获得市直级以上（含
// 市直工委）表彰的，方可申报).
func checkTitles(ctx context.Context, tx *sqlx.Tx, d Declaration, u declarant) error {
	r := d.Rules
	local := d.At.In(zones.Location(d.Timezone))
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	held, err := UnitTitles(ctx, tx, d.UnitID, day)
	if err != nil {
		return err
	}
	for _, t := range held {
		for _, rule := range r.HeldTitles {
			if rule.Kind == t.Kind && slices.Contains(rule.Levels, title.Level(t.Level)) {
				return problem.New("", 0, "", "refuse.declare.holds_title", "Unit", u.Name, "Title", t.Name,
					"Level", title.Level(t.Level).Name(), "Document", t.DocumentNo, "Source", r.Source)
			}
		}
	}
	if r.PriorHonor == "" {
		return nil
	}
	honors, err := UnitHonors(ctx, tx, d.UnitID, day)
	if err != nil {
		return err
	}
	for _, t := range honors {
		if title.Level(t.Level).AtLeast(r.PriorHonor) {
			return nil
		}
	}
	return problem.New("", 0, "", "refuse.declare.no_prior_honor", "Unit", u.Name, "Level", r.PriorHonor.Name(), "Source", r.Source)
}

// checkParentQuota: the windows or departments of one unit declared in the campaign are at
// most its share of the unit's internal departments (三.5); one turned down frees its place.
func checkParentQuota(ctx context.Context, tx *sqlx.Tx, d Declaration, u declarant) error {
	r := d.Rules
	var departments int
	if err := tx.GetContext(ctx, &departments, `SELECT department_count FROM units WHERE id = $1 FOR UPDATE`, u.Parent.String); err != nil {
		return fmt.Errorf("lock parent %s: %w", u.Parent.String, err)
	}
	room := rank.ParentRoom(departments, r.PerParentShareBP, r.Rounding)
	var declared []string
	if err := tx.SelectContext(ctx, &declared, `
		SELECT u.name FROM declarations d JOIN units u ON u.id = d.unit_id
		WHERE d.campaign_id = $1 AND u.parent_id = $2 AND d.unit_id <> $3 AND d.review IS DISTINCT FROM 'turned_down'
		ORDER BY u.id`, d.CampaignID, u.Parent.String, d.UnitID); err != nil {
		return fmt.Errorf("count declarations under %s: %w", u.Parent.String, err)
	}
	if len(declared) < room {
		return nil
	}
	return problem.New("", 0, "", "refuse.declare.parent_quota", "Unit", u.Name, "Parent", u.ParentName.String,
		"Departments", departments, "Share", rank.Percent(r.PerParentShareBP), "Rounding", string(r.Rounding), "Room", room,
		"Declared", declared, "Source", r.Source)
}

// ParentCount is a parent unit of a campaign's windows or departments: its internal
// departments and how many of its units take part.
type ParentCount struct {
	ID          string `db:"id"`
	Name        string `db:"name"`
	Departments int    `db:"department_count"`
	Units       int    `db:"units"`
}

// ParentsOf are the parents of the given units, by id.
func ParentsOf(ctx context.Context, db *sqlx.DB, units []string) ([]ParentCount, error) {
	var out []ParentCount
	err := db.SelectContext(ctx, &out, `
		SELECT p.id, p.name, p.department_count, count(*) AS units
		FROM units u JOIN units p ON p.id = u.parent_id WHERE u.id = ANY($1)
		GROUP BY p.id ORDER BY p.id`, pq.Array(units))
	if err != nil {
		return nil, fmt.Errorf("parents of the campaign's units: %w", err)
	}
	return out, nil
}

// UnitPlace is a unit's kind and whether it has a parent.
type UnitPlace struct {
	ID        string `db:"id"`
	Kind      string `db:"kind"`
	HasParent bool   `db:"has_parent"`
}

// UnitPlaces are the roster kind and parent of the given units, by id.
func UnitPlaces(ctx context.Context, db *sqlx.DB, units []string) ([]UnitPlace, error) {
	var out []UnitPlace
	err := db.SelectContext(ctx, &out, `SELECT id, kind, parent_id IS NOT NULL AS has_parent FROM units WHERE id = ANY($1) ORDER BY id`,
		pq.Array(units))
	if err != nil {
		return nil, fmt.Errorf("kinds of the campaign's units: %w", err)
	}
	return out, nil
}

// UnknownUnits are the ids the roster does not hold, in order.
func UnknownUnits(ctx context.Context, db *sqlx.DB, ids []string) ([]string, error) {
	return Unknown(ctx, db, "unit", ids)
}

// UnitsOutsideCampaign are the units among ids that are not the campaign's, in order.
func UnitsOutsideCampaign(ctx context.Context, db *sqlx.DB, campaignID string, ids []string) ([]string, error) {
	var outside []string
	err := db.SelectContext(ctx, &outside, `SELECT DISTINCT id FROM unnest($1::text[]) AS r(id)
		WHERE NOT EXISTS (SELECT 1 FROM campaign_units c WHERE c.campaign_id = $2 AND c.unit_id = r.id) ORDER BY id`,
		pq.Array(ids), campaignID)
	if err != nil {
		return nil, fmt.Errorf("units of campaign %s: %w", campaignID, err)
	}
	return outside, nil
}

// recordedIn is the table that records the ids of each kind Unknown looks up.
var recordedIn = map[string]string{"unit": "units", "branch": "branches", "campaign": "campaigns"}

// Unknown are the ids of a kind (unit, branch or campaign) that nothing records, in order.
func Unknown(ctx context.Context, db *sqlx.DB, kind string, ids []string) ([]string, error) {
	table, ok := recordedIn[kind]
	if !ok {
		return nil, fmt.Errorf("look up ids: no records of %q", kind)
	}
	var missing []string
	err := db.SelectContext(ctx, &missing, `SELECT DISTINCT id FROM unnest($1::text[]) AS r(id)
		WHERE NOT EXISTS (SELECT 1 FROM `+table+` t WHERE t.id = r.id) ORDER BY id`, pq.Array(ids))
	if err != nil {
		return nil, fmt.Errorf("look up %s ids: %w", kind, err)
	}
	return missing, nil
}
