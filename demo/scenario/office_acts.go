package scenario

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"wenming/input/infile"
	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/input/sheetfile"
	"wenming/input/specfile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/rules/schedule"
	"wenming/rules/standard"
	"wenming/store"
	"wenming/workflows"
)

// The acts of the scenario, each an office action and the CLI verb that does the same (see
// Act). The verbs' flags are written here from the act, so that running both (Driver.CLI)
// proves the verb and the action one act.

// answered is a receipt as an act's one answer.
func answered(rec office.Receipt, err error) ([]Answer, error) {
	if err != nil {
		return nil, err
	}
	return []Answer{{Receipt: rec}}, nil
}

// unitFlags are the flags naming a unit in a campaign.
func unitFlags(u office.Unit) []string { return []string{"--campaign", u.Campaign, "--unit", u.Unit} }

// with appends a flag and its value when the value is given.
func with(argv []string, flag, value string) []string {
	if value == "" {
		return argv
	}
	return append(argv, flag, value)
}

func taskReport(r office.TaskReport) Act {
	argv := append([]string{"task", "report"}, unitFlags(r.Unit)...)
	argv = with(append(argv, "--task", r.Task, "--percent", strconv.Itoa(r.Percent)), "--note", r.Note)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		return answered(o.ReportProgress(ctx, r))
	}}
}

func veto(v office.Veto) Act {
	argv := with(append(append([]string{"veto"}, unitFlags(v.Unit)...), "--reason", v.Reason), "--note", v.Note)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.Veto(ctx, v)) }}
}

// readTable reads a file a person hands in; what cannot be read is recorded as refused (see
// office.RefuseInput).
func readTable(ctx context.Context, o *office.Office, update, target, path string) (*sheet.Table, error) {
	tbl, err := sheetfile.Read(path)
	if err != nil {
		return nil, o.RefuseInput(ctx, update, target, err)
	}
	return tbl, nil
}

// unitSheet reads a score sheet on the campaign's standard, as the unit's act update carries it.
func unitSheet(ctx context.Context, o *office.Office, u office.Unit, update, path string) (standard.Sheet, error) {
	return sheetFor(ctx, o, u.Campaign, workflows.UnitWorkflowID(u.Campaign, u.Unit), update, path)
}

// sheetFor reads a score sheet on the campaign's standard for an update sent to target; what
// cannot be read or does not score is recorded as refused there.
func sheetFor(ctx context.Context, o *office.Office, campaignID, target, update, path string) (standard.Sheet, error) {
	tbl, err := readTable(ctx, o, update, target, path)
	if err != nil {
		return standard.Sheet{}, err
	}
	sh, err := o.CampaignSheet(ctx, campaignID, tbl)
	if problem.Is(err) {
		return sh, o.RefuseInput(ctx, update, target, err)
	}
	return sh, err
}

func selfCheck(u office.Unit, path string) Act {
	argv := append(append([]string{"selfcheck", "submit"}, unitFlags(u)...), "--sheet", path)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		sh, err := unitSheet(ctx, o, u, workflows.UpdateSelfCheck, path)
		if err != nil {
			return nil, err
		}
		return answered(o.HandInSelfCheck(ctx, office.SelfCheck{Unit: u, Sheet: sh}))
	}}
}

// inspect hands in an inspection's sheet, and its findings when a file of them is given.
func inspect(u office.Unit, check, path, findings string) Act {
	argv := append(append([]string{"inspect", "submit"}, unitFlags(u)...), "--sheet", path)
	argv = with(with(argv, "--check", check), "--findings", findings)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		in := office.Inspection{Unit: u, Check: check}
		var err error
		if in.Sheet, err = unitSheet(ctx, o, u, workflows.UpdateInspect, path); err != nil {
			return nil, err
		}
		if findings != "" {
			tbl, err := sheetfile.Read(findings)
			if err == nil {
				in.Findings, err = office.ReadFindings(tbl)
			}
			if err != nil {
				return nil, o.RefuseInput(ctx, workflows.UpdateInspect, workflows.UnitWorkflowID(u.Campaign, u.Unit), err)
			}
		}
		return answered(o.Inspect(ctx, in))
	}}
}

func declare(dc office.Declaration) Act {
	argv := append([]string{"declare"}, unitFlags(dc.Unit)...)
	argv = with(with(with(with(argv, "--report", dc.Report), "--summary", dc.Summary), "--recommendation", dc.Recommendation), "--opinion", dc.Opinion)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.Declare(ctx, dc)) }}
}

func reviewDeclaration(r office.DeclarationReview) Act {
	argv := append([]string{"declaration", "review"}, unitFlags(r.Unit)...)
	switch r.Verdict {
	case workflows.ReviewAccept:
		argv = append(argv, "--accept")
	case workflows.ReviewReturn:
		argv = append(argv, "--return", "--within", r.FixWithin.String())
	case workflows.ReviewTurnDown:
		argv = append(argv, "--turn-down")
	}
	argv = with(argv, "--note", r.Note)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		return answered(o.ReviewDeclaration(ctx, r))
	}}
}

func rectify(r office.RectificationStep) Act {
	argv := append(append([]string{"rectify", r.Action}, unitFlags(r.Unit)...), "--rectification", strconv.Itoa(r.Number))
	argv = with(argv, "--note", r.Note)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.Rectify(ctx, r)) }}
}

// consult records the committee's opinion on a unit, or on a unit's person.
func consult(campaignID, unit, person string, exclude bool, note string) Act {
	argv := with([]string{"campaign", "consult", "--campaign", campaignID, "--unit", unit}, "--person", person)
	if exclude {
		argv = append(argv, "--exclude")
	}
	argv = with(argv, "--note", note)
	op := office.Opinion{Campaign: campaignID, Subject: unit, Exclude: exclude, Note: note}
	if person != "" {
		op.Subject = store.NomineeKey(unit, person)
	}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.Consult(ctx, op)) }}
}

func auditList(a office.Audit) Act {
	argv := []string{"campaign", "audit", "--campaign", a.Campaign}
	for _, r := range a.Return {
		argv = append(argv, "--return", r.Unit+"="+r.Reason)
	}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.AuditList(ctx, a)) }}
}

func decideCampaign(dc office.Decision) Act {
	argv := []string{"campaign", "decide", "--campaign", dc.Campaign, "--document", dc.Document, "--date", dc.On}
	for _, s := range dc.Strike {
		argv = append(argv, "--strike", s.Unit+"="+s.Reason)
	}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.Decide(ctx, dc)) }}
}

func resolveTie(t office.Tie) Act {
	argv := []string{"tie", "resolve"}
	if t.Round != "" {
		argv = with(append(argv, "--round", t.Round), "--branch", t.Branch)
	} else {
		argv = append(argv, "--campaign", t.Campaign)
	}
	argv = append(argv, "--include", strings.Join(t.Include, ","))
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.ResolveTie(ctx, t)) }}
}

// extendDeadline moves a boundary of the campaign add later than it stands now.
func extendDeadline(campaignID string, b campaign.Boundary, add time.Duration, reason string) Act {
	e := office.Extension{Campaign: campaignID, Boundary: b, Add: add, Reason: reason}
	argv := with([]string{"deadline", "extend", "--campaign", campaignID, "--boundary", string(b), "--add", durationFlag(add)}, "--reason", reason)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		return answered(o.ExtendDeadline(ctx, e))
	}}
}

// objection files an objection against an entry of a notice (see noticeFlags).
func fileObjection(notice []string, n office.Notice, entry, reason, contact string) Act {
	argv := with(append(append([]string{"objection", "file"}, notice...), "--reason", reason), "--contact", contact)
	ob := office.Objection{Notice: n, Entry: entry, Reason: reason, Contact: contact}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		return answered(o.FileObjection(ctx, ob))
	}}
}

func decideObjection(notice []string, n office.Notice, number int, uphold bool, note string) Act {
	verdict := "--dismiss"
	if uphold {
		verdict = "--uphold"
	}
	argv := with(append(append([]string{"objection", "decide"}, notice...), "--objection", strconv.Itoa(number), verdict), "--note", note)
	dc := office.ObjectionDecision{Notice: n, Number: number, Uphold: uphold, Note: note}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		return answered(o.DecideObjection(ctx, dc))
	}}
}

func nominatePerson(n office.PersonNomination) Act {
	argv := append(append([]string{"nominate"}, unitFlags(n.Unit)...), "--person", n.Person, "--name", n.Name, "--post", n.Post)
	for _, c := range n.Categories {
		argv = append(argv, "--category", c)
	}
	argv = with(with(argv, "--deeds", n.Deeds), "--recommendation", n.Recommendation)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		return answered(o.NominatePerson(ctx, n))
	}}
}

// decideTitle records a decision about the title ref names.
func decideTitle(ref office.TitleRef, dc office.TitleDecision) Act {
	argv := with(with([]string{"title", string(dc.Action), "--unit", ref.Unit}, "--campaign", ref.Campaign), "--kind", ref.Kind)
	argv = with(with(append(argv, "--reason", dc.Reason), "--document", dc.Document), "--within", durationFlag(dc.Within))
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		var err error
		if dc.Title, err = o.FindTitle(ctx, ref); err != nil {
			return nil, err
		}
		return answered(o.DecideTitle(ctx, dc))
	}}
}

// durationFlag is a duration as the verbs take it (30d), or nothing.
func durationFlag(d time.Duration) string {
	switch {
	case d == 0:
		return ""
	case d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}

func approve(a office.Approval) Act {
	argv := []string{"round", "approve", "--round", a.Round}
	for _, s := range a.Strikes {
		argv = append(argv, "--strike", s.Member+"="+s.Reason)
	}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.Approve(ctx, a)) }}
}

// redFlagForm hands in a branch's red-flag form: its self-report (verb report) or the
// committee's assessment (verb assess, with the records it rests on: basis).
func redFlagForm(verb, round, branch, path, basis string) Act {
	argv := []string{"redflag", verb, "--round", round, "--branch", branch, "--sheet", path}
	update, act := workflows.UpdateSelfReport, (*office.Office).ReportRedFlag
	if verb == "assess" {
		update, act = workflows.UpdateAssess, (*office.Office).AssessRedFlag
		argv = append(argv, "--basis", basis)
	}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		target := office.RedFlagTarget(round, branch)
		tbl, err := readTable(ctx, o, update, target, path)
		if err != nil {
			return nil, err
		}
		sh, err := o.RoundSheet(ctx, round, tbl)
		if problem.Is(err) {
			return nil, o.RefuseInput(ctx, update, target, err)
		}
		if err != nil {
			return nil, err
		}
		return answered(act(o, ctx, office.RedFlagForm{Round: round, Branch: branch, Sheet: sh, Basis: basis}))
	}}
}

func recordViolation(v office.Violation) Act {
	argv := []string{"violation", "record", "--" + v.SubjectKind, v.Subject, "--kind", v.Kind, "--date", v.On.Format(time.DateOnly)}
	argv = with(argv, "--note", v.Note)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		rec, err := o.RecordViolation(ctx, v)
		if err != nil {
			return nil, err
		}
		status := office.Accepted
		if !rec.Added {
			status = office.AlreadyReceived
		}
		lines := rec.Lines(v)
		if !rec.Changed() {
			lines = append(lines, msg.Say("cli.violation.none"))
		}
		return []Answer{{Receipt: office.Receipt{SubmissionID: rec.SubmissionID, Status: status}, Lines: lines}}, nil
	}}
}

func nominateAnnual(n office.AnnualNomination) Act {
	argv := []string{"annual", "nominate", "--round", n.Round, "--" + n.SubjectKind, n.Subject, "--reason", n.Reason}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.Nominate(ctx, n)) }}
}

// proceed goes on past a wait: a year-end round's, or a campaign's overdue step.
func proceed(p office.Proceeding) Act {
	argv := []string{"annual", "proceed", "--round", p.Round, "--reason", p.Reason}
	if p.Campaign != "" {
		argv = append(with([]string{"campaign", "proceed", "--campaign", p.Campaign}, "--unit", p.Unit), "--step", p.Step, "--reason", p.Reason)
	}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.Proceed(ctx, p)) }}
}

// importRoster imports a roster file: units, branches, members or the titles held.
func importRoster(kind, path string) Act {
	return Act{[]string{"roster", "import", kind, path}, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		tbl, err := sheetfile.Read(path)
		if err != nil {
			return nil, err
		}
		n, c, err := o.ImportRoster(ctx, kind, tbl, time.Now())
		if err != nil {
			return nil, err
		}
		said := func(c store.ImportCounts) msg.Text {
			return msg.Say("cli.roster.imported", "File", path, "Summary", office.Imported(kind, n, c))
		}
		return []Answer{{Receipt: office.Receipt{Status: office.Accepted}, Lines: []msg.Text{said(c)},
			Again: said(store.ImportCounts{Unchanged: n})}}, nil
	}}
}

// manageTitles puts every title held that has no workflow under its own.
func manageTitles() Act {
	return Act{[]string{"title", "manage"}, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		started, already, err := o.ManageTitles(ctx)
		if err != nil {
			return nil, err
		}
		return []Answer{{Receipt: office.Receipt{Status: office.Accepted},
			Lines: []msg.Text{msg.Say("cli.title.managed", "N", started, "Already", already)},
			Again: msg.Say("cli.title.managed", "N", 0, "Already", started+already)}}, nil
	}}
}

// validateCampaign checks a campaign's spec as starting it would, against the roster too.
func validateCampaign(path, standards string) Act {
	return Act{[]string{"campaign", "validate", path, "--standards", standards}, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		plan, _, err := specfile.Checked(ctx, path, standards, time.Now(), o.CheckRoster)
		if err != nil {
			return nil, err
		}
		valid := msg.Say("cli.campaign.valid", "File", path, "ID", plan.ID, "Units", len(plan.Units), "Tasks", len(plan.Tasks), "Standard", plan.StandardID)
		return planSaid(ctx, o, plan, valid, office.Timeline(*plan))
	}}
}

// startCampaign starts the campaign a spec describes; started again, it changes nothing.
func startCampaign(path, standards string) Act {
	return Act{[]string{"campaign", "start", path, "--standards", standards}, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		plan, std, err := specfile.Checked(ctx, path, standards, time.Now(), o.CheckRoster)
		if err != nil {
			return nil, err
		}
		started, err := o.StartCampaign(ctx, *plan, std)
		if err != nil {
			return nil, err
		}
		already := msg.Say("cli.campaign.already_started", "ID", plan.ID)
		if started.Already {
			return planSaid(ctx, o, plan, already)
		}
		answers, err := planSaid(ctx, o, plan, msg.Say("cli.campaign.started", "ID", plan.ID, "Title", plan.Title, "Units", len(plan.Units),
			"Workflow", started.Workflow), office.Timeline(*plan))
		if err == nil {
			answers[0].Again = already
		}
		return answers, err
	}}
}

// planSaid is an answer that says lines of a plan, then its parents' quotas; the verb says the
// first line again.
func planSaid(ctx context.Context, o *office.Office, plan *campaign.Plan, lines ...msg.Text) ([]Answer, error) {
	quotas, err := o.ParentQuotas(ctx, plan)
	if err != nil {
		return nil, err
	}
	return []Answer{{Receipt: office.Receipt{Status: office.Accepted}, Lines: append(lines, quotas...), Again: lines[0]}}, nil
}

// startRound opens a round by hand, as a schedules file says its kind runs; opened again, it
// changes nothing.
func startRound(k schedule.Kind, p, file, standards string) Act {
	argv := []string{"round", "start", string(k), "--period", p, "--schedules", file, "--standards", standards}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		plan, err := specfile.Schedules(file)
		if err != nil {
			return nil, err
		}
		forms, err := specfile.RoundStandards(plan, standards, file)
		if err != nil {
			return nil, err
		}
		started, err := o.StartRound(ctx, k, p, plan, file, forms)
		if err != nil {
			return nil, err
		}
		said, already := msg.Say("cli.round.started", "ID", started.Workflow), msg.Say("cli.round.already_started", "ID", started.Workflow)
		if started.Already {
			said = already
		}
		return []Answer{{Receipt: office.Receipt{Status: office.Accepted}, Lines: []msg.Text{said}, Again: already}}, nil
	}}
}

// manifestLine is a line of a ballot manifest: a branch's sheet, in the manifest's folder.
type manifestLine struct {
	branch, sheet string
	present       int
}

// importBallots hands in one branch's sheet.
func importBallots(round, branch, path string, present int) Act {
	argv := []string{"ballots", "import", path, "--round", round, "--branch", branch, "--present", strconv.Itoa(present)}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		return handIn(ctx, o, round, []office.SheetFile{sheetFile(branch, path, present, filepath.Base(path), 0)})
	}}
}

// importAllBallots hands in the sheets a manifest lists (written by the scenario with lines).
func importAllBallots(round, manifest string, lines []manifestLine) Act {
	argv := []string{"ballots", "import-all", manifest, "--round", round}
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		sheets := make([]office.SheetFile, len(lines))
		for i, l := range lines {
			sheets[i] = sheetFile(l.branch, filepath.Join(filepath.Dir(manifest), l.sheet), l.present, filepath.Base(manifest), i+2)
			sheets[i].Path = l.sheet
		}
		return handIn(ctx, o, round, sheets)
	}}
}

func sheetFile(branch, path string, present int, where string, line int) office.SheetFile {
	return office.SheetFile{Branch: branch, Present: present, Path: path, Where: where, Line: line,
		Read: func() ([]byte, error) { return infile.Read(path, "sheet", sheet.MaxBytes) }}
}

// handIn imports the sheets and answers for each; a sheet not delivered fails the act.
func handIn(ctx context.Context, o *office.Office, round string, sheets []office.SheetFile) ([]Answer, error) {
	var answers []Answer
	var failed []error
	err := o.ImportBallots(ctx, office.BallotImport{Round: round, Sheets: sheets}, func(i int, h office.Handed) {
		if h.Err != nil {
			failed = append(failed, h.Err)
			return
		}
		answers = append(answers, Answer{Of: sheets[i].Branch, Receipt: h.Receipt})
	})
	switch {
	case err != nil:
		return nil, err
	case len(failed) > 0:
		return answers, errors.Join(failed...)
	case len(answers) != len(sheets):
		return nil, fmt.Errorf("%d of %d sheets answered (%w)", len(answers), len(sheets), ctx.Err())
	}
	return answers, nil
}

func ratingFlags(campaignID, unit string) []string {
	return []string{"--campaign", campaignID, "--unit", unit}
}

// rate hands in a unit's inspection in a round of a rating campaign.
func rate(campaignID, unit, round, path, findings string) Act {
	argv := append(append([]string{"rating", "inspect"}, ratingFlags(campaignID, unit)...), "--round", round, "--sheet", path)
	argv = with(argv, "--findings", findings)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		in := office.RatingInspection{Campaign: campaignID, Unit: unit, Round: round}
		target := workflows.RatingWorkflowID(campaignID)
		var err error
		if in.Sheet, err = sheetFor(ctx, o, campaignID, target, workflows.UpdateInspect, path); err != nil {
			return nil, err
		}
		if findings != "" {
			tbl, err := readTable(ctx, o, workflows.UpdateInspect, target, findings)
			if err == nil {
				in.Findings, err = office.ReadFindings(tbl)
			}
			if err != nil {
				return nil, o.RefuseInput(ctx, workflows.UpdateInspect, target, err)
			}
		}
		return answered(o.Rate(ctx, in))
	}}
}

func skipRating(s office.RatingSkip) Act {
	argv := append(append([]string{"rating", "proceed"}, ratingFlags(s.Campaign, s.Unit)...), "--round", s.Round, "--reason", s.Reason)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) { return answered(o.SkipRating(ctx, s)) }}
}

func rectifyRating(r office.RectificationStep) Act {
	argv := append(append([]string{"rating", r.Action}, ratingFlags(r.Campaign, r.Unit.Unit)...), "--rectification", strconv.Itoa(r.Number))
	argv = with(argv, "--note", r.Note)
	return Act{argv, func(ctx context.Context, o *office.Office) ([]Answer, error) {
		return answered(o.RectifyRating(ctx, r))
	}}
}
