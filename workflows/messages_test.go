package workflows

import (
	"go/ast"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A workflow's messages are found in one place: the names of its updates, queries and signals
// and the requests it takes are declared in its *_messages.go (messages.go for the shared
// ones), not beside the code that handles them.
func TestMessagesLiveInTheirFiles(t *testing.T) {
	var found int
	for name, f := range sources(t, 0) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		messages := name == "messages.go" || strings.HasSuffix(name, "_messages.go")
		for _, decl := range messageDecls(f) {
			found++
			assert.True(t, messages, "%s declares %s: it belongs in the workflow's *_messages.go", name, decl)
		}
	}
	assert.Greater(t, found, 20, "the check finds the messages")
}

// messageDecls are the update, query and signal names and the request types a file declares.
func messageDecls(f *ast.File) []string {
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

// The requests a workflow takes are its own types, not the activities' payloads: a payload
// changed for the worker's writes never changes what a running workflow accepts.
func TestRequestsAreTheWorkflowsOwnTypes(t *testing.T) {
	var requests int
	for name, f := range sources(t, 0) {
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok || !strings.HasSuffix(ts.Name.Name, "Request") {
				return true
			}
			requests++
			ast.Inspect(ts.Type, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "activities" {
						t.Errorf("%s: %s carries activities.%s", name, ts.Name.Name, sel.Sel.Name)
					}
				}
				return true
			})
			return false
		})
	}
	assert.Greater(t, requests, 20, "the check finds the requests")
}
