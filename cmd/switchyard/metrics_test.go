package main

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/bus"
)

func TestDeliveryLatency(t *testing.T) {
	m := newMetrics(prometheus.NewRegistry())
	now := time.Unix(1000, 0)
	m.latency.now = func() time.Time { return now }
	const rule = "arn:aws:events:us-east-1:123456789012:rule/r"
	m.OnMatch(bus.MatchInfo{EventBusName: "default", EventID: "e1", RuleName: "r", RuleARN: rule, Targets: 2})
	now = now.Add(250 * time.Millisecond)
	m.OnDeliver(bus.DeliverInfo{EventID: "e1", RuleARN: rule, TargetID: "a", Attempt: 1})
	m.OnDrop(bus.DropInfo{Reason: "target failed", EventBusName: "default", EventID: "e1", RuleARN: rule, TargetID: "b"})

	require.Equal(t, 1, testutil.CollectAndCount(m.latency.hist))
	var got dto.Metric
	require.NoError(t, m.latency.hist.WithLabelValues(rule, "a").(prometheus.Metric).Write(&got))
	require.Equal(t, uint64(1), got.GetHistogram().GetSampleCount())
	require.InDelta(t, 0.25, got.GetHistogram().GetSampleSum(), 1e-9, "from the match to the acknowledgement")
	for i := range m.latency.shards {
		require.Empty(t, m.latency.shards[i].m, "a match is forgotten once all its deliveries ended")
	}
	// A delivery with no recorded match (resumed after a restart) is not observed.
	m.OnDeliver(bus.DeliverInfo{EventID: "e2", RuleARN: rule, TargetID: "a", Attempt: 1})
	require.Equal(t, 1, testutil.CollectAndCount(m.latency.hist))
	require.InDelta(t, 2.0, testutil.ToFloat64(m.delivered.WithLabelValues(rule, "a")), 1e-9, "it is counted as delivered")
}
