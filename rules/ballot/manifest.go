package ballot

import (
	"path/filepath"
	"strconv"

	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/rules/standard"
)

// ManifestColumns are the columns of a manifest: one line for each branch's sheet.
var ManifestColumns = []string{"branch", "sheet", "present"}

// Entry is one line of a manifest: a branch, its sheet file and the members present.
type Entry struct {
	Line    int
	Branch  string
	Sheet   string // the file, as written (relative to the manifest's folder)
	Present int
}

// ReadManifest reads a manifest of branch sheets (branch,sheet,present), reporting every
// problem at once: an empty or invalid branch id, a branch or sheet listed twice, a missing
// file name, members present that are not a whole number of at least 1.
func ReadManifest(t *sheet.Table) ([]Entry, error) {
	col, err := t.RequireColumns(ManifestColumns...)
	if err != nil {
		return nil, err
	}
	l := problem.In(t.Name)
	branches, sheets := map[string]int{}, map[string]int{}
	var out []Entry
	for _, r := range t.Rows {
		if l.Full() {
			break
		}
		e := Entry{Line: r.Line, Branch: r.Cell(col["branch"]), Sheet: r.Cell(col["sheet"])}
		if !standard.ValidID(e.Branch) {
			l.Add(r.Line, "branch", "problem.ballot.valid_branch_id", "Branch", e.Branch)
		} else if first, dup := branches[e.Branch]; dup {
			l.Add(r.Line, "branch", "problem.ballot.branch_listed_twice_first", "Branch", e.Branch, "First", first)
		} else {
			branches[e.Branch] = r.Line
		}
		if e.Sheet == "" {
			l.Add(r.Line, "sheet", "problem.ballot.sheet_file_name_empty")
		} else if !filepath.IsLocal(e.Sheet) {
			l.Add(r.Line, "sheet", "problem.ballot.outside_manifest_folder_name", "Sheet", e.Sheet)
		} else if first, dup := sheets[e.Sheet]; dup {
			l.Add(r.Line, "sheet", "problem.ballot.listed_twice_first_on", "Sheet", e.Sheet, "First", first)
		} else {
			sheets[e.Sheet] = r.Line
		}
		text := r.Cell(col["present"])
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 {
			l.Add(r.Line, "present", "problem.ballot.number_members_present_whole", "Value", text)
		}
		e.Present = n
		out = append(out, e)
	}
	if len(t.Rows) == 0 {
		l.Add(0, "", "problem.ballot.manifest_lists_no_sheets")
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
