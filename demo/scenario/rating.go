package scenario

import (
	"wenming/office"
	"wenming/workflows"
)

// RatingCampaignID is the demo's rating campaign (examples/demo-rating.yaml): the courtyard
// hygiene of four units, inspected in two rounds and graded by stars.
const RatingCampaignID = "courtyard-demo"

// ratingSheet is a unit's courtyard-hygiene sheet in a round: the problems found, one row each
// (item,severity,deduction), and what the sheet scores.
type ratingSheet struct {
	unit, round string
	rows        string
	findings    string // a findings file's rows; empty: each problem row is a notice
}

// The rounds: 市财政局 earns 五星 (100), then falls to 92 and loses a star; 市教育局 has one
// small problem (99.5, 五星) and is clean next; 市卫生健康委员会 earns 四星 (94) and is left out
// of the second round by the office, keeping it; 市住建局 rises from 三星 (88) to 五星 (96).
var ratingRounds = [][]ratingSheet{
	{
		{unit: "finance", round: "r1", rows: "extra,bonus,0"},
		{unit: "education", round: "r1", rows: "3,normal,"},
		{unit: "health", round: "r1", rows: "8,serious,2\n9,serious,2\n10,serious,2", findings: "8,big,办公室地面有污渍"},
		{unit: "housing", round: "r1", rows: "17,serious,2\n18,serious,2\n19,serious,2\n20,serious,2\n21,serious,2\n22,serious,2",
			findings: "19,big,车辆停放杂乱"},
	},
	{
		{unit: "finance", round: "r2", rows: "3,serious,2\n4,serious,2\n5,serious,2\n6,serious,2", findings: "4,big,排水沟渠有垃圾杂物"},
		{unit: "education", round: "r2", rows: "extra,bonus,0"},
		{unit: "housing", round: "r2", rows: "12,serious,2\n13,serious,2", findings: "12,small,卫生间有异味"},
	},
}

// StartRating starts the demo's rating campaign and hands in its first round's inspections;
// the second round opens while the other campaigns run.
func (d *Driver) StartRating() error {
	spec, err := d.Example("examples/demo-rating.yaml")
	if err != nil {
		return err
	}
	d.Step("step.rating_first")
	if err := d.Act(startCampaign(spec, d.Path("standards"))); err != nil {
		return err
	}
	if err := d.WaitRating("wait.rating_first", func(st workflows.RatingStatus) bool { return st.Round == "r1" }); err != nil {
		return err
	}
	return d.rateRound(0)
}

// RunRating hands in the second round (one unit left out with a reason), sees the problems
// found fixed and verified, and shows the round's 通报: a star lost, one kept, one gained.
func (d *Driver) RunRating() error {
	d.Step("step.rating_second")
	if err := d.WaitRating("wait.rating_round", func(st workflows.RatingStatus) bool { return st.Round == "r2" }); err != nil {
		return err
	}
	if err := d.rateRound(1); err != nil {
		return err
	}
	if err := d.Act(skipRating(office.RatingSkip{Campaign: RatingCampaignID, Unit: "health", Round: "r2", Reason: "办公楼整体维修，本轮不检查"})); err != nil {
		return err
	}
	if err := d.WaitRating("wait.rating_closed", func(st workflows.RatingStatus) bool { return len(st.Closed) == 2 }); err != nil {
		return err
	}
	for _, n := range []struct {
		unit string
		no   int
	}{{"education", 1}, {"health", 1}, {"housing", 1}, {"finance", 1}, {"housing", 2}} {
		for _, action := range []string{"close", "verify"} {
			step := office.RectificationStep{Unit: office.Unit{Campaign: RatingCampaignID, Unit: n.unit}, Number: n.no, Action: action, Note: "已整改"}
			if err := d.Act(rectifyRating(step)); err != nil {
				return err
			}
		}
	}
	if err := d.WaitRating("wait.rating_done", func(st workflows.RatingStatus) bool { return st.Done }); err != nil {
		return err
	}
	return d.Show(ratingStatus(RatingCampaignID), printReport(office.ReportQuery{Name: office.RatingReport, Of: RatingCampaignID, Round: "r2"}))
}

// rateRound hands in round i's sheets.
func (d *Driver) rateRound(i int) error {
	for _, s := range ratingRounds[i] {
		sheet, err := d.Write(s.unit+"-"+s.round+".csv", "item,severity,deduction\n"+s.rows+"\n")
		if err != nil {
			return err
		}
		findings := ""
		if s.findings != "" {
			if findings, err = d.Write(s.unit+"-"+s.round+"-findings.csv", "item,size,problem\n"+s.findings+"\n"); err != nil {
				return err
			}
		}
		if err := d.Act(rate(RatingCampaignID, s.unit, s.round, sheet, findings)); err != nil {
			return err
		}
	}
	return nil
}

// WaitRating waits until the rating campaign's status satisfies cond.
func (d *Driver) WaitRating(what string, cond func(workflows.RatingStatus) bool) error {
	return d.wait(workflows.RatingWorkflowID(RatingCampaignID), what, func(get func(any) error) bool {
		var st workflows.RatingStatus
		return get(&st) == nil && cond(st)
	})
}
