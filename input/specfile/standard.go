package specfile

import (
	"path/filepath"

	"wenming/input/sheetfile"
	"wenming/rules/standard"
)

// Standard reads and validates the standard file at path.
func Standard(path string) (*standard.Standard, error) {
	text, err := sheetfile.ReadText(path, "standard", MaxBytes)
	if err != nil {
		return nil, err
	}
	return standard.Parse(filepath.Base(path), []byte(text))
}

// Score scores the sheet at sheetPath (CSV or .xlsx) against the standard at standardPath.
func Score(standardPath, sheetPath string) (standard.Result, error) {
	s, err := Standard(standardPath)
	if err != nil {
		return standard.Result{}, err
	}
	t, err := sheetfile.Read(sheetPath)
	if err != nil {
		return standard.Result{}, err
	}
	sh, err := s.ReadSheet(t)
	if err != nil {
		return standard.Result{}, err
	}
	return s.Score(sh)
}

// ImportStandard converts the form at path, in the plain layout (section,item,text,points;
// CSV or .xlsx), into a standard as o says.
func ImportStandard(path string, o standard.ImportOptions) (*standard.Standard, error) {
	t, err := sheetfile.Read(path)
	if err != nil {
		return nil, err
	}
	return standard.FromLayout(t, o)
}
