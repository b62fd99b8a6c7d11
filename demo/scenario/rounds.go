package scenario

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"wenming/msg"
	"wenming/office"
	"wenming/rules/period"
	"wenming/rules/schedule"
	"wenming/workflows"
)

// The rounds the demo runs are those the schedules would run now: the quarter and the
// half-year just ended.
func roundPeriods(now time.Time) (pioneer, redflag period.Period) {
	return period.JustEnded(period.Quarter, now, shanghai()), period.JustEnded(period.HalfYear, now, shanghai())
}

// ballotPlan is how each present member scores each candidate of a branch (the same points
// on every criterion, so a candidate's average total is ten times it).
type ballotPlan struct {
	branch  string
	present int
	scores  map[string]int // candidate -> points per criterion
}

func members(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("m%04d", i))
	}
	return out
}

func withDefault(ids []string, d int, set map[string]int) map[string]int {
	out := map[string]int{}
	for _, id := range ids {
		out[id] = d
	}
	for k, v := range set {
		out[k] = v
	}
	return out
}

// m0003 is criticized in the quarter: not a candidate.
var ballotPlans = []ballotPlan{
	{"b-finance", 10, withDefault(remove(members(1, 10), "m0003"), 6, map[string]int{"m0001": 10, "m0002": 9, "m0004": 8, "m0005": 7})},
	{"b-tax", 13, withDefault(members(32, 45), 6, map[string]int{"m0032": 10, "m0033": 9, "m0034": 9, "m0035": 8, "m0036": 8})},
	{"b-service", 12, withDefault(members(82, 94), 6, map[string]int{"m0082": 10, "m0083": 9, "m0084": 8, "m0085": 7})},
}

// The demo's late violation: the branch has recommended m0083 when a discipline decision dated
// inside the quarter is recorded; the branch recommends again and m0085 moves up.
const lateViolator, nextInRank = "m0083", "m0085"

func remove(ids []string, drop string) []string {
	var out []string
	for _, id := range ids {
		if id != drop {
			out = append(out, id)
		}
	}
	return out
}

// RoundExpect is a row of round_results the demo's rounds must end with.
type RoundExpect struct {
	Outcome string
	Rank    int    // 0: none
	Score   string // "": none
}

// PioneerResults are the results of a pioneer round run on the demo's sheets, strike and
// objection, member by member.
func PioneerResults() map[string]RoundExpect { return pioneerResults(false) }

// DemoPioneerResults are the demo's pioneer results: PioneerResults with the late violation.
func DemoPioneerResults() map[string]RoundExpect { return pioneerResults(true) }

func pioneerResults(late bool) map[string]RoundExpect {
	special := map[string]string{
		"m0001": "awarded", "m0002": "recommended_not_approved", "m0004": "awarded",
		"m0032": "awarded", "m0033": "awarded", "m0034": "awarded", "m0036": "awarded",
		"m0082": "removed_by_objection", "m0083": "awarded", "m0084": "awarded",
	}
	out := map[string]RoundExpect{"m0003": {Outcome: "ineligible"}}
	if late {
		special[nextInRank] = "awarded"
		out[lateViolator] = RoundExpect{Outcome: "ineligible"}
	}
	ineligible := maps.Clone(out)
	for _, b := range ballotPlans {
		for cand, s := range b.scores {
			if _, gone := ineligible[cand]; gone {
				continue
			}
			rank := 1
			for other, o := range b.scores {
				if _, gone := ineligible[other]; !gone && o > s {
					rank++
				}
			}
			outcome := special[cand]
			if outcome == "" {
				outcome = "not_recommended"
			}
			out[cand] = RoundExpect{Outcome: outcome, Rank: rank, Score: strconv.Itoa(10 * s)}
		}
	}
	return out
}

// committeeScores are the committee's red-flag scores; b-housing is ineligible (a member was
// criticized in the half-year).
// Three branches score 92, so that a tie at the cut waits for the committee in every season:
// for the third flag, or, when b-finance and b-service are out (see RedFlagResults), for the
// second and third.
var committeeScores = map[string]string{
	"b-finance": "96", "b-education": "94", "b-tax": "92", "b-transport": "92", "b-health": "92",
	"b-service": "91", "b-culture": "88", "b-audit": "85",
}

// RedFlagResults are the demo's red-flag results, branch by branch. When the pioneer quarter
// lies in the red-flag half-year (the rounds started in January to March, or July to
// September), what happened in the quarter counts in the red-flag round too: m0003's
// criticism makes b-finance ineligible from the round's opening (it hands in no self-report
// and gets no committee score), and the late violation of a b-service member makes b-service
// ineligible after its score (which stays on record). The branches below them move up.
func RedFlagResults(pioneer, redflag string) map[string]RoundExpect {
	out := map[string]RoundExpect{"b-housing": {Outcome: "ineligible"}}
	if quarterInHalf(pioneer, redflag) {
		out["b-finance"] = RoundExpect{Outcome: "ineligible"}
		out["b-service"] = RoundExpect{Outcome: "ineligible", Score: committeeScores["b-service"]}
	}
	ineligible := maps.Clone(out)
	for b, s := range committeeScores {
		if _, gone := ineligible[b]; gone {
			continue
		}
		rank := 1
		for other, o := range committeeScores {
			if _, gone := ineligible[other]; !gone && o > s {
				rank++
			}
		}
		outcome := "not_recommended"
		if slices.Contains(redFlagWinners(pioneer, redflag), b) {
			outcome = "awarded"
		}
		out[b] = RoundExpect{Outcome: outcome, Rank: rank, Score: s}
	}
	return out
}

// redFlagWinners are the branches flagged: the top two and b-tax, which the committee puts
// through at the tie; with b-finance and b-service out, b-education and the two the committee
// puts through.
func redFlagWinners(pioneer, redflag string) []string {
	if quarterInHalf(pioneer, redflag) {
		return []string{"b-education", "b-tax", "b-transport"}
	}
	return []string{"b-education", "b-finance", "b-tax"}
}

// quarterInHalf says whether the pioneer quarter lies in the red-flag half-year.
func quarterInHalf(pioneer, redflag string) bool {
	q, errQ := period.Parse(strings.TrimPrefix(pioneer, workflows.KindPioneer+"/"))
	h, errH := period.Parse(strings.TrimPrefix(redflag, workflows.KindRedFlag+"/"))
	return errQ == nil && errH == nil && h.Contains(q.Start(shanghai()), shanghai())
}

// RoundHonors are the honors the demo's rounds award: "kind subject consecutive", sorted.
// m0001's first three posts come from the quarters before the demo's; each counts the posts in
// a row since the earlier of the run's first quarter and its own year's first (streaks count
// inside the year), and the fourth in one year is also the year's excellent member.
func RoundHonors(pioneer, redflag string) []string {
	out := []string{
		"pioneer_post m0004 1", "pioneer_post m0032 1", "pioneer_post m0033 1",
		"pioneer_post m0034 1", "pioneer_post m0036 1", "pioneer_post m0084 1", "pioneer_post m0085 1",
	}
	from, to, _ := m0001Streak(pioneer)
	for q, run := from, 1; ; q, run = q.Next(), run+1 {
		out = append(out, fmt.Sprintf("pioneer_post m0001 %d", min(run, q.N)))
		if q == to {
			break
		}
	}
	if StreakConfers(pioneer) {
		out = append(out, "excellent_member m0001 4")
	}
	for _, b := range redFlagWinners(pioneer, redflag) {
		out = append(out, "red_flag "+b+" 1")
	}
	slices.Sort(out)
	return out
}

// RoundIDs are the demo's rounds, started now.
func RoundIDs(now time.Time) (pioneer, redflag string) {
	p, r := roundPeriods(now)
	return workflows.RoundWorkflowID(workflows.KindPioneer, p.String()), workflows.RoundWorkflowID(workflows.KindRedFlag, r.String())
}

// RunRounds has the schedules start one round of each kind and drives both to their award.
func (d *Driver) RunRounds() error {
	now := time.Now()
	pp, rp := roundPeriods(now)
	pioneer, redflag := RoundIDs(now)
	d.pioneer, d.redflag, d.year = pioneer, redflag, pp.Year
	inPeriod := func(p period.Period) time.Time { return day(p.Start(shanghai()).AddDate(0, 1, 2)) }
	schedules, err := d.Example("examples/demo-schedules.yaml")
	if err != nil {
		return err
	}

	d.Step("step.earlier_quarters")
	if err := d.earlierQuarters(pp); err != nil {
		return err
	}

	d.Step("step.violations")
	for _, v := range []office.Violation{
		{SubjectKind: "member", Subject: "m0003", Kind: "criticism", On: inPeriod(pp), Note: "被市纪委通报批评"},
		{SubjectKind: "member", Subject: "m0047", Kind: "violation", On: inPeriod(rp), Note: "违反工作纪律受到处分"},
	} {
		if err := d.Act(recordViolation(v)); err != nil {
			return err
		}
	}

	d.Step("step.schedules")
	if err := d.Show(
		applySchedules(schedules, d.Path("standards")),
		applySchedules(schedules, d.Path("standards")), // again: one schedule of each kind
		previewSchedules(schedules, 2),
		listSchedules(),
		triggerSchedule(schedule.Pioneer),
		triggerSchedule(schedule.RedFlag),
	); err != nil {
		return err
	}
	if err := d.WaitRound(pioneer, "wait.pioneer_open", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundVoting }); err != nil {
		return err
	}
	if err := d.WaitRound(redflag, "wait.redflag_open", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundAssessment }); err != nil {
		return err
	}

	// The branches' self-reports come first: their window is the shortest of the rounds.
	d.Step("step.redflag_reports")
	if err := d.redFlagReports(redflag); err != nil {
		return err
	}
	d.Step("step.ballots")
	if err := d.ballots(pioneer); err != nil {
		return err
	}
	d.Step("step.assessment")
	if err := d.redFlagAssessments(redflag); err != nil {
		return err
	}

	d.Step("step.branch_tie")
	if err := d.WaitBranch(pioneer, "b-tax", "wait.tally_tax", func(st workflows.BranchStatus) bool { return st.Tally != nil && st.Tally.Pending != nil }); err != nil {
		return err
	}
	if err := d.Show(branchStatus(pioneer, "b-tax")); err != nil {
		return err
	}
	if err := d.Act(resolveTie(office.Tie{Round: pioneer, Branch: "b-tax", Include: []string{"m0036"}})); err != nil {
		return err
	}

	d.Step("step.late_violation")
	if err := d.WaitRound(pioneer, "wait.committee", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundCommittee }); err != nil {
		return err
	}
	late := day(pp.Start(shanghai()).AddDate(0, 1, 10))
	if err := d.Act(recordViolation(office.Violation{SubjectKind: "member", Subject: lateViolator, Kind: "violation", On: late, Note: "市纪委给予党内警告处分"})); err != nil {
		return err
	}

	d.Step("step.approval")
	if err := d.Act(approve(office.Approval{Round: pioneer, Strikes: []office.Strike{{Member: "m0002", Reason: "近期群众反映较多，暂缓授予"}}})); err != nil {
		return err
	}

	d.Step("step.redflag_ranking")
	if err := d.WaitRound(redflag, "wait.redflag_ranking", func(st workflows.RoundStatus) bool { return st.PendingTie != nil }); err != nil {
		return err
	}
	include := []string{"b-tax"}
	if quarterInHalf(pioneer, redflag) {
		include = append(include, "b-transport")
	}
	if err := d.Act(resolveTie(office.Tie{Round: redflag, Include: include})); err != nil {
		return err
	}

	d.Step("step.round_notice")
	if err := d.WaitRound(pioneer, "wait.pioneer_notice", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundNotice }); err != nil {
		return err
	}
	onNotice, flags := office.RoundNotice(pioneer), []string{"--round", pioneer}
	if err := d.Acts(
		fileObjection(append(flags, "--entry", "m0082"), onNotice, "m0082", "测评前存在拉票行为", ""),
		fileObjection(append(flags, "--entry", "m0001"), onNotice, "m0001", "有人反映其工作作风不实", ""),
		decideObjection(flags, onNotice, 1, true, "经核查属实"),
		decideObjection(flags, onNotice, 2, false, "经核查不属实"),
	); err != nil {
		return err
	}
	if err := d.WaitRound(redflag, "wait.redflag_notice", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundNotice }); err != nil {
		return err
	}
	onNotice, flags = office.RoundNotice(redflag), []string{"--round", redflag}
	if err := d.Acts(
		fileObjection(append(flags, "--entry", "b-education"), onNotice, "b-education", "支部台账不全", ""),
		decideObjection(flags, onNotice, 1, false, "经核查台账齐全"),
	); err != nil {
		return err
	}
	d.say("\n" + d.tr("demo.waiting", "What", msg.Say("wait.awards")))
	for _, id := range []string{pioneer, redflag} {
		if err := d.Client.GetWorkflow(d.Ctx, id, "").Get(d.Ctx, nil); err != nil {
			return fmt.Errorf("round %s: %w", id, err)
		}
	}
	return nil
}

// ballots hands in the sheets: the first branch's on its own, the others from a manifest,
// with a refusal of each kind and a resend of each.
func (d *Driver) ballots(round string) error {
	first := ballotPlans[0]
	sheet, err := d.ballotSheet(first, first.present)
	if err != nil {
		return err
	}
	if err := d.Refuse(importBallots(round, first.branch, sheet, first.present-1)); err != nil {
		return err
	}
	if err := d.Act(importBallots(round, first.branch, sheet, first.present)); err != nil {
		return err
	}
	// One bad sheet in a manifest and nothing of it is imported.
	var lines, badLines []manifestLine
	for _, b := range ballotPlans[1:] {
		path, err := d.ballotSheet(b, b.present)
		if err != nil {
			return err
		}
		lines = append(lines, manifestLine{b.branch, filepath.Base(path), b.present})
		if b.branch == "b-service" {
			bad := strings.Replace(sheetText(b, b.present), ",6,6,6,6,6,6,6,6,6,6\n", ",6,6,6,6,6,6,6,6,6,11\n", 1)
			if path, err = d.Write("b-service-bad.csv", bad); err != nil {
				return err
			}
		}
		badLines = append(badLines, manifestLine{b.branch, filepath.Base(path), b.present})
	}
	badManifest, err := d.manifest("sheets-bad.csv", badLines)
	if err != nil {
		return err
	}
	manifest, err := d.manifest("sheets.csv", lines)
	if err != nil {
		return err
	}
	if err := d.Refuse(importAllBallots(round, badManifest, badLines)); err != nil {
		return err
	}
	if err := d.Act(importAllBallots(round, manifest, lines)); err != nil {
		return err
	}
	// The same sheets sent again are harmless.
	if err := d.Act(importAllBallots(round, manifest, lines)); err != nil {
		return err
	}
	return d.Act(importBallots(round, first.branch, sheet, first.present))
}

// manifest writes a ballot manifest of lines.
func (d *Driver) manifest(name string, lines []manifestLine) (string, error) {
	text := "branch,sheet,present\n"
	for _, l := range lines {
		text += fmt.Sprintf("%s,%s,%d\n", l.branch, l.sheet, l.present)
	}
	return d.Write(name, text)
}

// day is midnight of t's day in the campaigns' time zone, as a date flag names it.
func day(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

func sheetText(b ballotPlan, present int) string {
	cands := make([]string, 0, len(b.scores))
	for c := range b.scores {
		cands = append(cands, c)
	}
	sort.Strings(cands)
	var s strings.Builder
	s.WriteString("ballot,candidate,1,2,3,4,5,6,7,8,9,10\n")
	for p := 1; p <= present; p++ {
		for _, c := range cands {
			v := strconv.Itoa(b.scores[c])
			fmt.Fprintf(&s, "%03d,%s%s\n", p, c, strings.Repeat(","+v, 10))
		}
	}
	return s.String()
}

func (d *Driver) ballotSheet(b ballotPlan, present int) (string, error) {
	return d.Write(b.branch+"-ballots.csv", sheetText(b, present))
}

// BallotSheet writes the demo's ballot sheet of a pioneer branch (b-finance, b-tax or
// b-service) and returns its path and the members present it is written for.
func (d *Driver) BallotSheet(branch string) (string, int, error) {
	for _, b := range ballotPlans {
		if b.branch == branch {
			path, err := d.ballotSheet(b, b.present)
			return path, b.present, err
		}
	}
	return "", 0, fmt.Errorf("the demo has no ballot sheet for branch %s", branch)
}

// redFlagReports hands in three branches' self-reports (自行申报) on the red-flag form.
func (d *Driver) redFlagReports(round string) error {
	std, err := d.LoadStandard("red-flag-branch")
	if err != nil {
		return err
	}
	for _, b := range slices.Sorted(maps.Keys(selfReports)) {
		if d.financeOut(b) {
			continue
		}
		sheet, err := d.ScoreSheet(b+"-self.csv", std, selfReports[b])
		if err != nil {
			return err
		}
		if err := d.Act(redFlagForm("report", round, b, sheet, "")); err != nil {
			return err
		}
	}
	return nil
}

// selfReports are the branches' own scores (自行申报): every branch the committee scores has
// reported, as only a branch that reported is assessed.
var selfReports = map[string]string{
	"b-finance": "98", "b-education": "95", "b-tax": "93", "b-transport": "93", "b-health": "94",
	"b-service": "92", "b-culture": "90", "b-audit": "88",
}

// redFlagAssessments hands in the committee's score of every branch (党委考核测评).
func (d *Driver) redFlagAssessments(round string) error {
	std, err := d.LoadStandard("red-flag-branch")
	if err != nil {
		return err
	}
	branches := make([]string, 0, len(committeeScores))
	for b := range committeeScores {
		branches = append(branches, b)
	}
	sort.Strings(branches)
	for _, b := range branches {
		if d.financeOut(b) {
			continue
		}
		sheet, err := d.ScoreSheet(b+"-committee.csv", std, committeeScores[b])
		if err != nil {
			return err
		}
		if err := d.Act(redFlagForm("assess", round, b, sheet, RedFlagBasis(round, b))); err != nil {
			return err
		}
	}
	return nil
}

// RedFlagBasis is the party office's record the committee's score of a branch rests on.
func RedFlagBasis(round, branch string) string {
	return "党办日常考核记录 " + strings.TrimPrefix(round, workflows.KindRedFlag+"/") + " " + branch
}

// financeOut says whether the branch is b-finance in a season where m0003's criticism, in
// the pioneer quarter, falls in the red-flag half-year too: the branch is not in the running.
func (d *Driver) financeOut(branch string) bool {
	return branch == "b-finance" && quarterInHalf(d.pioneer, d.redflag)
}

// WaitRound waits until the round's status satisfies cond.
func (d *Driver) WaitRound(id, what string, cond func(workflows.RoundStatus) bool) error {
	return d.wait(id, what, func(get func(any) error) bool {
		var st workflows.RoundStatus
		return get(&st) == nil && cond(st)
	})
}

// WaitBranch waits until a branch's status in a round satisfies cond.
func (d *Driver) WaitBranch(round, branch, what string, cond func(workflows.BranchStatus) bool) error {
	return d.wait(workflows.BranchWorkflowID(round, branch), what, func(get func(any) error) bool {
		var st workflows.BranchStatus
		return get(&st) == nil && cond(st)
	})
}

// earlierQuarters runs the three quarters before the demo's, compressed, for the finance
// bureau's branch alone with one place: m0001 wins each, so that the demo's quarter is their
// fourth pioneer post in a row: the year's excellent member without further evaluation when the
// four are in one year, not when they cross its end (see StreakConfers).
func (d *Driver) earlierQuarters(pp period.Period) error {
	schedules, err := d.Example("examples/demo-earlier-quarters.yaml")
	if err != nil {
		return err
	}
	var ids []string
	for q := pp.Prev().Prev().Prev(); q != pp; q = q.Next() {
		ids = append(ids, workflows.RoundWorkflowID(workflows.KindPioneer, q.String()))
		if err := d.Act(startRound(schedule.Pioneer, q.String(), schedules, d.Path("standards"))); err != nil {
			return err
		}
	}
	finance := ballotPlans[0]
	sheet, err := d.ballotSheet(finance, finance.present)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := d.WaitRound(id, "wait.pioneer_open", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundVoting }); err != nil {
			return err
		}
		if err := d.Act(importBallots(id, finance.branch, sheet, finance.present)); err != nil {
			return err
		}
	}
	// The quarters vote side by side but are awarded in their order: a post's count in a row
	// is the previous quarter's plus one.
	for _, id := range ids {
		if err := d.WaitRound(id, "wait.committee", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundCommittee }); err != nil {
			return err
		}
		if err := d.Act(approve(office.Approval{Round: id})); err != nil {
			return err
		}
		d.say("\n" + d.tr("demo.waiting", "What", msg.Say("wait.awards")))
		if err := d.Client.GetWorkflow(d.Ctx, id, "").Get(d.Ctx, nil); err != nil {
			return fmt.Errorf("round %s: %w", id, err)
		}
	}
	return nil
}

// The year-end round's nominations: one approved, one struck by the committee.
const (
	nominatedMember = "m0032"
	nominatedBranch = "b-education"
)

// RunYearEnd runs the year-end commendation of the demo's year, started by hand: the year is
// not over, so an administrator lets it go on without its last rounds; m0001 is on the list
// without evaluation (免评) when their streak is the year's (StreakConfers), a branch nominates a member and the committee a branch, the
// committee strikes the branch, the list is noticed and the titles conferred.
func (d *Driver) RunYearEnd() error {
	year := strconv.Itoa(d.year)
	id := workflows.RoundWorkflowID(workflows.KindAnnual, year)
	schedules, err := d.Example("examples/demo-schedules.yaml")
	if err != nil {
		return err
	}
	d.Step("step.yearend")
	from, to, inYear := m0001Streak(d.pioneer)
	if StreakConfers(d.pioneer) {
		d.say(d.tr("demo.streak_in_year", "From", from.String(), "To", to.String()))
	} else {
		d.say(d.tr("demo.streak_across_year", "From", from.String(), "To", to.String(), "Year", year, "InYear", inYear))
	}
	if err := d.Act(startRound(schedule.Annual, year, schedules, d.Path("standards"))); err != nil {
		return err
	}
	var st workflows.RoundStatus
	if err := d.WaitRound(id, "wait.annual", func(s workflows.RoundStatus) bool {
		st = s
		return s.Phase == workflows.RoundWaiting || s.Phase == workflows.RoundNomination
	}); err != nil {
		return err
	}
	if st.Phase == workflows.RoundWaiting {
		if err := d.Show(roundStatus(id)); err != nil {
			return err
		}
		if err := d.Act(proceed(office.Proceeding{Round: id, Reason: "演示：压缩运行，不等本年度最后一期评选"})); err != nil {
			return err
		}
	}
	if err := d.WaitRound(id, "wait.annual_list", func(s workflows.RoundStatus) bool { return s.Phase == workflows.RoundNomination }); err != nil {
		return err
	}
	d.Step("step.yearend_approval")
	for _, n := range []office.AnnualNomination{
		{Round: id, SubjectKind: "member", Subject: nominatedMember, Reason: "全年服务纳税人成绩突出"},
		{Round: id, SubjectKind: "branch", Subject: nominatedBranch, Reason: "支部建设扎实"},
	} {
		if err := d.Act(nominateAnnual(n)); err != nil {
			return err
		}
	}
	if err := d.Show(roundStatus(id)); err != nil {
		return err
	}
	if err := d.Act(approve(office.Approval{Round: id, Strikes: []office.Strike{{Member: nominatedBranch, Reason: "本年度台账检查未达标"}}})); err != nil {
		return err
	}
	d.say("\n" + d.tr("demo.waiting", "What", msg.Say("wait.awards")))
	if err := d.Client.GetWorkflow(d.Ctx, id, "").Get(d.Ctx, nil); err != nil {
		return fmt.Errorf("round %s: %w", id, err)
	}
	return d.Show(printReport(office.ReportQuery{Name: office.HonorsReport, Year: d.year}))
}

// m0001Streak is m0001's run of pioneer posts: the three quarters before the demo's pioneer
// round and its own (earlierQuarters), and how many of them fall in the demo's year: the
// quarters of the year up to the demo's.
func m0001Streak(pioneer string) (from, to period.Period, inYear int) {
	to, err := period.Parse(strings.TrimPrefix(pioneer, workflows.KindPioneer+"/"))
	if err != nil {
		panic(fmt.Sprintf("the demo's pioneer round %q names no quarter: %v", pioneer, err))
	}
	return to.Prev().Prev().Prev(), to, to.N
}

// StreakConfers says whether m0001's four posts in a row make them the year's excellent member
// without evaluation: only when all four are in the demo's year (连续四次 within 年度), which is
// when the demo's quarter is the fourth; otherwise the run crosses the year's end.
func StreakConfers(pioneer string) bool {
	_, _, inYear := m0001Streak(pioneer)
	return inYear == 4
}

// YearEndResults are the demo's year-end results after its pioneer round: the nominated member
// awarded, the nominated branch not approved, and m0001 awarded when their streak is the year's.
func YearEndResults(pioneer string) map[string]string {
	r := map[string]string{nominatedMember: "awarded", nominatedBranch: "not_approved"}
	if StreakConfers(pioneer) {
		r["m0001"] = "awarded"
	}
	return r
}
