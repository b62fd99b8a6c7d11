package office

import (
	"context"
	"fmt"
	"time"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/rank"
	"wenming/rules/timeline"
	"wenming/store"
)

// A campaign's plan, read from its spec by the client (specfile), is checked here against what
// only the office knows, its rosters, before it starts.

// CheckRoster adds to problems what the roster says of a plan's units (units of the spec when
// it could not be resolved): units not on it, and in a window (department) campaign units
// that are not windows (departments) of a parent unit.
func (o *Office) CheckRoster(ctx context.Context, units []string, plan *campaign.Plan, problems *problem.List) error {
	db, err := o.conn.Database(ctx)
	if err != nil {
		return msg.Wrap(err, "office.campaign.roster_db") // the words a spec's check has always said
	}
	if plan != nil {
		units = plan.Units
	}
	missing, err := store.UnknownUnits(ctx, db, units)
	if err != nil {
		return msg.Wrap(err, "office.campaign.roster_check")
	}
	for _, u := range missing {
		problems.Add(0, "units", "problem.cli.unit_not_in_roster", "Unit", u)
	}
	if plan == nil || plan.Declaring == nil || (plan.Declaring.Subject != campaign.SubjectWindow && plan.Declaring.Subject != campaign.SubjectDepartment) {
		return nil
	}
	places, err := store.UnitPlaces(ctx, db, plan.Units)
	if err != nil {
		return err
	}
	for _, u := range places {
		if u.Kind != plan.Declaring.Subject {
			problems.Add(0, "units", "problem.cli.subject_kind", "Unit", u.ID, "Kind", u.Kind, "Subject", plan.Declaring.Subject)
		}
		if !u.HasParent {
			problems.Add(0, "units", "problem.cli.subject_parent", "Unit", u.ID)
		}
	}
	return nil
}

// ParentQuotas say, for a campaign with a per-parent quota, how many of each parent's units may
// declare, and which parents' quota is 0 (none for a campaign without one).
func (o *Office) ParentQuotas(ctx context.Context, plan *campaign.Plan) ([]msg.Text, error) {
	r := plan.Declaring
	if r == nil || r.PerParentShareBP == 0 {
		return nil, nil
	}
	db, err := o.database(ctx)
	if err != nil {
		return nil, err
	}
	parents, err := store.ParentsOf(ctx, db, plan.Units)
	if err != nil {
		return nil, err
	}
	var out []msg.Text
	var zero []string
	for _, p := range parents {
		room := rank.ParentRoom(p.Departments, r.PerParentShareBP, r.Rounding)
		out = append(out, msg.Say("office.campaign.parent_quota", "Parent", p.Name, "Departments", p.Departments, "Room", room, "Units", p.Units))
		if room == 0 {
			zero = append(zero, p.Name)
		}
	}
	if len(zero) > 0 {
		out = append(out, msg.Say("office.campaign.zero_quota", "Share", rank.Percent(r.PerParentShareBP), "Rounding", string(r.Rounding), "Parents", zero))
	}
	return out, nil
}

// Timeline says a plan's timeline, each boundary in the campaign's time zone; a rating
// campaign's, its rounds and grades.
func Timeline(plan campaign.Plan) msg.Text {
	tl, tz := plan.Timeline, plan.Timezone
	at := func(t time.Time) msg.At { return msg.At{T: t, TZ: tz} }
	if r := plan.Rating; r != nil && len(r.Rounds) > 0 {
		first, last := r.Rounds[0], r.Rounds[len(r.Rounds)-1]
		grades := make([]string, len(r.Grades))
		for i, g := range r.Grades {
			grades[i] = fmt.Sprintf("%s ≥ %s", g.Name, g.Min)
		}
		return msg.Say("office.rating.timeline", "N", len(r.Rounds), "First", first.Name, "Opens", at(first.Opens), "Due", at(first.Due),
			"Last", last.Name, "LastOpens", at(last.Opens), "Grades", grades)
	}
	return msg.Say("office.campaign.timeline", "Mobilize", at(tl.Mobilize), "Implement", at(tl.Implement), "SelfCheck", at(tl.SelfCheck),
		"DeclareBy", at(tl.DeclareBy), "AcceptBy", at(tl.AcceptBy), "Notice", timeline.FormatDuration(tl.NoticeLength))
}
