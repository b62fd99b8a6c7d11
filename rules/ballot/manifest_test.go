package ballot

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/sheet"
	"wenming/testenv/english"
)

func manifest(t *testing.T, text string) ([]Entry, error) {
	t.Helper()
	tbl, err := sheet.ReadCSV("sheets.csv", strings.NewReader(text))
	require.NoError(t, err)
	return ReadManifest(tbl)
}

func TestAManifest(t *testing.T) {
	got, err := manifest(t, "# 各支部民主测评表\npresent,branch,sheet,note\n10,b-finance,finance.csv,\n12,b-tax,sub/tax.xlsx,补录\n")
	require.NoError(t, err)
	assert.Equal(t, []Entry{{Line: 3, Branch: "b-finance", Sheet: "finance.csv", Present: 10}, {Line: 4, Branch: "b-tax", Sheet: "sub/tax.xlsx", Present: 12}}, got)
}

func TestEveryRejectedManifestLine(t *testing.T) {
	const head = "branch,sheet,present\n"
	tests := []struct{ name, text, want string }{
		{"a missing column", "branch,sheet\nb1,a.csv\n", "sheets.csv:1: the header lacks the column(s) present"},
		{"a bad branch id", head + "b 1,a.csv,3\n", `sheets.csv:2: branch: "b 1" is not a valid branch id`},
		{"a branch twice", head + "b1,a.csv,3\nb1,b.csv,3\n", "sheets.csv:3: branch: branch b1 is listed twice (first on line 2)"},
		{"a sheet twice", head + "b1,a.csv,3\nb2,a.csv,3\n", "sheets.csv:3: sheet: a.csv is listed twice (first on line 2)"},
		{"no file", head + "b1,,3\n", "sheets.csv:2: sheet: the sheet's file name is empty"},
		{"present not a number", head + "b1,a.csv,ten\n", `sheets.csv:2: present: "ten" is not a number of members present`},
		{"nobody present", head + "b1,a.csv,0\n", `sheets.csv:2: present: "0" is not a number`},
		{"no lines", head, "sheets.csv: the manifest lists no sheets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := manifest(t, tt.text)
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
}

// FuzzManifest: any bytes give entries with a branch, a sheet and members present, or a
// problem naming the manifest; never a panic.
func FuzzManifest(f *testing.F) {
	f.Add([]byte("branch,sheet,present\nb1,a.csv,3\n"))
	f.Add([]byte("branch,sheet,present\nb1,../../etc/passwd,3\nb1,a.csv,99999999999999999999\n"))
	f.Add([]byte("present,branch\n-1,b1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := sheet.ReadCSV("sheets.csv", strings.NewReader(string(data)))
		if err != nil {
			return
		}
		entries, err := ReadManifest(tbl)
		if err != nil {
			if !strings.Contains(english.Of(err), "sheets.csv") {
				t.Fatalf("a problem without the file's name: %v", err)
			}
			return
		}
		for _, e := range entries {
			if e.Branch == "" || e.Sheet == "" || e.Present < 1 {
				t.Fatalf("an entry that should have been refused: %+v", e)
			}
		}
	})
}
