package workflows

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/timeline"
	"wenming/rules/title"
	"wenming/workflows/searchattr"
)

// A title after naming (动态管理): one workflow per title lives for its term. The office warns
// the holder, orders a rectification by a deadline (an overdue one is brought back to the
// office on a cadence until it decides), takes back the certificate and returns it once the
// rectification is verified, revokes the title (a veto event or a decision), or renews it
// after a passed re-inspection, which starts a new term. At the term's end a title not renewed
// expires. The register of titles in PostgreSQL is written first, then the workflow's state.

// titleSearchAttributes is the change that keeps a title's status and term end searchable.
const titleSearchAttributes = "title-search-attributes"

// upsert keeps the title's status and term end in its search attributes.
func (t *titleRun) upsert(ctx workflow.Context) error {
	if !t.searchable {
		return nil
	}
	updates := []temporal.SearchAttributeUpdate{searchattr.TitleStatus.ValueSet(string(t.s.Status)), searchattr.UnitID.ValueSet(t.in.Unit)}
	if !t.s.TermEnd.IsZero() {
		updates = append(updates, searchattr.TermEnd.ValueSet(t.s.TermEnd))
	}
	return workflow.UpsertTypedSearchAttributes(ctx, updates...)
}

// titleReminders is the change that writes an overdue rectification's reminders to the outbox.
const titleReminders = "title-reminders"

// titleReinspections is the change that writes a re-inspection that comes due to the outbox.
const titleReinspections = "title-reinspection-reminders"

type titleRun struct {
	reminds    bool
	reinspects bool
	searchable bool
	in         TitleInput
	s          TitleState
	intake     *intake
	changed    bool
	log        log.Logger
}

// Title keeps one title under dynamic management for its term.
func Title(ctx workflow.Context, in TitleInput) error {
	t := &titleRun{in: in, s: TitleState{Status: in.Status, TermEnd: in.TermEnd, RectifyBy: in.RectifyBy, Seen: seenSet{}}}
	if in.Carry != nil {
		t.s = *in.Carry
	}
	t.intake = newIntake(ctx, &t.s.Seen, nil, func(workflow.Context) { t.changed = true })
	t.log = log.With(workflow.GetLogger(ctx), "title", in.TitleID, "unit", in.Unit)
	if err := t.register(ctx); err != nil {
		return err
	}
	// The Web UI finds titles by status and term end, in runs recorded since they were kept.
	t.searchable = workflow.GetVersion(ctx, titleSearchAttributes, workflow.DefaultVersion, 1) >= 1
	// An overdue rectification is written to the office's reminders, likewise.
	t.reminds = workflow.GetVersion(ctx, titleReminders, workflow.DefaultVersion, 1) >= 1
	// A re-inspection that comes due is written to the office's reminders too.
	t.reinspects = workflow.GetVersion(ctx, titleReinspections, workflow.DefaultVersion, 1) >= 1
	if err := t.upsert(ctx); err != nil {
		return err
	}
	for {
		t.details(ctx)
		if t.s.Status.Ended() && workflow.AllHandlersFinished(ctx) {
			return nil
		}
		if t.tooLong(ctx) && workflow.AllHandlersFinished(ctx) {
			next := t.in
			state := t.s
			next.Carry = &state
			return workflow.NewContinueAsNewError(ctx, Title, next)
		}
		wake := func() bool { return t.changed || (t.s.Status.Ended() && workflow.AllHandlersFinished(ctx)) }
		due, timer, ok := t.next()
		if !ok {
			if err := workflow.Await(ctx, wake); err != nil {
				return err
			}
			t.changed = false
			continue
		}
		woke, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout: due.Sub(workflow.Now(ctx)), TimerOptions: workflow.TimerOptions{Summary: timer.String()}}, wake)
		if err != nil {
			return err
		}
		t.changed = false
		if !woke {
			if err := t.deadline(ctx); err != nil {
				return err
			}
		}
	}
}

func (t *titleRun) when(at time.Time) msg.At { return msg.At{T: at, TZ: t.in.Timezone} }

// next is the next moment the title waits for: the term's end, an overdue rectification's next
// reminder, or a re-inspection, whichever comes first.
func (t *titleRun) next() (time.Time, msg.Text, bool) {
	if t.s.Status.Ended() {
		return time.Time{}, msg.Text{}, false
	}
	var at time.Time
	var what msg.Text
	consider := func(c time.Time, w msg.Text) {
		if !c.IsZero() && (at.IsZero() || c.Before(at)) {
			at, what = c, w
		}
	}
	consider(t.s.TermEnd, msg.Say("timer.title_term_end", "At", t.when(t.s.TermEnd)))
	if t.s.Status == title.Rectifying && !t.s.RectifyBy.IsZero() {
		remind := t.s.RectifyBy.Add(time.Duration(t.s.Reminders) * t.remindEvery())
		consider(remind, msg.Say("timer.title_rectify_due", "At", t.when(remind)))
	}
	if t.s.Reinspected < len(t.in.Reinspections) {
		r := t.in.Reinspections[t.s.Reinspected]
		consider(r, msg.Say("timer.title_reinspection", "At", t.when(r)))
	}
	return at, what, !at.IsZero()
}

func (t *titleRun) remindEvery() time.Duration {
	if t.in.RemindEvery > 0 {
		return t.in.RemindEvery
	}
	return timeline.Week
}

func (t *titleRun) term() time.Duration {
	if t.in.Term > 0 {
		return t.in.Term
	}
	return DefaultTitleTerm
}

// deadline acts on the moment that came: a term that ends without renewal expires the title;
// an overdue rectification is brought back to the office, which decides; a re-inspection that
// comes due is brought to the office (its reminders outbox).
func (t *titleRun) deadline(ctx workflow.Context) error {
	now := workflow.Now(ctx)
	switch {
	case !t.s.TermEnd.IsZero() && !now.Before(t.s.TermEnd):
		err := t.write(ctx, TitleRequest{Submission: Submission{ID: "expire-" + t.s.TermEnd.Format(time.DateOnly), By: "system"},
			Action: title.Expire, Reason: msg.Say("reason.title_expired").String()})
		var appErr *temporal.ApplicationError
		if errors.As(err, &appErr) && appErr.Type() == ErrInvalid {
			// The register has ended the title already: the workflow ends with it.
			t.log.Warn("the register refused the expiry; the title's workflow ends", "error", err)
			t.s.Status = title.Expired
			return nil
		}
		return err
	case t.s.Status == title.Rectifying && !t.s.RectifyBy.IsZero() && !now.Before(t.s.RectifyBy.Add(time.Duration(t.s.Reminders)*t.remindEvery())):
		t.s.Reminders++
		t.log.Warn("the rectification is overdue: the office decides (verify, take back the certificate, or revoke)",
			"deadline", t.s.RectifyBy, "reminder", t.s.Reminders)
		if t.reminds {
			return workflow.ExecuteActivity(withWrites(ctx), acts.RemindOverdueRectification, activities.TitleReminder{
				TitleID: t.in.TitleID, N: t.s.Reminders, At: now}).Get(ctx, nil)
		}
	case t.s.Reinspected < len(t.in.Reinspections):
		t.s.Reinspected++
		t.log.Info("a re-inspection is due: the office re-inspects and renews, or decides otherwise", "n", t.s.Reinspected)
		if t.reinspects {
			return workflow.ExecuteActivity(withWrites(ctx), acts.RemindReinspection, activities.TitleReminder{
				TitleID: t.in.TitleID, N: t.s.Reinspected, At: now}).Get(ctx, nil)
		}
	}
	return nil
}

func (t *titleRun) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (TitleStatus, error) { return t.status(), nil }); err != nil {
		return err
	}
	return onSubmission(ctx, t.intake, UpdateTitle, nil, anyTime(t.check), t.decide)
}

// maxTitleReason bounds a decision's reason: a paragraph, not a file.
const maxTitleReason = 1000

func (t *titleRun) check(r TitleRequest) error {
	if err := checkSubmission(r.Submission); err != nil || t.s.Seen.has(r.ID) {
		return err
	}
	if t.s.Status.Ended() {
		return invalid("refuse.title.ended", "Title", t.in.Name, "Status", title.StatusWords[t.s.Status])
	}
	if r.Action == title.Expire {
		return invalid("refuse.title.expire_by_term")
	}
	if _, ok := title.Next(t.s.Status, r.Action); !ok {
		return invalid("refuse.title.action", "Title", t.in.Name, "Action", string(r.Action),
			"Status", title.StatusWords[t.s.Status], "From", title.Words(title.From(r.Action)))
	}
	switch {
	case strings.TrimSpace(r.Reason) == "" || utf8.RuneCountInString(r.Reason) > maxTitleReason:
		return invalid("refuse.title.reason", "Max", maxTitleReason)
	case utf8.RuneCountInString(r.Document) > maxDocumentChars:
		return invalid("refuse.decide.document", "Max", maxDocumentChars)
	case r.Action == title.Rectify && r.Within <= 0:
		return invalid("refuse.title.within")
	case r.Veto != nil && r.Action != title.Revoke:
		return invalid("refuse.title.veto_revokes")
	}
	return nil
}

func (t *titleRun) decide(ctx workflow.Context, _ time.Time, r TitleRequest) (Receipt, error) {
	if err := t.write(ctx, r); err != nil {
		return Receipt{}, err
	}
	rec := recorded(msg.Say("receipt.title", "Title", t.in.Name, "Unit", t.in.Unit, "Status", title.StatusWords[t.s.Status]))
	if t.s.Status == title.Rectifying {
		rec.also(msg.Say("receipt.title.rectify_by", "At", t.when(t.s.RectifyBy)))
	}
	if r.Action == title.Renew && !t.s.TermEnd.IsZero() {
		rec.also(msg.Say("receipt.title.term_end", "At", t.when(t.s.TermEnd)))
	}
	return rec, nil
}

// write records the decision in the register, then in the workflow's state.
func (t *titleRun) write(ctx workflow.Context, r TitleRequest) error {
	now := workflow.Now(ctx)
	in := activities.TitleAction{TitleID: t.in.TitleID, SubmissionID: r.ID, Action: r.Action, Reason: strings.TrimSpace(r.Reason),
		Document: strings.TrimSpace(r.Document), By: r.By, At: now}
	if r.Veto != nil {
		v := activities.TitleVeto(*r.Veto)
		in.Veto = &v
	}
	switch r.Action {
	case title.Rectify:
		in.RectifyBy = now.Add(r.Within)
	case title.Renew:
		if !t.s.TermEnd.IsZero() {
			in.TermEnd = t.s.TermEnd.Add(t.term())
		}
	}
	var res activities.TitleResult
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.ActOnTitle, in).Get(ctx, &res); err != nil {
		return err
	}
	if res.Refused != nil {
		return refusal(*res.Refused)
	}
	t.s.Status, t.s.RectifyBy, t.s.Reminders, t.s.LastDecision = res.Status, in.RectifyBy, 0, string(r.Action)
	if !in.TermEnd.IsZero() {
		t.s.TermEnd = in.TermEnd
	}
	t.log.Info("title decision recorded", "action", r.Action, "status", res.Status)
	return t.upsert(ctx)
}

func (t *titleRun) status() TitleStatus {
	st := TitleStatus{TitleID: t.in.TitleID, Kind: t.in.Kind, Unit: t.in.Unit, Name: t.in.Name, Status: t.s.Status,
		TermEnd: t.s.TermEnd, RectifyBy: t.s.RectifyBy, Reminders: t.s.Reminders}
	if t.s.Reinspected < len(t.in.Reinspections) {
		st.NextReinspection = t.in.Reinspections[t.s.Reinspected]
	}
	return st
}

func (t *titleRun) tooLong(ctx workflow.Context) bool { return historyTooLong(ctx, t.in.HistoryLimit) }

// details keeps the Web UI saying where the title stands and what comes next.
func (t *titleRun) details(ctx workflow.Context) {
	text := msg.Say("details.title", "Title", t.in.Name, "Unit", t.in.Unit, "Status", title.StatusWords[t.s.Status]).String()
	if !t.s.TermEnd.IsZero() {
		text += "\n\n" + msg.Say("details.title.term_end", "At", t.when(t.s.TermEnd)).String()
	}
	if t.s.Status == title.Rectifying {
		text += "\n\n" + msg.Say("details.title.rectify_by", "At", t.when(t.s.RectifyBy), "N", t.s.Reminders).String()
	}
	workflow.SetCurrentDetails(ctx, text)
}
