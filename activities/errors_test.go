package activities

import (
	"errors"
	"fmt"
	"testing"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"go.temporal.io/sdk/temporal"

	"wenming/input/problem"
)

// Every failure leaves the activity retryable and named by its kind: the caller's retry
// policy decides (a workflow's own course retries a refused statement until a fixed build,
// a person's submission gives it back at once).
func TestClassify(t *testing.T) {
	kind := func(err error) string {
		var appErr *temporal.ApplicationError
		if !errors.As(err, &appErr) {
			return "not an application error"
		}
		assert.False(t, appErr.NonRetryable(), "the caller's policy decides: %v", err)
		return appErr.Type()
	}
	assert.Nil(t, classify(nil))
	assert.Equal(t, problem.ErrorType, kind(classify(problem.New("f", 1, "", "bad"))), "bad input")
	assert.Equal(t, ErrRefused, kind(classify(fmt.Errorf("x: %w", &pq.Error{Code: "42P18"}))), "a statement PostgreSQL cannot run")
	assert.Equal(t, ErrRefused, kind(classify(&pq.Error{Code: "23503"})), "a foreign key")
	assert.Equal(t, ErrRefused, kind(classify(&pq.Error{Code: "23514"})), "a check constraint")
	assert.Equal(t, "DatabaseUnavailable", kind(classify(&pq.Error{Code: "57P01"})), "admin shutdown")
	assert.Equal(t, "DatabaseUnavailable", kind(classify(&pq.Error{Code: "40001"})), "serialization failure")
	assert.Equal(t, "DatabaseUnavailable", kind(classify(&pq.Error{Code: "08006"})), "connection failure")
	plain := classify(errors.New("dial tcp: connection refused"))
	assert.Equal(t, "not an application error", kind(plain), "a database that is down is retried by every policy")
}

// A refusal that quotes a member's name or phone number leaves the worker without it.
func TestDatabaseErrorsCarryNoValues(t *testing.T) {
	for _, code := range []pq.ErrorCode{"22P02", "23505", "57P01"} {
		err := fmt.Errorf("record member m0001: %w", &pq.Error{Code: code, Message: `invalid input syntax: "张三 13800000000"`,
			Detail: "Key (phone)=(13800000000) already exists.", Table: "members", Constraint: "members_pkey"})
		got := classify(err)
		var appErr *temporal.ApplicationError
		assert.True(t, errors.As(got, &appErr), code)
		assert.NotContains(t, got.Error(), "13800000000", code)
		assert.NotContains(t, got.Error(), "张三", code)
		assert.Nil(t, errors.Unwrap(appErr), "no cause carries the original message")
		assert.Contains(t, got.Error(), "record member m0001: the database refused the statement: ", code)
		assert.Contains(t, got.Error(), "table members, constraint members_pkey", code)
	}
}
