package workflows

import (
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/standard"
)

// Inspections as the plans schedule them: checks before the final acceptance (e.g. 中途检查),
// each in its window, of every unit taking part (declared or not), each scored and kept. The
// review ranks by the final acceptance's score or by the average of every inspection, as the
// plan says; the monthly ranking by the latest inspection score once there is one.

// CheckView is a unit's score in one check.
type CheckView struct {
	Check string
	Score ScoreSummary
}

// isCheck says whether an inspection is one of the checks before the final acceptance.
func (r InspectRequest) isCheck() bool { return r.Check != "" && r.Check != campaign.FinalCheck }

func (u *unit) checkRound(id string) (campaign.CheckRound, bool) {
	i := slices.IndexFunc(u.in.Checks, func(c campaign.CheckRound) bool { return c.ID == id })
	if i < 0 {
		return campaign.CheckRound{}, false
	}
	return u.in.Checks[i], true
}

func (u *unit) checkIDs() []string {
	ids := []string{campaign.FinalCheck}
	for _, c := range u.in.Checks {
		ids = append(ids, c.ID)
	}
	return ids
}

// checkCheck validates a check's sheet: a check of the plan, in its window, once per unit.
func (u *unit) checkCheck(now time.Time, r InspectRequest) (standard.Result, error) {
	c, ok := u.checkRound(r.Check)
	switch {
	case !ok:
		return standard.Result{}, invalid("refuse.check.unknown", "Check", r.Check, "Checks", u.checkIDs())
	case now.Before(c.Opens):
		return standard.Result{}, invalid("refuse.check.too_early", "Check", c.Name, "At", u.when(c.Opens))
	case !now.Before(c.Due):
		return standard.Result{}, invalid("refuse.check.too_late", "Check", c.Name, "At", u.when(c.Due))
	case slices.ContainsFunc(u.s.Checks, func(v CheckView) bool { return v.Check == r.Check }):
		return standard.Result{}, invalid("refuse.check.already", "Unit", u.in.UnitID, "Check", c.Name)
	}
	res, err := u.std.Score(r.Sheet)
	if err != nil {
		return standard.Result{}, refusalOf(err)
	}
	return res, nil
}

// recordCheck writes a check's score and keeps it. Problems the check found are rectification
// notices, as the final inspection's: the same deadlines by size, closed, verified or reopened
// the same way.
func (u *unit) recordCheck(ctx workflow.Context, now time.Time, r InspectRequest, res standard.Result) (Receipt, error) {
	in := activities.CheckScore{
		ScoreSheet: activities.ScoreSheet{Submission: u.submission(r.Submission, now), Kind: "check", Sheet: r.Sheet, Result: res},
		CheckID:    r.Check,
	}
	var out activities.InspectionResult
	if len(r.Findings) > 0 {
		in.Findings, in.SmallFix, in.BigFix, in.Timezone = u.findings(r), u.s.Timeline.SmallFix, u.s.Timeline.BigFix, u.in.Timezone
	}
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordCheckScore, in).Get(ctx, &out); err != nil {
		return Receipt{}, err
	}
	u.s.Checks = append(u.s.Checks, CheckView{Check: r.Check, Score: *summarize(r.ID, res)})
	c, _ := u.checkRound(r.Check)
	rec := recorded(msg.Say("receipt.check", "Unit", u.in.UnitID, "Check", c.Name, "Base", res.Base, "Max", res.Max, "Bonus", res.Bonus))
	if len(r.Findings) > 0 {
		issued := out.Rectifications[len(u.s.Rectifications):]
		u.s.Rectifications = out.Rectifications
		for _, n := range issued {
			rec.also(msg.Say("receipt.inspection.rectification", "No", n.No, "Size", n.Size, "Due", u.when(n.Deadline)))
		}
	}
	return rec, nil
}
