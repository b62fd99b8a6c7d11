package access

import (
	"slices"
	"strings"

	"wenming/msg"
)

// Who may do what: each update a workflow takes, the roles that may send it, as the plans name
// them. A role scoped to a unit or a branch acts on its own only (a unit's liaison on their
// unit's workflow, a branch secretary on their branch's, an inspector on the units of their
// campaign assigned to them); the others act for the whole office. Where the plans have a
// branch report to the party office (支部…报县局党办, 自行评分并报党委办公室), the party office
// may enter it too. Nobody else may send it, whatever a client shows.
//
// The worker's guard (workflows.Guard) checks every update against it, with the actor proven by
// an act token; for a year-end nomination of a member the worker does not yet know the
// member's branch, so only the party office may enter one (issue 35).

// An Act is an update sent to a workflow, with what the workflow is for.
type Act struct {
	Workflow string // the workflow's type: Campaign, Unit, PioneerBranch, ...
	Update   string
	Kind     string // where roles differ by it: a rectification's action (close, verify, reopen), a year-end nomination's subject (member, branch), the notice's (campaign, round)
	Campaign string // the campaign of a Unit or Rating workflow
	Unit     string // the unit of a Unit workflow, or the one a Rating workflow's request names
	Branch   string // the branch of a branch workflow
}

// ActKey names a row of the table: a workflow's update, and its kind when roles differ by it.
type ActKey struct {
	Workflow, Update, Kind string
}

// Acts is the table: every update every workflow takes, and the roles that may send it.
var Acts = map[ActKey][]Role{
	// 文明创建: the office runs the campaign; the discipline committee gives its opinion; the
	// deciding body decides.
	{"Campaign", "veto", ""}:            {OfficeAdmin},
	{"Campaign", "tie-resolve", ""}:     {OfficeAdmin},
	{"Campaign", "consult", ""}:         {DisciplineCommittee},
	{"Campaign", "audit", ""}:           {OfficeAdmin},
	{"Campaign", "decide", ""}:          {DecidingBody},
	{"Campaign", "proceed", ""}:         {OfficeAdmin},
	{"Campaign", "extend-deadline", ""}: {OfficeAdmin},
	// a unit reports, checks itself, declares and nominates; inspectors inspect and verify the
	// fixes the unit reports; the office reviews the declaration and moves past a silent step.
	{"Unit", "task-report", ""}:        {UnitLiaison},
	{"Unit", "selfcheck", ""}:          {UnitLiaison},
	{"Unit", "declare", ""}:            {UnitLiaison},
	{"Unit", "nominate", ""}:           {UnitLiaison},
	{"Unit", "inspect", ""}:            {Inspector},
	{"Unit", "rectify", "close"}:       {UnitLiaison},
	{"Unit", "rectify", "verify"}:      {Inspector},
	{"Unit", "rectify", "reopen"}:      {Inspector},
	{"Unit", "review-declaration", ""}: {OfficeAdmin},
	{"Unit", "proceed", ""}:            {OfficeAdmin},
	// 星级评定: inspectors score every unit each round and verify the fixes the unit reports; the
	// office decides, with a reason, to leave a unit out of a round.
	{"Rating", "inspect", ""}:       {Inspector},
	{"Rating", "rectify", "close"}:  {UnitLiaison},
	{"Rating", "rectify", "verify"}: {Inspector},
	{"Rating", "rectify", "reopen"}: {Inspector},
	{"Rating", "proceed", ""}:       {OfficeAdmin},
	// a public notice's objections: a campaign's (or a unit's before declaring) recorded and
	// decided by the office; a round's recorded by the party office and decided by the committee
	// that approved the names (党委审定…并进行公示). The public's own filing comes with the portal.
	{"PublicNotice", "objection-file", "campaign"}:   {OfficeAdmin},
	{"PublicNotice", "objection-decide", "campaign"}: {OfficeAdmin},
	{"PublicNotice", "objection-file", "round"}:      {PartyOffice, OfficeAdmin},
	{"PublicNotice", "objection-decide", "round"}:    {PartyCommittee},
	{"Title", "title", ""}:                           {OfficeAdmin},
	// 党员先锋岗: the branch's ballots and recommendation (to the party office), the committee's
	// approval (a tie at a branch's cut too: 党委按照测评与推荐情况审定); violations recorded by
	// the office.
	{"Group", "ballot-sheets", ""}:        {PartyOffice, OfficeAdmin},
	{"PioneerBranch", "ballot-sheet", ""}: {BranchSecretary, PartyOffice},
	{"PioneerBranch", "tie-resolve", ""}:  {PartyCommittee},
	{"PioneerRound", "tie-resolve", ""}:   {PartyCommittee},
	{"PioneerRound", "approve", ""}:       {PartyCommittee},
	{"PioneerRound", "violation", ""}:     {PartyOffice, OfficeAdmin},
	// 红旗党支部: the branch's self-report (to the party office), the committee's assessment.
	{"RedFlagBranch", "self-report", ""}: {BranchSecretary, PartyOffice},
	{"RedFlagBranch", "assess", ""}:      {PartyCommittee},
	{"RedFlagBranch", "proceed", ""}:     {PartyOffice, OfficeAdmin},
	{"RedFlagRound", "tie-resolve", ""}:  {PartyCommittee},
	{"RedFlagRound", "violation", ""}:    {PartyOffice, OfficeAdmin},
	// 年终表彰: branches nominate members (through the party office), the committee nominates
	// branches and approves. A secretary's nomination reaches the member's branch only.
	{"AnnualRound", "proceed", ""}:        {PartyOffice, OfficeAdmin},
	{"AnnualRound", "nominate", "member"}: {BranchSecretary, PartyOffice},
	{"AnnualRound", "nominate", "branch"}: {PartyCommittee},
	{"AnnualRound", "approve", ""}:        {PartyCommittee},
}

// Permits says whether grants allow the act: nil when one of them holds a role the table gives
// it and reaches the act's unit, branch or campaign; otherwise the refusal names the roles the
// act needs.
func Permits(grants []Grant, a Act) error {
	roles, ok := Acts[ActKey{a.Workflow, a.Update, a.Kind}]
	if !ok {
		return msg.Err("problem.access.no_such_act", "Workflow", a.Workflow, "Update", a.Update, "Kind", a.Kind)
	}
	for _, g := range grants {
		if slices.Contains(roles, g.Role) && g.reaches(a) {
			return nil
		}
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return msg.Err("problem.access.needs_role", "Update", a.Update, "Roles", strings.Join(names, "、"))
}

// reaches says whether a grant's scope covers the act: its own unit, branch, or campaign (and
// unit, when the inspector was assigned one); an unscoped grant covers the office's every act.
func (g Grant) reaches(a Act) bool {
	switch g.Role {
	case UnitLiaison:
		return g.Scope.Unit != "" && g.Scope.Unit == a.Unit
	case BranchSecretary:
		return g.Scope.Branch != "" && g.Scope.Branch == a.Branch
	case Inspector:
		return g.Scope.Campaign != "" && g.Scope.Campaign == a.Campaign && (g.Scope.Unit == "" || g.Scope.Unit == a.Unit)
	}
	return g.Scope == Scope{}
}
