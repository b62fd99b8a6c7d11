package termview

import (
	"time"

	"wenming/msg"
	"wenming/workflows"
)

// RatingStatus prints where a rating campaign stands: the open round and whom it waits for, the
// rounds closed with their changes of grade, the rectifications not yet verified.
func (v View) RatingStatus(st workflows.RatingStatus) {
	at := func(t time.Time) msg.At { return msg.At{T: t, TZ: st.Timezone} }
	v.Say("details.rating", "Title", st.Title, "ID", st.Campaign, "Closed", len(st.Closed), "Rounds", st.Rounds)
	switch {
	case st.Round != "":
		v.Say("details.rating.round", "Round", st.RoundName, "Due", at(st.Due), "Inspected", st.Inspected, "Skipped", st.Skipped, "Units", st.Units)
		if len(st.Waiting) > 0 {
			v.Say("cli.rating.status.waiting", "Round", st.Round, "Units", st.Waiting)
		}
		if !st.OverdueSince.IsZero() {
			v.Say("details.overdue", "Since", at(st.OverdueSince))
		}
	case !st.NextOpens.IsZero():
		v.Say("cli.rating.status.next", "At", at(st.NextOpens))
	}
	for _, r := range st.Closed {
		v.Say("cli.rating.status.closed", "ID", r.ID, "Name", r.Name, "Inspected", r.Inspected, "Skipped", r.Skipped)
		for _, c := range r.Changes {
			v.Say("cli.rating.status.change", "Unit", c.Unit, "From", c.From, "To", c.To, "Change", c.Change)
		}
	}
	v.Say("details.rating.rectifications", "N", st.Unverified)
	if st.Done {
		v.Say("cli.rating.status.done")
	}
}
