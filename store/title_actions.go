package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/title"
)

// TitleAction is a decision about a title under dynamic management.
type TitleAction struct {
	TitleID      int64
	SubmissionID string
	Action       title.Action
	Reason       string
	Document     string // the decision's document number, if any
	By           string
	At           time.Time
	RectifyBy    time.Time // rectify: the deadline
	TermEnd      time.Time // renew: the new term's end
	// Veto: a revocation for a veto event after the campaign's end; the veto is recorded
	// against the campaign for the title's unit, whose result becomes revoked with the title.
	Veto *Veto `json:",omitempty"`
}

// ActOnTitle records a decision about a title and moves its status, in one transaction with
// the title's row locked; a decision the title's status does not allow (returning a
// certificate that was not taken back, anything on a revoked title) is a problem naming the
// status. Sent again (same submission) it changes nothing and returns the title as it is.
func ActOnTitle(ctx context.Context, db *sqlx.DB, a TitleAction) (Title, error) {
	var out Title
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &out, `SELECT id, unit_id, person, kind, level, name, conferred_by, document_no, conferred_on,
			term_end, status, source FROM titles WHERE id = $1 FOR UPDATE`, a.TitleID); err != nil {
			return fmt.Errorf("title %d: %w", a.TitleID, err)
		}
		var seen bool
		if err := tx.GetContext(ctx, &seen, `SELECT EXISTS (SELECT 1 FROM title_events WHERE title_id = $1 AND submission_id = $2)`,
			a.TitleID, a.SubmissionID); err != nil || seen {
			return err
		}
		next, ok := title.Next(title.Status(out.Status), a.Action)
		if !ok {
			return problem.New("", 0, "", "refuse.title.action", "Title", out.Name, "Action", string(a.Action),
				"Status", title.StatusWords[title.Status(out.Status)], "From", title.Words(title.From(a.Action)))
		}
		var rectifyBy *time.Time
		if a.Action == title.Rectify {
			rectifyBy = &a.RectifyBy
		}
		termEnd := out.TermEnd
		if a.Action == title.Renew && !a.TermEnd.IsZero() {
			termEnd = &a.TermEnd
		}
		if _, err := tx.ExecContext(ctx, `UPDATE titles SET status = $2, rectify_by = $3, term_end = $4::date WHERE id = $1`,
			a.TitleID, string(next), rectifyBy, dateOf(termEnd)); err != nil {
			return fmt.Errorf("move title %d to %s: %w", a.TitleID, next, err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO title_events (title_id, seq, action, status, reason, document_no, by_whom, at, submission_id)
			SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM title_events WHERE title_id = $1`,
			a.TitleID, string(a.Action), string(next), a.Reason, a.Document, a.By, a.At, a.SubmissionID); err != nil {
			return fmt.Errorf("record %s of title %d: %w", a.Action, a.TitleID, err)
		}
		out.Status, out.TermEnd = string(next), termEnd
		if v := a.Veto; v != nil {
			v.UnitID, v.AfterNaming = out.UnitID, true
			added, err := insertVeto(ctx, tx, *v)
			if err != nil {
				return err
			}
			if err := revokeResult(ctx, tx, *v); err != nil || !added {
				return err
			}
			return auditVeto(ctx, tx, *v)
		}
		return nil
	})
	return out, err
}

func dateOf(t *time.Time) *string {
	if t == nil {
		return nil
	}
	d := t.Format(time.DateOnly)
	return &d
}

// TitleEvent is a decision in a title's history.
type TitleEvent struct {
	Seq        int       `db:"seq"`
	Action     string    `db:"action"`
	Status     string    `db:"status"`
	Reason     string    `db:"reason"`
	DocumentNo string    `db:"document_no"`
	By         string    `db:"by_whom"`
	At         time.Time `db:"at"`
}

// TitleHistory is a title's decisions, in order.
func TitleHistory(ctx context.Context, db *sqlx.DB, id int64) ([]TitleEvent, error) {
	var out []TitleEvent
	err := db.SelectContext(ctx, &out, `SELECT seq, action, status, reason, document_no, by_whom, at FROM title_events
		WHERE title_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("history of title %d: %w", id, err)
	}
	return out, nil
}

// CampaignTitles are the titles a campaign conferred that are still under management, in the
// register's order: the campaign hands each over to its own workflow.
func CampaignTitles(ctx context.Context, db *sqlx.DB, campaignID string) ([]Title, error) {
	var out []Title
	err := db.SelectContext(ctx, &out, `SELECT id, unit_id, person, kind, level, name, conferred_by, document_no, conferred_on,
		term_end, status, source FROM titles WHERE campaign_id = $1 AND status NOT IN ('revoked', 'expired') ORDER BY id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("titles of campaign %s: %w", campaignID, err)
	}
	return out, nil
}

// UnitTitle is the title a campaign conferred on a unit itself (not on one of its people): the
// one still held, or else the latest ended (revoked, expired); sql.ErrNoRows when it conferred
// none.
func UnitTitle(ctx context.Context, db *sqlx.DB, campaignID, unitID string) (Title, error) {
	var out Title
	err := db.GetContext(ctx, &out, `SELECT id, unit_id, person, kind, level, name, conferred_by, document_no, conferred_on,
		term_end, status, source FROM titles WHERE campaign_id = $1 AND unit_id = $2 AND person = ''
		ORDER BY status IN ('revoked', 'expired'), id DESC LIMIT 1`, campaignID, unitID)
	if err != nil {
		return out, fmt.Errorf("title of %s in campaign %s: %w", unitID, campaignID, err)
	}
	return out, nil
}

// TitleDecided says whether a decision (by its submission id) was recorded on a title.
func TitleDecided(ctx context.Context, db *sqlx.DB, titleID int64, submissionID string) (bool, error) {
	var seen bool
	err := db.GetContext(ctx, &seen, `SELECT EXISTS (SELECT 1 FROM title_events WHERE title_id = $1 AND submission_id = $2)`, titleID, submissionID)
	if err != nil {
		return false, fmt.Errorf("decision %s on title %d: %w", submissionID, titleID, err)
	}
	return seen, nil
}

// LoadTitle is a title of the register.
func LoadTitle(ctx context.Context, db *sqlx.DB, id int64) (Title, error) {
	var out Title
	err := db.GetContext(ctx, &out, `SELECT id, unit_id, person, kind, level, name, conferred_by, document_no, conferred_on,
		term_end, status, source FROM titles WHERE id = $1`, id)
	if err != nil {
		return out, fmt.Errorf("title %d: %w", id, err)
	}
	return out, nil
}

// TitleFilter narrows the register: by status, and to terms ending by a day.
type TitleFilter struct {
	Status     string
	ExpiringBy time.Time // zero: any term
	Unit       string    // the holder's unit; "" any
	Person     string    // with Unit: the person ("" the unit's own title)
	Campaign   string    // the campaign that conferred it; "" any
	Kind       string
	Held       bool // only titles still held (not revoked or expired)
}

// ListedTitle is a row of the register with its holder's unit name.
type ListedTitle struct {
	Title
	UnitName string `db:"unit_name"`
}

// ListTitles is the register, by unit, person and conferral.
func ListTitles(ctx context.Context, db *sqlx.DB, f TitleFilter) ([]ListedTitle, error) {
	var out []ListedTitle
	var by *string
	if !f.ExpiringBy.IsZero() {
		by = dateOf(&f.ExpiringBy)
	}
	err := db.SelectContext(ctx, &out, `
		SELECT t.id, t.unit_id, t.person, t.kind, t.level, t.name, t.conferred_by, t.document_no, t.conferred_on, t.term_end, t.status,
		       t.source, t.reward, u.name AS unit_name
		FROM titles t JOIN units u ON u.id = t.unit_id
		WHERE ($1 = '' OR t.status = $1)
		  AND ($2::date IS NULL OR (t.term_end IS NOT NULL AND t.term_end <= $2::date AND t.status NOT IN ('revoked', 'expired')))
		  AND ($3 = '' OR (t.unit_id = $3 AND t.person = $4))
		  AND ($5 = '' OR t.campaign_id = $5) AND ($6 = '' OR t.kind = $6)
		  AND (NOT $7 OR t.status NOT IN ('revoked', 'expired'))
		ORDER BY t.unit_id, t.person, t.conferred_on, t.id`, f.Status, by, f.Unit, f.Person, f.Campaign, f.Kind, f.Held)
	if err != nil {
		return nil, fmt.Errorf("list titles: %w", err)
	}
	return out, nil
}

// RegisterEvent is a decision in the register's record of dynamic management, with its title.
type RegisterEvent struct {
	TitleEvent
	TitleID  int64  `db:"title_id"`
	UnitName string `db:"unit_name"`
	Person   string `db:"person"`
	Name     string `db:"name"`
}

// ManagementRecord is every decision about titles after their conferral or import, in time
// order (动态管理记录).
func ManagementRecord(ctx context.Context, db *sqlx.DB) ([]RegisterEvent, error) {
	var out []RegisterEvent
	err := db.SelectContext(ctx, &out, `
		SELECT e.title_id, e.seq, e.action, e.status, e.reason, e.document_no, e.by_whom, e.at, u.name AS unit_name, t.person, t.name
		FROM title_events e JOIN titles t ON t.id = e.title_id JOIN units u ON u.id = t.unit_id
		WHERE e.action NOT IN ('import', 'confer') ORDER BY e.at, e.title_id, e.seq`)
	if err != nil {
		return nil, fmt.Errorf("the register's record: %w", err)
	}
	return out, nil
}

// RemindOverdueRectification writes the n-th reminder to the office that a title's
// rectification is overdue, into the reminders outbox (kind title-rectification-<id>); the
// office decides. Its deadline is given in the time zone of the campaign that named the title
// (the default zone for an imported one). Written again, it adds nothing.
func RemindOverdueRectification(ctx context.Context, db *sqlx.DB, titleID int64, n int, at time.Time) error {
	var due struct {
		By sql.NullTime `db:"rectify_by"`
		TZ string       `db:"tz"`
	}
	if err := db.GetContext(ctx, &due, `SELECT t.rectify_by, coalesce(c.timezone, '') AS tz
		FROM titles t LEFT JOIN campaigns c ON c.id = t.campaign_id WHERE t.id = $1`, titleID); err != nil {
		return fmt.Errorf("the rectification of title %d: %w", titleID, err)
	}
	text := msg.Say("reminder.title.rectification_overdue")
	if due.By.Valid {
		tz := due.TZ
		if tz == "" {
			tz = campaign.DefaultTimezone
		}
		text = msg.Say("reminder.title.rectification_overdue_by", "Due", msg.At{T: due.By.Time, TZ: tz})
	}
	return remindOfTitle(ctx, db, titleID, n, at, "rectification", text)
}

// RemindReinspection writes to the reminders outbox (kind title-reinspection-<id>) that the
// n-th re-inspection (复查) of a title is due: the office re-inspects, and renews the title or
// decides otherwise. Written again, it adds nothing.
func RemindReinspection(ctx context.Context, db *sqlx.DB, titleID int64, n int, at time.Time) error {
	return remindOfTitle(ctx, db, titleID, n, at, "reinspection", msg.Say("reminder.title.reinspection_due", "N", n))
}

// remindOfTitle writes the n-th reminder of one kind about a title into the outbox: the
// title's name (and holder), then what.
func remindOfTitle(ctx context.Context, db *sqlx.DB, titleID int64, n int, at time.Time, kind string, what msg.Text) error {
	_, err := db.ExecContext(ctx, `
		INSERT INTO reminders (campaign_id, unit_id, kind, seq, message, created_at)
		SELECT coalesce(t.campaign_id, ''), t.unit_id, 'title-`+kind+`-' || t.id, $2::int,
		       '称号“' || t.name || '”' || CASE WHEN t.person <> '' THEN '（' || t.person || '）' ELSE '' END || $4, $3
		FROM titles t WHERE t.id = $1
		ON CONFLICT DO NOTHING`, titleID, n, at, what.String())
	if err != nil {
		return fmt.Errorf("remind the office of title %d (%s): %w", titleID, kind, err)
	}
	return nil
}
