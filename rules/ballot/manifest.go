package ballot

import (
	"path/filepath"
	"strconv"

	"wenming/rules/problem"
	"wenming/rules/standard"
	"wenming/sheet"
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
			l.Add(r.Line, "branch", "%q is not a valid branch id", e.Branch)
		} else if first, dup := branches[e.Branch]; dup {
			l.Add(r.Line, "branch", "branch %s is listed twice (first on line %d); a branch hands in one sheet", e.Branch, first)
		} else {
			branches[e.Branch] = r.Line
		}
		if e.Sheet == "" {
			l.Add(r.Line, "sheet", "the sheet's file name is empty")
		} else if !filepath.IsLocal(e.Sheet) {
			l.Add(r.Line, "sheet", "%q is outside the manifest's folder: name a sheet in that folder or below it (no absolute path, no ..)", e.Sheet)
		} else if first, dup := sheets[e.Sheet]; dup {
			l.Add(r.Line, "sheet", "%s is listed twice (first on line %d)", e.Sheet, first)
		} else {
			sheets[e.Sheet] = r.Line
		}
		text := r.Cell(col["present"])
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 {
			l.Add(r.Line, "present", "%q is not a number of members present (a whole number, at least 1)", text)
		}
		e.Present = n
		out = append(out, e)
	}
	if len(t.Rows) == 0 {
		l.Add(0, "", "the manifest lists no sheets")
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
