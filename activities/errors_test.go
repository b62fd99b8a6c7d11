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
