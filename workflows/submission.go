package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/input/problem"
	"wenming/msg"
)

// Submission identifies a human submission: its id (a resend with the same id is a no-op)
// and who sent it. Every update request embeds it.
type Submission struct {
	ID string
	By string
	// Credential proves who sends it: an act token (identity), checked by the guard of a
	// worker given identity keys, which hands the workflow the request without it (the history's
	// update event still holds it: it is short-lived and good for this act only).
	Credential string `json:",omitempty"`
}

// Stamp fills in the submission's id and who sends it: a request embedding Submission is
// Submitted through its pointer.
func (s *Submission) Stamp(id, by string) { s.ID, s.By = id, by }

// Submitted is a request that carries a submission (every update request does).
type Submitted interface{ Stamp(id, by string) }

// Receipt answers an accepted submission.
type Receipt struct {
	SubmissionID string
	Duplicate    bool       // the submission had been received before: nothing changed
	Message      string     // what was recorded, in Chinese (as the history shows it)
	Text         msg.Text   `json:",omitempty"` // the same, for the CLI to render in its user's language
	More         []msg.Text `json:",omitempty"` // lines after it (an inspection's rectification notices)
	Number       int        `json:",omitempty"` // the number given to it (objections)
}

// recorded is the receipt of what a submission recorded.
func recorded(t msg.Text) Receipt { return Receipt{Message: t.String(), Text: t} }

// also adds a line to the receipt.
func (r *Receipt) also(t msg.Text) {
	r.More = append(r.More, t)
	r.Message += "\n" + t.String()
}

// invalid refuses a submission with a reason: the error's message is the Chinese, its
// details the Text the CLI renders in its user's language.
func invalid(id string, pairs ...any) error {
	return refusal(msg.Say(id, pairs...))
}

func refusal(t msg.Text) error { return refusalOfType(t, ErrInvalid) }

// refusalOfType refuses with a reason under an error type the sender acts on.
func refusalOfType(t msg.Text, errType string) error {
	return temporal.NewApplicationErrorWithOptions(t.String(), errType,
		temporal.ApplicationErrorOptions{NonRetryable: true, Details: []any{t}})
}

// refusalOf refuses with a rule's error: its Text when it has one, its problems each in
// the reader's language, else its words.
func refusalOf(err error) error {
	var me *msg.Error
	if errors.As(err, &me) {
		return refusal(me.Text)
	}
	var es problem.Errors
	if errors.As(err, &es) {
		return invalid("refuse.sheet.problems", "Problems", es.Texts())
	}
	return invalid("refuse.sheet.problems", "Problems", err.Error())
}

// RefusalText is the Text of a refusal by a workflow, for the CLI to render.
func RefusalText(err *temporal.ApplicationError) (msg.Text, bool) {
	var t msg.Text
	if !err.HasDetails() || err.Details(&t) != nil || t.ID == "" {
		return msg.Text{}, false
	}
	return t, true
}

func checkSubmission(s Submission) error {
	if s.ID == "" {
		return invalid("refuse.submission.no_id")
	}
	if len(s.ID) > 128 {
		return invalid("refuse.submission.id_too_long")
	}
	if s.By == "" {
		return invalid("refuse.submission.no_sender")
	}
	return nil
}

// seenSet remembers submission ids. It is only looked up, never iterated, so its order never
// matters to a decision.
type seenSet map[string]bool

func (s *seenSet) has(id string) bool { return (*s)[id] }
func (s *seenSet) add(id string) {
	if *s == nil {
		*s = seenSet{}
	}
	(*s)[id] = true
}

func duplicate(id string) Receipt {
	t := msg.Say("receipt.duplicate")
	return Receipt{SubmissionID: id, Duplicate: true, Message: t.String(), Text: t}
}

// intake takes a workflow's submissions the one way they are all taken: one at a time (a
// handler that records one waits on an activity, and the next must see what it changed),
// each id once (a resend is answered "already received: nothing changed" and changes
// nothing), and the receipt names the submission.
type intake struct {
	lock     workflow.Mutex
	seen     *seenSet
	ready    func() bool                // nil, or what to wait for before taking anything (the workflow has loaded)
	accepted func(ctx workflow.Context) // after a submission is taken: the workflow looks at its state again
}

func newIntake(ctx workflow.Context, seen *seenSet, ready func() bool, accepted func(workflow.Context)) *intake {
	return &intake{lock: workflow.NewMutex(ctx), seen: seen, ready: ready, accepted: accepted}
}

// take runs fn for a submission not seen before, and remembers it once fn succeeds: a
// refused submission may be sent again, corrected, under the same id.
func (in *intake) take(ctx workflow.Context, sub Submission, fn func() (Receipt, error)) (Receipt, error) {
	if in.ready != nil {
		if err := workflow.Await(ctx, in.ready); err != nil {
			return Receipt{}, err
		}
	}
	if err := in.lock.Lock(ctx); err != nil {
		return Receipt{}, err
	}
	defer in.lock.Unlock()
	if in.seen.has(sub.ID) {
		return duplicate(sub.ID), nil
	}
	rec, err := fn()
	if err != nil {
		return Receipt{}, err
	}
	in.seen.add(sub.ID)
	rec.SubmissionID = sub.ID
	if in.accepted != nil {
		in.accepted(ctx)
	}
	return rec, nil
}

// onUpdate registers an update handler with its description from the catalogue
// (handler.<name>), which the Web UI shows an operator; it is no part of the history.
func onUpdate(ctx workflow.Context, name string, handler any, opts workflow.UpdateHandlerOptions) error {
	opts.Description = msg.Say("handler." + name).String()
	return workflow.SetUpdateHandlerWithOptions(ctx, name, handler, opts)
}

// onQuery registers a query handler with its description from the catalogue.
func onQuery(ctx workflow.Context, name string, handler any) error {
	return workflow.SetQueryHandlerWithOptions(ctx, name, handler,
		workflow.QueryHandlerOptions{Description: msg.Say("handler." + name).String()})
}

// submitted is a request carrying a submission: every update request embeds Submission.
type submitted interface{ submission() Submission }

func (s Submission) submission() Submission { return s }

// onSubmission registers the update name, by which a person hands in a submission of type R,
// taken through in: check says why it is refused as of now, apply does it. The validator asks
// check, but accepts everything until loaded says the workflow has loaded what check reads
// (nil: it always has); the handler, in turn under the intake's lock, asks check again (a
// submission taken meanwhile may have changed its answer) and applies.
func onSubmission[R submitted](ctx workflow.Context, in *intake, name string, loaded func() bool,
	check func(now time.Time, r R) error, apply func(ctx workflow.Context, now time.Time, r R) (Receipt, error)) error {
	return onCheckedSubmission(ctx, in, name, loaded,
		func(now time.Time, r R) (struct{}, error) { return struct{}{}, check(now, r) },
		func(ctx workflow.Context, now time.Time, r R, _ struct{}) (Receipt, error) { return apply(ctx, now, r) })
}

// onCheckedSubmission is onSubmission for a check that works something out on the way (a
// sheet's score), which apply then takes.
func onCheckedSubmission[R submitted, C any](ctx workflow.Context, in *intake, name string, loaded func() bool,
	check func(now time.Time, r R) (C, error), apply func(ctx workflow.Context, now time.Time, r R, checked C) (Receipt, error)) error {
	handler := func(ctx workflow.Context, r R) (Receipt, error) {
		return in.take(ctx, r.submission(), func() (Receipt, error) {
			now := workflow.Now(ctx)
			checked, err := check(now, r)
			if err != nil {
				return Receipt{}, err
			}
			return apply(ctx, now, r, checked)
		})
	}
	validator := func(ctx workflow.Context, r R) error {
		if loaded != nil && !loaded() {
			return nil // the handler checks once the workflow has loaded
		}
		_, err := check(workflow.Now(ctx), r)
		return err
	}
	return onUpdate(ctx, name, handler, workflow.UpdateHandlerOptions{Validator: validator})
}

// anyTime is a check that does not depend on the time, as onSubmission takes it.
func anyTime[R any](check func(r R) error) func(time.Time, R) error {
	return func(_ time.Time, r R) error { return check(r) }
}

// converted is a request's list as the worker's payload takes it, each element by convert; an
// empty list stays empty and a missing one missing, so the records keep their shape.
func converted[T, U any](in []T, convert func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = convert(v)
	}
	return out
}
