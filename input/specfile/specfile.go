// Package specfile reads the definitions an administrator writes: a campaign's spec and a
// schedules file, with the standards and unit files they name, looked up inside the folder of
// the file that names them. What it reads is checked as the rules check it; what it cannot
// know (the roster, the running campaigns) the office checks.
package specfile

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"wenming/input/infile"
	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/input/sheetfile"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/schedule"
	"wenming/rules/standard"
)

// MaxBytes is the largest definition read: a spec, schedules file or standard is a few
// kilobytes; anything far larger is the wrong file, refused before it is read.
const MaxBytes = 1 << 20

// Campaign reads a campaign's spec at path and resolves it against the standards (under the
// folder standards, or by path) and unit files it names, as of now. The plan is nil when the
// spec cannot be resolved; problems holds what was found wrong (the caller adds the roster's
// before it reports them). The standard is the one its units are scored on (nil for a
// campaign naming people, or an unresolved spec).
func Campaign(path, standards string, now time.Time) (*campaign.Spec, *campaign.Plan, *standard.Standard, *problem.List, error) {
	name := filepath.Base(path)
	text, err := sheetfile.ReadText(path, "campaign_spec", MaxBytes)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	spec, err := campaign.Parse(name, []byte(text))
	if err != nil {
		return nil, nil, nil, nil, err
	}
	look, err := Open(filepath.Dir(path), name, standards)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	defer look.Close()
	plan, problems := spec.Resolve(name, now, look)
	if plan == nil || plan.Nominating != nil {
		return spec, plan, nil, problems, nil
	}
	std, err := look.Standard(spec.Standard)
	return spec, plan, std, problems, err
}

// Checked reads a campaign's spec (see Campaign) and has roster add what the office finds of
// its units (office.CheckRoster); every problem is reported at once.
func Checked(ctx context.Context, path, standards string, now time.Time,
	roster func(context.Context, []string, *campaign.Plan, *problem.List) error) (*campaign.Plan, *standard.Standard, error) {
	spec, plan, std, problems, err := Campaign(path, standards, now)
	if err != nil {
		return nil, nil, err
	}
	if err := roster(ctx, spec.Units, plan, problems); err != nil {
		return nil, nil, err
	}
	if err := problems.Err(); err != nil {
		return nil, nil, err
	}
	return plan, std, nil
}

// Schedules reads a schedules file, or the defaults when path is empty.
func Schedules(path string) (*schedule.Plan, error) {
	if path == "" {
		return schedule.Parse("(defaults)", []byte(schedule.Defaults))
	}
	text, err := sheetfile.ReadText(path, "schedules_file", MaxBytes)
	if err != nil {
		return nil, err
	}
	return schedule.Parse(filepath.Base(path), []byte(text))
}

// RoundStandards are the forms the rounds of a schedules plan score on: by id under standards,
// or a .yaml path inside the folder of the schedules file (file; empty: the defaults, whose
// paths are inside the working directory).
func RoundStandards(plan *schedule.Plan, standards, file string) ([]*standard.Standard, error) {
	folder, name := ".", "(defaults)"
	if file != "" {
		folder, name = filepath.Dir(file), filepath.Base(file)
	}
	look, err := Open(folder, name, standards)
	if err != nil {
		return nil, err
	}
	defer look.Close()
	var out []*standard.Standard
	for _, c := range plan.Configs {
		if c.StandardID == "" {
			continue // a kind without a form: the year-end round
		}
		std, err := look.Standard(c.StandardID)
		if err != nil {
			return nil, problem.Of("", 0, "standard", err)
		}
		out = append(out, std)
	}
	return out, nil
}

// Folder finds standards (by id under a directory, or by path) and reads units files
// named by a spec (or a schedules file), relative to its folder and looked up inside it
// through os.Root: nothing outside that folder is read, whether the path is absolute, leaves
// through "..", or leads out through a symbolic link (even one put there after the spec was
// checked). Each standard is read once: the one checked is the one used.
type Folder struct {
	root      *os.Root // the folder of the spec
	standards string
	loaded    map[string]*standard.Standard
}

// Open opens the folder dir of the file that names the paths (name, for problems); standards
// named by id are found under standards.
func Open(dir, name, standards string) (*Folder, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, problem.New(name, 0, "", "problem.cli.cannot_open_spec_folder", "Why", infile.Why(err))
	}
	return &Folder{root: root, standards: standards, loaded: map[string]*standard.Standard{}}, nil
}

// Close closes the folder.
func (l *Folder) Close() error { return l.root.Close() }

// Standard is the standard ref names: an id under the standards folder, or a .yaml path in
// the folder.
func (l *Folder) Standard(ref string) (*standard.Standard, error) {
	if std, ok := l.loaded[ref]; ok {
		return std, nil
	}
	var raw []byte
	var name string
	switch {
	case campaign.IsStandardPath(ref):
		var err error
		if raw, err = l.read(ref, "standard", MaxBytes); err != nil {
			return nil, err
		}
		name = filepath.Base(ref)
	case !standard.ValidID(ref): // an id never leaves the standards folder
		return nil, msg.Err("problem.campaign.standard_ref", "Ref", ref)
	default:
		path := filepath.Join(l.standards, ref+".yaml")
		var err error
		if raw, err = infile.Read(path, "standard", MaxBytes); err != nil {
			return nil, msg.Wrap(err, "office.campaign.standard", "Ref", ref)
		}
		name = filepath.Base(path)
	}
	text, err := sheet.DecodeText(name, raw)
	if err != nil {
		return nil, err
	}
	std, err := standard.Parse(name, []byte(text))
	if err != nil {
		return nil, err
	}
	l.loaded[ref] = std
	return std, nil
}

// UnitIDs are the ids of a units file in the folder (its id column).
func (l *Folder) UnitIDs(path string) ([]string, error) {
	raw, err := l.read(path, "file", sheet.MaxBytes)
	if err != nil {
		return nil, err
	}
	t, err := sheetfile.Parse(filepath.Base(path), raw)
	if err != nil {
		return nil, err
	}
	col, err := t.RequireColumns("id")
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		ids[i] = r.Cell(col["id"])
	}
	return ids, nil
}

// read reads a file the spec names, inside its folder; what cannot be opened or read there
// is said of the path as the spec gives it, at the spec's line (the caller's).
func (l *Folder) read(path, what string, max int64) ([]byte, error) {
	raw, err := infile.ReadIn(l.root, path, what, max)
	if err != nil {
		return nil, msg.Err("problem.cli.spec_path", "Path", path, "Why", problem.Unplaced(err))
	}
	return raw, nil
}
