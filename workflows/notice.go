package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/timeline"
)

// PublicNotice publishes a proposed list for the notice period (公示), takes objections from
// anyone until it ends, and closes only when every objection has been decided: an upheld
// objection removes its entry, a dismissed one keeps it. Campaigns and rounds share it.
func PublicNotice(ctx workflow.Context, in NoticeInput) (NoticeResult, error) {
	n := &notice{in: in, seen: seenSet{}}
	n.intake = newIntake(ctx, &n.seen, nil, n.details)
	n.log = log.With(workflow.GetLogger(ctx), "notice", in.NoticeID)
	n.starts = workflow.Now(ctx)
	n.ends = n.starts.Add(in.Length)
	if err := n.register(ctx); err != nil {
		return NoticeResult{}, err
	}
	ctx = withWrites(ctx)

	// The office posts the list with the period and where to send objections.
	posted := activities.PublicNotice{NoticeID: in.NoticeID, Subject: in.Subject, Title: in.Title, Contact: in.Contact,
		Entries: in.Entries, StartsAt: n.starts, EndsAt: n.ends}
	n.listed = len(in.Entries)
	if in.FromProposals {
		var res activities.PublishResult
		if err := workflow.ExecuteActivity(ctx, acts.PublishRoundNotice, posted).Get(ctx, &res); err != nil {
			return NoticeResult{}, err
		}
		n.listed = res.Listed
	} else if err := workflow.ExecuteActivity(ctx, acts.PublishNotice, posted).Get(ctx, nil); err != nil {
		return NoticeResult{}, err
	}
	n.posted = true
	n.details(ctx)

	// The notice period: objections may be filed and decided.
	summary := msg.Say("timer.notice", "Length", timeline.FormatDuration(in.Length)).String()
	if err := workflow.NewTimerWithOptions(ctx, in.Length, workflow.TimerOptions{Summary: summary}).Get(ctx, nil); err != nil {
		return NoticeResult{}, err
	}
	n.ended = true
	n.details(ctx)

	// The notice cannot close with an undecided objection: wait, reminding the office.
	if err := n.awaitDecisions(ctx); err != nil {
		return NoticeResult{}, err
	}
	at := workflow.Now(ctx)
	if err := workflow.ExecuteActivity(ctx, acts.CloseNotice, activities.CloseNoticeInput{NoticeID: in.NoticeID, At: at}).Get(ctx, nil); err != nil {
		return NoticeResult{}, err
	}
	n.details(ctx)
	return NoticeResult{Removed: n.removed(), Withheld: n.withheld(), Objections: len(n.objections), EndedAt: at}, nil
}

type notice struct {
	in         NoticeInput
	listed     int
	starts     time.Time
	ends       time.Time
	ended      bool
	posted     bool // the list is in the database: objections can refer to its entries
	objections []ObjectionView
	overdue    time.Time // when the undecided objections became overdue (NoticeInput.OverdueAfter)
	// overdueShown: the search attribute shows them overdue (overdueSearchAttribute)
	overdueShown bool
	reminders    int // overdue reminders written (objectionReminders)
	seen         seenSet
	intake       *intake
	log          log.Logger
}

func (n *notice) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (NoticeStatus, error) { return n.status(), nil }); err != nil {
		return err
	}
	if err := onUpdate(ctx, UpdateFileObjection, n.file,
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, r ObjectionRequest) error {
			return n.checkFile(workflow.Now(ctx), r)
		}}); err != nil {
		return err
	}
	return onSubmission(ctx, n.intake, UpdateDecideObjection, nil, anyTime(n.checkDecide), n.settle)
}

func (n *notice) checkFile(now time.Time, r ObjectionRequest) error {
	if err := checkSubmission(r.Submission); err != nil || n.seen.has(r.ID) {
		return err
	}
	if n.ended || !now.Before(n.ends) {
		return invalid("refuse.objection.notice_ended", "Ended", msg.At{T: n.ends, TZ: n.in.Timezone})
	}
	if !n.in.FromProposals && !slices.Contains(n.in.Entries, r.Entry) {
		return invalid("refuse.objection.not_listed", "Entry", r.Entry, "Entries", n.in.Entries)
	}
	if strings.TrimSpace(r.Reason) == "" {
		return invalid("refuse.objection.no_reason")
	}
	if len([]rune(r.Reason)) > 2000 {
		return invalid("refuse.objection.reason_too_long")
	}
	return nil
}

// objectionsAfterPosting is the change that makes an objection filed as the notice starts
// wait until the list is posted (before it, the objection's entry was not in the database yet
// and the objection was lost with a foreign-key error).
const objectionsAfterPosting = "objections-after-posting"

// file records an objection; it is numbered in the order received.
func (n *notice) file(ctx workflow.Context, r ObjectionRequest) (Receipt, error) {
	if workflow.GetVersion(ctx, objectionsAfterPosting, workflow.DefaultVersion, 1) >= 1 {
		if err := workflow.Await(ctx, func() bool { return n.posted }); err != nil {
			return Receipt{}, err
		}
	}
	return n.intake.take(ctx, r.Submission, func() (Receipt, error) { return n.record(ctx, r) })
}

// record checks an objection against the list and writes it.
func (n *notice) record(ctx workflow.Context, r ObjectionRequest) (Receipt, error) {
	if err := n.checkFile(workflow.Now(ctx), r); err != nil {
		return Receipt{}, err
	}
	if n.in.FromProposals {
		// The list is in the database: ask it whether the entry is on it.
		var found activities.EntryResult
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.NoticeHasEntry, activities.EntryInput{NoticeID: n.in.NoticeID, Entry: r.Entry}).Get(ctx, &found); err != nil {
			return Receipt{}, err
		}
		if !found.Listed {
			return Receipt{}, invalid("refuse.objection.not_on_list", "Entry", r.Entry, "Subject", n.in.Subject)
		}
	}
	no := len(n.objections) + 1
	// Counted before it is written, so the notice cannot close while it is being recorded.
	n.objections = append(n.objections, ObjectionView{No: no, Entry: r.Entry, Reason: r.Reason})
	err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordObjection, activities.Objection{
		NoticeID: n.in.NoticeID, No: no, SubmissionID: r.ID, EntryID: r.Entry, Reason: r.Reason,
		Contact: r.Contact, By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil)
	if err != nil {
		n.objections = n.objections[:len(n.objections)-1]
		return Receipt{}, err
	}
	n.log.Info("objection filed", "objection", no, "entry", r.Entry)
	rec := recorded(msg.Say("receipt.objection.filed", "No", no, "Entry", r.Entry))
	rec.Number = no
	return rec, nil
}

func (n *notice) checkDecide(r ObjectionDecisionRequest) error {
	if err := checkSubmission(r.Submission); err != nil || n.seen.has(r.ID) {
		return err
	}
	if r.Objection < 1 || r.Objection > len(n.objections) {
		return invalid("refuse.objection.no_such", "No", r.Objection, "Filed", len(n.objections))
	}
	if d := n.objections[r.Objection-1].Decision; d != "" {
		return invalid("refuse.objection.decided", "No", r.Objection, "Decision", d)
	}
	if r.Decision != activities.Uphold && r.Decision != activities.Dismiss {
		return invalid("refuse.objection.bad_decision", "Decision", r.Decision, "Entry", n.objections[r.Objection-1].Entry)
	}
	if strings.TrimSpace(r.Note) == "" {
		return invalid("refuse.objection.no_note")
	}
	return nil
}

// settle records the decision on an objection.
func (n *notice) settle(ctx workflow.Context, _ time.Time, r ObjectionDecisionRequest) (Receipt, error) {
	err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.DecideObjection, activities.ObjectionDecision{
		NoticeID: n.in.NoticeID, No: r.Objection, SubmissionID: r.ID, Decision: r.Decision, Note: r.Note,
		By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil)
	if err != nil {
		return Receipt{}, err
	}
	o := &n.objections[r.Objection-1]
	o.Decision = r.Decision
	verdict := "receipt.objection.dismissed"
	if r.Decision == activities.Uphold {
		verdict = "receipt.objection.upheld"
	}
	rec := recorded(msg.Say(verdict, "No", r.Objection, "Entry", o.Entry))
	rec.Number = r.Objection
	return rec, nil
}

// awaitDecisions waits until every objection is decided and no handler is still running,
// reminding the office on a cadence while it waits.
func (n *notice) awaitDecisions(ctx workflow.Context) (err error) {
	every := n.in.RemindEvery
	if every <= 0 {
		every = timeline.Day
	}
	// Where the owner gives the office a time to decide (campaigns since the change), an
	// objection still undecided then lapses; otherwise the notice waits, reminding.
	var lapseAt, dueAt time.Time
	if n.in.DecideWithin > 0 && workflow.GetVersion(ctx, objectionsLapse, workflow.DefaultVersion, 1) >= 1 {
		lapseAt = n.ends.Add(n.in.DecideWithin)
	} else if n.in.OverdueAfter > 0 { // only owners since waitsOnlyRemind give it
		dueAt = n.ends.Add(n.in.OverdueAfter)
	}
	defer func() {
		n.overdue = time.Time{}
		if n.overdueShown && err == nil {
			n.overdueShown = false
			_, err = showOverdue(ctx, time.Time{})
		}
	}()
	for {
		for n.undecided() > 0 {
			wait := every
			if !dueAt.IsZero() && n.overdue.IsZero() {
				if left := dueAt.Sub(workflow.Now(ctx)); left > 0 {
					wait = min(wait, left)
				} else {
					n.overdue = dueAt
					n.log.Warn("objections are overdue: still waiting for their decision", "undecided", n.undecided())
					n.details(ctx)
					if n.overdueShown, err = showOverdue(ctx, n.overdue); err != nil {
						return err
					}
					if err := n.remindOverdue(ctx); err != nil {
						return err
					}
				}
			}
			if !lapseAt.IsZero() {
				if left := lapseAt.Sub(workflow.Now(ctx)); left <= 0 {
					if workflow.GetVersion(ctx, objectionsLapseNoMore, workflow.DefaultVersion, 1) >= 1 {
						// The time to decide has passed: the objections are overdue, still
						// waiting for the office (reminded in the worker's log).
						dueAt, lapseAt = lapseAt, time.Time{}
						continue
					}
					if err := n.lapse(ctx); err != nil {
						return err
					}
					continue
				} else if left < wait {
					wait = left
				}
			}
			decided, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
				Timeout:      wait,
				TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.objection_reminder").String()},
			}, func() bool { return n.undecided() == 0 })
			if err != nil {
				return err
			}
			if !decided {
				n.log.Warn("the notice has ended but objections wait for a decision", "undecided", n.undecided())
				if !n.overdue.IsZero() {
					if err := n.remindOverdue(ctx); err != nil {
						return err
					}
				}
			}
		}
		if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
			return err
		}
		if n.undecided() == 0 {
			return nil
		}
	}
}

// objectionReminders is the change that writes overdue objections' reminders to the office's
// outbox; notices recorded before it only logged them.
const objectionReminders = "objection-reminders"

// remindOverdue writes to the office's outbox (kind overdue-objections, the notice's id in
// place of a campaign's) that objections wait for their decision past their time.
func (n *notice) remindOverdue(ctx workflow.Context) error {
	if workflow.GetVersion(ctx, objectionReminders, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	n.reminders++
	return workflow.ExecuteActivity(withWrites(ctx), acts.RemindOverdue, activities.OverdueReminder{
		CampaignID: n.in.NoticeID, Kind: "overdue-objections", Seq: n.reminders, At: workflow.Now(ctx),
		Text: msg.Say("reminder.overdue.objections", "Notice", n.in.NoticeID, "N", n.undecided(), "Since", msg.At{T: n.overdue, TZ: n.in.Timezone}),
	}).Get(ctx, nil)
}

// objectionsLapse is the change that lets objections lapse when the time to decide them is up.
const objectionsLapse = "objections-lapse"

// objectionsLapseNoMore is the change that stops them lapsing: the plans leave the decision on
// an objection to the office, so in a notice begun with a time to decide, undecided objections
// whose time passes from this build on are overdue and wait, as in notices begun since. Those
// that lapsed before it replay as they ran.
const objectionsLapseNoMore = "objections-lapse-no-more"

// lapse records every undecided objection as lapsed, by the system: its entry is held back.
func (n *notice) lapse(ctx workflow.Context) error {
	for i := range n.objections {
		o := &n.objections[i]
		if o.Decision != "" {
			continue
		}
		err := workflow.ExecuteActivity(withWrites(ctx), acts.DecideObjection, activities.ObjectionDecision{
			NoticeID: n.in.NoticeID, No: o.No, SubmissionID: fmt.Sprintf("lapse-%d", o.No), Decision: activities.Lapsed,
			Note: msg.Say("objection.lapsed_note").String(), By: "system", At: workflow.Now(ctx),
		}).Get(ctx, nil)
		if err != nil {
			return err
		}
		o.Decision = activities.Lapsed
		n.log.Warn("objection lapsed undecided: its entry is held back", "objection", o.No, "entry", o.Entry)
	}
	return nil
}

// withheld are the entries held back by a lapsed objection, unless an upheld one removed them.
func (n *notice) withheld() []string {
	removed := n.removed()
	var out []string
	for _, o := range n.objections {
		if o.Decision == activities.Lapsed && !slices.Contains(removed, o.Entry) && !slices.Contains(out, o.Entry) {
			out = append(out, o.Entry)
		}
	}
	return out
}

func (n *notice) undecided() int {
	c := 0
	for _, o := range n.objections {
		if o.Decision == "" {
			c++
		}
	}
	return c
}

func (n *notice) removed() []string {
	var out []string
	for _, o := range n.objections {
		if o.Decision == activities.Uphold && !slices.Contains(out, o.Entry) {
			out = append(out, o.Entry)
		}
	}
	return out
}

func (n *notice) status() NoticeStatus {
	return NoticeStatus{NoticeID: n.in.NoticeID, Title: n.in.Title, Entries: slices.Clone(n.in.Entries),
		StartsAt: n.starts, EndsAt: n.ends, Ended: n.ended, Listed: n.listed, Objections: slices.Clone(n.objections), Undecided: n.undecided(),
		OverdueSince: n.overdue}
}

// details keeps the Web UI's current details saying where the notice stands.
func (n *notice) details(ctx workflow.Context) {
	ends := msg.At{T: n.ends, TZ: n.in.Timezone}
	state := msg.Say("details.notice.open", "Until", ends)
	if n.ended {
		state = msg.Say("details.notice.ended", "At", ends)
		if u := n.undecided(); u > 0 {
			state = msg.Say("details.notice.undecided", "At", ends, "N", u)
		}
		if !n.overdue.IsZero() {
			state = msg.Say("details.notice.overdue", "At", ends, "N", n.undecided(), "Since", msg.At{T: n.overdue, TZ: n.in.Timezone})
		}
	}
	workflow.SetCurrentDetails(ctx, msg.Say("details.notice", "Title", n.in.Title, "State", state.String(), "Listed", n.listed,
		"Objections", len(n.objections), "Undecided", n.undecided(), "Removed", len(n.removed())).String())
}

// runNotice runs a public notice as a child of its owner: started tells the owner once the
// notice takes objections; the result is the entries that upheld objections removed.
func runNotice(ctx workflow.Context, opts workflow.ChildWorkflowOptions, in NoticeInput, started func() error) (NoticeResult, error) {
	child := workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, opts), PublicNotice, in)
	if err := child.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
		return NoticeResult{}, err
	}
	if err := started(); err != nil {
		return NoticeResult{}, err
	}
	var res NoticeResult
	err := child.Get(ctx, &res)
	return res, err
}
