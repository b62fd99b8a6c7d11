package office

import (
	"wenming/input/problem"
	"wenming/msg"
	"wenming/workflows"
)

// Status is what became of a submission.
type Status int

const (
	// Accepted: the act is recorded.
	Accepted Status = iota + 1
	// AlreadyReceived: the same submission had been received before; nothing changed.
	AlreadyReceived
	// Refused: the act was not recorded, for the reason the receipt gives.
	Refused
)

// Receipt answers a submission: accepted with what was recorded, already received, or refused
// with why, each in the catalogue's words for the client to render in its user's language.
type Receipt struct {
	SubmissionID string
	Status       Status
	Said         msg.Text   // what was recorded, or why it was refused
	More         []msg.Text // lines after it (an inspection's rectification notices)
	Number       int        // the number given to what was recorded (an objection's)
}

// accepted is the receipt of what a workflow answered.
func accepted(id string, rec workflows.Receipt) Receipt {
	if rec.Duplicate {
		return alreadyReceived(id)
	}
	said, more := rec.Text, rec.More
	if said.ID == "" { // a workflow that answers in Chinese words only, its lines included
		said, more = msg.Say("problem.detail", "Detail", rec.Message), nil
	}
	return Receipt{SubmissionID: id, Status: Accepted, Said: said, More: more, Number: rec.Number}
}

func alreadyReceived(id string) Receipt {
	return Receipt{SubmissionID: id, Status: AlreadyReceived}
}

func refused(id string, why msg.Text) Receipt {
	return Receipt{SubmissionID: id, Status: Refused, Said: why}
}

// Words is the receipt as a person reads it, in p's language: "已受理（提交编号 …）：…", then the
// lines after it; "已收到过（提交编号 …），未作改动"; or the refusal.
func (r Receipt) Words(p *msg.Printer) string {
	switch r.Status {
	case AlreadyReceived:
		return p.T("office.receipt.duplicate", map[string]string{"ID": r.SubmissionID})
	case Refused:
		return msg.RenderError(p, r.Err())
	}
	what := p.Render(r.Said)
	for _, more := range r.More {
		what += "\n" + p.Render(more)
	}
	return p.T("office.receipt.accepted", map[string]string{"ID": r.SubmissionID, "What": what})
}

// Err is a refusal as an error (bad input: the CLI's exit status 2), nil for a submission
// accepted or received before: for a client, or an act made of several, that stops at a
// refusal.
func (r Receipt) Err() error {
	if r.Status != Refused {
		return nil
	}
	return problem.New("", 0, "", "office.refused", "Reason", r.Said)
}
