package workflows

import (
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Submission identifies a human submission: its id (a resend with the same id is a no-op)
// and who sent it. Every update request embeds it.
type Submission struct {
	ID string
	By string
}

// Stamp fills in the submission's id and who sends it: a request embedding Submission is
// Submitted through its pointer.
func (s *Submission) Stamp(id, by string) { s.ID, s.By = id, by }

// Submitted is a request that carries a submission (every update request does).
type Submitted interface{ Stamp(id, by string) }

// Receipt answers an accepted submission.
type Receipt struct {
	SubmissionID string
	Duplicate    bool   // the submission had been received before: nothing changed
	Message      string // what was recorded, in words for the administrator
	Number       int    `json:",omitempty"` // the number given to it (objections)
}

// invalid refuses a submission with a reason the CLI shows as is.
func invalid(format string, args ...any) error {
	return temporal.NewApplicationErrorWithOptions(fmt.Sprintf(format, args...), ErrInvalid,
		temporal.ApplicationErrorOptions{NonRetryable: true})
}

func checkSubmission(s Submission) error {
	if s.ID == "" {
		return invalid("the submission has no id")
	}
	if len(s.ID) > 128 {
		return invalid("the submission id is longer than 128 characters")
	}
	if s.By == "" {
		return invalid("the submission does not say who sent it")
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
	return Receipt{SubmissionID: id, Duplicate: true, Message: "already received: nothing changed"}
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
