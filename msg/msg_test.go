package msg

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helpOnly are the ids whose English is the command definitions' own text (see the package
// comment): the CLI's tests check them against the command tree.
func helpOnly(id string) bool {
	return strings.HasPrefix(id, "cmd.") || (strings.HasPrefix(id, "flag.") && id != "flag.help")
}

// Every message is in both languages: an id in one file and not the other fails here.
func TestEveryMessageIsInBothLanguages(t *testing.T) {
	zh, en := IDs(Chinese), IDs(English)
	assert.NotEmpty(t, zh)
	assert.NotEmpty(t, en)
	for _, id := range zh {
		if !helpOnly(id) {
			assert.True(t, Has(English, id), "%s has no English", id)
		}
	}
	for _, id := range en {
		assert.False(t, helpOnly(id), "%s: the English of the CLI's help is in the command definitions", id)
		assert.True(t, Has(Chinese, id), "%s has no Chinese", id)
	}
}

func TestTemplatesFillIn(t *testing.T) {
	assert.Equal(t, "显示 start 的帮助", For(Chinese).T("flag.help", map[string]string{"Name": "start"}))
	assert.Equal(t, "help for start", For(English).T("flag.help", map[string]string{"Name": "start"}))
	assert.Equal(t, "no.such.id", For(Chinese).T("no.such.id"), "a gap shows as its id")
}

// The language comes from the flag, else WENMING_LANG, else LC_ALL, else LANG; Chinese unless
// one of them says English.
func TestDetect(t *testing.T) {
	for _, tt := range []struct {
		flag, wenming, lcAll, lang string
		want                       Lang
	}{
		{"", "", "", "", Chinese},
		{"", "", "", "C.UTF-8", Chinese},
		{"", "", "", "en_US.UTF-8", English},
		{"", "", "zh_CN.UTF-8", "en_US.UTF-8", Chinese},
		{"", "en", "zh_CN.UTF-8", "", English},
		{"zh", "en", "", "en_US.UTF-8", Chinese},
		{"en", "", "", "", English},
	} {
		t.Setenv("WENMING_LANG", tt.wenming)
		t.Setenv("LC_ALL", tt.lcAll)
		t.Setenv("LANG", tt.lang)
		got, err := Detect(tt.flag)
		assert.NoError(t, err)
		assert.Equal(t, tt.want, got, "%+v", tt)
	}
	_, err := Detect("fr")
	assert.ErrorContains(t, err, `"fr"`)
}

// stem reports whether id is the start of ids made at run time ("problem.at" + ".file_line").
func stem(id string) bool {
	for _, known := range IDs(Chinese) {
		if strings.HasPrefix(known, id+".") {
			return true
		}
	}
	return false
}

// Every message id the code names is in the catalogue: a literal like "problem.sheet.file_empty"
// anywhere in the module's Go files (tests aside) must be an id of both files, so that no
// reader ever sees an id instead of a sentence.
func TestEveryIDInTheCodeIsInTheCatalogue(t *testing.T) {
	literal := regexp.MustCompile(`^"((?:activity|basis|cli|details|effect|next|problem|ready|receipt|refuse|settled|summary|timer)\.[a-z0-9_.]+[a-z0-9_])"$`)
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := goparser.ParseFile(fset, path, nil, goparser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if m := literal.FindStringSubmatch(lit.Value); m != nil && !stem(m[1]) {
				checked++
				pos := fset.Position(lit.Pos())
				assert.True(t, Has(Chinese, m[1]), "%s: %s has no Chinese", pos, m[1])
				assert.True(t, Has(English, m[1]), "%s: %s has no English", pos, m[1])
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, checked, 300, "the walk found the code's ids")
}
