#!/bin/sh
# Registers the product's namespace and its search attributes (the worker registers missing
# search attributes itself too). Run again, it changes nothing.
set -eu
temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1 ||
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
for a in WenmingCampaignId WenmingPhase WenmingUnitId WenmingRoundId WenmingRoundKind WenmingPeriod WenmingBranchId WenmingTitleStatus; do
  temporal operator search-attribute create --namespace "$NAMESPACE" --name "$a" --type Keyword || true
done
for a in WenmingTermEnd WenmingOverdueSince; do
  temporal operator search-attribute create --namespace "$NAMESPACE" --name "$a" --type Datetime || true
done
