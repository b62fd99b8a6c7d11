package codec

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wenming/testenv/english"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
)

func key(id string, b byte) Key { return Key{ID: id, Secret: bytes.Repeat([]byte{b}, 32)} }

func mustCodec(t *testing.T, keys ...Key) *AESGCM {
	t.Helper()
	c, err := New(keys)
	require.NoError(t, err)
	return c
}

type member struct{ Name, Phone string }

var zhang = member{Name: "张三", Phone: "13800000000"}

func TestSealedPayloadsHideTheValueAndOpenAgain(t *testing.T) {
	dc, _ := Converters(mustCodec(t, key("k1", 1)))
	p, err := dc.ToPayload(zhang)
	require.NoError(t, err)
	assert.Equal(t, Encoding, string(p.Metadata[converter.MetadataEncoding]))
	assert.Equal(t, "k1", string(p.Metadata[MetaKeyID]))
	assert.NotContains(t, string(p.Data), "13800000000")
	assert.NotContains(t, string(p.Data), "json/plain", "the plain value's encoding is sealed too")

	var back member
	require.NoError(t, dc.FromPayload(p, &back))
	assert.Equal(t, zhang, back)
}

func TestRotationOpensWhatOldKeysSealed(t *testing.T) {
	old := mustCodec(t, key("2026a", 1))
	sealed, err := old.Encode([]*commonpb.Payload{{Data: []byte("x")}})
	require.NoError(t, err)

	rotated := mustCodec(t, key("2026a", 1), key("2026b", 2))
	opened, err := rotated.Decode(sealed)
	require.NoError(t, err)
	assert.Equal(t, "x", string(opened[0].Data))
	resealed, err := rotated.Encode(opened)
	require.NoError(t, err)
	assert.Equal(t, "2026b", string(resealed[0].Metadata[MetaKeyID]), "the last key seals")

	_, err = mustCodec(t, key("2026b", 2)).Decode(sealed)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `key "2026a"`)
}

func TestAlteredPayloadsDoNotOpen(t *testing.T) {
	c := mustCodec(t, key("a", 1), key("b", 1)) // same secret under two ids
	sealed, err := c.Encode([]*commonpb.Payload{{Data: []byte("42")}})
	require.NoError(t, err)

	flipped := &commonpb.Payload{Metadata: sealed[0].Metadata, Data: bytes.Clone(sealed[0].Data)}
	flipped.Data[len(flipped.Data)-1] ^= 1
	_, err = c.Decode([]*commonpb.Payload{flipped})
	assert.ErrorContains(t, err, "does not open")

	relabelled := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte(Encoding), MetaKeyID: []byte("a")}, Data: sealed[0].Data}
	_, err = c.Decode([]*commonpb.Payload{relabelled})
	assert.ErrorContains(t, err, "does not open", "the key id is bound to the ciphertext")

	_, err = c.Decode([]*commonpb.Payload{{Metadata: sealed[0].Metadata, Data: []byte{1, 2}}})
	assert.ErrorContains(t, err, "truncated")
}

// With the keys on, a payload that is not sealed was not sent by a holder of the keys: it is
// refused, naming it as unsealed, unless plain payloads are accepted for histories written
// before encryption was on. A payload that carries nothing (no metadata, no data) passes.
func TestPlainPayloadsAreRefusedUnlessAccepted(t *testing.T) {
	plain := []*commonpb.Payload{{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("json/plain")}, Data: []byte(`"old"`)}}
	null := []*commonpb.Payload{{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("binary/null")}}}
	for _, ps := range [][]*commonpb.Payload{plain, null} {
		_, err := mustCodec(t, key("k", 1)).Decode(ps)
		require.Error(t, err)
		assert.Contains(t, english.Of(err), "a payload is not sealed (encoding "+string(ps[0].Metadata["encoding"])+")")
		assert.Contains(t, english.Of(err), "--codec-accept-plain")
		var app *temporal.ApplicationError
		require.True(t, errors.As(err, &app))
		assert.Equal(t, "CodecPlainPayload", app.Type())
		assert.True(t, app.NonRetryable(), "the same payload will not be sealed on a retry")
	}

	// Through the data converter the worker uses, as a signal or an update would reach it.
	dc, _ := Converters(mustCodec(t, key("k", 1)))
	var s string
	assert.ErrorContains(t, dc.FromPayload(plain[0], &s), "CodecPlainPayload")

	c, err := New([]Key{key("k", 1)}, AcceptPlain())
	require.NoError(t, err)
	out, err := c.Decode(plain)
	require.NoError(t, err, "accepted when asked to")
	assert.Equal(t, plain[0], out[0])

	out, err = mustCodec(t, key("k", 1)).Decode([]*commonpb.Payload{{}})
	require.NoError(t, err, "a payload with nothing in it")
	assert.Empty(t, out[0].Data)
}

func sealFor(t *testing.T, c *AESGCM, workflowID string, data string) *commonpb.Payload {
	t.Helper()
	out, err := in(c, workflowID).Encode([]*commonpb.Payload{{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("json/plain")}, Data: []byte(data)}})
	require.NoError(t, err)
	return out[0]
}

// in is the codec as the SDK hands it a workflow's payloads.
func in(c *AESGCM, workflowID string) converter.PayloadCodec {
	return c.WithSerializationContext(converter.WorkflowSerializationContext{Namespace: "default", WorkflowID: workflowID})
}

// A payload sealed for one workflow (an update's argument, an activity's input) names that
// workflow in its metadata and is authenticated with it: handed to another workflow, it is
// refused; its workflow, that workflow's activities, and readers that know no workflow (a
// client without context, the codec server) open it.
func TestAPayloadSealedForOneWorkflowIsRefusedInAnother(t *testing.T) {
	c := mustCodec(t, key("k1", 1))
	forA := sealFor(t, c, "unit/a", `"vote for a"`)
	assert.Equal(t, "unit/a", string(forA.Metadata[MetaWorkflowID]))

	opened, err := in(c, "unit/a").Decode([]*commonpb.Payload{forA})
	require.NoError(t, err)
	assert.Equal(t, `"vote for a"`, string(opened[0].Data))
	_, err = c.WithSerializationContext(converter.ActivitySerializationContext{WorkflowID: "unit/a", ActivityType: "Accept"}).Decode([]*commonpb.Payload{forA})
	require.NoError(t, err, "the workflow's activity")
	_, err = c.Decode([]*commonpb.Payload{forA})
	require.NoError(t, err, "no workflow known: opened with the id it names")

	_, err = in(c, "unit/b").Decode([]*commonpb.Payload{forA})
	require.Error(t, err, "copied into another workflow")
	assert.Contains(t, english.Of(err), `a payload sealed for workflow "unit/a" was handed to workflow "unit/b"`)
	var app *temporal.ApplicationError
	require.True(t, errors.As(err, &app))
	assert.Equal(t, "CodecOtherWorkflow", app.Type())
	_, err = c.WithSerializationContext(converter.ActivitySerializationContext{WorkflowID: "unit/b"}).Decode([]*commonpb.Payload{forA})
	assert.Error(t, err, "another workflow's activity")

	// The data converters the worker and the CLI use pass the SDK's context on to the codec.
	dc, _ := Converters(c)
	p, err := converter.WithDataConverterSerializationContext(dc, converter.WorkflowSerializationContext{WorkflowID: "unit/a"}).ToPayload(zhang)
	require.NoError(t, err)
	assert.Equal(t, "unit/a", string(p.Metadata[MetaWorkflowID]), "sealed bound to the workflow the SDK names")
	var back member
	require.NoError(t, converter.WithDataConverterSerializationContext(dc, converter.WorkflowSerializationContext{WorkflowID: "unit/a"}).FromPayload(p, &back))
	assert.Equal(t, zhang, back)
	assert.ErrorContains(t, converter.WithDataConverterSerializationContext(dc, converter.WorkflowSerializationContext{WorkflowID: "unit/b"}).FromPayload(p, &back), "CodecOtherWorkflow")
	unbound, err := dc.ToPayload(zhang)
	require.NoError(t, err)
	assert.NotContains(t, unbound.Metadata, MetaWorkflowID, "no workflow given, none bound")
}

// The workflow id is authenticated with the ciphertext: changing it, removing it or adding
// one to a payload sealed without it makes the payload fail to open.
func TestTheBoundWorkflowIDCannotBeChanged(t *testing.T) {
	c := mustCodec(t, key("k1", 1))
	forA := sealFor(t, c, "unit/a", `"x"`)
	withMeta := func(p *commonpb.Payload, change func(map[string][]byte)) *commonpb.Payload {
		meta := map[string][]byte{}
		for k, v := range p.Metadata {
			meta[k] = v
		}
		change(meta)
		return &commonpb.Payload{Metadata: meta, Data: p.Data}
	}

	relabelled := withMeta(forA, func(m map[string][]byte) { m[MetaWorkflowID] = []byte("unit/b") })
	_, err := in(c, "unit/b").Decode([]*commonpb.Payload{relabelled})
	assert.ErrorContains(t, err, "does not open", "relabelled for the workflow it is handed to")
	_, err = c.Decode([]*commonpb.Payload{relabelled})
	assert.ErrorContains(t, err, "does not open", "relabelled, read without a workflow")

	stripped := withMeta(forA, func(m map[string][]byte) { delete(m, MetaWorkflowID) })
	_, err = in(c, "unit/b").Decode([]*commonpb.Payload{stripped})
	assert.ErrorContains(t, err, "does not open", "the workflow id removed")

	unboundSealed, err := c.Encode([]*commonpb.Payload{{Data: []byte("y")}})
	require.NoError(t, err)
	claimed := withMeta(unboundSealed[0], func(m map[string][]byte) { m[MetaWorkflowID] = []byte("unit/a") })
	_, err = in(c, "unit/a").Decode([]*commonpb.Payload{claimed})
	assert.ErrorContains(t, err, "does not open", "a workflow id added")
}

// oldFormat is a payload sealed by the codec before workflow ids were bound (the JSON string
// "old" under key k1 = 32 bytes of 1): running workflows' histories hold such payloads.
var oldFormat = &commonpb.Payload{
	Metadata: map[string][]byte{converter.MetadataEncoding: []byte(Encoding), MetaKeyID: []byte("k1")},
	Data:     mustBase64("F/f07wWxuJ+SzHcZOm1uiglLYio9NvP2KWhP64yAqjXN1trVTzIBm/m6Mmn64ctYdVzOczyka3PLccQ="),
}

func mustBase64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// Payloads without a bound workflow (sealed before ids were bound, or where the SDK names
// no workflow) open in any workflow.
func TestPayloadsWithoutAWorkflowStillOpen(t *testing.T) {
	c := mustCodec(t, key("k1", 1))
	for _, dec := range []converter.PayloadCodec{c, in(c, "unit/b")} {
		opened, err := dec.Decode([]*commonpb.Payload{oldFormat})
		require.NoError(t, err)
		assert.Equal(t, `"old"`, string(opened[0].Data))
		assert.Equal(t, "json/plain", string(opened[0].Metadata["encoding"]))
	}
}

// A Temporal Schedule starts its workflow under the action's id with the time it was due
// appended, and the SDK seals the action's input for the action's id: that run opens it.
// Nothing else named after the id does.
func TestScheduledRunsOpenTheirSchedulesInput(t *testing.T) {
	c := mustCodec(t, key("k1", 1))
	forLauncher := sealFor(t, c, "pioneer-launch", `{"Kind":"pioneer"}`)
	_, err := in(c, "pioneer-launch-2026-10-01T00:00:00Z").Decode([]*commonpb.Payload{forLauncher})
	require.NoError(t, err, "the scheduled run")
	for _, other := range []string{"pioneer-launch-other", "pioneer-launch-2026-10-01T08:00:00+08:00", "pioneer-launch2026-10-01T00:00:00Z", "pioneer"} {
		_, err := in(c, other).Decode([]*commonpb.Payload{forLauncher})
		assert.ErrorContains(t, err, "CodecOtherWorkflow", other)
	}
}

func TestFailureMessagesAreSealed(t *testing.T) {
	_, fc := Converters(mustCodec(t, key("k1", 1)))
	f := fc.ErrorToFailure(temporal.NewApplicationError("member 张三 (13800000000) refused", "Refused"))
	assert.NotContains(t, f.GetMessage(), "张三")
	assert.NotContains(t, f.GetMessage(), "13800000000")
	require.NotNil(t, f.GetEncodedAttributes())
	assert.NotContains(t, string(f.GetEncodedAttributes().GetData()), "13800000000")

	back := fc.FailureToError(f)
	var app *temporal.ApplicationError
	require.True(t, errors.As(back, &app))
	assert.Contains(t, app.Error(), "member 张三 (13800000000) refused")
}

func TestParseKeys(t *testing.T) {
	k32 := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	k16 := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 16))
	for _, tc := range []struct {
		name, text, err string
		ids             []string
	}{
		{name: "one", text: "k1:" + k32, ids: []string{"k1"}},
		{name: "lines and comments", text: "# keys\nold:" + k32 + "\n\nnew:" + k32 + " # current\n", ids: []string{"old", "new"}},
		{name: "comma-separated (env)", text: "a:" + k32 + ",b:" + k32, ids: []string{"a", "b"}},
		{name: "no colon", text: k32, err: "entry 1: a key is written id:base64-key"},
		{name: "bad id", text: "a b:" + k32, err: `key id "a b"`},
		{name: "not base64", text: "k:%%%", err: "key k is not base64"},
		{name: "short key", text: "k:" + k16, err: "key k has 16 bytes; AES-256 needs 32"},
		{name: "twice", text: "k:" + k32 + "\nk:" + k32, err: "key id k is given twice (first at entry 1)"},
		{name: "empty", text: "# nothing\n", err: "keys.txt: no key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := ParseKeys("keys.txt", tc.text)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, english.Of(err), tc.err)
				assert.Contains(t, err.Error(), "keys.txt")
				return
			}
			require.NoError(t, err)
			var ids []string
			for _, k := range keys {
				ids = append(ids, k.ID)
			}
			assert.Equal(t, tc.ids, ids)
		})
	}
}

func TestCodecServer(t *testing.T) {
	c := mustCodec(t, key("k1", 1))
	srv := httptest.NewServer(Handler(c, ServerOptions{Tokens: []string{"s3cret"}, Origins: []string{"http://127.0.0.1:8233"}}))
	defer srv.Close()
	sealed, err := c.Encode([]*commonpb.Payload{{Data: []byte("13800000000")}})
	require.NoError(t, err)

	remote := func(token string) converter.PayloadCodec {
		return converter.NewRemotePayloadCodec(converter.RemotePayloadCodecOptions{Endpoint: srv.URL, ModifyRequest: func(r *http.Request) error {
			if token != "" {
				r.Header.Set("Authorization", "Bearer "+token)
			}
			return nil
		}})
	}
	opened, err := remote("s3cret").Decode(sealed)
	require.NoError(t, err, "an operator with the token decodes")
	assert.Equal(t, "13800000000", string(opened[0].Data))

	for _, token := range []string{"", "wrong"} {
		_, err := remote(token).Decode(sealed)
		assert.ErrorContains(t, err, "Unauthorized", "token %q", token)
	}

	call := func(method, origin string) *http.Response {
		req, err := http.NewRequest(method, srv.URL+"/decode", strings.NewReader(`{"payloads":[]}`))
		require.NoError(t, err)
		req.Header.Set("Origin", origin)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer s3cret")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	resp := call(http.MethodOptions, "http://127.0.0.1:8233")
	assert.Equal(t, http.StatusNoContent, resp.StatusCode, "the Web UI's preflight")
	assert.Equal(t, "http://127.0.0.1:8233", resp.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, http.StatusOK, call(http.MethodPost, "http://127.0.0.1:8233").StatusCode)
	resp = call(http.MethodPost, "https://evil.example")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "another page")
	assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))
}

// Key and token files are read through a bounded open: a device is refused, never read.
func TestKeyAndTokenFilesAreReadWithABound(t *testing.T) {
	_, err := LoadKeys("/dev/zero", "NO_SUCH_ENV")
	assert.Contains(t, english.Of(err), "zero: is not a plain file but a device, so not a key file")
	_, err = LoadTokens("/dev/zero", "NO_SUCH_ENV")
	assert.Contains(t, english.Of(err), "zero: is not a plain file but a device, so not a token file")
}
