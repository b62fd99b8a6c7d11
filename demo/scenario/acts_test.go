package scenario

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/office"
)

// What the office can do that the scenario's acts and views do not call, and why: every
// other method of the office is called by an act (as the act, or a part of one: reading its
// form) or a view, and the demo's test does each act the demo does through its CLI verb first
// and then through the office, which must answer it as the same act (Driver.CLIFirst).
var notActs = map[string]string{
	// Reads and the parts of an act.
	"Actor": "read", "Campaigns": "read", "RoundStandard": "read", "CampaignStandard": "read", "TitleRecord": "read",
	"HandSheets": "part of ImportBallots", "CopySheets": "the bench's measure of a copy", "DropCopies": "the bench's measure of a copy",
	// Parts of the starts the scenario does.
	"OpenRound": "part of StartRound", "SaveStandard": "part of StartCampaign and StartRound",
	"ImportUnits": "part of ImportRoster", "ImportBranches": "part of ImportRoster", "ImportMembers": "part of ImportRoster",
	"ImportTitles": "part of ImportRoster",
	// Not in the scenario.
	"PauseSchedule": "operators' verb", "UnpauseSchedule": "operators' verb", "BackfillSchedule": "operators' verb",
	// Accounts: in the scenario once the worker checks the roles they hold (issue 35).
	"AddUser": "accounts", "ImportUsers": "accounts", "GrantRole": "accounts", "RevokeRole": "accounts", "Users": "accounts",
}

// Every method of the office is either called by the scenario's acts and views or named in notActs,
// never both: a method added to the office fails here until the scenario does it or it is
// named with why not.
func TestEveryOfficeActIsAnActOfTheScenario(t *testing.T) {
	called := officeCalls(t, "office_acts.go")
	maps.Copy(called, officeCalls(t, "views.go"))
	require.Contains(t, called, "Veto", "the check reads the acts' calls")
	typ := reflect.TypeOf(&office.Office{})
	methods := map[string]bool{}
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		methods[name] = true
		_, named := notActs[name]
		assert.True(t, called[name] != named, "%s: called by the scenario's acts or views %v, named in notActs %v", name, called[name], named)
	}
	for name := range notActs {
		assert.True(t, methods[name], "notActs names %s, which the office does not have", name)
	}
}

// officeCalls are the office's methods a file calls: o.Veto(...) and (*office.Office).Veto.
func officeCalls(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	require.NoError(t, err)
	out := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		switch x := sel.X.(type) {
		case *ast.Ident:
			if x.Name == "o" {
				out[sel.Sel.Name] = true
			}
		case *ast.ParenExpr:
			if star, ok := x.X.(*ast.StarExpr); ok {
				if inner, ok := star.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "Office" {
					out[sel.Sel.Name] = true
				}
			}
		}
		return true
	})
	return out
}

// Only a branch that reported is assessed: every branch the demo's committee scores has its
// self-report in the demo, or its score would be refused.
func TestEveryBranchTheCommitteeScoresReportsFirst(t *testing.T) {
	assert.ElementsMatch(t, slices.Collect(maps.Keys(committeeScores)), slices.Collect(maps.Keys(selfReports)))
}
