package access

import (
	"strings"

	"wenming/input/problem"
	"wenming/input/sheet"
)

// Grant is a role and what it acts on.
type Grant struct {
	Role  Role
	Scope Scope
}

// String writes a grant as ParseGrant reads it: ROLE or ROLE:SCOPE.
func (g Grant) String() string {
	if s := g.Scope.String(); s != "" {
		return string(g.Role) + ":" + s
	}
	return string(g.Role)
}

// ParseGrant reads a role and its scope and checks that the role takes the scope.
func ParseGrant(role, scope string) (Grant, error) {
	r, err := ParseRole(role)
	if err != nil {
		return Grant{}, err
	}
	s, err := ParseScope(scope)
	if err != nil {
		return Grant{}, err
	}
	if err := r.CheckScope(s); err != nil {
		return Grant{}, err
	}
	return Grant{Role: r, Scope: s}, nil
}

// ParseGrantText reads ROLE or ROLE:SCOPE (roles have no colon; scopes do).
func ParseGrantText(text string) (Grant, error) {
	role, scope, _ := strings.Cut(strings.TrimSpace(text), ":")
	return ParseGrant(role, scope)
}

// UserColumns are the columns of an accounts file: grants are ROLE or ROLE:SCOPE, several
// separated by ';'.
var UserColumns = []string{"id", "name", "org", "grants"}

// User is a row of an accounts file.
type User struct {
	Line   int
	ID     string
	Name   string
	Org    Org
	Grants []Grant
}

// ReadUsers reads an accounts file, every problem at once with its line: an id given twice, a
// name missing, an organisation, role or scope that is not one.
func ReadUsers(t *sheet.Table) ([]User, error) {
	col, err := t.RequireColumns(UserColumns...)
	if err != nil {
		return nil, err
	}
	l, seen := problem.In(t.Name), map[string]int{}
	var out []User
	for _, row := range t.Rows {
		u := User{Line: row.Line, ID: row.Cell(col["id"])}
		switch first, dup := seen[u.ID]; {
		case !ValidAccountID(u.ID):
			l.Add(row.Line, "id", "problem.access.account_id", "ID", u.ID)
		case dup:
			l.Add(row.Line, "id", "problem.access.account_twice", "ID", u.ID, "First", first)
		default:
			seen[u.ID] = row.Line
		}
		var err error
		if u.Name, err = CheckName(row.Cell(col["name"])); err != nil {
			l.AddErr(row.Line, "name", err)
		}
		if u.Org, err = ParseOrg(row.Cell(col["org"])); err != nil {
			l.AddErr(row.Line, "org", err)
		}
		for _, text := range strings.FieldsFunc(row.Cell(col["grants"]), func(r rune) bool { return r == ';' || r == '；' }) {
			if strings.TrimSpace(text) == "" {
				continue
			}
			g, err := ParseGrantText(text)
			if err != nil {
				l.AddErr(row.Line, "grants", err)
				continue
			}
			u.Grants = append(u.Grants, g)
		}
		out = append(out, u)
		if l.Full() {
			break
		}
	}
	return problem.Rows(l, out)
}
