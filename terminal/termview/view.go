// Package termview prints what a person reads on a terminal — where a campaign or a round
// stands, the register of titles, the schedules, one-line results — in the reader's language.
// The CLI's verbs and the demo print through it, so both show the same thing the same way.
package termview

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"wenming/msg"
	"wenming/rules/standard"
	"wenming/store"
	"wenming/workflows"
)

// View writes to Out in P's language.
type View struct {
	Out io.Writer
	P   *msg.Printer
}

// T is a catalogue message in the view's language.
func (v View) T(id string, pairs ...any) string { return v.P.Render(msg.Say(id, pairs...)) }

// Say prints a catalogue message as a line.
func (v View) Say(id string, pairs ...any) { fmt.Fprintln(v.Out, v.T(id, pairs...)) }

// Line prints a text as a line.
func (v View) Line(t msg.Text) { fmt.Fprintln(v.Out, v.P.Render(t)) }

// JSON prints x indented, for scripts.
func (v View) JSON(x any) error {
	enc := json.NewEncoder(v.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(x)
}

// Headers are a table's column titles from the catalogue (cli.header.<name>).
func (v View) Headers(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = v.T("cli.header." + n)
	}
	return out
}

// OutcomeName is an outcome's name in the reader's language: the rules' Chinese name, or in
// English its id.
func (v View) OutcomeName(name, id string) string {
	if v.P.Lang() == msg.English {
		return id
	}
	return name
}

// Checked says that a check workflow ran: Temporal, a worker and PostgreSQL answer.
func (v View) Checked(id string, out workflows.CheckResult) {
	v.Say("cli.check.ok", "Worker", out.Worker, "ID", id, "At", msg.At{T: out.CheckedAt, TZ: "UTC"})
}

// AuditChecked says what a walk along the audit log's chain found: each break, or that the
// log is intact and its head. It returns the error a broken chain is.
func (v View) AuditChecked(c store.AuditCheck) error {
	for _, b := range c.Breaks {
		v.Say("cli.audit.break."+string(b.What), "Seq", b.Seq, "ID", b.ID, "Kind", b.Kind, "Target", b.Target, "Gone", b.Gone)
	}
	switch {
	case c.Broken > 0:
		return msg.Err("cli.audit.broken", "N", c.Broken, "Listed", len(c.Breaks))
	case c.Rows == 0:
		v.Say("cli.audit.empty")
	default:
		v.Say("cli.audit.intact", "Rows", c.Rows, "Seq", c.HeadSeq, "Hash", c.HeadHash)
	}
	return nil
}

// Users lists accounts, one a line: id, name, organisation and the grants in force.
func (v View) Users(users []store.ListedAccount) {
	if len(users) == 0 {
		v.Say("cli.user.none")
		return
	}
	for _, u := range users {
		var grants []string
		for _, g := range u.Grants {
			grants = append(grants, strings.TrimSpace(g.Role+" "+g.Scope))
		}
		v.Say("cli.user.line", "ID", u.ID, "Name", u.Name, "Org", u.Org, "Grants", grants)
	}
}

// StandardLine is a standard in one line: its id, name, mode, maximum and pass line.
func (v View) StandardLine(s *standard.Standard) string {
	return v.T("cli.standard.line", "ID", s.ID, "Name", s.Name, "Mode", string(s.Mode), "Max", s.Max(), "Pass", s.Pass)
}

// Scored says a sheet's score against a standard and whether it reaches the pass line.
func (v View) Scored(r standard.Result) {
	verdict := msg.Say("cli.standard.below_line")
	if r.Eligible {
		verdict = msg.Say("cli.standard.may_declare")
	}
	v.Say("cli.standard.scored", "Standard", r.Standard, "Base", r.Base, "Max", r.Max, "Bonus", r.Bonus, "Total", r.Total,
		"Pass", r.Pass, "Verdict", verdict)
}
