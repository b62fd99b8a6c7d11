// Package access names the roles the plans give people (the office, the inspection team, each
// unit's liaison, the discipline committee, the deciding body, the party committee and its
// office, each branch secretary, and operators who only read), what each role is scoped to,
// and the organisations accounts belong to. It does no I/O.
//
// Status: accounts and grants are recorded (starter user ...) and who may do what is the table
// Acts; the worker does not yet check the submissions it takes against them.
package access

import (
	"slices"
	"strings"
	"unicode/utf8"

	"wenming/input/printable"
	"wenming/msg"
	"wenming/rules/standard"
)

// Role is what a grant lets a person do.
type Role string

const (
	OfficeAdmin         Role = "office-admin"         // 文明办 / 工委 / 党办: every campaign and round of the office
	Inspector           Role = "inspector"            // 验收考核组: the units assigned in a campaign
	UnitLiaison         Role = "unit-liaison"         // a unit's liaison: that unit
	DisciplineCommittee Role = "discipline-committee" // 纪工委: its opinions on the names put to it
	DecidingBody        Role = "deciding-body"        // 研究确定 the names
	PartyCommittee      Role = "party-committee"      // 党委: rounds' approvals and assessments
	PartyOffice         Role = "party-office"         // 党办: rounds' daily records
	BranchSecretary     Role = "branch-secretary"     // a branch: its reports and recommendations
	Operator            Role = "operator"             // reads only
)

// Roles are every role, in the order the plans meet them.
var Roles = []Role{OfficeAdmin, Inspector, UnitLiaison, DisciplineCommittee, DecidingBody, PartyCommittee, PartyOffice, BranchSecretary, Operator}

// Scope is what a grant is for: nothing (the whole office), a unit, a branch, or a campaign
// (an inspector's: all its units, or one).
type Scope struct {
	Campaign string
	Unit     string
	Branch   string
}

// String writes a scope as ParseScope reads it: "", "unit:finance", "branch:b-tax",
// "campaign:c1", "campaign:c1/unit:finance".
func (s Scope) String() string {
	var parts []string
	if s.Campaign != "" {
		parts = append(parts, "campaign:"+s.Campaign)
	}
	if s.Unit != "" {
		parts = append(parts, "unit:"+s.Unit)
	}
	if s.Branch != "" {
		parts = append(parts, "branch:"+s.Branch)
	}
	return strings.Join(parts, "/")
}

// ParseScope reads a scope as String writes it.
func ParseScope(text string) (Scope, error) {
	var s Scope
	text = strings.TrimSpace(text)
	if text == "" {
		return s, nil
	}
	for _, part := range strings.Split(text, "/") {
		kind, id, ok := strings.Cut(part, ":")
		if !ok || !standard.ValidID(id) {
			return Scope{}, msg.Err("problem.access.scope", "Text", text)
		}
		var field *string
		switch kind {
		case "campaign":
			field = &s.Campaign
		case "unit":
			field = &s.Unit
		case "branch":
			field = &s.Branch
		default:
			return Scope{}, msg.Err("problem.access.scope", "Text", text)
		}
		if *field != "" {
			return Scope{}, msg.Err("problem.access.scope", "Text", text)
		}
		*field = id
	}
	if s.String() != text {
		return Scope{}, msg.Err("problem.access.scope", "Text", text) // out of order
	}
	return s, nil
}

// ParseRole reads a role by its name.
func ParseRole(text string) (Role, error) {
	r := Role(strings.TrimSpace(text))
	if !slices.Contains(Roles, r) {
		names := make([]string, len(Roles))
		for i, r := range Roles {
			names[i] = string(r)
		}
		return "", msg.Err("problem.access.role", "Role", text, "Roles", names)
	}
	return r, nil
}

// CheckScope says whether a grant of the role may have the scope: a unit's liaison needs its
// unit, a branch secretary their branch, an inspector a campaign (and a unit of it, or all);
// the others act for the whole office and take none.
func (r Role) CheckScope(s Scope) error {
	var ok bool
	switch r {
	case UnitLiaison:
		ok = s.Unit != "" && s.Campaign == "" && s.Branch == ""
	case BranchSecretary:
		ok = s.Branch != "" && s.Campaign == "" && s.Unit == ""
	case Inspector:
		ok = s.Campaign != "" && s.Branch == ""
	default:
		ok = s == Scope{}
	}
	if !ok {
		return msg.Err("problem.access.scope_for_role", "Role", string(r), "Scope", s.String(), "Want", msg.Say("access.scope_of."+string(r)))
	}
	return nil
}

// Org is the organisation an account belongs to: the office, a unit or a branch.
type Org struct {
	Kind string // office, unit or branch
	ID   string // the unit's or branch's id; the office has none
}

// String writes an organisation as ParseOrg reads it: "office", "unit:finance", "branch:b-tax".
func (o Org) String() string {
	if o.Kind == "office" {
		return "office"
	}
	return o.Kind + ":" + o.ID
}

// ParseOrg reads an organisation as String writes it.
func ParseOrg(text string) (Org, error) {
	text = strings.TrimSpace(text)
	if text == "office" {
		return Org{Kind: "office"}, nil
	}
	kind, id, ok := strings.Cut(text, ":")
	if !ok || (kind != "unit" && kind != "branch") || !standard.ValidID(id) {
		return Org{}, msg.Err("problem.access.org", "Text", text)
	}
	return Org{Kind: kind, ID: id}, nil
}

// MaxName bounds a person's name, in characters.
const MaxName = 100

// CheckName is a person's name as kept: cleaned of control and format characters (printable),
// present, and at most MaxName characters.
func CheckName(name string) (string, error) {
	clean := strings.TrimSpace(printable.Clean(name))
	switch {
	case clean == "":
		return "", msg.Err("problem.access.account_name")
	case utf8.RuneCountInString(clean) > MaxName:
		return "", msg.Err("problem.access.name_too_long", "Max", MaxName)
	}
	return clean, nil
}

// ValidAccountID says whether an id can name an account: letters, digits, '.', '_' and '-', 2
// to 64 of them (accounts added by earlier builds may have capitals).
func ValidAccountID(id string) bool {
	return len(id) >= 2 && len(id) <= 64 && standard.ValidID(id)
}

// NewAccountID says whether an id can be given to a new account: a valid one in lower case
// only, so that an id typed in another case is never someone else's (the database also keeps
// ids unique whatever their case).
func NewAccountID(id string) bool {
	return ValidAccountID(id) && id == strings.ToLower(id)
}
