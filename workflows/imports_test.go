package workflows

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Workflows speak in their own payloads and the activities': the store's rows stay behind
// the activities, so a column added to a table never changes what a running workflow reads.
func TestWorkflowsDoNotImportTheStore(t *testing.T) {
	for name, f := range sources(t, parser.ImportsOnly) {
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			assert.NotEqual(t, "wenming/store", path, "%s imports the store", name)
		}
	}
}

// sources are the package's Go files, tests included, parsed with mode, by file name.
func sources(t *testing.T, mode parser.Mode) map[string]*ast.File {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	fset := token.NewFileSet()
	out := map[string]*ast.File{}
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, mode)
		require.NoError(t, err)
		out[name] = f
	}
	return out
}
