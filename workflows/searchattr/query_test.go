package searchattr

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuoteKeepsInputALiteral(t *testing.T) {
	assert.Equal(t, `'c1'`, Quote("c1"))
	assert.Equal(t, `'x\' OR WorkflowType = \'y'`, Quote("x' OR WorkflowType = 'y"))
	assert.Equal(t, `'a\\\' b'`, Quote(`a\' b`))
}
