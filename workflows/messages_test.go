package workflows

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A workflow's messages are found in one place: the names of its updates, queries and signals
// and the requests it takes are declared in its *_messages.go (messages.go for the shared
// ones), not beside the code that handles them.
func TestMessagesLiveInTheirFiles(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var found int
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		messages := path == "messages.go" || strings.HasSuffix(path, "_messages.go")
		for _, name := range messageDecls(t, path) {
			found++
			assert.True(t, messages, "%s declares %s: it belongs in the workflow's *_messages.go", path, name)
		}
	}
	assert.Greater(t, found, 20, "the check finds the messages")
}

// messageDecls are the update, query and signal names and the request types a file declares.
func messageDecls(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	require.NoError(t, err)
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range g.Specs {
			switch s := s.(type) {
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if g.Tok == token.CONST && (strings.HasPrefix(n.Name, "Update") || strings.HasPrefix(n.Name, "Query") || strings.HasPrefix(n.Name, "Signal")) {
						out = append(out, n.Name)
					}
				}
			case *ast.TypeSpec:
				if strings.HasSuffix(s.Name.Name, "Request") {
					out = append(out, s.Name.Name)
				}
			}
		}
	}
	return out
}
