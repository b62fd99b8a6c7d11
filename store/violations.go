package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/period"
	"wenming/rules/schedule"
)

// ViolationKinds are what takes eligibility away in a period (三.3: 期间发生违纪违法、因作风被主管
// 部门通报或被媒体曝光的): a disciplinary violation (违纪, 处分), a criticism by the authorities
// (通报批评), an exposure by the media (媒体曝光).
var ViolationKinds = []string{"violation", "criticism", "media"}

// Violation is a disciplinary violation (违纪, 处分), a criticism (通报批评) or a media exposure (媒体曝光) of a member or a
// branch. What counts is the day it happened, whenever it is recorded.
type Violation struct {
	SubmissionID string    `db:"submission_id"`
	SubjectKind  string    `db:"subject_kind"` // member or branch
	SubjectID    string    `db:"subject_id"`
	Kind         string    `db:"kind"` // one of ViolationKinds
	On           time.Time `db:"occurred_on"`
	Note         string    `db:"note"`
	By           string    `db:"recorded_by"`
}

// RecordViolation records a violation once: false when its id was recorded before. A
// subject the roster does not know is refused.
func RecordViolation(ctx context.Context, db *sqlx.DB, v Violation, at time.Time) (bool, error) {
	var added bool
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO violations (submission_id, subject_kind, subject_id, kind, occurred_on, note, recorded_by, recorded_at)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8
			WHERE EXISTS (SELECT 1 FROM members WHERE $2 = 'member' AND id = $3) OR EXISTS (SELECT 1 FROM branches WHERE $2 = 'branch' AND id = $3)
			ON CONFLICT DO NOTHING`, v.SubmissionID, v.SubjectKind, v.SubjectID, v.Kind, v.On, v.Note, v.By, at)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			added = true
			return audit(ctx, tx, Audit{Kind: "violation", Target: v.SubjectKind + "/" + v.SubjectID, SubmissionID: v.SubmissionID,
				Actor: v.By, Accepted: true, Summary: v.Kind + " " + v.On.Format(time.DateOnly) + " " + v.Note, At: at})
		}
		var known bool
		if err := tx.GetContext(ctx, &known, `SELECT EXISTS (SELECT 1 FROM violations WHERE submission_id = $1)`, v.SubmissionID); err != nil {
			return err
		}
		if !known {
			return problem.New("", 0, "--"+v.SubjectKind, "problem.violation.unknown_subject", "Kind", v.SubjectKind, "ID", v.SubjectID)
		}
		return nil
	})
	var bad problem.Errors
	if err != nil && !errors.As(err, &bad) {
		return false, fmt.Errorf("record violation %s: %w", v.SubmissionID, err)
	}
	return added, err
}

// RoundsTouched are the rounds a violation touches (a member's takes away their pioneer post and
// their branch's red flag, a branch's the red flag): those whose period holds its day, and those
// of an earlier period still being evaluated that day: 期间 is the evaluation, whose approval
// and notice run after the period has ended.
func RoundsTouched(ctx context.Context, db *sqlx.DB, v Violation) ([]string, error) {
	var out, kinds []string
	for _, k := range schedule.Rotating() {
		if k.Subject == "member" && v.SubjectKind != "member" {
			continue
		}
		kinds = append(kinds, string(k.Kind))
		p := period.Containing(k.Period, v.On, time.UTC)
		out = append(out, string(k.Kind)+"/"+p.String())
	}
	var running []string
	if err := db.SelectContext(ctx, &running, `SELECT id FROM rounds r
		WHERE kind = ANY($1) AND `+runningOnSQL+` AND NOT id = ANY($3) ORDER BY id`, pq.Array(kinds), v.On.Format(time.DateOnly), pq.Array(out)); err != nil {
		return nil, fmt.Errorf("rounds running on %s: %w", v.On.Format(time.DateOnly), err)
	}
	return append(out, running...), nil
}

// runningOnSQL says whether round r was being evaluated on day $2: opened by then, not closed
// before it, in the round's time zone.
const runningOnSQL = `(r.opened_at AT TIME ZONE coalesce(nullif(r.config->>'Timezone', ''), 'Asia/Shanghai'))::date <= $2::date
	AND (r.closed_at IS NULL OR (r.closed_at AT TIME ZONE coalesce(nullif(r.config->>'Timezone', ''), 'Asia/Shanghai'))::date >= $2::date)`

// RoundRunning says whether a round has opened and not yet closed.
func RoundRunning(ctx context.Context, db *sqlx.DB, roundID string) (bool, error) {
	var running bool
	err := db.GetContext(ctx, &running, `SELECT EXISTS (SELECT 1 FROM rounds WHERE id = $1 AND phase <> 'closed')`, roundID)
	if err != nil {
		return false, fmt.Errorf("round %s: %w", roundID, err)
	}
	return running, nil
}

// Stages of a round at which a violation arrives, and what it does there.
const (
	StageBeforeOpening  = "before_opening"  // the round, when it opens, leaves the subject out
	StageBeforeApproval = "before_approval" // no longer a candidate; a pioneer branch recommends again
	StageDuringNotice   = "during_notice"   // taken off the list; the place stays empty
	StageAfterAward     = "after_award"     // the honor is revoked, streaks recounted
	StageNone           = "none"            // the subject has no part in the round that the violation changes
)

// ViolationEffect is what a violation changed in one round.
type ViolationEffect struct {
	RoundID     string
	ViolationID string
	Stage       string
	Subject     string     // the member or branch it concerns in this round
	Retally     string     `json:",omitempty"` // a pioneer branch whose recommendation must be derived again
	Lines       []msg.Text // what changed, in words
	// Retallied is what the branch's recommendation became (written by RetallyBranch).
	Retallied []msg.Text `json:",omitempty"`
}

// Changed says whether the violation changed anything in the round.
func (e ViolationEffect) Changed() bool {
	return e.Stage == StageBeforeApproval || e.Stage == StageDuringNotice || e.Stage == StageAfterAward
}

// ApplyViolation applies a violation to a round, by the stage the round is at, once: a second
// call returns what the first did. The round's row is locked, so the award and a violation
// never cross.
func ApplyViolation(ctx context.Context, db *sqlx.DB, roundID, violationID, by string, at time.Time) (ViolationEffect, error) {
	out := ViolationEffect{RoundID: roundID, ViolationID: violationID}
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var done []byte
		err := tx.GetContext(ctx, &done, `SELECT effect FROM round_violations WHERE round_id = $1 AND violation_id = $2`, roundID, violationID)
		if err == nil {
			return json.Unmarshal(done, &out)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var v Violation
		if err := tx.GetContext(ctx, &v, `SELECT submission_id, subject_kind, subject_id, kind, occurred_on, note, recorded_by
			FROM violations WHERE submission_id = $1`, violationID); err != nil {
			return fmt.Errorf("violation %s: %w", violationID, err)
		}
		var r struct {
			Kind   string `db:"kind"`
			Period string `db:"period"`
		}
		err = tx.GetContext(ctx, &r, `SELECT kind, period FROM rounds WHERE id = $1 FOR UPDATE`, roundID)
		if errors.Is(err, sql.ErrNoRows) {
			out.Stage, out.Subject = StageBeforeOpening, v.SubjectID
			out.Lines = []msg.Text{msg.Say("effect.round.not_open", "Round", roundID)}
			return nil
		}
		if err != nil {
			return err
		}
		if err := touches(ctx, tx, v, roundID, r.Period); err != nil {
			return err
		}
		a := violationApplier{tx: tx, v: v, roundID: roundID, kind: schedule.MustSpec(schedule.Kind(r.Kind)), by: by, at: at}
		if out, err = a.apply(ctx); err != nil {
			return err
		}
		effect, _ := json.Marshal(out)
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_violations (round_id, violation_id, stage, effect, applied_at)
			VALUES ($1, $2, $3, $4, $5)`, roundID, violationID, out.Stage, effect, at); err != nil {
			return err
		}
		return audit(ctx, tx, Audit{Kind: "violation-applied", Target: roundID, SubmissionID: violationID, Actor: by, Accepted: true,
			Summary: renderLines(out.Lines), At: at})
	})
	if err != nil {
		return ViolationEffect{}, fmt.Errorf("apply violation %s to %s: %w", violationID, roundID, err)
	}
	return out, nil
}

// touches checks that the violation touches the round (see RoundsTouched): its day is in the
// round's period, or the round was being evaluated that day.
func touches(ctx context.Context, tx *sqlx.Tx, v Violation, roundID, text string) error {
	p, err := period.Parse(text)
	if err != nil {
		return err
	}
	if p.Contains(v.On, time.UTC) {
		return nil
	}
	var running bool
	if err := tx.GetContext(ctx, &running, `SELECT EXISTS (SELECT 1 FROM rounds r WHERE r.id = $1 AND `+runningOnSQL+`)`,
		roundID, v.On.Format(time.DateOnly)); err != nil {
		return err
	}
	if !running {
		return fmt.Errorf("violation %s of %s is outside %s, and the round was not being evaluated that day", v.SubmissionID, v.On.Format(time.DateOnly), text)
	}
	return nil
}

// renderLines is the audit log's Chinese account of an effect.
func renderLines(lines []msg.Text) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = l.String()
	}
	return strings.Join(s, "\n")
}

// violationApplier applies one violation to one round, inside the transaction that holds the
// round's row.
type violationApplier struct {
	tx      *sqlx.Tx
	v       Violation
	roundID string
	kind    schedule.KindSpec
	by      string
	at      time.Time
}

func (a violationApplier) apply(ctx context.Context) (ViolationEffect, error) {
	out := ViolationEffect{RoundID: a.roundID, ViolationID: a.v.SubmissionID, Stage: StageNone}
	subject, err := a.subject(ctx)
	if err != nil || subject == "" {
		if err == nil {
			out.Lines = []msg.Text{msg.Say("effect.not_in_round", "Subject", a.v.SubjectID, "Round", a.roundID)}
		}
		return out, err
	}
	out.Subject = subject
	awarded, proposed, err := a.stage(ctx)
	if err != nil {
		return out, err
	}
	if awarded {
		return a.revoke(ctx, out)
	}
	reason, err := a.reason(ctx)
	if err != nil {
		return out, err
	}
	table, column := "round_members", "member_id"
	if a.kind.Subject == "branch" {
		table, column = "round_branches", "branch_id"
	}
	res, err := a.tx.ExecContext(ctx, `UPDATE `+table+` SET eligible = false, reason = $3 WHERE round_id = $1 AND `+column+` = $2 AND eligible`,
		a.roundID, subject, reason)
	if err != nil {
		return out, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		out.Lines = []msg.Text{msg.Say("effect.already_ineligible", "Subject", subject, "Round", a.roundID)}
		return out, nil
	}
	if proposed {
		out.Stage = StageDuringNotice
		out.Lines = []msg.Text{msg.Say("effect.off_the_list", "Subject", subject, "Round", a.roundID, "Reason", reason)}
		return out, nil
	}
	out.Stage = StageBeforeApproval
	out.Lines = []msg.Text{msg.Say("effect.not_candidate", "Subject", subject, "Round", a.roundID, "Reason", reason)}
	if a.kind.Subject == "member" {
		// A branch that has recommended already recommends again without them.
		var branch string
		err := a.tx.GetContext(ctx, &branch, `SELECT m.branch_id FROM round_members m
			JOIN round_branches b ON b.round_id = m.round_id AND b.branch_id = m.branch_id
			WHERE m.round_id = $1 AND m.member_id = $2 FOR UPDATE OF b`, a.roundID, subject)
		if err != nil {
			return out, err
		}
		var tallied bool
		if err := a.tx.GetContext(ctx, &tallied, `SELECT EXISTS (SELECT 1 FROM branch_tallies WHERE round_id = $1 AND branch_id = $2)`,
			a.roundID, branch); err != nil {
			return out, err
		}
		if tallied {
			out.Retally = branch
		}
	}
	return out, nil
}

// subject is whom the violation concerns in this round: the member in a pioneer round, the
// branch (its own record, or one of its members') in a red-flag round; "" when they have no
// part in it.
func (a violationApplier) subject(ctx context.Context) (string, error) {
	var id string
	var err error
	switch {
	case a.kind.Subject == "member" && a.v.SubjectKind == "member":
		err = a.tx.GetContext(ctx, &id, `SELECT member_id FROM round_members WHERE round_id = $1 AND member_id = $2`, a.roundID, a.v.SubjectID)
	case a.kind.Subject == "branch" && a.v.SubjectKind == "member":
		err = a.tx.GetContext(ctx, &id, `SELECT b.branch_id FROM round_branches b JOIN members m ON m.branch_id = b.branch_id
			WHERE b.round_id = $1 AND m.id = $2`, a.roundID, a.v.SubjectID)
	case a.kind.Subject == "branch":
		err = a.tx.GetContext(ctx, &id, `SELECT branch_id FROM round_branches WHERE round_id = $1 AND branch_id = $2`, a.roundID, a.v.SubjectID)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// stage says whether the round has awarded, or has a proposed list (approved by the committee,
// or ranked) on public notice.
func (a violationApplier) stage(ctx context.Context) (awarded, proposed bool, err error) {
	err = a.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM round_results WHERE round_id = $1),
		EXISTS (SELECT 1 FROM round_proposals WHERE round_id = $1) OR EXISTS (SELECT 1 FROM round_decisions WHERE round_id = $1 AND kind = 'approve')`,
		a.roundID).Scan(&awarded, &proposed)
	return awarded, proposed, err
}

// reason is why the violation takes eligibility away, in the words the round's snapshot uses.
func (a violationApplier) reason(ctx context.Context) (string, error) {
	expr := violationReasonSQL
	if a.kind.Subject == "branch" {
		expr = branchViolationReasonSQL
	}
	var reason string
	err := a.tx.GetContext(ctx, &reason, `SELECT `+expr+` FROM violations x WHERE x.submission_id = $1`, a.v.SubmissionID)
	return reason, err
}

// revoke takes back the honor the round awarded the subject (撤销), recounts the streak it was
// part of, and withdraws the yearly titles that streak no longer earns.
func (a violationApplier) revoke(ctx context.Context, out ViolationEffect) (ViolationEffect, error) {
	reason, err := a.reason(ctx)
	if err != nil {
		return out, err
	}
	if a.v.Note != "" {
		reason += "：" + a.v.Note
	}
	res, err := a.tx.ExecContext(ctx, `UPDATE honors SET revoked_at = $5, revoked_reason = $4
		WHERE subject_kind = $1 AND subject_id = $2 AND kind = $3 AND round_id = $6 AND revoked_at IS NULL`,
		a.kind.Subject, out.Subject, a.kind.Award, reason, a.at, a.roundID)
	if err != nil {
		return out, fmt.Errorf("revoke %s: %w", a.kind.Award, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		out.Lines = []msg.Text{msg.Say("effect.not_awarded", "Subject", out.Subject, "Round", a.roundID)}
		return out, nil
	}
	out.Stage = StageAfterAward
	if _, err := a.tx.ExecContext(ctx, `UPDATE round_results SET outcome = 'revoked', reason = $3 WHERE round_id = $1 AND subject_id = $2`,
		a.roundID, out.Subject, "撤销："+reason); err != nil {
		return out, err
	}
	out.Lines = []msg.Text{msg.Say("effect.honor_revoked", "Subject", out.Subject, "Honor", a.kind.Name, "Round", a.roundID, "Reason", reason)}
	more, err := recountStreak(ctx, a.tx, a.kind, out.Subject, a.roundID, a.at)
	out.Lines = append(out.Lines, more...)
	return out, err
}

// recountStreak counts again the consecutive awards of a subject's honors that stand, and
// withdraws each yearly title whose streak no longer holds. A title the new count would earn
// is not conferred here: the committee confers titles (the year-end round).
func recountStreak(ctx context.Context, tx *sqlx.Tx, k schedule.KindSpec, subject, because string, at time.Time) ([]msg.Text, error) {
	var honors []struct {
		Period      string `db:"period"`
		Consecutive int    `db:"consecutive"`
		Rolling     bool   `db:"rolling"` // the round that awarded it counts streaks across the year's end
	}
	if err := tx.SelectContext(ctx, &honors, `SELECT h.period, h.consecutive, coalesce((r.config->>'RollingStreak')::boolean, false) AS rolling
		FROM honors h JOIN rounds r ON r.id = h.round_id
		WHERE h.subject_kind = $1 AND h.subject_id = $2 AND h.kind = $3 AND h.revoked_at IS NULL ORDER BY h.period`, k.Subject, subject, k.Award); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	var lines []msg.Text
	prev, run := "", 0
	for _, h := range honors {
		after, err := streakAfter(h.Period, h.Rolling)
		if err != nil {
			return nil, err
		}
		if after != "" && after == prev {
			run++
		} else {
			run = 1
		}
		prev, counts[h.Period] = h.Period, run
		if run == h.Consecutive {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE honors SET consecutive = $5 WHERE subject_kind = $1 AND subject_id = $2 AND kind = $3 AND period = $4`,
			k.Subject, subject, k.Award, h.Period, run); err != nil {
			return nil, err
		}
		lines = append(lines, msg.Say("effect.streak_recounted", "Subject", subject, "Honor", k.Name, "Period", h.Period, "From", h.Consecutive, "To", run))
	}
	var titles []string
	if err := tx.SelectContext(ctx, &titles, `SELECT period FROM honors
		WHERE subject_kind = $1 AND subject_id = $2 AND kind = $3 AND revoked_at IS NULL AND consecutive > 0 ORDER BY period`, k.Subject, subject, k.Title1Y); err != nil {
		return nil, err
	}
	for _, p := range titles {
		if n := counts[p]; n > 0 && n%k.Streak == 0 {
			continue
		}
		reason := msg.Say("effect.title_reason", "Honor", k.Name, "Streak", k.Streak, "Round", because).String()
		if _, err := tx.ExecContext(ctx, `UPDATE honors SET revoked_at = $5, revoked_reason = $6
			WHERE subject_kind = $1 AND subject_id = $2 AND kind = $3 AND period = $4`, k.Subject, subject, k.Title1Y, p, at, reason); err != nil {
			return nil, err
		}
		// A title the year-end round conferred: its result there says it was withdrawn.
		if _, err := tx.ExecContext(ctx, `UPDATE round_results r SET outcome = 'revoked', reason = '撤销：' || $5
			FROM honors h WHERE h.subject_kind = $1 AND h.subject_id = $2 AND h.kind = $3 AND h.period = $4
			  AND r.round_id = h.conferred_in AND r.subject_id = h.subject_id`, k.Subject, subject, k.Title1Y, p, reason); err != nil {
			return nil, err
		}
		if err := withdrawFromRegister(ctx, tx, k, subject, p, reason, at); err != nil {
			return nil, err
		}
		lines = append(lines, msg.Say("effect.title_withdrawn", "Subject", subject, "Title", schedule.HonorNames[k.Title1Y], "Period", p, "Reason", reason))
	}
	return lines, nil
}

// withdrawFromRegister revokes in the register of titles the yearly title the year-end round
// conferred on the streak of period p, with the reason as its event.
func withdrawFromRegister(ctx context.Context, tx *sqlx.Tx, k schedule.KindSpec, subject, p, reason string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `
		WITH w AS (
			UPDATE titles t SET status = 'revoked' FROM honors h
			WHERE h.subject_kind = $1 AND h.subject_id = $2 AND h.kind = $3 AND h.period = $4
			  AND t.round_id = h.conferred_in AND t.holder = h.subject_id AND t.status <> 'revoked'
			RETURNING t.id)
		INSERT INTO title_events (title_id, seq, action, status, reason, by_whom, at)
		SELECT w.id, (SELECT max(seq) + 1 FROM title_events e WHERE e.title_id = w.id), 'revoke', 'revoked', $5, 'system', $6 FROM w`,
		k.Subject, subject, k.Title1Y, p, reason, at)
	if err != nil {
		return fmt.Errorf("withdraw %s's title of %s from the register: %w", subject, p, err)
	}
	return nil
}
