package access

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/sheet"
	"wenming/testenv/english"
)

func TestScopesReadAsTheyAreWritten(t *testing.T) {
	for _, text := range []string{"", "unit:finance", "branch:b-tax", "campaign:c1", "campaign:c1/unit:finance"} {
		s, err := ParseScope(text)
		require.NoError(t, err, text)
		assert.Equal(t, text, s.String())
	}
	for _, bad := range []string{"unit", "unit:", "unit:市财政局", "room:1", "unit:a/unit:b", "unit:finance/campaign:c1", "campaign:c1/"} {
		_, err := ParseScope(bad)
		require.Error(t, err, bad)
		assert.Contains(t, english.Of(err), "is not a scope", bad)
	}
}

// A unit's liaison is scoped to their unit, a branch secretary to their branch, an inspector
// to a campaign (one unit of it, or all); the roles that act for the whole office take no scope.
func TestEachRoleTakesItsScope(t *testing.T) {
	tests := []struct {
		role  Role
		scope string
		ok    bool
	}{
		{UnitLiaison, "unit:finance", true},
		{UnitLiaison, "", false},
		{UnitLiaison, "branch:b-tax", false},
		{UnitLiaison, "campaign:c1/unit:finance", false},
		{BranchSecretary, "branch:b-tax", true},
		{BranchSecretary, "unit:finance", false},
		{Inspector, "campaign:c1", true},
		{Inspector, "campaign:c1/unit:finance", true},
		{Inspector, "unit:finance", false},
		{Inspector, "", false},
		{OfficeAdmin, "", true},
		{OfficeAdmin, "unit:finance", false},
		{DisciplineCommittee, "", true},
		{DecidingBody, "", true},
		{PartyCommittee, "", true},
		{PartyOffice, "", true},
		{Operator, "", true},
		{Operator, "campaign:c1", false},
	}
	for _, tt := range tests {
		s, err := ParseScope(tt.scope)
		require.NoError(t, err)
		err = tt.role.CheckScope(s)
		if tt.ok {
			assert.NoError(t, err, "%s %q", tt.role, tt.scope)
			continue
		}
		require.Error(t, err, "%s %q", tt.role, tt.scope)
		assert.Contains(t, english.Of(err), "role "+string(tt.role)+" ")
	}
	assert.Len(t, Roles, 9)
	assert.Contains(t, english.Of(UnitLiaison.CheckScope(Scope{})), `role unit-liaison cannot have scope "": a unit liaison is scoped to their unit (unit:UNIT)`)
}

func TestRolesAndOrganisationsAreNamed(t *testing.T) {
	r, err := ParseRole("inspector")
	require.NoError(t, err)
	assert.Equal(t, Inspector, r)
	_, err = ParseRole("admin")
	require.Error(t, err)
	assert.Contains(t, english.Of(err), `"admin" is not a role; use one of office-admin, inspector`)

	for _, text := range []string{"office", "unit:finance", "branch:b-tax"} {
		o, err := ParseOrg(text)
		require.NoError(t, err)
		assert.Equal(t, text, o.String())
	}
	for _, bad := range []string{"", "unit", "campaign:c1", "unit:财政局"} {
		_, err := ParseOrg(bad)
		require.Error(t, err, bad)
		assert.Contains(t, english.Of(err), "is not an organisation")
	}
	assert.True(t, ValidAccountID("zhang.san"))
	assert.False(t, ValidAccountID("z"))
	assert.False(t, ValidAccountID("张三"))
	assert.True(t, ValidAccountID("ZhangSan"), "an account of an earlier build")
	assert.True(t, NewAccountID("zhang.san"))
	assert.False(t, NewAccountID("ZhangSan"), "lower case only for a new account")
	assert.False(t, NewAccountID("z"))
}

func TestAnAccountsFileIsReadWithEveryProblemAtItsLine(t *testing.T) {
	tbl, err := sheet.ReadCSV("users.csv", strings.NewReader("id,name,org,grants\n"+
		"zhangsan,张三,unit:finance,unit-liaison:unit:finance; ;inspector:campaign:c1\n"+
		"lisi,,office,\n"+
		"zhangsan,张三,office,admin\n"))
	require.NoError(t, err)
	_, err = ReadUsers(tbl)
	require.Error(t, err)
	text := english.Of(err)
	assert.Contains(t, text, "users.csv:3: name: an account needs the person's name")
	assert.Contains(t, text, "users.csv:4: id: account zhangsan appears twice (first on line 2)")
	assert.Contains(t, text, `users.csv:4: grants: "admin" is not a role`)

	tbl, err = sheet.ReadCSV("users.csv", strings.NewReader("id,name,org,grants\nzhangsan, 张三\u202e ,unit:finance,unit-liaison:unit:finance; ;inspector:campaign:c1\n"))
	require.NoError(t, err)
	users, err := ReadUsers(tbl)
	require.NoError(t, err)
	require.Len(t, users, 1)
	assert.Equal(t, "张三", users[0].Name, "cleaned of format characters and spaces")
	assert.Equal(t, []string{"unit-liaison:unit:finance", "inspector:campaign:c1"}, []string{users[0].Grants[0].String(), users[0].Grants[1].String()},
		"a blank grant between the separators is no grant")
}
