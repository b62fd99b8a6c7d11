package office_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The clients are shells around the office: cli/ reads flags and files and prints, ops/ serves
// metrics. Neither writes SQL, talks to the database driver or to Temporal's workflows on its
// own, calls the store but for the reads listed in clientReads, or reaches past the office
// into the worker's activities: one implementation of each act, whichever client asks.
func TestClientsGoThroughTheOffice(t *testing.T) {
	for _, dir := range []string{"../cli", "../backend/ops"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		var checked int
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Empty(t, layerBreaches(t, path, src), path)
			checked++
		}
		assert.NotZero(t, checked, "no Go file found in %s", dir)
	}
}

// The check finds each kind of breach it is there for, so that the test above can fail.
func TestLayerBreachesAreFound(t *testing.T) {
	src := `package cli
import (
	"wenming/activities"
	"go.temporal.io/sdk/client"
)
func f(db DB, tc client.Client) {
	db.ExecContext(ctx, "UPDATE ballots SET score = 0")
	db.QueryRowxContext(ctx, ` + "`\n\t\tSELECT 1`" + `)
	tc.ExecuteWorkflow(ctx, opts, "Campaign")
	tc.UpdateWorkflow(ctx, opts)
	tc.ScheduleClient()
	store.RecordAudit(ctx, db, a)
	store.ListTitles(ctx, db, f)
	store.CountByPhase(ctx, db)
}`
	got := layerBreaches(t, "example.go", []byte(src))
	assert.ElementsMatch(t, []string{
		"imports wenming/activities",
		`SQL "UPDATE ballots SET score = 0"`, `SQL "\n\t\tSELECT 1"`,
		"calls ExecContext", "calls QueryRowxContext",
		"calls ExecuteWorkflow", "calls UpdateWorkflow", "calls ScheduleClient", "calls store.RecordAudit", "calls store.ListTitles",
	}, got)
}

// A statement as the store writes them: its keyword in capitals (help texts start with "with").
var sqlStatement = regexp.MustCompile(`^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|COPY|TRUNCATE|CREATE|ALTER|DROP)\s`)

// What only the office and the store may call: the database driver's statements and
// transactions, and Temporal's starts, messages, queries, lists and schedules.
var officeCalls = map[string]bool{
	"Exec": true, "ExecContext": true, "Query": true, "QueryContext": true, "QueryRow": true,
	"QueryRowContext": true, "QueryxContext": true, "QueryRowxContext": true, "GetContext": true,
	"SelectContext": true, "NamedExecContext": true, "BeginTxx": true, "Beginx": true, "CopyFrom": true,
	"ExecuteWorkflow": true, "UpdateWorkflow": true, "UpdateWithStartWorkflow": true,
	"SignalWorkflow": true, "SignalWithStartWorkflow": true, "QueryWorkflow": true,
	"ListWorkflow": true, "ScheduleClient": true, "TerminateWorkflow": true, "CancelWorkflow": true,
	"DescribeWorkflowExecution": true, "GetWorkflow": true, "GetWorkflowHistory": true, "CountWorkflow": true,
	"WorkflowService": true, "Get": true, "Select": true, "NamedExec": true, "Preparex": true, "MustExec": true,
	"CopyIn": true,
}

// The store's reads a client may make itself, to check an input or show a record; every
// write, and any read an act depends on, goes through the office.
var clientReads = map[string]bool{
	"CountByPhase": true, "NomineeKey": true,
}

func layerBreaches(t *testing.T, path string, src []byte) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, src, 0)
	require.NoError(t, err, path)
	var out []string
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "wenming/activities" {
			out = append(out, "imports "+p)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.BasicLit:
			if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && sqlStatement.MatchString(s) {
				out = append(out, "SQL "+strconv.Quote(s))
			}
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok {
				break
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "store" && !clientReads[sel.Sel.Name] {
				out = append(out, "calls store."+sel.Sel.Name)
			}
			if officeCalls[sel.Sel.Name] {
				out = append(out, "calls "+sel.Sel.Name)
			}
		}
		return true
	})
	return out
}

// The demo (scenario/) and the bench do what they do through the office, as the portal will,
// never by running the CLI's command lines: neither imports cli/ (the CLI's own end-to-end
// tests, in integration/, run its verbs beside the office's acts).
func TestTheDemoAndTheBenchDoNotRunTheCLI(t *testing.T) {
	for _, dir := range []string{"../demo/scenario", "../bench"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, dir)
		for _, path := range files {
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				assert.NotEqual(t, "wenming/cli", p, "%s imports the CLI", path)
			}
		}
	}
}
