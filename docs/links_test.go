// Package docs holds the product's documentation; this test keeps its links inside the
// repository, which is all a clone has.
package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var link = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// Every link of the READMEs and docs/ leads to a file of the repository, or to a page of the
// running product on this machine; none leaves the repository for a file a clone lacks.
func TestEveryLinkStaysInTheRepository(t *testing.T) {
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	files = append(files, filepath.Join(root, "README.md"), filepath.Join(root, "README.en.md"), filepath.Join(root, "BENCHMARKS.md"))
	checked := 0
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range link.FindAllStringSubmatch(string(text), -1) {
			target := m[1]
			if strings.HasPrefix(target, "http://127.0.0.1") || strings.HasPrefix(target, "#") {
				continue
			}
			checked++
			assert.NotContains(t, target, "://", "%s links outside the repository: %s", f, target)
			path := filepath.Join(filepath.Dir(f), strings.SplitN(target, "#", 2)[0])
			assert.True(t, strings.HasPrefix(path, root+string(filepath.Separator)), "%s: %s leaves the repository", f, target)
			_, err := os.Stat(path)
			assert.NoError(t, err, "%s: %s is not in the repository", f, target)
		}
	}
	assert.Greater(t, checked, 5, "the links were found")
}
