package bus

import (
	"context"

	"github.com/switchyard-go/switchyard"
)

// PutPartnerEvents puts 1 to 20 events (Limits.MaxPartnerEntries) from a
// SaaS partner, as EventBridge's PutPartnerEvents does: each entry goes to
// the partner event bus named after its Source, a partner event source
// ("aws.partner/..."); EventBusName is ignored. An entry whose source has
// no partner bus is accepted and not delivered. Validation and results are
// those of PutEvents.
func (b *Bus) PutPartnerEvents(ctx context.Context, entries []switchyard.Entry) (switchyard.PutEventsResult, error) {
	return b.put(ctx, entries, true)
}
