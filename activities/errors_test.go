package activities

import (
	"errors"
	"fmt"
	"testing"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"go.temporal.io/sdk/temporal"

	"wenming/rules/problem"
)

func TestClassify(t *testing.T) {
	retryable := func(err error) bool {
		var appErr *temporal.ApplicationError
		return !errors.As(err, &appErr) || !appErr.NonRetryable()
	}
	assert.Nil(t, classify(nil))
	assert.False(t, retryable(classify(problem.New("f", 1, "", "bad"))), "bad input")
	assert.False(t, retryable(classify(fmt.Errorf("x: %w", &pq.Error{Code: "42P18"}))), "a statement PostgreSQL cannot run")
	assert.False(t, retryable(classify(&pq.Error{Code: "23503"})), "a foreign key")
	assert.True(t, retryable(classify(&pq.Error{Code: "57P01"})), "admin shutdown")
	assert.True(t, retryable(classify(&pq.Error{Code: "40001"})), "serialization failure")
	assert.True(t, retryable(classify(&pq.Error{Code: "08006"})), "connection failure")
	assert.True(t, retryable(classify(errors.New("dial tcp: connection refused"))), "a database that is down")
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
