// Package searchattr declares the product's custom search attributes once: typed keys for
// workflows to upsert, and their registration on a namespace. Names are prefixed with
// "Wenming" and hold ids and phases only, never personal data.
package searchattr

import (
	"context"
	"fmt"
	"slices"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
)

// The product's search attributes.
var (
	CampaignID = temporal.NewSearchAttributeKeyKeyword("WenmingCampaignId")
	Phase      = temporal.NewSearchAttributeKeyKeyword("WenmingPhase")
	UnitID     = temporal.NewSearchAttributeKeyKeyword("WenmingUnitId")
	RoundID    = temporal.NewSearchAttributeKeyKeyword("WenmingRoundId")
	RoundKind  = temporal.NewSearchAttributeKeyKeyword("WenmingRoundKind")
	Period     = temporal.NewSearchAttributeKeyKeyword("WenmingPeriod")
	BranchID   = temporal.NewSearchAttributeKeyKeyword("WenmingBranchId")
	// A title's status (active, warned, rectifying, suspended, revoked, expired, renewed) and
	// the end of its term: an operator finds the titles under rectification, or those whose
	// term ends this quarter.
	TitleStatus = temporal.NewSearchAttributeKeyKeyword("WenmingTitleStatus")
	TermEnd     = temporal.NewSearchAttributeKeyTime("WenmingTermEnd")
	// OverdueSince: the campaign (a tie, the committee's opinions, the deciding body), the
	// unit (its inspection) or the notice (its objections) waits for people past the time the
	// plan gives them, since then; unset once nothing waits overdue. An operator finds every
	// overdue wait with WenmingOverdueSince IS NOT NULL.
	OverdueSince = temporal.NewSearchAttributeKeyTime("WenmingOverdueSince")
)

// All lists every custom search attribute with its type, for registration.
func All() map[string]enumspb.IndexedValueType {
	out := map[string]enumspb.IndexedValueType{}
	for _, k := range []temporal.SearchAttributeKeyKeyword{CampaignID, Phase, UnitID, RoundID, RoundKind, Period, BranchID, TitleStatus} {
		out[k.GetName()] = enumspb.INDEXED_VALUE_TYPE_KEYWORD
	}
	out[TermEnd.GetName()] = enumspb.INDEXED_VALUE_TYPE_DATETIME
	out[OverdueSince.GetName()] = enumspb.INDEXED_VALUE_TYPE_DATETIME
	return out
}

// Missing names, sorted, the product's attributes that the namespace lacks. A workflow that
// sets one of them stalls until it is registered.
func Missing(ctx context.Context, c client.Client, namespace string) ([]string, error) {
	have, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return nil, fmt.Errorf("list search attributes of %s: %w", namespace, err)
	}
	var missing []string
	for name := range All() {
		if _, ok := have.GetCustomAttributes()[name]; !ok {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	return missing, nil
}

// Ensure registers the attributes that the namespace lacks. It is idempotent.
func Ensure(ctx context.Context, c client.Client, namespace string) error {
	names, err := Missing(ctx, c, namespace)
	if err != nil || len(names) == 0 {
		return err
	}
	all, missing := All(), map[string]enumspb.IndexedValueType{}
	for _, name := range names {
		missing[name] = all[name]
	}
	_, err = c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace: namespace, SearchAttributes: missing,
	})
	if err != nil {
		return fmt.Errorf("add search attributes %s to %s: %w", strings.Join(names, ", "), namespace, err)
	}
	return nil
}
