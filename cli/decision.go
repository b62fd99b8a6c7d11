package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"wenming/office"
	"wenming/rules/timeline"
	"wenming/workflows"
)

// campaignConsultCmd records the discipline committee's opinion on a proposed unit.
func (a *app) campaignConsultCmd() *cobra.Command {
	var t target
	var s submission
	var exclude bool
	var note string
	cmd := &cobra.Command{
		Use:   "consult",
		Short: "Record the discipline committee's opinion (征求纪工委意见) on a proposed unit",
		Example: "  starter campaign consult --campaign civilized-units-2027 --unit tax\n" +
			"  starter campaign consult --campaign civilized-units-2027 --unit health --exclude --note 该局一名副局长正在接受审查调查",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			return a.show(a.office().Consult(c.Context(), office.Opinion{Campaign: t.campaign, Subject: t.subject(), ID: s.id,
				Exclude: exclude, Note: note}))
		},
	}
	t.register(cmd, true)
	t.registerPerson(cmd, "the proposed person of the unit (a model-individual campaign)")
	s.register(cmd)
	cmd.Flags().BoolVar(&exclude, "exclude", false, "the committee does not agree to naming the unit")
	cmd.Flags().StringVar(&note, "note", "", "the committee's words; needed with --exclude")
	return cmd
}

// campaignProceedCmd goes on past an overdue wait for people, saying why: the decision is the
// administrator's, recorded with their name, never the clock's.
func (a *app) campaignProceedCmd() *cobra.Command {
	var t target
	var s submission
	var step, reason string
	cmd := &cobra.Command{
		Use:   "proceed --campaign ID --step consult|inspect [--unit U] --reason R",
		Short: "Go on past an overdue wait (the committee's missing opinions, a unit not inspected), saying why",
		Example: "  starter campaign proceed --campaign civilized-units-2027 --step consult --reason 纪工委逾期未反馈，经主任办公会研究继续\n" +
			"  starter campaign proceed --campaign civilized-units-2027 --step inspect --unit water --reason 验收组未能按期前往，不经验收参加评审",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(false); err != nil {
				return err
			}
			return a.show(a.office().Proceed(c.Context(), office.Proceeding{Campaign: t.campaign, Unit: t.unit, Step: step, ID: s.id, Reason: reason}))
		},
	}
	t.register(cmd, true)
	s.register(cmd)
	cmd.Flags().StringVar(&step, "step", "", "the wait to go on past: consult (the committee's missing opinions) or inspect (a unit not inspected, with --unit)")
	cmd.Flags().StringVar(&reason, "reason", "", "why: recorded as your decision")
	return cmd
}

// campaignAuditCmd records the office's audit of the list before the notice (审核).
func (a *app) campaignAuditCmd() *cobra.Command {
	var t target
	var s submission
	var returns []string
	cmd := &cobra.Command{
		Use:   "audit --campaign ID [--return UNIT=REASON ...]",
		Short: "Record the office's audit of the proposed list (报市文明办审核): accepted, or names returned with reasons",
		Example: "  starter campaign audit --campaign civilized-units-2027\n" +
			"  starter campaign audit --campaign civilized-units-2027 --return hr-social=创建台账不完整",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(false); err != nil {
				return err
			}
			au := office.Audit{Campaign: t.campaign, ID: s.id}
			var err error
			if au.Return, err = idReasons(returns, "cli.campaign.return"); err != nil {
				return err
			}
			return a.show(a.office().AuditList(c.Context(), au))
		},
	}
	t.register(cmd, false)
	s.register(cmd)
	cmd.Flags().StringArrayVar(&returns, "return", nil, "a name returned and why, UNIT=REASON (repeat); none: the list is accepted")
	return cmd
}

// campaignDecideCmd records the deciding body's decision on the names, with its document.
func (a *app) campaignDecideCmd() *cobra.Command {
	var t target
	var s submission
	var document, on string
	var strikes []string
	cmd := &cobra.Command{
		Use:   "decide --campaign ID --document NO --date YYYY-MM-DD [--strike UNIT=REASON ...]",
		Short: "Record the deciding body's decision (确定命名): its document number and date, names struck with reasons",
		Example: "  starter campaign decide --campaign civilized-units-2027 --document 市文明办〔2027〕12号 --date 2027-12-20\n" +
			"  starter campaign decide --campaign civilized-units-2027 --document 市文明办〔2027〕12号 --date 2027-12-20 --strike hr-social=群众满意度测评靠后",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(false); err != nil {
				return err
			}
			d := office.Decision{Campaign: t.campaign, ID: s.id, Document: document, On: on}
			var err error
			if d.Strike, err = idReasons(strikes, "cli.campaign.strike"); err != nil {
				return err
			}
			return a.show(a.office().Decide(c.Context(), d))
		},
	}
	t.register(cmd, false)
	s.register(cmd)
	cmd.Flags().StringVar(&document, "document", "", "the decision's document number (文号), e.g. 市文明办〔2027〕12号")
	cmd.Flags().StringVar(&on, "date", "", "the document's date, e.g. 2027-12-20")
	cmd.Flags().StringArrayVar(&strikes, "strike", nil, "a name struck and why, UNIT=REASON, or UNIT/PERSON=REASON for a person (repeat)")
	return cmd
}

// idReasons reads repeated ID=REASON flag values (names struck, each with why); a value
// without both parts is refused with the flag's usage message.
func idReasons(values []string, usageID string) ([]office.NameStruck, error) {
	var out []office.NameStruck
	for _, v := range values {
		id, why, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(id) == "" || strings.TrimSpace(why) == "" {
			return nil, usage(usageID, "Value", v)
		}
		out = append(out, office.NameStruck{Unit: id, Reason: why})
	}
	return out, nil
}

// declarationCmd holds the office's preliminary review of declared materials (初步审查).
func (a *app) declarationCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "declaration", Short: "Review declared materials before inspection (初步审查)"}
	var t target
	var s submission
	var accept, send, turnDown bool
	var within, note string
	review := &cobra.Command{
		Use:   "review",
		Short: "Accept a unit's declared materials, send them back for correction by a deadline, or turn them down",
		Example: "  starter declaration review --campaign civilized-units-2027 --unit finance --accept\n" +
			"  starter declaration review --campaign civilized-units-2027 --unit water --return --within 3d --note 缺少纪检监察部门意见原件\n" +
			"  starter declaration review --campaign civilized-units-2027 --unit agriculture --turn-down --note 申报材料与实际不符",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			req := office.DeclarationReview{Unit: t.officeUnit(), ID: s.id, Note: note}
			switch {
			case accept && !send && !turnDown:
				req.Verdict = workflows.ReviewAccept
			case send && !accept && !turnDown:
				req.Verdict = workflows.ReviewReturn
				d, err := timeline.ParseDuration(strings.TrimPrefix(within, "+"))
				if err != nil || d <= 0 {
					return usage("cli.review.within", "Value", within)
				}
				req.FixWithin = d
			case turnDown && !accept && !send:
				req.Verdict = workflows.ReviewTurnDown
			default:
				return usage("cli.review.one_verdict")
			}
			return a.show(a.office().ReviewDeclaration(c.Context(), req))
		},
	}
	t.register(review, true)
	s.register(review)
	review.Flags().BoolVar(&accept, "accept", false, "the materials are in order: the unit may be inspected")
	review.Flags().BoolVar(&send, "return", false, "send the materials back for correction (with --within and --note)")
	review.Flags().BoolVar(&turnDown, "turn-down", false, "turn the declaration down (with --note)")
	review.Flags().StringVar(&within, "within", "", "how long the unit has to correct and declare again, e.g. 3d")
	review.Flags().StringVar(&note, "note", "", "what to correct, or why it is turned down")
	cmd.AddCommand(review)
	return cmd
}
