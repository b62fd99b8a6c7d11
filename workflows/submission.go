package workflows

import (
	"fmt"

	"go.temporal.io/sdk/temporal"
)

// Submission identifies a human submission: its id (a resend with the same id is a no-op)
// and who sent it. Every update request embeds it.
type Submission struct {
	ID string
	By string
}

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

func (s seenSet) has(id string) bool { return s[id] }
func (s seenSet) add(id string)      { s[id] = true }

func duplicate(id string) Receipt {
	return Receipt{SubmissionID: id, Duplicate: true, Message: "already received: nothing changed"}
}
