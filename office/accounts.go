package office

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"wenming/identity"
	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/rules/access"
	"wenming/store"
)

// The people who act: accounts in an organisation, and the roles granted to them, each scoped
// to what it acts on. The worker does not yet check submissions against them (issue 35).

// NewUser is an account to add, and the roles to grant it at once.
type NewUser struct {
	ID, Name, Org string
	Grants        []UserGrant
}

// UserGrant is a role and its scope, as written (access.ParseScope).
type UserGrant struct {
	Role, Scope string
}

// AddUser adds an account with a fresh initial secret, which it returns: the only time the
// secret exists outside the person's hands (the database keeps its hash). The roles are granted
// in the same act and transaction; every one is checked before anything is written.
func (o *Office) AddUser(ctx context.Context, u NewUser) (secret string, err error) {
	name, org, grants, err := checkUser(u)
	if err != nil {
		return "", err
	}
	db, err := o.database(ctx)
	if err != nil {
		return "", err
	}
	if err := onRecordAlone(ctx, db, refsOf(0, org, grants, "grant")); err != nil {
		return "", err
	}
	if secret, err = identity.NewSecret(); err != nil {
		return "", err
	}
	hash, err := identity.Hash(secret)
	if err != nil {
		return "", err
	}
	a := store.NewAccount{Account: store.Account{ID: u.ID, Name: name, Org: org.String()}, SecretHash: hash}
	if _, err := store.AddAccounts(ctx, db, []store.NewAccount{a}, storedGrants(u.ID, grants), o.actor, time.Now()); err != nil {
		return "", err
	}
	return secret, nil
}

func checkUser(u NewUser) (string, access.Org, []access.Grant, error) {
	if !access.NewAccountID(u.ID) {
		return "", access.Org{}, nil, problem.New("", 0, "id", "problem.access.account_id", "ID", u.ID)
	}
	name, err := access.CheckName(u.Name)
	if err != nil {
		return "", access.Org{}, nil, problem.Of("", 0, "name", err)
	}
	org, err := access.ParseOrg(u.Org)
	if err != nil {
		return "", access.Org{}, nil, problem.Of("", 0, "org", err)
	}
	var grants []access.Grant
	for _, g := range u.Grants {
		checked, err := checkGrant(u.ID, g)
		if err != nil {
			return "", access.Org{}, nil, err
		}
		grants = append(grants, checked)
	}
	return name, org, grants, nil
}

// checkGrant reads a role and its scope, and checks that the role takes the scope.
func checkGrant(account string, g UserGrant) (access.Grant, error) {
	if !access.ValidAccountID(account) {
		return access.Grant{}, problem.New("", 0, "user", "problem.access.account_id", "ID", account)
	}
	checked, err := access.ParseGrant(g.Role, g.Scope)
	if err != nil {
		return access.Grant{}, problem.Of("", 0, "grant", err)
	}
	return checked, nil
}

func storedGrant(account string, g access.Grant) store.Grant {
	return store.Grant{Account: account, Role: string(g.Role), Scope: g.Scope.String()}
}

func storedGrants(account string, grants []access.Grant) []store.Grant {
	out := make([]store.Grant, len(grants))
	for i, g := range grants {
		out[i] = storedGrant(account, g)
	}
	return out
}

// recordRef is a unit, branch or campaign that an account's organisation or a grant's scope
// names, at a line of a file (0: not from a file) and in a field; an inspector's unit is named
// with its campaign, whose unit it must be.
type recordRef struct {
	kind, id string
	campaign string // of an inspector's unit
	line     int
	field    string
}

// refsOf are what an account's organisation and grants name (an office account names none);
// the grants are in grantField (the flag, or the file's column).
func refsOf(line int, org access.Org, grants []access.Grant, grantField string) []recordRef {
	var refs []recordRef
	if org.ID != "" {
		refs = append(refs, recordRef{kind: org.Kind, id: org.ID, line: line, field: "org"})
	}
	for _, g := range grants {
		for _, r := range []recordRef{{kind: "campaign", id: g.Scope.Campaign}, {kind: "unit", id: g.Scope.Unit, campaign: g.Scope.Campaign},
			{kind: "branch", id: g.Scope.Branch}} {
			if r.id != "" {
				r.line, r.field = line, grantField
				refs = append(refs, r)
			}
		}
	}
	return refs
}

// notOnRecord is what is said of a unit, branch or campaign nothing records.
var notOnRecord = map[string]string{"unit": "problem.access.no_such_unit", "branch": "problem.access.no_such_branch",
	"campaign": "problem.access.no_such_campaign"}

// onRecord adds to l an organisation or a scope naming a unit or branch the roster does not
// hold, a campaign never started or an inspector's unit that is not the campaign's: a grant for
// it would let nobody act, or the wrong people once something is recorded under that id. Every
// one is named, with its line.
func onRecord(ctx context.Context, db *sqlx.DB, l *problem.List, refs []recordRef) error {
	ids := map[string][]string{}
	byCampaign := map[string][]string{}
	for _, r := range refs {
		ids[r.kind] = append(ids[r.kind], r.id)
		if r.campaign != "" {
			byCampaign[r.campaign] = append(byCampaign[r.campaign], r.id)
		}
	}
	missing := map[recordRef]bool{}
	for _, kind := range []string{"unit", "branch", "campaign"} {
		if len(ids[kind]) == 0 {
			continue
		}
		unknown, err := store.Unknown(ctx, db, kind, ids[kind])
		if err != nil {
			return err
		}
		for _, id := range unknown {
			missing[recordRef{kind: kind, id: id}] = true
		}
	}
	outside := map[recordRef]bool{}
	for _, c := range slices.Sorted(maps.Keys(byCampaign)) {
		units, err := store.UnitsOutsideCampaign(ctx, db, c, byCampaign[c])
		if err != nil {
			return err
		}
		for _, u := range units {
			outside[recordRef{kind: "unit", id: u, campaign: c}] = true
		}
	}
	for _, r := range refs {
		switch {
		case missing[recordRef{kind: r.kind, id: r.id}]:
			l.Add(r.line, r.field, notOnRecord[r.kind], "ID", r.id)
		case r.campaign != "" && !missing[recordRef{kind: "campaign", id: r.campaign}] && outside[recordRef{kind: "unit", id: r.id, campaign: r.campaign}]:
			l.Add(r.line, r.field, "problem.access.not_in_campaign", "ID", r.id, "Campaign", r.campaign)
		}
	}
	return nil
}

// onRecordAlone is onRecord for one act, not a file.
func onRecordAlone(ctx context.Context, db *sqlx.DB, refs []recordRef) error {
	l := problem.In("")
	if err := onRecord(ctx, db, l, refs); err != nil {
		return err
	}
	return l.Err()
}

// AddedUser is an account an import added, with the initial secret to hand to the person.
type AddedUser struct {
	ID, Name, Secret string
}

// ImportedUsers is what an import of accounts did: the accounts added, each with its secret
// (the only time it exists outside the person's hands), the accounts already there (their
// secrets unchanged), and the grants put in force.
type ImportedUsers struct {
	Added    []AddedUser
	Existing int
	Granted  int
}

// ImportUsers reads an accounts file (access.UserColumns) and takes it whole or not at all:
// every row checked first, the new accounts added with fresh secrets, every grant put in
// force once; an account already there keeps its secret and gains the grants it lacks, and a
// row naming it as another person (name or organisation) is refused with its line, since its
// roles would go to the wrong person.
func (o *Office) ImportUsers(ctx context.Context, tbl *sheet.Table) (ImportedUsers, error) {
	users, err := access.ReadUsers(tbl)
	if err != nil {
		return ImportedUsers{}, err
	}
	db, err := o.database(ctx)
	if err != nil {
		return ImportedUsers{}, err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	found, err := store.ExistingAccounts(ctx, db, ids)
	if err != nil {
		return ImportedUsers{}, err
	}
	existing := map[string]store.Account{}
	for _, a := range found {
		existing[a.ID] = a
	}
	var refs []recordRef
	for _, u := range users {
		refs = append(refs, refsOf(u.Line, u.Org, u.Grants, "grants")...)
	}
	l := problem.In(tbl.Name)
	if err := onRecord(ctx, db, l, refs); err != nil {
		return ImportedUsers{}, err
	}
	for _, u := range users {
		a, ok := existing[u.ID]
		switch {
		case !ok && !access.NewAccountID(u.ID):
			l.Add(u.Line, "id", "problem.access.account_id", "ID", u.ID)
		case ok && (a.Name != u.Name || a.Org != u.Org.String()):
			l.Add(u.Line, "name", "problem.access.account_differs", "ID", u.ID, "Had", a.Name, "HadOrg", a.Org, "Name", u.Name, "Org", u.Org.String())
		}
	}
	if err := l.Err(); err != nil {
		return ImportedUsers{}, err
	}
	var out ImportedUsers
	var added []store.NewAccount
	var grants []store.Grant
	for _, u := range users {
		for _, g := range u.Grants {
			grants = append(grants, storedGrant(u.ID, g))
		}
		if _, ok := existing[u.ID]; ok {
			out.Existing++
			continue
		}
		secret, err := identity.NewSecret()
		if err != nil {
			return ImportedUsers{}, err
		}
		hash, err := identity.Hash(secret)
		if err != nil {
			return ImportedUsers{}, err
		}
		added = append(added, store.NewAccount{Account: store.Account{ID: u.ID, Name: u.Name, Org: u.Org.String()}, SecretHash: hash})
		out.Added = append(out.Added, AddedUser{ID: u.ID, Name: u.Name, Secret: secret})
	}
	if out.Granted, err = store.AddAccounts(ctx, db, added, grants, o.actor, time.Now()); err != nil {
		return ImportedUsers{}, err
	}
	return out, nil
}

// GrantRole grants an account a role for a scope; a grant already in force adds nothing
// (false).
func (o *Office) GrantRole(ctx context.Context, account string, g UserGrant) (bool, error) {
	checked, err := checkGrant(account, g)
	if err != nil {
		return false, err
	}
	db, err := o.database(ctx)
	if err != nil {
		return false, err
	}
	if err := onRecordAlone(ctx, db, refsOf(0, access.Org{}, []access.Grant{checked}, "grant")); err != nil {
		return false, err
	}
	return store.GrantRole(ctx, db, storedGrant(account, checked), o.actor, time.Now())
}

// RevokeRole ends an account's grant of a role for a scope.
func (o *Office) RevokeRole(ctx context.Context, account string, g UserGrant) error {
	checked, err := checkGrant(account, g)
	if err != nil {
		return err
	}
	db, err := o.database(ctx)
	if err != nil {
		return err
	}
	return store.RevokeRole(ctx, db, storedGrant(account, checked), o.actor, time.Now())
}

// Users lists the accounts and their grants in force.
func (o *Office) Users(ctx context.Context) ([]store.ListedAccount, error) {
	db, err := o.database(ctx)
	if err != nil {
		return nil, err
	}
	return store.ListAccounts(ctx, db)
}
