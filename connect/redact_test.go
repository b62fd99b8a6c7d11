package connect

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A database address shown in a message or a log never carries its password, in whatever
// form it was given.
func TestRedactHidesEveryFormOfPassword(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://wm:s3cret@db:5432/wenming?sslmode=disable":         "postgres://wm:xxxxx@db:5432/wenming?sslmode=disable",
		"postgres://wm@db/wenming?password=s3cret&sslmode=verify-full": "postgres://wm@db/wenming?password=xxxxx&sslmode=verify-full",
		"host=db user=wm password=s3cret dbname=wenming":               "host=db user=wm password=xxxxx dbname=wenming",
		"host=db password='s3 cr\\'et' dbname=wenming":                 "host=db password=xxxxx dbname=wenming",
		"host=db PASSWORD = s3cret":                                    "host=db PASSWORD = xxxxx",
		"postgres://wm@127.0.0.1:5432/wenming?sslmode=disable":         "postgres://wm@127.0.0.1:5432/wenming?sslmode=disable",
	} {
		got := Redact(in)
		assert.Equal(t, want, got, in)
		assert.NotContains(t, got, "s3", in)
	}
}
