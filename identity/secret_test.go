package identity

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An initial secret is 160 random bits as 32 letters and digits in groups of four; two are
// never the same.
func TestNewSecretsAreLongAndReadable(t *testing.T) {
	a, err := NewSecret()
	require.NoError(t, err)
	b, err := NewSecret()
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$`), a)
	assert.NotEqual(t, a, b)
}

// A hash verifies its secret as typed (dashes, spaces and case aside) and nothing else; it
// never holds the secret; two hashes of one secret differ (each has its own salt).
func TestAHashVerifiesItsSecretOnly(t *testing.T) {
	secret, err := NewSecret()
	require.NoError(t, err)
	h, err := Hash(secret)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$"), h)
	assert.NotContains(t, h, strings.ReplaceAll(secret, "-", ""))
	for _, typed := range []string{secret, strings.ToLower(secret), strings.ReplaceAll(secret, "-", " ")} {
		ok, err := Verify(h, typed)
		require.NoError(t, err)
		assert.True(t, ok, typed)
	}
	other, err := NewSecret()
	require.NoError(t, err)
	ok, err := Verify(h, other)
	require.NoError(t, err)
	assert.False(t, ok)
	again, err := Hash(secret)
	require.NoError(t, err)
	assert.NotEqual(t, h, again)
	_, err = Verify("$2a$10$abc", secret)
	assert.Error(t, err, "not an argon2id hash")
}

// A stored hash is not trusted: parameters that would panic, exhaust memory or carry extra text,
// and salts or keys too short, are refused as errors, never a match.
func TestAnUnsoundHashIsRefused(t *testing.T) {
	h, err := Hash("ABCD")
	require.NoError(t, err)
	parts := strings.Split(h, "$")
	with := func(i int, v string) string {
		p := append([]string{}, parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	for name, bad := range map[string]string{
		"no passes":        with(3, "m=65536,t=0,p=2"),
		"no lanes":         with(3, "m=65536,t=3,p=0"),
		"16 GiB":           with(3, "m=16777216,t=3,p=2"),
		"text after":       with(3, "m=65536,t=3,p=2,x=1"),
		"another version":  with(2, "v=16"),
		"an empty key":     with(5, ""),
		"a short salt":     with(4, "AAAA"),
		"not base64 salt":  with(4, "!!!!"),
		"too few sections": "$argon2id$v=19$m=65536,t=3,p=2$abc",
	} {
		ok, err := Verify(bad, "ABCD")
		assert.Error(t, err, name)
		assert.False(t, ok, name)
	}
}
