package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pgtest"
)

// The paths a campaign spec names (standard:, units_file:) are files in the spec's folder:
// an absolute path, one that leaves through "..", and a symbolic link out of the folder (to a
// file, or to a folder outside) are refused with the spec's file, line and field, and nothing
// outside is read; a file in a subfolder, or a link inside the folder, is read.
func TestSpecPathsAreReadOnlyInTheSpecsFolder(t *testing.T) {
	_, url := pgtest.Fresh(t)
	importRosters(t, url)
	form, err := os.ReadFile("../standards/civilized-unit.yaml")
	require.NoError(t, err)
	outside := t.TempDir()
	write := func(path, text string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	write(filepath.Join(outside, "units.csv"), "id\nfinance\n")
	write(filepath.Join(outside, "civilized-unit.yaml"), string(form))
	dir := t.TempDir()
	write(filepath.Join(dir, "lists", "units.csv"), "id\nfinance\ntax\n")
	write(filepath.Join(dir, "forms", "civilized-unit.yaml"), string(form))
	for link, to := range map[string]string{
		"units-link.csv": filepath.Join(outside, "units.csv"), "form-link.yaml": filepath.Join(outside, "civilized-unit.yaml"),
		"out": outside, "inside.csv": "lists/units.csv",
	} {
		require.NoError(t, os.Symlink(to, filepath.Join(dir, link)))
	}
	up := "../" + filepath.Base(outside) + "/"

	for _, tt := range []struct{ standard, units, want string }{
		{filepath.Join(outside, "civilized-unit.yaml"), "lists/units.csv", "文件 c.yaml 第3行「standard」：「" + filepath.Join(outside, "civilized-unit.yaml") + "」是绝对路径"},
		{up + "civilized-unit.yaml", "lists/units.csv", "文件 c.yaml 第3行「standard」：「" + up + "civilized-unit.yaml」通向方案所在文件夹之外"},
		{"form-link.yaml", "lists/units.csv", "文件 c.yaml 第3行「standard」：form-link.yaml：无法打开考评标准文件：路径通向所在文件夹之外"},
		{"out/civilized-unit.yaml", "lists/units.csv", "文件 c.yaml 第3行「standard」：out/civilized-unit.yaml：无法打开考评标准文件：路径通向所在文件夹之外"},
		{"civilized-unit", filepath.Join(outside, "units.csv"), "文件 c.yaml 第4行「units_file」：「" + filepath.Join(outside, "units.csv") + "」是绝对路径"},
		{"civilized-unit", "lists/../" + up + "units.csv", "文件 c.yaml 第4行「units_file」：「lists/../" + up + "units.csv」通向方案所在文件夹之外"},
		{"civilized-unit", "units-link.csv", "文件 c.yaml 第4行「units_file」：units-link.csv：无法打开文件：路径通向所在文件夹之外"},
		{"civilized-unit", "out/units.csv", "文件 c.yaml 第4行「units_file」：out/units.csv：无法打开文件：路径通向所在文件夹之外"},
		{"forms/civilized-unit.yaml", "inside.csv", ""},
		{"civilized-unit", "lists/units.csv", ""},
	} {
		t.Run(tt.standard+" "+tt.units, func(t *testing.T) {
			spec := filepath.Join(dir, "c.yaml")
			write(spec, "id: c1\ntitle: 测试\nstandard: "+tt.standard+"\nunits_file: "+tt.units+
				"\nschedule: {implement: +1d, selfcheck: +2d, declare_by: +3d, accept_by: +4d}\n")
			r := run(t, "campaign", "validate", spec, "--standards", "../standards", "--database-url", url)
			if tt.want == "" {
				require.Equal(t, 0, r.code, r.errOut)
				assert.Contains(t, r.out, "2 个单位")
				return
			}
			assert.Equal(t, 2, r.code, r.errOut)
			assert.Contains(t, r.errOut, tt.want)
		})
	}
}

// A manifest's sheet is read through the manifest's folder: a sheet replaced by a link out
// of the folder after the manifest was checked (the link put there between the check and the
// read) is refused, and the file outside is not read.
func TestAManifestsSheetIsReadInsideItsFolder(t *testing.T) {
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("ballot,candidate,1\n1,m0001,9\n"), 0o644))
	dir := t.TempDir()
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.csv"), filepath.Join(dir, "finance.csv")))
	root, err := os.OpenRoot(dir)
	require.NoError(t, err)
	defer root.Close()
	raw, err := readSheet(root, "finance.csv", "sheets.csv", 2)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "文件 sheets.csv 第2行「sheet」列：无法读取汇总表 finance.csv：无法打开汇总表：路径通向所在文件夹之外")
	assert.Nil(t, raw, "nothing outside was read")
}
