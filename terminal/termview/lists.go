package termview

import (
	"fmt"
	"time"

	"wenming/msg"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/rules/period"
	"wenming/rules/schedule"
	"wenming/rules/title"
	"wenming/store"
	"wenming/terminal/termtable"
)

// Titles prints titles of the register as a table.
func (v View) Titles(rows []store.ListedTitle) error {
	t := termtable.Table{Header: v.Headers("no", "unit", "holder", "title", "level", "conferred_on", "document", "term_end", "status")}
	for _, r := range rows {
		t.Add(r.ID, r.UnitName, r.Person, r.Name, title.Level(r.Level).Name(), r.ConferredOn.Format(time.DateOnly), r.DocumentNo,
			DateOrDash(r.TermEnd), title.StatusWords[title.Status(r.Status)])
	}
	return t.Write(v.Out)
}

// TitleRecord prints a title and every decision about it.
func (v View) TitleRecord(t store.Title, events []store.TitleEvent) error {
	v.Say("cli.title.show", "ID", t.ID, "Unit", t.UnitID, "Person", t.Person, "Title", t.Name,
		"Status", title.StatusWords[title.Status(t.Status)], "TermEnd", DateOrDash(t.TermEnd), "Workflow", office.TitleWorkflowID(t), "Yearly", t.Yearly())
	h := termtable.Table{Header: v.Headers("seq", "decision", "status", "reason", "document", "by", "at")}
	for _, e := range events {
		h.Add(e.Seq, v.T("term.title_action."+e.Action), title.StatusWords[title.Status(e.Status)], e.Reason, e.DocumentNo, e.By, e.At.Format("2006-01-02 15:04"))
	}
	return h.Write(v.Out)
}

// DateOrDash is a date, or a dash for none (a term without end).
func DateOrDash(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return t.Format(time.DateOnly)
}

// Applied says what applying a plan did to each schedule, and when each runs next.
func (v View) Applied(plan *schedule.Plan, applied []office.AppliedSchedule, now time.Time) {
	for _, a := range applied {
		next, _ := plan.Next(a.Kind, now, 1)
		v.Say("cli.schedule.applied", "ID", a.ID, "Verb", a.Verb, "Cron", plan.Crons[a.Kind], "Zone", plan.Timezone, "Next", msg.At{T: next[0], TZ: plan.Timezone})
	}
}

// Preview prints the next count runs of each schedule of plan after now, and the period each
// evaluates.
func (v View) Preview(plan *schedule.Plan, now time.Time, count int) error {
	t := termtable.Table{Header: v.Headers("round", "runs_at", "evaluates")}
	for _, s := range schedule.Kinds {
		runs, err := plan.Next(s.Kind, now, count)
		if err != nil {
			continue // a kind the plan does not set
		}
		for _, at := range runs {
			t.Add(v.P.Term("round_kind", string(s.Kind)), v.P.At(msg.At{T: at, TZ: plan.Timezone}), period.JustEnded(s.Period, at, plan.Location))
		}
	}
	return t.Write(v.Out)
}

// Schedules prints the schedules, paused or not, with their next runs.
func (v View) Schedules(entries []office.ScheduleEntry) error {
	t := termtable.Table{Header: v.Headers("schedule", "paused", "next_run", "recent_runs")}
	for _, e := range entries {
		next := "-"
		if !e.Next.IsZero() {
			next = v.P.At(msg.At{T: e.Next, TZ: campaign.DefaultTimezone})
		}
		t.Add(e.ID, v.P.Term("bool", fmt.Sprint(e.Paused)), next, e.Recent)
	}
	return t.Write(v.Out)
}
