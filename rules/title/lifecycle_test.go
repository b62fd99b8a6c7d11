package title

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEachActionAppliesToTheStatusesThePlansAllow(t *testing.T) {
	for _, c := range []struct {
		from   Status
		action Action
		to     Status
		ok     bool
	}{
		{Active, Warn, Warned, true},
		{Warned, Warn, Warned, true},
		{Active, Rectify, Rectifying, true},
		{Rectifying, Verify, Active, true},
		{Active, Verify, Active, false}, // nothing to verify
		{Rectifying, Suspend, Suspended, true},
		{Suspended, Restore, Active, true},
		{Active, Restore, Active, false}, // a certificate not taken back cannot be returned
		{Warned, Restore, Warned, false},
		{Suspended, Renew, Suspended, false}, // no renewal without the certificate
		{Suspended, Revoke, Revoked, true},
		{Renewed, Revoke, Revoked, true},
		{Revoked, Restore, Revoked, false}, // revoked is the end
		{Revoked, Warn, Revoked, false},
		{Expired, Renew, Expired, false},
		{Warned, Renew, Renewed, true},
		{Renewed, Expire, Expired, true},
		{Active, Action("praise"), Active, false},
	} {
		got, ok := Next(c.from, c.action)
		assert.Equal(t, c.ok, ok, "%s %s", c.action, c.from)
		assert.Equal(t, c.to, got, "%s %s", c.action, c.from)
	}
	for _, s := range Statuses {
		assert.NotEmpty(t, StatusWords[s], s)
		assert.Equal(t, s == Revoked || s == Expired, s.Ended(), s)
	}
	for _, a := range Actions {
		assert.NotEmpty(t, ActionWords[a], a)
		for _, s := range From(a) {
			assert.False(t, s.Ended(), "%s applies to an ended title (%s)", a, s)
		}
	}
}
