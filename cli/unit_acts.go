package cli

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"wenming/input/problem"
	"wenming/input/sheetfile"
	"wenming/office"
	"wenming/rules/standard"
	"wenming/workflows"
)

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

// readScoreSheet checks the unit named and reads and scores its sheet (--sheet) on the
// campaign's standard before sending it: bad input is refused at once, with its lines,
// without a round trip.
func (a *app) readScoreSheet(ctx context.Context, t target, kind, path string) (standard.Sheet, error) {
	if err := t.check(true); err != nil {
		return standard.Sheet{}, err
	}
	return a.readSheetFor(ctx, t.campaign, t.unitWorkflow(), kind, path)
}

// readSheetFor reads a score sheet on the campaign's standard for an act of kind sent to the
// workflow target; a sheet that cannot be read or does not score is refused there (audit log).
func (a *app) readSheetFor(ctx context.Context, campaignID, target, kind, path string) (standard.Sheet, error) {
	if path == "" {
		return standard.Sheet{}, usage("cli.give.sheet")
	}
	tbl, err := sheetfile.Read(path)
	if err == nil {
		var sh standard.Sheet
		if sh, err = a.office().CampaignSheet(ctx, campaignID, tbl); err == nil || !problem.Is(err) {
			return sh, err
		}
	}
	return standard.Sheet{}, a.localRefusal(ctx, kind, target, err)
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
