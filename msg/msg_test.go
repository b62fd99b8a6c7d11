package msg

import (
	"go/ast"
	"go/build"
	"go/constant"
	goparser "go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
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

// Every message id the code names is in the catalogue, so that no reader ever sees an id
// instead of a sentence. Two walks of the module's Go files (tests aside) find them:
//
//   - every string literal that looks like an id of one of the catalogue's own prefixes (the
//     first segment of its ids, so that a new prefix is covered as soon as it has a message),
//     like "problem.sheet.file_empty" in a table, must be an id of both files, or the start
//     of ids made at run time ("problem.at" + ".file_line"), or in notIDLiterals;
//   - every id argument of a function that takes one must be an id of both files, whatever
//     its shape. The functions are msg.Say, msg.Err, msg.Wrap, Printer.T, problem.New,
//     problem.List.Add and a msg.Text's ID, and, found here, every function of the module
//     that passes a parameter on into such an id (tr(id), headers(names...) into
//     "cli.header."+name, onQuery(name) into "handler."+name): such a function's callers
//     are checked instead. An argument is worked out when it is a constant, a concatenation,
//     a local variable given only such values, or an element of a literal map or list (or a
//     field of one, a loop over a table of handlers); one that is not (a value from the
//     database, a flag's type) is a site that composedIDs lists with every id it can make, or
//     notIDs with the reason it needs none. A site neither lists fails, and so does a listed
//     site the code no longer has.
func TestEveryIDInTheCodeIsInTheCatalogue(t *testing.T) {
	checked := map[string]bool{}
	check := func(where, id string) {
		checked[id] = true
		assert.True(t, Has(Chinese, id), "%s: %s has no Chinese", where, id)
		assert.True(t, Has(English, id), "%s: %s has no English", where, id)
	}

	prefixes := map[string]bool{}
	for _, l := range []Lang{Chinese, English} {
		for _, id := range IDs(l) {
			first, _, _ := strings.Cut(id, ".")
			prefixes[first] = true
		}
	}
	var alternatives []string
	for p := range prefixes {
		alternatives = append(alternatives, regexp.QuoteMeta(p))
	}
	sort.Strings(alternatives)
	literal := regexp.MustCompile(`^"((?:` + strings.Join(alternatives, "|") + `)\.[A-Za-z0-9_.-]*[A-Za-z0-9_])"$`)
	fset := token.NewFileSet()
	literals, seenLiterals := 0, map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != ".." || d.Name() == "testdata") {
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
			m := literal.FindStringSubmatch(lit.Value)
			switch {
			case m == nil || stem(m[1]):
			case notIDLiterals[m[1]] != "":
				seenLiterals[m[1]] = true
			default:
				literals++
				check(fset.Position(lit.Pos()).String(), m[1])
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	for s := range notIDLiterals {
		assert.True(t, seenLiterals[s], "notIDLiterals[%q]: the code has no such literal any more", s)
	}
	byLiteral := len(checked)

	m := loadModule(t, "..")
	seen := map[string]bool{}
	sites, worked := m.idSites(), 0
	for _, s := range sites {
		where := s.pos + " (" + s.key + ")"
		switch {
		case notIDs[s.key] != "":
			seen[s.key] = true
		case s.ids != nil:
			worked++
			for _, id := range s.ids {
				check(where, id)
			}
		case composedIDs[s.key] != nil:
			seen[s.key] = true
			for _, id := range composedIDs[s.key] {
				check(where, id)
			}
		default:
			t.Errorf("%s: %s: the id is made at run time: list the ids it can make in composedIDs[%q]", s.pos, s.key, s.key)
		}
	}
	for key := range composedIDs {
		assert.True(t, seen[key], "composedIDs[%q]: the code has no such site any more", key)
	}
	for key := range notIDs {
		assert.True(t, seen[key], "notIDs[%q]: the code has no such site any more", key)
	}
	var names []string
	for f := range m.funcs {
		names = append(names, types.ObjectString(f, nil))
	}
	sort.Strings(names)
	t.Logf("%d distinct ids checked: %d from %d literals of the catalogue's %d prefixes; with %d id arguments (%d worked out, %d listed) to %d functions that take an id",
		len(checked), byLiteral, literals, len(prefixes), len(sites), worked, len(sites)-worked, len(names))
	for _, want := range []string{"func wenming/msg.Say(", "func wenming/msg.Err(", "func wenming/msg.Wrap(", "func (*wenming/msg.Printer).T(",
		"func wenming/input/problem.New(", "func (*wenming/input/problem.List).Add(", "func (*wenming/cli.app).tr(", "func (wenming/terminal/termview.View).Headers("} {
		assert.True(t, slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, want) }),
			"%s is one of the functions that take an id: %v", want, names)
	}
	assert.Greater(t, len(checked), 800, "the walks found the code's ids")
}

// notIDLiterals look like ids and are something else.
var notIDLiterals = map[string]string{
	"worker.log":                     "a log file's name (bench)",
	"notice.html":                    "a report file's name (the demo)",
	"notice.length":                  "a key of the campaign file, a problem's field",
	"notice.before_declaring_length": "a key of the campaign file, a problem's field",
	"notice.decide_within":           "a key of the campaign file, a problem's field",
}

// composedIDs are the id arguments made at run time from what the test cannot work out,
// keyed "file function: expression", each with every id it can make.
var composedIDs = map[string][]string{
	// The scope each role takes (access.Roles).
	"rules/access/access.go Role.CheckScope: \"access.scope_of.\" + string(r)": {"access.scope_of.office-admin", "access.scope_of.inspector",
		"access.scope_of.unit-liaison", "access.scope_of.discipline-committee", "access.scope_of.deciding-body", "access.scope_of.party-committee",
		"access.scope_of.party-office", "access.scope_of.branch-secretary", "access.scope_of.operator"},
	// How the audit log's chain is broken at a line (store.BreakKind).
	"workflows/guard.go guardInbound.prove: w.why":                                       {"access.why.malformed", "access.why.unknown_key", "access.why.forged", "access.why.expired", "access.why.other_act", "access.why.too_long"},
	"office/accounts.go onRecord: notOnRecord[r.kind]":                                   {"problem.access.no_such_unit", "problem.access.no_such_branch", "problem.access.no_such_campaign"},
	"terminal/termview/view.go View.AuditChecked: \"cli.audit.break.\" + string(b.What)": {"cli.audit.break.deleted", "cli.audit.break.link", "cli.audit.break.edited", "cli.audit.break.head", "cli.audit.break.outside"},
	// The timers of a campaign's waits for people (workflows/campaign_review.go,
	// campaign_decision.go).
	"workflows/campaign_overdue.go campaignRun.awaitPerson: w.timer": {"timer.tie_reminder", "timer.consult_reminder", "timer.decision_reminder"},
	// A flag's value type, as pflag names it (bool shows none): the CLI's flags are strings,
	// ints, an int64 (--title), durations, repeated and comma-separated strings, and the
	// points and range values of cli/flags.go.
	`cli/help.go app.flagUsages: "usage.type." + kind`: {"usage.type.string", "usage.type.int", "usage.type.int64",
		"usage.type.duration", "usage.type.stringArray", "usage.type.stringSlice", "usage.type.points", "usage.type.range"},
	// The actions the register records: title.Action's (store/title_actions.go), the import
	// (store/titles.go), the conferring (store/review.go, store/annual.go).
	`terminal/termview/lists.go View.TitleRecord: "term.title_action." + e.Action`: {"term.title_action.warn", "term.title_action.rectify",
		"term.title_action.verify", "term.title_action.suspend", "term.title_action.restore", "term.title_action.revoke",
		"term.title_action.renew", "term.title_action.expire", "term.title_action.import", "term.title_action.confer"},
	// "problem.at" and the parts of the place the problem has, "_column" for a sheet.
	`input/problem/problem.go Problem.Text: id`: {
		"problem.at.file_line_field", "problem.at.file_line", "problem.at.file_field", "problem.at.file",
		"problem.at.line_field", "problem.at.line", "problem.at.field",
		"problem.at.file_line_field_column", "problem.at.file_line_column", "problem.at.file_field_column", "problem.at.file_column",
		"problem.at.line_field_column", "problem.at.line_column", "problem.at.field_column"},
}

// notIDs are the id arguments that need no message of their own, with the reason.
var notIDs = map[string]string{
	`cli/help.go app.localize: "cmd." + key + ".short"`:      "the CLI's help, in Chinese only: cli's help tests check every command and flag",
	`cli/help.go app.localize: "cmd." + key + ".long"`:       "the CLI's help, in Chinese only: cli's help tests check every command and flag",
	`cli/help.go app.localize: "cmd." + key + ".example"`:    "the CLI's help, in Chinese only, looked up with msg.Has first",
	`cli/help.go app.localize: "flag." + key + "." + f.Name`: "the CLI's help, in Chinese only: cli's help tests check every command and flag",
	`msg/flags.go LocalizeFlags: id`:                         "looked up with Has first; a flag without one keeps its English",
	`msg/text.go Printer.Term: id`:                           "a value without a term.<kind>.<value> shows as itself, as Term says",
	`msg/text.go Printer.At: ""`:                             "no message: Say only keeps the moment for When",
	`workflows/summaries.go activitySummary: id`:             "looked up with msg.Has first; workflows' kinds test checks every activity has one",
}

// module is the module's Go code, tests aside, type-checked from source as the default build
// sees it. A package from outside the module is an empty stand-in, so that nothing has to be
// compiled: an expression of its types has none here, and the errors that follow are ignored.
type module struct {
	fset   *token.FileSet
	root   string
	dirs   map[string]string // the module's packages: import path → directory
	files  map[string][]*ast.File
	pkgs   map[string]*types.Package
	info   *types.Info
	text   types.Type               // msg.Text
	funcs  map[types.Object][]takes // the functions that take a message id, and how
	params map[*types.Var]paramOf
	ranges map[*types.Var]ast.Expr // a range statement's value variable → what it ranges over
}

// takes is how a function takes a message id: which argument, what the function puts before
// and after it, and whether every argument from there on is one.
type takes struct {
	arg            int
	prefix, suffix string
	variadic       bool
}

// paramOf is the function a parameter belongs to (or the variable a function literal is
// given to) and its place.
type paramOf struct {
	fn types.Object
	i  int
}

func loadModule(t *testing.T, root string) *module {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	modPath := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindSubmatch(gomod)
	require.NotNil(t, modPath, "go.mod names the module")
	m := &module{fset: token.NewFileSet(), root: root, dirs: map[string]string{}, files: map[string][]*ast.File{},
		pkgs: map[string]*types.Package{}, funcs: map[types.Object][]takes{},
		info: &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
			Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}}
	err = filepath.WalkDir(root, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if dir != root && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		bp, err := build.Default.ImportDir(dir, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			return err
		}
		path := string(modPath[1]) + strings.TrimPrefix("/"+filepath.ToSlash(rel), "/.")
		m.dirs[path] = dir
		for _, name := range bp.GoFiles {
			f, err := goparser.ParseFile(m.fset, filepath.Join(dir, name), nil, goparser.SkipObjectResolution)
			if err != nil {
				return err
			}
			m.files[path] = append(m.files[path], f)
		}
		return nil
	})
	require.NoError(t, err)
	for path := range m.dirs {
		_, _ = m.Import(path)
	}
	msgPkg, problemPkg := m.pkgs[string(modPath[1])+"/msg"], m.pkgs[string(modPath[1])+"/input/problem"]
	require.NotNil(t, msgPkg)
	require.NotNil(t, problemPkg)
	m.text = msgPkg.Scope().Lookup("Text").Type()
	for obj, arg := range map[types.Object]int{
		msgPkg.Scope().Lookup("Say"): 0, msgPkg.Scope().Lookup("Err"): 0, msgPkg.Scope().Lookup("Wrap"): 1,
		method(t, msgPkg, "Printer", "T"): 0, problemPkg.Scope().Lookup("New"): 3, method(t, problemPkg, "List", "Add"): 2,
	} {
		require.NotNil(t, obj)
		m.funcs[obj] = []takes{{arg: arg}}
	}
	m.collectParams()
	m.discover()
	return m
}

// method is a method of a package's named type.
func method(t *testing.T, pkg *types.Package, typ, name string) types.Object {
	t.Helper()
	named := pkg.Scope().Lookup(typ)
	require.NotNil(t, named, "%s.%s", pkg.Path(), typ)
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(named.Type()), false, pkg, name)
	require.NotNil(t, obj, "%s.%s.%s", pkg.Path(), typ, name)
	return obj
}

// Import type-checks a package of the module from source, once; any other is an empty stand-in.
func (m *module) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p, ok := m.pkgs[path]; ok {
		return p, nil
	}
	if _, ours := m.dirs[path]; !ours {
		name := pathpkg.Base(path)
		if regexp.MustCompile(`^v[0-9]+$`).MatchString(name) {
			name = pathpkg.Base(pathpkg.Dir(path))
		}
		name = strings.TrimPrefix(strings.Split(name, ".")[0], "go-")
		p := types.NewPackage(path, strings.ReplaceAll(name, "-", "_"))
		p.MarkComplete()
		m.pkgs[path] = p
		return p, nil
	}
	conf := types.Config{Importer: m, Error: func(error) {}, FakeImportC: true}
	p, _ := conf.Check(path, m.fset, m.files[path], m.info)
	m.pkgs[path] = p
	return p, nil
}

func (m *module) object(id *ast.Ident) types.Object {
	if obj := m.info.Defs[id]; obj != nil {
		return obj
	}
	return m.info.Uses[id]
}

// callee is the function or method a call calls, or the variable holding it.
func (m *module) callee(call *ast.CallExpr) types.Object {
	var obj types.Object
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		obj = m.info.Uses[f]
	case *ast.SelectorExpr:
		if sel, ok := m.info.Selections[f]; ok {
			obj = sel.Obj()
		} else {
			obj = m.info.Uses[f.Sel]
		}
	}
	if fn, ok := obj.(*types.Func); ok {
		return fn.Origin()
	}
	return obj
}

// collectParams maps the parameters of the module's functions, and of function literals given
// to a variable, to their function; and the value variables of range statements to what they
// range over.
func (m *module) collectParams() {
	m.params, m.ranges = map[*types.Var]paramOf{}, map[*types.Var]ast.Expr{}
	add := func(fn types.Object, ft *ast.FuncType) {
		if fn == nil {
			return
		}
		i := 0
		for _, field := range ft.Params.List {
			if len(field.Names) == 0 {
				i++
			}
			for _, name := range field.Names {
				if v, ok := m.info.Defs[name].(*types.Var); ok {
					m.params[v] = paramOf{fn, i}
				}
				i++
			}
		}
	}
	for _, files := range m.files {
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					add(m.info.Defs[n.Name], n.Type)
				case *ast.AssignStmt:
					for i, rhs := range n.Rhs {
						if lit, ok := rhs.(*ast.FuncLit); ok && len(n.Lhs) == len(n.Rhs) {
							if id, ok := n.Lhs[i].(*ast.Ident); ok {
								add(m.object(id), lit.Type)
							}
						}
					}
				case *ast.ValueSpec:
					for i, v := range n.Values {
						if lit, ok := v.(*ast.FuncLit); ok && len(n.Names) == len(n.Values) {
							add(m.info.Defs[n.Names[i]], lit.Type)
						}
					}
				case *ast.RangeStmt:
					if id, ok := n.Value.(*ast.Ident); ok {
						if v, ok := m.info.Defs[id].(*types.Var); ok {
							m.ranges[v] = n.X
						}
					}
				}
				return true
			})
		}
	}
}

// idArg is an expression that is (part of) a message id: a call's argument or a msg.Text's ID.
type idArg struct {
	expr   ast.Expr
	takes  takes
	spread bool          // the slice of a variadic call, f(names...)
	owner  *ast.FuncDecl // the function it is in
}

// idArgs are the module's id arguments to the functions known so far to take one.
func (m *module) idArgs() []idArg {
	var out []idArg
	for _, files := range m.files {
		for _, f := range files {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.CallExpr:
						for _, tk := range m.funcs[m.callee(n)] {
							last := tk.arg
							if tk.variadic {
								last = len(n.Args) - 1
							}
							for i := tk.arg; i <= last && i < len(n.Args); i++ {
								out = append(out, idArg{n.Args[i], tk, n.Ellipsis.IsValid() && i == len(n.Args)-1, fd})
							}
						}
					case *ast.CompositeLit:
						if tv, ok := m.info.Types[n]; ok && types.Identical(tv.Type, m.text) {
							for i, e := range n.Elts {
								if kv, ok := e.(*ast.KeyValueExpr); ok {
									if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "ID" {
										out = append(out, idArg{kv.Value, takes{}, false, fd})
									}
								} else if i == 0 {
									out = append(out, idArg{e, takes{}, false, fd})
								}
							}
						}
					}
					return true
				})
			}
		}
	}
	return out
}

// terms are the operands of a concatenation, in order.
func terms(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.ADD {
		return append(terms(b.X), terms(b.Y)...)
	}
	return []ast.Expr{ast.Unparen(e)}
}

// passedOn says how an id argument passes on a parameter of a function, when it is constants
// around one parameter, or around the value of a range over one (a variadic parameter): the
// function then takes an id there.
func (m *module) passedOn(a idArg) (paramOf, takes, bool) {
	var p paramOf
	var tk takes
	found := false
	for _, term := range terms(a.expr) {
		if tv := m.info.Types[term]; tv.Value != nil && tv.Value.Kind() == constant.String {
			if found {
				tk.suffix += constant.StringVal(tv.Value)
			} else {
				tk.prefix += constant.StringVal(tv.Value)
			}
			continue
		}
		id, ok := term.(*ast.Ident)
		if !ok || found {
			return paramOf{}, takes{}, false
		}
		v, _ := m.info.Uses[id].(*types.Var)
		if p, ok = m.params[v]; ok {
			tk.variadic = a.spread
		} else if over, ok := m.ranges[v].(*ast.Ident); ok {
			if p, ok = m.params[asVar(m.info.Uses[over])]; !ok {
				return paramOf{}, takes{}, false
			}
			tk.variadic = true
		} else {
			return paramOf{}, takes{}, false
		}
		found = true
	}
	if !found {
		return paramOf{}, takes{}, false
	}
	tk.arg, tk.prefix, tk.suffix = p.i, a.takes.prefix+tk.prefix, tk.suffix+a.takes.suffix
	return p, tk, true
}

func asVar(obj types.Object) *types.Var { v, _ := obj.(*types.Var); return v }

// discover adds to the functions that take an id every function that passes one of its
// parameters on into one, until there are no more.
func (m *module) discover() {
	for {
		added := false
		for _, a := range m.idArgs() {
			if p, tk, ok := m.passedOn(a); ok && !slices.Contains(m.funcs[p.fn], tk) {
				m.funcs[p.fn] = append(m.funcs[p.fn], tk)
				added = true
			}
		}
		if !added {
			return
		}
	}
}

// idSite is an id argument that is not a parameter passed on, keyed "file function:
// expression", with the ids it makes when the test can work them out.
type idSite struct {
	pos, key string
	ids      []string
}

func (m *module) idSites() []idSite {
	var out []idSite
	for _, a := range m.idArgs() {
		if _, _, ok := m.passedOn(a); ok {
			continue // checked where the function is called
		}
		pos := m.fset.Position(a.expr.Pos())
		rel, _ := filepath.Rel(m.root, pos.Filename)
		name := a.owner.Name.Name
		if a.owner.Recv != nil && len(a.owner.Recv.List) > 0 {
			recv := a.owner.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			if ix, ok := recv.(*ast.IndexExpr); ok {
				recv = ix.X
			}
			if id, ok := recv.(*ast.Ident); ok {
				name = id.Name + "." + name
			}
		}
		var src strings.Builder
		_ = printer.Fprint(&src, m.fset, a.expr)
		s := idSite{pos: pos.String(), key: filepath.ToSlash(rel) + " " + name + ": " + src.String()}
		if vals, ok := m.possible(a.expr, a.owner.Body, 0); ok && !a.spread {
			for _, v := range vals {
				s.ids = append(s.ids, a.takes.prefix+v+a.takes.suffix)
			}
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// possible are the values an expression in a function's body can have, when they can be
// worked out: a constant, a concatenation of such, a local variable given only such, an
// element of a literal map or list, a field of a struct literal (or of the struct literals of
// a literal list a loop ranges over).
func (m *module) possible(e ast.Expr, body *ast.BlockStmt, depth int) ([]string, bool) {
	if depth > 10 {
		return nil, false
	}
	if tv := m.info.Types[e]; tv.Value != nil {
		if tv.Value.Kind() != constant.String {
			return nil, false
		}
		return []string{constant.StringVal(tv.Value)}, true
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return m.possible(e.X, body, depth+1)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil, false
		}
		xs, ok := m.possible(e.X, body, depth+1)
		if !ok {
			return nil, false
		}
		ys, ok := m.possible(e.Y, body, depth+1)
		if !ok {
			return nil, false
		}
		var out []string
		for _, x := range xs {
			for _, y := range ys {
				out = append(out, x+y)
			}
		}
		return out, true
	case *ast.Ident:
		var out []string
		values, ranges, ok := m.assigned(e, body)
		for _, v := range values {
			vs, good := m.possible(v, body, depth+1)
			out, ok = append(out, vs...), ok && good
		}
		for _, x := range ranges {
			vs, good := m.elements(x, body, depth+1)
			out, ok = append(out, vs...), ok && good
		}
		return out, ok
	case *ast.IndexExpr:
		return m.elements(e.X, body, depth+1)
	case *ast.SelectorExpr: // a field of a struct literal, or of each of a literal list's, ranged over
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil, false
		}
		structs, ranges, ok := m.assigned(x, body)
		for _, r := range ranges {
			elts, good := m.literalElements(r, body)
			structs, ok = append(structs, elts...), ok && good
		}
		if !ok {
			return nil, false
		}
		var out []string
		for _, s := range structs {
			f, ok := m.fieldOf(s, e.Sel.Name)
			if !ok {
				return nil, false
			}
			vs, ok := m.possible(f, body, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, vs...)
		}
		return out, true
	}
	return nil, false
}

// elements are the possible values of the elements of a literal map or list, or of a local
// variable given only such literals.
func (m *module) elements(x ast.Expr, body *ast.BlockStmt, depth int) ([]string, bool) {
	elts, ok := m.literalElements(x, body)
	if !ok {
		return nil, false
	}
	var out []string
	for _, e := range elts {
		vs, ok := m.possible(e, body, depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, vs...)
	}
	return out, true
}

// literalElements are the elements (a map's values) of a literal map or list, or of a local
// variable given only such literals.
func (m *module) literalElements(x ast.Expr, body *ast.BlockStmt) ([]ast.Expr, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		var out []ast.Expr
		for _, e := range x.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				e = kv.Value
			}
			out = append(out, e)
		}
		return out, true
	case *ast.Ident:
		values, ranges, ok := m.assigned(x, body)
		if !ok || len(ranges) > 0 {
			return nil, false
		}
		var out []ast.Expr
		for _, v := range values {
			elts, ok := m.literalElements(v, body)
			if !ok {
				return nil, false
			}
			out = append(out, elts...)
		}
		return out, true
	}
	return nil, false
}

// fieldOf is a field's value in a struct literal, keyed or in order.
func (m *module) fieldOf(lit ast.Expr, name string) (ast.Expr, bool) {
	if u, ok := lit.(*ast.UnaryExpr); ok && u.Op == token.AND {
		lit = u.X
	}
	cl, ok := lit.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	typ := m.info.Types[cl].Type
	if typ == nil {
		return nil, false
	}
	st, ok := typ.Underlying().(*types.Struct)
	if !ok {
		return nil, false
	}
	for i, e := range cl.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == name {
				return kv.Value, true
			}
		} else if i < st.NumFields() && st.Field(i).Name() == name {
			return e, true
		}
	}
	return nil, false
}

// assigned are the values given to a local variable of the body (not a parameter), and what
// the range statements giving it values range over; false when it is given anything else.
func (m *module) assigned(id *ast.Ident, body *ast.BlockStmt) (values, ranges []ast.Expr, ok bool) {
	v, _ := m.info.Uses[id].(*types.Var)
	if v == nil || body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() || m.params[v].fn != nil {
		return nil, nil, false
	}
	ok = true
	is := func(e ast.Expr) bool { id, isID := e.(*ast.Ident); return isID && m.object(id) == v }
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				switch {
				case !is(lhs):
				case n.Tok != token.DEFINE && n.Tok != token.ASSIGN:
					ok = false
				case len(n.Lhs) == len(n.Rhs):
					values = append(values, n.Rhs[i])
				case len(n.Rhs) == 1 && i == 0: // v, ok := m[k]
					values = append(values, n.Rhs[0])
				default:
					ok = false
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if is(name) {
					if len(n.Values) != len(n.Names) {
						ok = false
					} else {
						values = append(values, n.Values[i])
					}
				}
			}
		case *ast.RangeStmt:
			if n.Value != nil && is(n.Value) {
				ranges = append(ranges, n.X)
			}
			if n.Key != nil && is(n.Key) {
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				ok = false // its address is taken: it may be given anything
			}
		}
		return true
	})
	return values, ranges, ok && len(values)+len(ranges) > 0
}
