package codec

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"

	"wenming/msg"
)

const (
	// Encoding marks a sealed payload; MetaKeyID names the key that sealed it.
	Encoding  = "binary/encrypted"
	MetaKeyID = "encryption-key-id"
	// MetaWorkflowID names the workflow a payload was sealed for. It is authenticated with
	// the ciphertext (part of the additional data), so it cannot be changed or removed
	// without the payload failing to open. Payloads sealed before it existed, or where the
	// SDK gives no workflow (the codec server's /encode), have none.
	MetaWorkflowID = "encryption-workflow-id"
)

// AESGCM seals payloads with the last of its keys and opens them with whichever key sealed
// them. It implements converter.PayloadCodec and converter.PayloadCodecWithSerializationContext:
// given the workflow a payload belongs to, it binds the payload to that workflow.
type AESGCM struct {
	aeads   map[string]cipher.AEAD
	current string
	// acceptPlain lets payloads that are not sealed through (histories written before
	// encryption was on); otherwise they are refused.
	acceptPlain bool
	// workflowID is the workflow the SDK serializes for ("": none known).
	workflowID string
}

var _ converter.PayloadCodecWithSerializationContext = (*AESGCM)(nil)

// Option changes how a codec made by New treats what it decodes.
type Option func(*AESGCM)

// AcceptPlain lets payloads that are not sealed through Decode, for histories written before
// encryption was on. Without it such payloads are refused: whoever can write to Temporal
// without the keys could otherwise hand the worker values of their own.
func AcceptPlain() Option { return func(c *AESGCM) { c.acceptPlain = true } }

// New builds the codec from keys (see ParseKeys).
func New(keys []Key, opts ...Option) (*AESGCM, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("the codec needs a key")
	}
	c := &AESGCM{aeads: map[string]cipher.AEAD{}}
	for _, k := range keys {
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", k.ID, err)
		}
		if c.aeads[k.ID], err = cipher.NewGCM(block); err != nil {
			return nil, fmt.Errorf("key %s: %w", k.ID, err)
		}
		c.current = k.ID
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// WithSerializationContext is the codec for the payloads of one workflow (its inputs, results,
// signals, queries, updates, and its activities' inputs and results): they are sealed bound to
// the workflow id, and a payload bound to another workflow is refused. A context that names
// no workflow (a standalone activity, a Nexus operation) gives the codec bound to none.
func (c *AESGCM) WithSerializationContext(sc converter.SerializationContext) converter.PayloadCodec {
	var id string
	switch sc := sc.(type) {
	case converter.WorkflowSerializationContext:
		id = sc.WorkflowID
	case converter.ActivitySerializationContext:
		id = sc.WorkflowID
	}
	if id == c.workflowID {
		return c
	}
	bound := *c
	bound.workflowID = id
	return &bound
}

// forOperators is the codec as the codec server uses it: a payload bound to a workflow opens
// with the id in its metadata (the server is not told which workflow a payload is shown for),
// and a plain payload is shown as it is (an operator sees what the server holds anyway).
func (c *AESGCM) forOperators() *AESGCM {
	o := *c
	o.acceptPlain, o.workflowID = true, ""
	return &o
}

// additionalData is what a sealed payload is authenticated with besides its ciphertext: the
// key id, and the workflow id when the payload is bound to one. A key id has no NUL byte,
// so the two forms never coincide.
func additionalData(keyID string, workflowID string, bound bool) []byte {
	if !bound {
		return []byte(keyID)
	}
	return []byte(keyID + "\x00" + workflowID)
}

// Encode seals each payload whole (its metadata too, so the encoding of the plain value is
// hidden); the key id, and the workflow id when the SDK gives one, are bound to the
// ciphertext as additional data.
func (c *AESGCM) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	aead := c.aeads[c.current]
	bound := c.workflowID != ""
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("seal a payload: %w", err)
		}
		nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
		if _, err := rand.Read(nonce); err != nil {
			return nil, fmt.Errorf("seal a payload: %w", err)
		}
		meta := map[string][]byte{converter.MetadataEncoding: []byte(Encoding), MetaKeyID: []byte(c.current)}
		if bound {
			meta[MetaWorkflowID] = []byte(c.workflowID)
		}
		out[i] = &commonpb.Payload{Metadata: meta, Data: aead.Seal(nonce, nonce, plain, additionalData(c.current, c.workflowID, bound))}
	}
	return out, nil
}

// Decode opens sealed payloads. A payload that is not sealed is refused, unless the codec
// accepts plain payloads (AcceptPlain) or the payload carries nothing at all (no metadata,
// no data: nothing to read and nothing that decodes to a value). A payload bound to a
// workflow opens with that workflow's id; when the codec knows the workflow it decodes for,
// a payload bound to another one is refused.
func (c *AESGCM) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if encoding := string(p.GetMetadata()[converter.MetadataEncoding]); encoding != Encoding {
			if !c.acceptPlain && !empty(p) {
				e := msg.Err("codec.plain", "Encoding", encoding)
				return nil, temporal.NewNonRetryableApplicationError(e.Error(), "CodecPlainPayload", e)
			}
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[MetaKeyID])
		aead, ok := c.aeads[id]
		if !ok {
			return nil, temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("a payload is sealed with key %q, which this process does not hold: add it to the codec keys", id), "CodecKeyMissing", nil)
		}
		if len(p.Data) < aead.NonceSize() {
			return nil, fmt.Errorf("a payload sealed with key %s is truncated", id)
		}
		wf, bound := p.GetMetadata()[MetaWorkflowID]
		nonce, sealed := p.Data[:aead.NonceSize()], p.Data[aead.NonceSize():]
		plain, err := aead.Open(nil, nonce, sealed, additionalData(id, string(wf), bound))
		if err != nil {
			return nil, fmt.Errorf("a payload sealed with key %s does not open: altered, or another key under the same id", id)
		}
		if bound && c.workflowID != "" && !sameWorkflow(c.workflowID, string(wf)) {
			e := msg.Err("codec.other_workflow", "Sealed", string(wf), "Here", c.workflowID)
			return nil, temporal.NewNonRetryableApplicationError(e.Error(), "CodecOtherWorkflow", e)
		}
		out[i] = &commonpb.Payload{}
		if err := proto.Unmarshal(plain, out[i]); err != nil {
			return nil, fmt.Errorf("a payload sealed with key %s: %w", id, err)
		}
	}
	return out, nil
}

// empty is a payload that carries nothing: it reveals nothing, and decodes to no value.
func empty(p *commonpb.Payload) bool {
	return p == nil || (len(p.GetMetadata()) == 0 && len(p.GetData()) == 0)
}

// sameWorkflow says whether a payload sealed for the workflow sealedFor belongs to the
// workflow here. Besides the same id, a workflow a Temporal Schedule started is named after
// the schedule's action with the time it was due appended ("pioneer-launch" starts
// "pioneer-launch-2026-10-01T00:00:00Z"), and the SDK seals the action's input for the
// action's id: those runs read it.
func sameWorkflow(here, sealedFor string) bool {
	if here == sealedFor {
		return true
	}
	due, ok := strings.CutPrefix(here, sealedFor+"-")
	if !ok {
		return false
	}
	t, err := time.Parse(time.RFC3339, due)
	return err == nil && t.UTC().Format(time.RFC3339) == due
}

// Converters are the data and failure converters that seal with the codec: failure messages
// and stack traces are sealed too, so an error quoting a value does not leak it. The data
// converter passes the SDK's serialization context (the workflow) on to the codec.
func Converters(c converter.PayloadCodec) (converter.DataConverter, converter.FailureConverter) {
	dc := converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), c)
	return dc, temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: dc, EncodeCommonAttributes: true})
}
