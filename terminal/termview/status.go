package termview

import (
	"fmt"
	"maps"
	"slices"

	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/schedule"
	"wenming/terminal/termtable"
	"wenming/workflows"
)

// CampaignStatus prints where a campaign stands and what it waits for.
func (v View) CampaignStatus(st workflows.CampaignStatus) error {
	n := st.Counts
	v.Say("cli.campaign.status.head", "ID", st.ID, "Title", st.Title, "Phase", st.Phase)
	if st.Waiting.Who.ID != "" {
		v.Say("details.waiting_for", "Who", v.P.Render(st.Waiting.Who), "Since", msg.At{T: st.Waiting.Since, TZ: st.Timezone})
		if !st.Waiting.OverdueSince.IsZero() {
			v.Say("details.overdue", "Since", msg.At{T: st.Waiting.OverdueSince, TZ: st.Timezone})
		}
	}
	if st.Next.ID != "" {
		fmt.Fprintln(v.Out, v.P.T("details.waiting", map[string]string{"What": v.P.Render(st.Next)}))
	}
	v.Say("cli.campaign.status.counts", "Units", n.Units, "SelfChecked", n.SelfChecked, "Declared", n.Declared, "Inspected", n.Inspected,
		"Open", n.OpenRectifications, "Overdue", n.OverdueRectifications, "OverdueTasks", n.OverdueTasks, "Vetoed", len(st.Vetoed))
	if st.PendingTie != nil {
		v.Say("cli.campaign.status.tie", "Units", st.PendingTie.Units, "Total", st.PendingTie.Total, "Slots", st.PendingTie.Slots, "ID", st.ID)
	}
	if len(st.Proposed) > 0 {
		v.Say("cli.campaign.status.proposed", "Units", st.Proposed)
	}
	if len(st.Removed) > 0 {
		v.Say("cli.campaign.status.removed", "Units", st.Removed)
	}
	for _, x := range st.Vetoed {
		v.Say("cli.campaign.status.vetoed", "Unit", x.Unit, "Reason", x.Reason)
	}
	for _, x := range st.Excluded {
		v.Say("cli.campaign.status.excluded", "Unit", x.Unit, "Reason", x.Reason)
	}
	for _, x := range st.Returned {
		v.Say("cli.campaign.status.returned", "Unit", x.Unit, "Reason", x.Reason)
	}
	if d := st.Decision; d != nil {
		v.Say("cli.campaign.status.decision", "Document", d.Document, "On", d.On)
		for _, x := range d.Strike {
			v.Say("cli.campaign.status.struck", "Unit", x.Unit, "Reason", x.Reason)
		}
	}
	if st.Outcomes == nil {
		return nil
	}
	t := termtable.Table{Header: v.Headers("outcome", "units"), Right: map[int]bool{1: true}}
	for _, o := range campaign.Outcomes {
		if st.Outcomes[o.ID] > 0 {
			t.Add(v.OutcomeName(o.Name, o.ID), st.Outcomes[o.ID])
		}
	}
	return t.Write(v.Out)
}

// UnitStatus prints where one unit's part of a campaign stands.
func (v View) UnitStatus(st workflows.UnitStatus) {
	v.Say("cli.unit.status.head", "Unit", st.UnitID, "Campaign", st.CampaignID, "Phase", st.Phase)
	for _, t := range st.Tasks {
		v.Say("cli.unit.status.task", "ID", t.ID, "Percent", t.Percent, "Due", t.Deadline, "Title", t.Title)
	}
	if s := st.SelfCheck; s != nil {
		v.Say("cli.unit.status.self", "Base", s.Base, "Bonus", s.Bonus, "Eligible", s.Eligible)
	}
	v.Say("cli.unit.status.declared", "Declared", st.Declared)
	if s := st.Inspection; s != nil {
		v.Say("cli.unit.status.inspection", "Base", s.Base, "Bonus", s.Bonus)
	}
	for _, n := range st.Rectifications {
		v.Say("cli.unit.status.rectification", "No", n.No, "Size", n.Size, "Status", n.Status, "Due", n.Deadline)
	}
	if st.Vetoed != "" {
		v.Say("cli.unit.status.vetoed", "Reason", st.Vetoed)
	}
	if st.Settled != "" {
		v.Say("cli.unit.status.ready", "Reason", workflows.ReadinessText(st.Settled))
	}
}

// RoundStatus prints where a round stands.
func (v View) RoundStatus(st workflows.RoundStatus) {
	v.Say("cli.round.status.head", "ID", st.ID, "Phase", st.Phase)
	if st.Next.ID != "" {
		fmt.Fprintln(v.Out, v.P.T("details.waiting", map[string]string{"What": v.P.Render(st.Next)}))
	}
	if !schedule.MustSpec(schedule.Kind(st.Kind)).PerBranch {
		v.Say("cli.round.status.listed", "Listed", st.Listed, "Proposed", st.Proposed)
	} else {
		v.Say("cli.round.status.counts", "Branches", st.Branches, "Settled", st.Settled, "Proposed", st.Proposed)
	}
	if t := st.PendingTie; t != nil {
		v.Say("cli.round.status.tie", "Units", t.Units, "Total", t.Total, "Slots", t.Slots, "ID", st.ID)
	}
	for _, t := range st.BranchTies {
		v.Line(msg.Say("effect.retally.tie", "Branch", t.Branch, "Tied", t.Tie.Units, "Total", t.Tie.Total, "Slots", t.Tie.Slots, "Round", st.ID))
	}
	for _, o := range slices.Sorted(maps.Keys(st.Outcomes)) {
		fmt.Fprintf(v.Out, "%s: %d\n", v.OutcomeName(schedule.OutcomeName(o), o), st.Outcomes[o])
	}
}

// BranchStatus prints where a branch's part of a round stands; awaiting: it has no workflow
// yet and awaits its sheet.
func (v View) BranchStatus(st workflows.BranchStatus, awaiting bool) {
	if awaiting {
		v.Say("cli.branch.awaits_sheet", "Branch", st.BranchID, "Round", st.RoundID)
		return
	}
	state := v.T("cli.branch.in_progress")
	if st.Settled != "" {
		state = st.Settled // the branch's own words, from the catalogue's Chinese
	}
	v.Say("cli.branch.status.head", "Branch", st.BranchID, "Round", st.RoundID, "State", state)
	if st.Sheet != nil {
		v.Say("cli.branch.status.sheet", "Ballots", st.Sheet.Ballots, "Present", st.Sheet.Present, "Forms", st.Sheet.Forms)
	}
	if st.Tally != nil {
		v.Say("cli.branch.status.recommended", "Members", st.Tally.Recommended, "Limit", st.Tally.Limit, "Of", st.Tally.Members)
		if t := st.Tally.Pending; t != nil {
			v.Say("cli.branch.status.tie", "Units", t.Units, "Total", t.Total, "Slots", t.Slots, "Round", st.RoundID, "Branch", st.BranchID)
		}
	}
}
