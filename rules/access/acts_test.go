package access

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/english"
)

// theAct is the act of a row as it comes: a Unit workflow's (and a Rating workflow's) is on
// the finance unit of campaign c1, a branch workflow's (and a year-end nomination of a member's) on the branch b-tax; no
// other act has a unit, branch or campaign.
func theAct(k ActKey) Act {
	a := Act{Workflow: k.Workflow, Update: k.Update, Kind: k.Kind}
	switch {
	case k.Workflow == "Unit", k.Workflow == "Rating":
		a.Campaign, a.Unit = "c1", "finance"
	case strings.HasSuffix(k.Workflow, "Branch"), k.Workflow == "AnnualRound" && k.Kind == "member":
		a.Branch = "b-tax"
	}
	return a
}

// ownGrant is a grant of the role that reaches theAct.
func ownGrant(r Role) Grant {
	switch r {
	case UnitLiaison:
		return Grant{Role: r, Scope: Scope{Unit: "finance"}}
	case BranchSecretary:
		return Grant{Role: r, Scope: Scope{Branch: "b-tax"}}
	case Inspector:
		return Grant{Role: r, Scope: Scope{Campaign: "c1", Unit: "finance"}}
	}
	return Grant{Role: r}
}

// For every act of every workflow: each role the table names may do it, within its scope;
// every other role, and nobody at all, may not, and the refusal names the roles it needs.
func TestEveryActIsForItsRolesOnly(t *testing.T) {
	for k, roles := range Acts {
		for _, r := range Roles {
			err := Permits([]Grant{ownGrant(r)}, theAct(k))
			if slices.Contains(roles, r) {
				assert.NoError(t, err, "%v by %s", k, r)
				continue
			}
			require.Error(t, err, "%v by %s", k, r)
			assert.Contains(t, english.Of(err), "is for these roles", "%v by %s", k, r)
		}
		assert.Error(t, Permits(nil, theAct(k)), "%v with no grant", k)
		assert.NotContains(t, roles, Operator, "%v: operators only read", k)
	}
}

// A scoped role acts on its own unit, branch or assigned units only.
func TestAScopedRoleActsOnItsOwnOnly(t *testing.T) {
	declare := Act{Workflow: "Unit", Update: "declare", Campaign: "c1", Unit: "water"}
	inspect := Act{Workflow: "Unit", Update: "inspect", Campaign: "c1", Unit: "water"}
	report := Act{Workflow: "RedFlagBranch", Update: "self-report", Branch: "b-water"}
	tests := []struct {
		name  string
		grant Grant
		act   Act
		ok    bool
	}{
		{"a liaison for their own unit", Grant{UnitLiaison, Scope{Unit: "water"}}, declare, true},
		{"a liaison for another unit", Grant{UnitLiaison, Scope{Unit: "finance"}}, declare, false},
		{"an inspector assigned the unit", Grant{Inspector, Scope{Campaign: "c1", Unit: "water"}}, inspect, true},
		{"an inspector assigned another unit", Grant{Inspector, Scope{Campaign: "c1", Unit: "finance"}}, inspect, false},
		{"an inspector of the whole campaign", Grant{Inspector, Scope{Campaign: "c1"}}, inspect, true},
		{"an inspector of another campaign", Grant{Inspector, Scope{Campaign: "c2"}}, inspect, false},
		{"a secretary for their own branch", Grant{BranchSecretary, Scope{Branch: "b-water"}}, report, true},
		{"a secretary for another branch", Grant{BranchSecretary, Scope{Branch: "b-tax"}}, report, false},
		{"a unit's liaison, as a branch", Grant{UnitLiaison, Scope{Unit: "b-water"}}, report, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Permits([]Grant{tt.grant}, tt.act)
			assert.Equal(t, tt.ok, err == nil, err)
		})
	}
	err := Permits([]Grant{{Role: UnitLiaison, Scope: Scope{Unit: "water"}}}, Act{Workflow: "Unit", Update: "review-declaration", Campaign: "c1", Unit: "water"})
	require.Error(t, err, "a unit never reviews its own declaration")
	assert.Contains(t, english.Of(err), "review-declaration is for these roles, within their scope: office-admin")
}

// updatesOf are the workflows whose updates each file of workflows/ registers.
var updatesOf = map[string][]string{
	"annual.go": {"AnnualRound"}, "branch_pioneer.go": {"PioneerBranch"}, "branch_redflag.go": {"RedFlagBranch"},
	"campaign_handlers.go": {"Campaign"}, "group_sheets.go": {"Group"}, "notice.go": {"PublicNotice"},
	"round_committee.go": {"PioneerRound", "AnnualRound"}, "round_pioneer.go": {"PioneerRound"},
	"round_redflag.go": {"RedFlagRound"}, "round_violations.go": {"PioneerRound", "RedFlagRound"},
	"title.go": {"Title"}, "unit.go": {"Unit"}, "rating_handlers.go": {"Rating"},
	// name updates without registering them
	"messages.go": nil, "metrics.go": nil, "submission.go": nil, "guard.go": nil,
}

// Every update each workflow takes (the Update constants its files name) is in the table for
// that workflow: an update cannot be added without saying who may send it.
func TestEveryUpdateIsInTheTable(t *testing.T) {
	values := map[string]string{} // constant -> update name
	files, err := filepath.Glob("../../workflows/*.go")
	require.NoError(t, err)
	used := map[string][]string{} // file -> Update constants it names
	for _, path := range files {
		name := filepath.Base(path)
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if lit, ok := valueAt(n, i).(*ast.BasicLit); ok && strings.HasPrefix(id.Name, "Update") {
						values[id.Name] = must(strconv.Unquote(lit.Value))
					}
				}
				return false
			case *ast.Ident:
				if strings.HasPrefix(n.Name, "Update") && !strings.HasSuffix(name, "_messages.go") {
					used[name] = append(used[name], n.Name)
				}
			}
			return true
		})
	}
	require.NotEmpty(t, values)
	pairs := map[[2]string]bool{}
	for k := range Acts {
		pairs[[2]string{k.Workflow, k.Update}] = true
	}
	for file, consts := range used {
		workflows, ok := updatesOf[file]
		if !assert.True(t, ok, "say in updatesOf which workflows the updates of %s belong to", file) {
			continue
		}
		for _, c := range consts {
			update, isUpdate := values[c]
			if !isUpdate {
				continue // UpdateHandlerOptions, UpdateInput: not an update's name
			}
			for _, w := range workflows {
				assert.True(t, pairs[[2]string{w, update}], "%s (%s, in %s) has no row in access.Acts", update, w, file)
			}
		}
	}
}

func valueAt(v *ast.ValueSpec, i int) ast.Expr {
	if i < len(v.Values) {
		return v.Values[i]
	}
	return nil
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// actsTable is the table as the READMEs print it, in a fixed order.
func actsTable() string {
	keys := make([]ActKey, 0, len(Acts))
	for k := range Acts {
		keys = append(keys, k)
	}
	order := []string{"Campaign", "Unit", "Rating", "PublicNotice", "Title", "Group", "PioneerBranch", "PioneerRound", "RedFlagBranch", "RedFlagRound", "AnnualRound"}
	slices.SortFunc(keys, func(a, b ActKey) int {
		if c := slices.Index(order, a.Workflow) - slices.Index(order, b.Workflow); c != 0 {
			return c
		}
		return strings.Compare(a.Update+" "+a.Kind, b.Update+" "+b.Kind)
	})
	var b strings.Builder
	for _, k := range keys {
		roles := make([]string, len(Acts[k]))
		for i, r := range Acts[k] {
			roles[i] = "`" + string(r) + "`"
		}
		update := "`" + k.Update + "`"
		if k.Kind != "" {
			update += " " + k.Kind
		}
		b.WriteString("  | " + k.Workflow + " | " + update + " | " + strings.Join(roles, ", ") + " |\n")
	}
	return b.String()
}

// Both READMEs print the table as it is.
func TestTheREADMEsPrintTheTable(t *testing.T) {
	want := actsTable()
	for _, name := range []string{"../../README.md", "../../README.en.md"} {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.True(t, strings.Contains(string(b), want), "%s should hold the table of who may do what, as:\n%s", name, want)
	}
	for _, k := range []string{"Campaign", "Unit", "Rating", "PublicNotice", "Title", "Group", "PioneerBranch", "PioneerRound", "RedFlagBranch", "RedFlagRound", "AnnualRound"} {
		assert.Contains(t, want, "| "+k+" |")
	}
}
