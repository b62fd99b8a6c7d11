package cli

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/identity"
	"wenming/store"
	"wenming/testenv/pgtest"
)

// An account is added with its initial secret printed once and kept only as a hash; adding it
// again is refused and leaves the secret as it was; roles are granted for the scope they take,
// once, revoked with the history kept, and every act is a line of the audit chain. A listing
// never shows a secret.
func TestUsersAreAddedAndGrantedRoles(t *testing.T) {
	db, url := pgtest.Fresh(t)
	recordOrgs(t, db)
	user := func(argv ...string) result {
		return run(t, append(append([]string{"user"}, argv...), "--database-url", url)...)
	}

	r := user("add", "--id", "zhangsan", "--name", "张三", "--org", "unit:finance", "--grant", "unit-liaison:unit:finance")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "已建立账号 zhangsan（张三，unit:finance）。初始密钥只显示这一次")
	secret := regexp.MustCompile(`[A-Z2-7]{4}(-[A-Z2-7]{4}){7}`).FindString(r.out)
	require.NotEmpty(t, secret, r.out)
	var hash string
	require.NoError(t, db.Get(&hash, `SELECT secret_hash FROM accounts WHERE id = 'zhangsan'`))
	assert.NotContains(t, hash, strings.ReplaceAll(secret, "-", ""))
	ok, err := identity.Verify(hash, secret)
	require.NoError(t, err)
	assert.True(t, ok, "the hash is of the secret printed")

	r = user("add", "--id", "zhangsan", "--name", "张三", "--org", "unit:finance")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "账号 zhangsan 已存在：不会再建，也不会改它的密钥")
	var again string
	require.NoError(t, db.Get(&again, `SELECT secret_hash FROM accounts WHERE id = 'zhangsan'`))
	assert.Equal(t, hash, again)

	r = user("grant", "--user", "zhangsan", "--role", "inspector", "--scope", "campaign:c1/unit:water")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "已授予 zhangsan：inspector campaign:c1/unit:water")
	r = user("grant", "--user", "zhangsan", "--role", "inspector", "--scope", "campaign:c1/unit:water")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "已有生效的授权：inspector campaign:c1/unit:water，未作改动")

	r = user("list")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "zhangsan  张三  unit:finance  inspector campaign:c1/unit:water、unit-liaison unit:finance")
	assert.NotContains(t, r.out, "argon2")
	assert.NotContains(t, r.out, secret)

	r = user("revoke", "--user", "zhangsan", "--role", "inspector", "--scope", "campaign:c1/unit:water")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "已撤销 zhangsan 的授权：inspector campaign:c1/unit:water")
	r = user("revoke", "--user", "zhangsan", "--role", "inspector", "--scope", "campaign:c1/unit:water")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "账号 zhangsan 没有生效的授权“inspector campaign:c1/unit:water”")
	r = user("grant", "--user", "zhangsan", "--role", "inspector", "--scope", "campaign:c1/unit:water")
	require.Equal(t, 0, r.code, r.errOut)
	var rows int
	require.NoError(t, db.Get(&rows, `SELECT count(*) FROM role_grants WHERE account_id = 'zhangsan' AND role = 'inspector'`))
	assert.Equal(t, 2, rows, "the revoked grant stays on record beside the new one")

	var kinds []string
	require.NoError(t, db.Select(&kinds, `SELECT kind FROM audit_log ORDER BY chain_seq`))
	assert.Equal(t, []string{"user-add", "grant", "grant", "revoke", "grant"}, kinds)
	c, err := store.CheckAuditChain(context.Background(), db, nil)
	require.NoError(t, err)
	assert.Empty(t, c.Breaks)
}

// recordOrgs records what the tests' accounts name: the units finance and water, the branch
// b-tax and the campaign c1.
func recordOrgs(t *testing.T, db *sqlx.DB) {
	t.Helper()
	db.MustExec(`INSERT INTO units (id, name, kind) VALUES ('finance', '市财政局', 'committee'), ('water', '市水务局', 'committee')`)
	db.MustExec(`INSERT INTO branches (id, name, unit_id) VALUES ('b-tax', '市税务局机关党支部', 'finance')`)
	db.MustExec(`INSERT INTO standards (id, name, mode, max_points, pass_points, step, digest, document)
		VALUES ('s', '测评标准', 'deduction', 100, 60, 0.5, 'd', '{}')`)
	db.MustExec(`INSERT INTO campaigns (id, title, standard_id, standard_digest, timezone, plan) VALUES ('c1', '活动', 's', 'd', 'Asia/Shanghai', '{}')`)
	db.MustExec(`INSERT INTO campaign_units (campaign_id, unit_id, group_no) VALUES ('c1', 'water', 0)`)
}

// An account an earlier build added with capitals in its id keeps working: it is granted and
// revoked roles under its id, and no new account differing from it only in case can be added.
func TestAnAccountWithCapitalsOfAnEarlierBuildKeepsWorking(t *testing.T) {
	db, url := pgtest.Fresh(t)
	recordOrgs(t, db)
	db.MustExec(`INSERT INTO accounts (id, name, org, secret_hash, created_by, created_at) VALUES ('WangDa', '王大', 'office', 'x', 'test', now())`)
	user := func(argv ...string) result {
		return run(t, append(append([]string{"user"}, argv...), "--database-url", url)...)
	}
	r := user("grant", "--user", "WangDa", "--role", "operator")
	require.Equal(t, 0, r.code, r.errOut)
	r = user("revoke", "--user", "WangDa", "--role", "operator")
	require.Equal(t, 0, r.code, r.errOut)
	r = user("add", "--id", "wangda", "--name", "王大", "--org", "office")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "账号 wangda 已存在")
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM accounts`))
	assert.Equal(t, 1, n)
}

// Bad input is refused with the field and the reason, and writes nothing: among it an id in
// upper case, and an organisation or a scope naming a unit, branch or campaign nothing records.
func TestBadUsersAndGrantsAreRefused(t *testing.T) {
	db, url := pgtest.Fresh(t)
	recordOrgs(t, db)
	db.MustExec(`INSERT INTO accounts (id, name, org, secret_hash, created_by, created_at) VALUES ('lisi', '李四', 'office', 'x', 'test', now())`)
	tests := []struct {
		argv []string
		want string
	}{
		{[]string{"add", "--id", "张三", "--name", "张三", "--org", "office"}, "「张三」不能作账号"},
		{[]string{"add", "--id", "wangwu", "--name", " ", "--org", "office"}, "账号需要本人姓名"},
		{[]string{"add", "--id", "wangwu", "--name", strings.Repeat("王", 101), "--org", "office"}, "姓名超过 100 个字"},
		{[]string{"add", "--id", "wangwu", "--name", "王五", "--org", "room:1"}, "「room:1」不是所属组织"},
		{[]string{"add", "--id", "wangwu", "--name", "王五", "--org", "office", "--grant", "admin"}, "「admin」不是角色，可用：office-admin、inspector"},
		{[]string{"add", "--id", "wangwu", "--name", "王五", "--org", "office", "--grant", "unit-liaison"}, "角色 unit-liaison 不能用范围「」：单位联络员的范围是本单位（unit:单位编号）"},
		{[]string{"add", "--id", "wangwu", "--name", "王五", "--org", "office", "--grant", "office-admin:unit:finance"}, "角色 office-admin 不能用范围「unit:finance」"},
		{[]string{"grant", "--user", "nobody", "--role", "operator"}, "没有账号 nobody"},
		{[]string{"grant", "--user", "nobody", "--role", "branch-secretary", "--scope", "branch:"}, "「branch:」不是范围"},
		{[]string{"add", "--id", "ZhangSan", "--name", "张三", "--org", "office"}, "「ZhangSan」不能作账号：用 2 到 64 个小写字母"},
		{[]string{"add", "--id", "wangwu", "--name", "王五", "--org", "unit:nowhere"}, "名册中没有单位 nowhere"},
		{[]string{"add", "--id", "wangwu", "--name", "王五", "--org", "unit:finance", "--grant", "branch-secretary:branch:b-none"}, "名册中没有支部 b-none"},
		{[]string{"grant", "--user", "lisi", "--role", "unit-liaison", "--scope", "unit:nowhere"}, "名册中没有单位 nowhere"},
		{[]string{"grant", "--user", "lisi", "--role", "inspector", "--scope", "campaign:c9/unit:water"}, "没有创建活动 c9"},
		{[]string{"grant", "--user", "lisi", "--role", "inspector", "--scope", "campaign:c1/unit:finance"}, "单位 finance 不是创建活动 c1 的参评单位"},
	}
	for _, tt := range tests {
		r := run(t, append(append([]string{"user"}, tt.argv...), "--database-url", url)...)
		assert.Equal(t, 2, r.code, tt.argv)
		assert.Contains(t, r.errOut, tt.want, tt.argv)
	}
	var n int
	require.NoError(t, db.Get(&n, `SELECT (SELECT count(*) FROM accounts WHERE id <> 'lisi') + (SELECT count(*) FROM role_grants) + (SELECT count(*) FROM audit_log)`))
	assert.Zero(t, n)
}

// An accounts file is taken whole or not at all: a bad row names its line and writes nothing;
// the good file adds its accounts with secrets printed once, and taken again adds no account,
// changes no secret and grants nothing twice.
func TestUsersAreImportedWholeOrNotAtAll(t *testing.T) {
	db, url := pgtest.Fresh(t)
	recordOrgs(t, db)
	bad := writeFile(t, "users.csv", "id,name,org,grants\nzhangsan,张三,unit:finance,unit-liaison:unit:finance\n"+
		"lisi,李四,office,inspector\nzhangsan,张三,office,\n")
	r := run(t, "user", "import", bad, "--database-url", url)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "users.csv 第3行「grants」列：角色 inspector 不能用范围「」")
	assert.Contains(t, r.errOut, "users.csv 第4行「id」列：账号 zhangsan 出现了两次（第一次在第2行）")
	unknown := writeFile(t, "users.csv", "id,name,org,grants\nzhangsan,张三,unit:finanse,unit-liaison:unit:finanse\n"+
		"lisi,李四,office,inspector:campaign:c2\nWangWu,王五,office,\n")
	r = run(t, "user", "import", unknown, "--database-url", url)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "users.csv 第2行「org」列：名册中没有单位 finanse")
	assert.Contains(t, r.errOut, "users.csv 第2行「grants」列：名册中没有单位 finanse")
	assert.Contains(t, r.errOut, "users.csv 第3行「grants」列：没有创建活动 c2")
	assert.Contains(t, r.errOut, "users.csv 第4行「id」列：「WangWu」不能作账号", "every problem at once")
	var n int
	require.NoError(t, db.Get(&n, `SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM role_grants)`))
	assert.Zero(t, n)

	good := writeFile(t, "users.csv", "id,name,org,grants\nzhangsan,张三,unit:finance,unit-liaison:unit:finance\n"+
		"lisi,李四,office,inspector:campaign:c1;office-admin\n")
	r = run(t, "user", "import", good, "--database-url", url)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "新建账号 2 个，已有 0 个（密钥不变），新授权 3 项")
	secrets := regexp.MustCompile(`(zhangsan|lisi)  \S+  ([A-Z2-7]{4}(-[A-Z2-7]{4}){7})`).FindAllStringSubmatch(r.out, -1)
	require.Len(t, secrets, 2, r.out)
	var hashes []string
	require.NoError(t, db.Select(&hashes, `SELECT secret_hash FROM accounts ORDER BY id`))
	for _, s := range secrets {
		var hash string
		require.NoError(t, db.Get(&hash, `SELECT secret_hash FROM accounts WHERE id = $1`, s[1]))
		ok, err := identity.Verify(hash, s[2])
		require.NoError(t, err)
		assert.True(t, ok, s[1])
	}

	r = run(t, "user", "import", good, "--database-url", url)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "新建账号 0 个，已有 2 个（密钥不变），新授权 0 项")
	var again []string
	require.NoError(t, db.Select(&again, `SELECT secret_hash FROM accounts ORDER BY id`))
	assert.Equal(t, hashes, again)

	// an existing id on a row naming someone else: its roles would go to the wrong person
	other := writeFile(t, "users.csv", "id,name,org,grants\nlisi,王五,office,deciding-body\n")
	r = run(t, "user", "import", other, "--database-url", url)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "users.csv 第2行「name」列：账号 lisi 已是「李四」（office），而本行写的是「王五」（office）")
	var kinds []string
	require.NoError(t, db.Select(&kinds, `SELECT kind FROM audit_log ORDER BY chain_seq`))
	assert.Equal(t, []string{"user-add", "user-add", "grant", "grant", "grant"}, kinds, "the import's acts, on the chain; the refused file none")
	c, err := store.CheckAuditChain(context.Background(), db, nil)
	require.NoError(t, err)
	assert.Empty(t, c.Breaks)
}
