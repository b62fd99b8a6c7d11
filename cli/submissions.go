package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wenming/infile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/rules/problem"
	"wenming/rules/standard"
	"wenming/rules/timeline"
	"wenming/sheet"
	"wenming/sheet/sheetfile"
	"wenming/store"
	"wenming/workflows"
)

// target names the campaign and unit (or the round) a submission is about.
type target struct {
	campaign, unit, round string
	person                string // a campaign naming people: the person of the unit
	beforeDeclaring       bool   // the unit's notice before declaring, not the campaign's before naming
}

func (t *target) registerBeforeDeclaring(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&t.beforeDeclaring, "before-declaring", false, "the unit's notice before declaring (申报前公示), not the notice of the proposed names")
}

// registerPerson takes the person of a campaign naming people (文明标兵).
func (t *target) registerPerson(cmd *cobra.Command, what string) {
	cmd.Flags().StringVar(&t.person, "person", "", what)
}

// subject is what a campaign's lists name: the unit, or the unit's person.
func (t target) subject() string {
	if t.person != "" {
		return store.NomineeKey(t.unit, t.person)
	}
	return t.unit
}

func (t *target) registerRound(cmd *cobra.Command) {
	cmd.Flags().StringVar(&t.round, "round", "", "the round instead of a campaign, e.g. pioneer/2026-Q4")
}

// notice is the notice an objection goes to, and the entry it names.
func (t target) notice(entry string) (office.Notice, string, error) {
	switch {
	case t.round != "" && t.campaign == "":
		if entry == "" {
			return office.Notice{}, "", usage("cli.give.entry")
		}
		return office.RoundNotice(t.round), entry, nil
	case t.campaign != "" && t.round == "" && t.beforeDeclaring:
		if t.unit == "" {
			return office.Notice{}, "", usage("cli.give.unit")
		}
		if t.person != "" {
			return office.UnitNotice(t.officeUnit()), t.person, nil
		}
		return office.UnitNotice(t.officeUnit()), t.unit, nil
	case t.campaign != "" && t.round == "":
		if entry == "" {
			return office.Notice{}, "", usage("cli.give.unit")
		}
		return office.CampaignNotice(t.campaign), t.subject(), nil
	}
	return office.Notice{}, "", usage("cli.give.campaign_or_round")
}

func (t *target) register(cmd *cobra.Command, unit bool) {
	cmd.Flags().StringVar(&t.campaign, "campaign", "", "campaign id")
	if unit {
		cmd.Flags().StringVar(&t.unit, "unit", "", "unit id")
	}
}

func (t target) check(unit bool) error {
	if t.campaign == "" || (unit && t.unit == "") {
		if unit {
			return usage("cli.give.campaign_unit")
		}
		return usage("cli.give.campaign")
	}
	return nil
}

func (t target) unitWorkflow() string { return workflows.UnitWorkflowID(t.campaign, t.unit) }

func (t target) officeUnit() office.Unit { return office.Unit{Campaign: t.campaign, Unit: t.unit} }

func (a *app) taskCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "task", Short: "Report progress on the responsibility list (责任清单)"}
	var t target
	var s submission
	var task, note string
	var percent int
	report := &cobra.Command{
		Use:     "report",
		Short:   "Report a unit's progress on a task, 0..100%",
		Example: "  starter task report --campaign civilized-units-2027 --unit finance --task plan --percent 100 --note 方案已印发",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			if task == "" || !c.Flags().Changed("percent") {
				return usage("cli.give.task_percent")
			}
			return a.show(a.office().ReportProgress(c.Context(), office.TaskReport{Unit: t.officeUnit(), ID: s.id,
				Task: task, Percent: percent, Note: note}))
		},
	}
	t.register(report, true)
	s.register(report)
	report.Flags().StringVar(&task, "task", "", "task id")
	report.Flags().IntVar(&percent, "percent", 0, "progress in percent (100: done)")
	report.Flags().StringVar(&note, "note", "", "what was done")
	cmd.AddCommand(report)
	return cmd
}

// campaignStandard loads the standard a campaign scores against, for reading sheets.
func (a *app) campaignStandard(ctx context.Context, campaignID string) (*standard.Standard, store.CampaignInfo, error) {
	db, err := a.database(ctx)
	if err != nil {
		return nil, store.CampaignInfo{}, unavailable(err)
	}
	info, err := store.LoadCampaignInfo(ctx, db, campaignID)
	if err != nil {
		return nil, info, err
	}
	std, err := store.LoadStandard(ctx, db, info.StandardID)
	return std, info, err
}

// readScoreSheet reads and scores a sheet before sending it: bad input is refused at once,
// with its lines, without a round trip.
func (a *app) readScoreSheet(ctx context.Context, t target, kind, path string) (standard.Sheet, error) {
	tbl, err := sheetfile.Read(path)
	if err != nil {
		return standard.Sheet{}, a.localRefusal(ctx, kind, t.unitWorkflow(), err)
	}
	std, _, err := a.campaignStandard(ctx, t.campaign)
	if err != nil {
		return standard.Sheet{}, err
	}
	sh, err := std.ReadSheet(tbl)
	if err == nil {
		_, err = std.Score(sh)
	}
	if err != nil {
		return standard.Sheet{}, a.localRefusal(ctx, kind, t.unitWorkflow(), err)
	}
	for i := range sh.Entries {
		sh.Entries[i].Line = 0 // lines matter for messages here, not in the record
	}
	return sh, nil
}

func (a *app) selfcheckCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "selfcheck", Short: "Hand in a unit's self-score sheet (自评表)"}
	var t target
	var s submission
	var path string
	submit := &cobra.Command{
		Use:     "submit",
		Short:   "Submit the self-score sheet (CSV or .xlsx in the standard's layout)",
		Example: "  starter selfcheck submit --campaign civilized-units-2027 --unit finance --sheet examples/sheets/finance-self.csv",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			if path == "" {
				return usage("cli.give.sheet")
			}
			sh, err := a.readScoreSheet(c.Context(), t, workflows.UpdateSelfCheck, path)
			if err != nil {
				return err
			}
			return a.show(a.office().HandInSelfCheck(c.Context(), office.SelfCheck{Unit: t.officeUnit(), ID: s.id, Sheet: sh}))
		},
	}
	t.register(submit, true)
	s.register(submit)
	submit.Flags().StringVar(&path, "sheet", "", "the self-score sheet")
	cmd.AddCommand(submit)
	return cmd
}

func (a *app) declareCmd() *cobra.Command {
	var t target
	var s submission
	var report, reportFile, opinion, recommendation, summary string
	cmd := &cobra.Command{
		Use:   "declare",
		Short: "Declare (申报) a unit at or above the pass line, with its report, discipline opinion and recommendation opinion",
		Example: "  starter declare --campaign civilized-units-2027 --unit finance --report-file report.txt " +
			"--opinion 经审查，该单位近两年无违纪违法问题 --recommendation 经党组研究，同意推荐",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			if reportFile != "" {
				text, err := sheetfile.ReadText(reportFile, "declaration_report", maxReportBytes)
				if err != nil {
					return err
				}
				if report = strings.TrimSpace(text); report == "" {
					return problem.New(filepath.Base(reportFile), 0, "", "problem.cli.declaration_report_empty")
				}
			}
			return a.show(a.office().Declare(c.Context(), office.Declaration{Unit: t.officeUnit(), ID: s.id,
				Report: report, Opinion: opinion, Recommendation: recommendation, Summary: summary}))
		},
	}
	t.register(cmd, true)
	s.register(cmd)
	cmd.Flags().StringVar(&report, "report", "", "the declaration report (申报材料; at most the spec's limit, 1500 characters by default)")
	cmd.Flags().StringVar(&reportFile, "report-file", "", "read the report from a text file instead")
	cmd.Flags().StringVar(&opinion, "opinion", "", "the discipline-inspection opinion (纪检监察意见)")
	cmd.Flags().StringVar(&summary, "summary", "", "the form's 简介 of the main achievements (at most 800 characters by default)")
	cmd.Flags().StringVar(&recommendation, "recommendation", "", "the recommendation opinion (推荐意见) of the body the campaign's plan names")
	return cmd
}

func (a *app) nominateCmd() *cobra.Command {
	var t target
	var s submission
	var r office.PersonNomination
	var deedsFile string
	cmd := &cobra.Command{
		Use:   "nominate",
		Short: "Nominate a person of the unit for a model-individual title (文明标兵), with categories, deeds and the recommendation opinion",
		Example: "  starter nominate --campaign model-individuals-2027 --unit tax --person tax-li --name 李明 --post 纳税服务科科长 " +
			"--category 2 --category 诚实守信、服务规范 --deeds-file li.txt --recommendation 经机关党委研究，同意推荐",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			if deedsFile != "" {
				text, err := sheetfile.ReadText(deedsFile, "deeds", maxReportBytes)
				if err != nil {
					return err
				}
				if r.Deeds = strings.TrimSpace(text); r.Deeds == "" {
					return problem.New(filepath.Base(deedsFile), 0, "", "problem.cli.deeds_empty")
				}
			}
			r.Unit, r.ID = t.officeUnit(), s.id
			return a.show(a.office().NominatePerson(c.Context(), r))
		},
	}
	t.register(cmd, true)
	s.register(cmd)
	cmd.Flags().StringVar(&r.Person, "person", "", "the person's id, unique in the unit")
	cmd.Flags().StringVar(&r.Name, "name", "", "the person's name (姓名)")
	cmd.Flags().StringVar(&r.Post, "post", "", "the person's unit and post (单位及职务)")
	cmd.Flags().StringArrayVar(&r.Categories, "category", nil, "a category of the plan, in words or by its number 1-6 (repeat)")
	cmd.Flags().StringVar(&r.Deeds, "deeds", "", "the account of deeds (事迹材料)")
	cmd.Flags().StringVar(&deedsFile, "deeds-file", "", "read the account of deeds from a text file instead")
	cmd.Flags().StringVar(&r.Recommendation, "recommendation", "", "the recommendation opinion (推荐意见) of the supervising agency's party committee")
	return cmd
}

// FindingsHeader is the layout of an inspection's findings file.
var FindingsHeader = []string{"item", "size", "problem"}

func readFindings(path string) ([]office.Finding, error) {
	tbl, err := sheetfile.Read(path)
	if err != nil {
		return nil, err
	}
	if err := tbl.RequireHeader(FindingsHeader...); err != nil {
		return nil, err
	}
	l := problem.In(tbl.Name)
	var out []office.Finding
	for _, r := range tbl.Rows {
		f := office.Finding{Item: r.Cell(0), Size: r.Cell(1), Problem: r.Cell(2)}
		if f.Size != office.Small && f.Size != office.Big {
			l.Add(r.Line, "size", "problem.cli.small_fixed_same_day", "Size", f.Size)
		}
		if f.Problem == "" {
			l.Add(r.Line, "problem", "problem.cli.describe_problem")
		}
		out = append(out, f)
	}
	return out, l.Err()
}

func (a *app) inspectCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "inspect", Short: "Hand in an inspection (实地检查验收) of a declared unit"}
	var t target
	var s submission
	var path, findings, check string
	submit := &cobra.Command{
		Use:   "submit",
		Short: "Submit the actual score sheet and the problems found (each becomes a rectification notice)",
		Long: "The findings file has the header item,size,problem: size small (fixed the same day) or big\n" +
			"(within a week). On a deduction form without a findings file, every problem row of the\n" +
			"sheet becomes a notice (ordinary: small, serious: big).",
		Example: "  starter inspect submit --campaign civilized-units-2027 --unit finance --sheet actual.csv --findings problems.csv\n" +
			"  starter inspect submit --campaign civilized-units-2027 --unit finance --check midterm --sheet midterm.csv",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			if path == "" {
				return usage("cli.give.sheet")
			}
			sh, err := a.readScoreSheet(c.Context(), t, workflows.UpdateInspect, path)
			if err != nil {
				return err
			}
			in := office.Inspection{Unit: t.officeUnit(), ID: s.id, Sheet: sh, Check: check}
			if findings != "" {
				if in.Findings, err = readFindings(findings); err != nil {
					return a.localRefusal(c.Context(), workflows.UpdateInspect, t.unitWorkflow(), err)
				}
			}
			return a.show(a.office().Inspect(c.Context(), in))
		},
	}
	t.register(submit, true)
	s.register(submit)
	submit.Flags().StringVar(&path, "sheet", "", "the actual score sheet")
	submit.Flags().StringVar(&findings, "findings", "", "the problems found: item,size,problem")
	submit.Flags().StringVar(&check, "check", "", "a check before the final acceptance that the plan lists (e.g. midterm); omitted: the final acceptance")
	cmd.AddCommand(submit)
	return cmd
}

func (a *app) rectifyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "rectify", Short: "Close, verify or reopen a rectification notice (整改通知)"}
	for _, action := range []struct{ name, short string }{
		{store.ActionClose, "The unit reports a notice fixed"},
		{store.ActionVerify, "The inspectors confirm the fix"},
		{store.ActionReopen, "The inspectors find it not fixed: a new deadline by its size"},
	} {
		var t target
		var s submission
		var number int
		var note string
		sub := &cobra.Command{
			Use:     action.name,
			Short:   action.short,
			Example: fmt.Sprintf("  starter rectify %s --campaign civilized-units-2027 --unit finance --rectification 1 --note 已整改", action.name),
			Args:    args(),
			RunE: func(c *cobra.Command, _ []string) error {
				if err := t.check(true); err != nil {
					return err
				}
				if number < 1 {
					return usage("cli.give.rectification")
				}
				return a.show(a.office().Rectify(c.Context(), office.RectificationStep{Unit: t.officeUnit(), ID: s.id,
					Number: number, Action: c.Name(), Note: note}))
			},
		}
		t.register(sub, true)
		s.register(sub)
		sub.Flags().IntVar(&number, "rectification", 0, "the rectification's number (整改通知编号)")
		// --notice was its name before "notice" came to mean the public notice (公示) alone.
		sub.Flags().IntVar(&number, "notice", 0, "the rectification's number")
		_ = sub.Flags().MarkDeprecated("notice", "use --rectification")
		sub.Flags().StringVar(&note, "note", "", "what was done, or what is still wrong")
		cmd.AddCommand(sub)
	}
	return cmd
}

func (a *app) vetoCmd() *cobra.Command {
	var t target
	var s submission
	var reason, note string
	cmd := &cobra.Command{
		Use:   "veto",
		Short: "Report a veto event (一票否决) against a unit: out at once, or its title revoked after naming",
		Example: "  starter veto --campaign civilized-units-2027 --unit tax --reason major-accident --note 2026年5月发生火灾事故\n" +
			"  (reasons: the standard's veto list, see starter standard show FILE)",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			if reason == "" {
				return usage("cli.give.veto_reason")
			}
			return a.show(a.office().Veto(c.Context(), office.Veto{Unit: t.officeUnit(), ID: s.id, Reason: reason, Note: note}))
		},
	}
	t.register(cmd, true)
	s.register(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "the veto reason's id")
	cmd.Flags().StringVar(&note, "note", "", "what happened")
	return cmd
}

func (a *app) objectionCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "objection", Short: "File and decide objections during a public notice (公示)"}
	var ft target
	var fs submission
	var reason, contact, contactFile, entry string
	file := &cobra.Command{
		Use:   "file",
		Short: "File an objection against a unit (campaign) or a member or branch (round) on the notice",
		Example: "  starter objection file --campaign civilized-units-2027 --unit tax --reason 窗口服务多次被投诉 --contact-file contact.txt\n" +
			"  starter objection file --campaign civilized-windows-2027 --unit tax-hall --before-declaring --reason 服务态度差\n" +
			"  starter objection file --round pioneer/2026-Q4 --entry m0007 --reason 工作中有失误",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if ft.campaign != "" {
				entry = ft.unit
			}
			notice, listed, err := ft.notice(entry)
			if err != nil {
				return err
			}
			if contactFile != "" {
				if contact != "" {
					return usage("cli.give.contact_or_file")
				}
				if contact, err = a.readContact(contactFile); err != nil {
					return err
				}
			}
			return a.show(a.office().FileObjection(c.Context(), office.Objection{Notice: notice, ID: fs.id,
				Entry: listed, Reason: reason, Contact: contact}))
		},
	}
	ft.register(file, true)
	ft.registerRound(file)
	ft.registerBeforeDeclaring(file)
	ft.registerPerson(file, "with --campaign: the person of the unit objected to (a model-individual campaign)")
	file.Flags().StringVar(&entry, "entry", "", "with --round: the member (pioneer) or branch (red flag) objected to")
	fs.register(file)
	file.Flags().StringVar(&reason, "reason", "", "what the objection is about")
	file.Flags().StringVar(&contact, "contact", "", "how to reach whoever objects (may stay empty); other users of this machine can read it (ps) while the command runs: use --contact-file")
	file.Flags().StringVar(&contactFile, "contact-file", "", "read how to reach whoever objects from this file (\"-\": standard input), out of other users' sight")

	var dt target
	var ds submission
	var number int
	var uphold, dismiss bool
	var note string
	decide := &cobra.Command{
		Use:   "decide",
		Short: "Decide an objection: --uphold removes the unit, --dismiss keeps it",
		Example: "  starter objection decide --campaign civilized-units-2027 --objection 1 --dismiss --note 经核查不属实\n" +
			"  starter objection decide --campaign civilized-windows-2027 --unit tax-hall --before-declaring --objection 1 --uphold --note 经核查属实",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			notice, _, err := dt.notice("-")
			if err != nil {
				return err
			}
			if uphold == dismiss || number < 1 {
				return usage("cli.give.objection")
			}
			return a.show(a.office().DecideObjection(c.Context(), office.ObjectionDecision{Notice: notice, ID: ds.id,
				Number: number, Uphold: uphold, Note: note}))
		},
	}
	dt.register(decide, false)
	dt.registerRound(decide)
	dt.registerBeforeDeclaring(decide)
	decide.Flags().StringVar(&dt.unit, "unit", "", "with --before-declaring: the unit whose declaration is on notice")
	ds.register(decide)
	decide.Flags().IntVar(&number, "objection", 0, "the objection's number")
	decide.Flags().BoolVar(&uphold, "uphold", false, "the objection holds: the unit is removed from the list")
	decide.Flags().BoolVar(&dismiss, "dismiss", false, "the objection does not hold: the unit stays")
	decide.Flags().StringVar(&note, "note", "", "why")
	cmd.AddCommand(file, decide)
	return cmd
}

func (a *app) tieCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "tie", Short: "Resolve a tie at the cut"}
	var t target
	var s submission
	var include []string
	var branch string
	resolve := &cobra.Command{
		Use:   "resolve",
		Short: "Choose which of the tied are proposed (as many as there are places)",
		Example: "  starter tie resolve --campaign civilized-units-2027 --include finance\n" +
			"  starter tie resolve --round pioneer/2026-Q4 --branch b-tax --include m0031\n" +
			"  starter tie resolve --round redflag/2026-H2 --include b-audit",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if t.round == "" {
				if err := t.check(false); err != nil {
					return err
				}
			}
			return a.show(a.office().ResolveTie(c.Context(), office.Tie{Campaign: t.campaign, Round: t.round, Branch: branch,
				ID: s.id, Include: include}))
		},
	}
	t.register(resolve, false)
	t.registerRound(resolve)
	resolve.Flags().StringVar(&branch, "branch", "", "with --round: the branch whose tie it is (pioneer rounds)")
	s.register(resolve)
	resolve.Flags().StringSliceVar(&include, "include", nil, "the tied units to propose, comma-separated")
	cmd.AddCommand(resolve)
	return cmd
}

func (a *app) deadlineCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "deadline", Short: "Move a campaign's deadline later; every timer follows"}
	var t target
	var s submission
	var boundary, to, add, reason string
	extend := &cobra.Command{
		Use:   "extend",
		Short: "Extend implement, selfcheck, declare_by or accept_by",
		Example: "  starter deadline extend --campaign civilized-units-2027 --boundary declare_by --to 2026-10-27T18:00\n" +
			"  starter deadline extend --campaign civilized-units-2027 --boundary accept_by --add 7d\n" +
			"  starter deadline extend --campaign civilized-units-2027 --boundary declare_by --add 3d --reason 因汛期抢险，水务局未能按时申报",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(false); err != nil {
				return err
			}
			if (to == "") == (add == "") {
				return usage("cli.give.to_or_add")
			}
			at, err := a.extensionTime(c.Context(), t.campaign, campaign.Boundary(boundary), to, add)
			if err != nil {
				return err
			}
			return a.show(a.office().ExtendDeadline(c.Context(), office.Extension{Campaign: t.campaign, ID: s.id,
				Boundary: campaign.Boundary(boundary), To: at, Reason: reason}))
		},
	}
	t.register(extend, false)
	s.register(extend)
	extend.Flags().StringVar(&boundary, "boundary", "", "implement, selfcheck, declare_by or accept_by")
	extend.Flags().StringVar(&to, "to", "", "the new time, e.g. 2026-10-27T18:00 (the campaign's time zone)")
	extend.Flags().StringVar(&add, "add", "", "or how much later than now set, e.g. 7d, 36h")
	extend.Flags().StringVar(&reason, "reason", "", "why; needed when the deadline has passed (declare_by, accept_by)")
	cmd.AddCommand(extend)
	return cmd
}

// extensionTime resolves --to (in the campaign's time zone) or --add (after the boundary's
// current time).
func (a *app) extensionTime(ctx context.Context, campaignID string, b campaign.Boundary, to, add string) (time.Time, error) {
	if add != "" {
		d, err := timeline.ParseDuration(strings.TrimPrefix(add, "+"))
		if err != nil {
			return time.Time{}, usageError{msg.Wrap(err, "cli.deadline.add")}
		}
		var st workflows.CampaignStatus
		if err := a.status(ctx, workflows.CampaignWorkflowID(campaignID), statusWait, &st, campaignHint); err != nil {
			return time.Time{}, err
		}
		current, ok := st.Timeline.At(b)
		if !ok {
			return time.Time{}, usage("cli.deadline.boundary", "Boundary", string(b), "Known", boundaryNames())
		}
		return current.Add(d), nil
	}
	_, info, err := a.campaignStandard(ctx, campaignID)
	if err != nil {
		return time.Time{}, err
	}
	loc, err := time.LoadLocation(info.Timezone)
	if err != nil {
		return time.Time{}, err
	}
	p, err := timeline.ParsePoint(to, loc)
	if err != nil || p.At.IsZero() {
		return time.Time{}, usage("cli.deadline.to", "To", to)
	}
	return p.At, nil
}

// boundaryNames lists the boundaries `deadline extend` moves.
func boundaryNames() []string {
	out := make([]string, len(campaign.Boundaries))
	for i, b := range campaign.Boundaries {
		out[i] = string(b)
	}
	return out
}

// maxContactBytes bounds a contact file: a phone number, an e-mail address, a name and a
// street address are a few hundred bytes; anything larger is the wrong file.
const maxContactBytes = 4 << 10

// stdin is what --contact-file - reads.
var stdin io.Reader = os.Stdin

// readContact reads an objection's contact from a file (or standard input for "-"), read
// once and bounded, as UTF-8 or GBK text: on the command line it would be in every local
// user's sight (ps, /proc) while the command runs.
func (a *app) readContact(path string) (string, error) {
	name := filepath.Base(path)
	var raw []byte
	var err error
	if path == "-" {
		name = a.tr("cli.stdin")
		raw, err = io.ReadAll(io.LimitReader(stdin, maxContactBytes+1))
		switch {
		case err != nil:
			return "", problem.New(name, 0, "", "problem.infile.cannot_read", "What", "contact_file", "Why", infile.Why(err))
		case len(raw) > maxContactBytes:
			return "", problem.New(name, 0, "", "problem.cli.contact_too_long", "Max", fmt.Sprintf("%d KB", maxContactBytes>>10))
		}
	} else if raw, err = infile.Read(path, "contact_file", maxContactBytes); err != nil {
		return "", err
	}
	text, err := sheet.DecodeText(name, raw)
	if err != nil {
		return "", err
	}
	if text = strings.TrimSpace(text); text == "" {
		return "", problem.New(name, 0, "", "problem.sheet.file_empty")
	}
	return text, nil
}
