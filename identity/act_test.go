package identity

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	signedAt = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	declare  = Act{WorkflowID: "campaign/c1/unit/finance", Update: "declare", Submission: "declare-1"}
)

func claims() Claims {
	return Claims{Account: "zhangsan", Grants: []string{"unit-liaison:unit:finance"}, Act: declare,
		Signed: signedAt, Expires: signedAt.Add(5 * time.Minute)}
}

// keys makes an identity key in a fresh folder and reads back its ring, as a worker would.
func keys(t *testing.T) (*Key, *KeyRing, string) {
	t.Helper()
	dir := t.TempDir()
	k, err := NewKey(dir)
	require.NoError(t, err)
	ring, err := ReadKeyRing(dir)
	require.NoError(t, err)
	return k, ring, dir
}

// A token signed for an act is taken for that act, while it lives, with what it claims.
func TestAnActTokenProvesItsAct(t *testing.T) {
	k, ring, _ := keys(t)
	token, err := k.Sign(claims())
	require.NoError(t, err)
	got, err := ring.Verify(token, declare, signedAt.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, "zhangsan", got.Account)
	assert.Equal(t, []string{"unit-liaison:unit:finance"}, got.Grants)
	assert.Equal(t, k.ID, got.Key)
}

// A forged, expired, replayed (to another workflow, update or submission), re-signed or
// over-long token is refused, each for its reason.
func TestABadActTokenIsRefused(t *testing.T) {
	k, ring, _ := keys(t)
	good, err := k.Sign(claims())
	require.NoError(t, err)
	body, sig, _ := strings.Cut(strings.TrimPrefix(good, tokenPrefix), ".")

	// another key, of someone who holds none of the worker's
	_, other, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	resign := func(c Claims) string {
		b, err := json.Marshal(c)
		require.NoError(t, err)
		signed := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
		return signed + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(other, []byte(signed)))
	}
	asAdmin := claims()
	asAdmin.Key, asAdmin.Grants = k.ID, []string{"office-admin"}
	withItsKey := claims()
	withItsKey.Key = KeyID(other.Public().(ed25519.PublicKey))
	tooLong := claims()
	tooLong.Expires = signedAt.Add(MaxLifetime + time.Second)
	long, err := k.Sign(tooLong)
	require.NoError(t, err)
	swapped := claims()
	swapped.Key, swapped.Account = k.ID, "lisi"
	swappedBody, err := json.Marshal(swapped)
	require.NoError(t, err)

	later := signedAt.Add(time.Minute)
	tests := []struct {
		name  string
		token string
		act   Act
		now   time.Time
		want  error
	}{
		{"grants changed, re-signed with another key under the worker's key id", resign(asAdmin), declare, later, ErrForged},
		{"re-signed with another key under its own id", resign(withItsKey), declare, later, ErrUnknownKey},
		{"another account, under the signature", tokenPrefix + base64.RawURLEncoding.EncodeToString(swappedBody) + "." + sig, declare, later, ErrForged},
		{"the signature of another token", tokenPrefix + body + "." + tokenSig(t, k), declare, later, ErrForged},
		{"sent to another workflow", good, Act{WorkflowID: "campaign/c1/unit/water", Update: "declare", Submission: "declare-1"}, later, ErrOtherAct},
		{"sent by another update", good, Act{WorkflowID: declare.WorkflowID, Update: "review-declaration", Submission: "declare-1"}, later, ErrOtherAct},
		{"sent as another submission", good, Act{WorkflowID: declare.WorkflowID, Update: "declare", Submission: "declare-2"}, later, ErrOtherAct},
		{"expired", good, declare, signedAt.Add(5 * time.Minute), ErrExpired},
		{"signed in the future", good, declare, signedAt.Add(-2 * time.Minute), ErrExpired},
		{"a life longer than allowed", long, declare, later, ErrTooLong},
		{"no token", "", declare, later, ErrMalformed},
		{"another format", "eyJhbGciOiJub25lIn0.e30.", declare, later, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ring.Verify(tt.token, tt.act, tt.now)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

// tokenSig is the signature part of another token signed by the same key.
func tokenSig(t *testing.T, k *Key) string {
	t.Helper()
	c := claims()
	c.Account = "lisi"
	token, err := k.Sign(c)
	require.NoError(t, err)
	return token[strings.LastIndex(token, ".")+1:]
}

// Keys rotate: a worker holding the old and the new public keys takes tokens of both; one
// holding only the new refuses the old key's.
func TestIdentityKeysRotate(t *testing.T) {
	old, _, dir := keys(t)
	fresh, err := NewKey(dir)
	require.NoError(t, err)
	both, err := ReadKeyRing(dir)
	require.NoError(t, err)
	for _, k := range []*Key{old, fresh} {
		token, err := k.Sign(claims())
		require.NoError(t, err)
		_, err = both.Verify(token, declare, signedAt)
		assert.NoError(t, err, k.ID)
	}
	require.NoError(t, os.Remove(filepath.Join(dir, old.ID+".pub")))
	newOnly, err := ReadKeyRing(dir)
	require.NoError(t, err)
	token, err := old.Sign(claims())
	require.NoError(t, err)
	_, err = newOnly.Verify(token, declare, signedAt)
	assert.ErrorIs(t, err, ErrUnknownKey)
}

// A private key file others may read is refused, and so is a folder with no public key; a
// key read back signs as the one written.
func TestIdentityKeyFilesAreChecked(t *testing.T) {
	k, ring, dir := keys(t)
	path := filepath.Join(dir, k.ID+".key")
	read, err := ReadKey(path)
	require.NoError(t, err)
	token, err := read.Sign(claims())
	require.NoError(t, err)
	_, err = ring.Verify(token, declare, signedAt)
	require.NoError(t, err)

	require.NoError(t, os.Chmod(path, 0o640))
	_, err = ReadKey(path)
	assert.ErrorContains(t, err, "others may read it")

	_, err = ReadKeyRing(t.TempDir())
	assert.ErrorContains(t, err, "no public key")

	_, err = NewKey(dir)
	require.NoError(t, err, "a second key beside the first")
}
