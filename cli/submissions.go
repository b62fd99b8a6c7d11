package cli

import (
	"github.com/spf13/cobra"

	"wenming/office"
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
