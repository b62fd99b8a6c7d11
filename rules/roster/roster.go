// Package roster reads organization rosters (units, party branches, members) from the tables
// offices keep, checking every row; a file with any bad row is refused as a whole.
package roster

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"wenming/input/printable"
	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/rules/standard"
)

// Unit is an organization: an office, agency, department, window, community or committee.
type Unit struct {
	ID          string `db:"id"`
	Name        string `db:"name"`
	ParentID    string `db:"parent_id"` // empty at the top of the tree
	Kind        string `db:"kind"`
	Staff       int    `db:"staff_size"`
	Departments int    `db:"department_count"` // internal departments/windows: quotas depend on it
	// StationedAt is the service centre a window is stationed at (市群众工作中心, 市政务服务中心):
	// the centre recommends it (三.4); empty for every other unit.
	StationedAt string `db:"stationed_at"`
	// Stationed: the file had a stationed_at column; a file without one leaves the centres
	// recorded before as they are.
	Stationed bool `db:"-"`
	Line      int  `db:"-"`
}

// maxCentreChars bounds the name of the centre a window is stationed at.
const maxCentreChars = 64

// Branch is a party branch (党支部), under a unit or committee.
type Branch struct {
	ID     string `db:"id"`
	Name   string `db:"name"`
	UnitID string `db:"unit_id"`
	Line   int    `db:"-"`
}

// Member is a party member (党员) of one branch.
type Member struct {
	ID       string `db:"id"`
	Name     string `db:"name"`
	BranchID string `db:"branch_id"`
	Phone    string `db:"phone"`
	Line     int    `db:"-"`
}

// Kinds of units, as the tree of DOMAIN.md has them.
var Kinds = []string{"office", "agency", "department", "window", "community", "committee"}

// Columns of each roster file; extra columns are allowed and ignored. A units roster may also
// have stationed_at: the centre a window is stationed at.
var (
	UnitColumns   = []string{"id", "name", "parent", "kind", "staff", "departments"}
	BranchColumns = []string{"id", "name", "unit"}
	MemberColumns = []string{"id", "name", "branch"}
)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{4,19}$`)

// rows walks the table's rows, recording a duplicate id as a problem.
type rows struct {
	l    *problem.List
	seen map[string]int
}

func (r *rows) id(line int, id, what string) bool {
	if !standard.ValidID(id) {
		r.l.Add(line, "id", "problem.roster.valid_id_letters_digits", "Id", id, "What", what)
		return false
	}
	if first, dup := r.seen[id]; dup {
		r.l.Add(line, "id", "problem.roster.appears_twice_first_on", "What", what, "Id", id, "First", first)
		return false
	}
	r.seen[id] = line
	return true
}

func (r *rows) name(line int, name string) {
	if name == "" {
		r.l.Add(line, "name", "problem.roster.name_empty")
	}
}

func (r *rows) count(line int, field, text string) int {
	if text == "" {
		return 0
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 0 {
		r.l.Add(line, field, "problem.roster.whole_number_more", "Text", text)
		return 0
	}
	return n
}

// ReadUnits reads a units roster: id,name,parent,kind,staff,departments.
func ReadUnits(t *sheet.Table) ([]Unit, error) {
	col, err := t.RequireColumns(UnitColumns...)
	if err != nil {
		return nil, err
	}
	r := rows{l: problem.In(t.Name), seen: map[string]int{}}
	var out []Unit
	for _, row := range t.Rows {
		u := Unit{Line: row.Line, ID: row.Cell(col["id"]), Name: printable.Clean(row.Cell(col["name"])),
			ParentID: row.Cell(col["parent"]), Kind: strings.ToLower(row.Cell(col["kind"]))}
		r.id(row.Line, u.ID, "unit")
		r.name(row.Line, u.Name)
		if !validKind(u.Kind) {
			r.l.Add(row.Line, "kind", "problem.roster.kind_unit_one", "Kind", u.Kind, "Kinds", Kinds)
		}
		if u.ParentID == u.ID && u.ID != "" {
			r.l.Add(row.Line, "parent", "problem.roster.unit_cannot_own_parent")
		}
		u.Staff = r.count(row.Line, "staff", row.Cell(col["staff"]))
		u.Departments = r.count(row.Line, "departments", row.Cell(col["departments"]))
		if at, ok := col["stationed_at"]; ok {
			u.StationedAt, u.Stationed = printable.Clean(row.Cell(at)), true
			r.stationed(row.Line, u)
		}
		out = append(out, u)
		if r.l.Full() {
			break
		}
	}
	if _, err := problem.Rows(r.l, out); err != nil {
		return nil, err
	}
	return out, checkCycles(t.Name, out)
}

// stationed checks a unit's centre: only a window is stationed at one, and its name is short.
func (r *rows) stationed(line int, u Unit) {
	switch {
	case u.StationedAt == "":
	case u.Kind != "window":
		r.l.Add(line, "stationed_at", "problem.roster.stationed_not_window", "Kind", u.Kind)
	case utf8.RuneCountInString(u.StationedAt) > maxCentreChars:
		r.l.Add(line, "stationed_at", "problem.roster.stationed_too_long", "Max", maxCentreChars)
	}
}

func validKind(k string) bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// checkCycles refuses parent chains within the file that lead back to where they started.
func checkCycles(file string, units []Unit) error {
	parent := map[string]string{}
	line := map[string]int{}
	for _, u := range units {
		parent[u.ID], line[u.ID] = u.ParentID, u.Line
	}
	l := problem.In(file)
	for _, u := range units {
		at := u.ParentID
		for steps := 0; at != "" && steps <= len(units); steps++ {
			if at == u.ID {
				l.Add(u.Line, "parent", "problem.roster.unit_own_ancestor_parent", "ID", u.ID)
				break
			}
			at = parent[at]
		}
	}
	return l.Err()
}

// ReadBranches reads a branches roster: id,name,unit.
func ReadBranches(t *sheet.Table) ([]Branch, error) {
	col, err := t.RequireColumns(BranchColumns...)
	if err != nil {
		return nil, err
	}
	r := rows{l: problem.In(t.Name), seen: map[string]int{}}
	var out []Branch
	for _, row := range t.Rows {
		b := Branch{Line: row.Line, ID: row.Cell(col["id"]), Name: printable.Clean(row.Cell(col["name"])), UnitID: row.Cell(col["unit"])}
		r.id(row.Line, b.ID, "branch")
		r.name(row.Line, b.Name)
		out = append(out, b)
		if r.l.Full() {
			break
		}
	}
	return problem.Rows(r.l, out)
}

// ReadMembers reads a members roster: id,name,branch and optionally phone.
func ReadMembers(t *sheet.Table) ([]Member, error) {
	col, err := t.RequireColumns(MemberColumns...)
	if err != nil {
		return nil, err
	}
	phoneCol, hasPhone := col["phone"]
	r := rows{l: problem.In(t.Name), seen: map[string]int{}}
	var out []Member
	for _, row := range t.Rows {
		m := Member{Line: row.Line, ID: row.Cell(col["id"]), Name: printable.Clean(row.Cell(col["name"])), BranchID: row.Cell(col["branch"])}
		r.id(row.Line, m.ID, "member")
		r.name(row.Line, m.Name)
		if m.BranchID == "" {
			r.l.Add(row.Line, "branch", "problem.roster.every_member_belongs_branch")
		}
		if hasPhone {
			m.Phone = row.Cell(phoneCol)
			if m.Phone != "" && !phonePattern.MatchString(m.Phone) {
				r.l.Add(row.Line, "phone", "problem.roster.phone_number", "Phone", m.Phone)
			}
		}
		out = append(out, m)
		if r.l.Full() {
			break
		}
	}
	return problem.Rows(r.l, out)
}
