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
	declare  = Act{WorkflowID: "campaign/c1/unit/finance", Update: "declare", Submission: "declare-1",
		Digest: ContentDigest([]byte(`{"ID":"declare-1","By":"zhangsan","Report":"……"}`))}
)

func claims() Claims {
	return Claims{Account: "zhangsan", Grants: []string{"unit-liaison:unit:finance"}, Act: declare}
}

// sign signs the claims for five minutes from signedAt.
func sign(t *testing.T, k *Key, c Claims) string {
	t.Helper()
	token, err := k.Sign(c, signedAt, 5*time.Minute)
	require.NoError(t, err)
	return token
}

// signRaw signs the claims as they are, times included, with the key: what Sign would refuse
// to make.
func signRaw(t *testing.T, private ed25519.PrivateKey, c Claims) string {
	t.Helper()
	b, err := json.Marshal(c)
	require.NoError(t, err)
	signed := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return signed + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(private, []byte(signed)))
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
	token := sign(t, k, claims())
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
	good := sign(t, k, claims())
	body, sig, _ := strings.Cut(strings.TrimPrefix(good, tokenPrefix), ".")

	// another key, of someone who holds none of the worker's
	_, other, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	timed := func(c Claims, signed, expires time.Time) Claims {
		c.Key, c.Signed, c.Expires = k.ID, signed, expires
		return c
	}
	asAdmin := timed(claims(), signedAt, signedAt.Add(5*time.Minute))
	asAdmin.Grants = []string{"office-admin"}
	withItsKey := timed(claims(), signedAt, signedAt.Add(5*time.Minute))
	withItsKey.Key = KeyID(other.Public().(ed25519.PublicKey))
	swapped := timed(claims(), signedAt, signedAt.Add(5*time.Minute))
	swapped.Account = "lisi"
	swappedBody, err := json.Marshal(swapped)
	require.NoError(t, err)
	otherContent := declare
	otherContent.Digest = ContentDigest([]byte(`{"ID":"declare-1","By":"zhangsan","Report":"另一份"}`))
	// the last character of a signature carries spare bits: another string, the same bytes
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	spare := sig[:len(sig)-1] + string(alphabet[strings.IndexByte(alphabet, sig[len(sig)-1])^1])
	loose, err := base64.RawURLEncoding.DecodeString(spare)
	require.NoError(t, err)
	require.Equal(t, loose, must(base64.RawURLEncoding.DecodeString(sig)), "the same signature, written another way")

	later := signedAt.Add(time.Minute)
	tests := []struct {
		name  string
		token string
		act   Act
		now   time.Time
		want  error
	}{
		{"grants changed, re-signed with another key under the worker's key id", signRaw(t, other, asAdmin), declare, later, ErrForged},
		{"re-signed with another key under its own id", signRaw(t, other, withItsKey), declare, later, ErrUnknownKey},
		{"other content under the same submission id", good, otherContent, later, ErrOtherAct},
		{"a signature written another way", tokenPrefix + body + "." + spare, declare, later, ErrMalformed},
		{"a line break after it", good + "\n", declare, later, ErrMalformed},
		{"expiring before it was signed", signRaw(t, k.private, timed(claims(), signedAt, signedAt.Add(-time.Second))), declare, later, ErrMalformed},
		{"no signing time", signRaw(t, k.private, timed(claims(), time.Time{}, signedAt.Add(time.Minute))), declare, later, ErrMalformed},
		{"another account, under the signature", tokenPrefix + base64.RawURLEncoding.EncodeToString(swappedBody) + "." + sig, declare, later, ErrForged},
		{"the signature of another token", tokenPrefix + body + "." + tokenSig(t, k), declare, later, ErrForged},
		{"sent to another workflow", good, Act{WorkflowID: "campaign/c1/unit/water", Update: "declare", Submission: "declare-1"}, later, ErrOtherAct},
		{"sent by another update", good, Act{WorkflowID: declare.WorkflowID, Update: "review-declaration", Submission: "declare-1"}, later, ErrOtherAct},
		{"sent as another submission", good, Act{WorkflowID: declare.WorkflowID, Update: "declare", Submission: "declare-2"}, later, ErrOtherAct},
		{"expired", good, declare, signedAt.Add(5 * time.Minute), ErrExpired},
		{"signed in the future", good, declare, signedAt.Add(-2 * time.Minute), ErrExpired},
		{"a life longer than allowed", signRaw(t, k.private, timed(claims(), signedAt, signedAt.Add(MaxLifetime+time.Second))), declare, later, ErrTooLong},
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
	token := sign(t, k, c)
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
		_, err := both.Verify(sign(t, k, claims()), declare, signedAt)
		assert.NoError(t, err, k.ID)
	}
	require.NoError(t, os.Remove(filepath.Join(dir, old.ID+".pub")))
	newOnly, err := ReadKeyRing(dir)
	require.NoError(t, err)
	_, err = newOnly.Verify(sign(t, old, claims()), declare, signedAt)
	assert.ErrorIs(t, err, ErrUnknownKey)
}

// A private key file others may read is refused, and so is a folder with no public key; a
// key read back signs as the one written.
func TestIdentityKeyFilesAreChecked(t *testing.T) {
	k, ring, dir := keys(t)
	path := filepath.Join(dir, k.ID+".key")
	read, err := ReadKey(path)
	require.NoError(t, err)
	_, err = ring.Verify(sign(t, read, claims()), declare, signedAt)
	require.NoError(t, err)
	_, err = read.Sign(claims(), signedAt, MaxLifetime+time.Second)
	assert.ErrorContains(t, err, "outside", "Sign makes no token Verify would refuse as too long")

	link := filepath.Join(t.TempDir(), "link.key")
	require.NoError(t, os.Symlink(path, link))
	_, err = ReadKey(link)
	assert.ErrorContains(t, err, "symbolic link")

	require.NoError(t, os.Chmod(path, 0o640))
	_, err = ReadKey(path)
	assert.ErrorContains(t, err, "too open")

	require.NoError(t, os.Chmod(filepath.Join(dir, k.ID+".pub"), 0o666))
	_, err = ReadKeyRing(dir)
	assert.ErrorContains(t, err, "too open", "a public key others may replace")
	require.NoError(t, os.Chmod(filepath.Join(dir, k.ID+".pub"), 0o644))
	require.NoError(t, os.Chmod(dir, 0o777))
	_, err = ReadKeyRing(dir)
	assert.ErrorContains(t, err, "only its owner may write", "a folder others may add keys to")
	require.NoError(t, os.Chmod(dir, 0o700))

	_, err = ReadKeyRing(t.TempDir())
	assert.ErrorContains(t, err, "no public key")

	_, err = NewKey(dir)
	require.NoError(t, err, "a second key beside the first")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
