package title

// The lifecycle of a title under dynamic management (动态管理): a title is active from its
// conferral for its term; the office may warn its holder (批评警告), order a rectification by a
// deadline (限期整改), take back the certificate (收回证书) and return it once a rectification is
// verified (返还), or revoke the title (撤销, a veto event or a decision); a passed
// re-inspection renews it (复查通过); a term that ends without renewal expires it (期满).
// Seeds: 003 篇4 (two-year term, 已命名的须立即取消), 篇6 (批评警告、限期整改、甚至撤销), 004 第6篇
// (检查发现问题，可随时取消收回证书……经过整改，达到标准，返还合格证书), 001 三.1 (复查验收).

// Status is where a title stands.
type Status string

// Statuses of a title, as the register keeps them.
const (
	Active     Status = "active"     // 有效
	Warned     Status = "warned"     // 警告
	Rectifying Status = "rectifying" // 限期整改
	Suspended  Status = "suspended"  // 收回 (the certificate taken back)
	Revoked    Status = "revoked"    // 撤销
	Expired    Status = "expired"    // 期满
	Renewed    Status = "renewed"    // 复查通过
)

// StatusWords are the statuses in the plans' words.
var StatusWords = map[Status]string{Active: "有效", Warned: "警告", Rectifying: "限期整改", Suspended: "收回证书",
	Revoked: "撤销", Expired: "期满", Renewed: "复查通过"}

// Statuses lists every status.
var Statuses = []Status{Active, Warned, Rectifying, Suspended, Revoked, Expired, Renewed}

// Words are statuses in the plans' words, in order.
func Words(ss []Status) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = StatusWords[s]
	}
	return out
}

// Ended says whether the title's story is over: revoked or expired.
func (s Status) Ended() bool { return s == Revoked || s == Expired }

// Action is a decision about a title.
type Action string

// Actions on a title.
const (
	Warn    Action = "warn"    // 批评警告
	Rectify Action = "rectify" // 限期整改, with a deadline
	Verify  Action = "verify"  // the rectification verified: back in good standing
	Suspend Action = "suspend" // 收回证书
	Restore Action = "restore" // 返还证书, after a verified rectification
	Revoke  Action = "revoke"  // 撤销
	Renew   Action = "renew"   // 复查通过
	Expire  Action = "expire"  // the term ended without renewal
)

// ActionWords are the decisions in the plans' words, as the register's record prints them.
var ActionWords = map[Action]string{Warn: "批评警告", Rectify: "限期整改", Verify: "整改验收", Suspend: "收回证书",
	Restore: "返还证书", Revoke: "撤销", Renew: "复查通过", Expire: "期满"}

// Actions lists what may be done to a title, in the order the verbs list them.
var Actions = []Action{Warn, Rectify, Verify, Suspend, Restore, Revoke, Renew, Expire}

// transitions lists, for each action, the statuses it applies to, and to the status it leads.
var transitions = map[Action]struct {
	from []Status
	to   Status
}{
	Warn:    {[]Status{Active, Renewed, Warned}, Warned},
	Rectify: {[]Status{Active, Renewed, Warned}, Rectifying},
	Verify:  {[]Status{Rectifying}, Active},
	Suspend: {[]Status{Active, Renewed, Warned, Rectifying}, Suspended},
	Restore: {[]Status{Suspended}, Active},
	Revoke:  {[]Status{Active, Renewed, Warned, Rectifying, Suspended}, Revoked},
	Renew:   {[]Status{Active, Renewed, Warned}, Renewed},
	Expire:  {[]Status{Active, Renewed, Warned, Rectifying, Suspended}, Expired},
}

// Next is the status an action leads to from s, and whether the action applies to s at all.
// A certificate is returned only once taken back (restore needs suspended); returning it is
// the office's word that the rectification reached the standard.
func Next(s Status, a Action) (Status, bool) {
	t, ok := transitions[a]
	if !ok {
		return s, false
	}
	for _, f := range t.from {
		if f == s {
			return t.to, true
		}
	}
	return s, false
}

// From lists the statuses an action applies to.
func From(a Action) []Status { return transitions[a].from }

// Leads is the status an action leads to, wherever it applies.
func (a Action) Leads() Status { return transitions[a].to }
