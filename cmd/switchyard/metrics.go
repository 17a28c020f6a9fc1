package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/switchyard-go/switchyard/bus"
)

// metrics turns the bus's hooks into Prometheus counters and a delivery
// latency histogram, labelled by event bus, rule and target as
// EventBridge's CloudWatch metrics are, and exposes the bus's Stats as
// gauges.
type metrics struct {
	put          *prometheus.CounterVec // bus, outcome (accepted | error code)
	matched      *prometheus.CounterVec // bus, rule
	delivered    *prometheus.CounterVec // rule, target
	retried      *prometheus.CounterVec // rule, target
	deadLettered *prometheus.CounterVec // rule, target
	dropped      *prometheus.CounterVec // bus, rule, target, reason
	latency      *latency
	reg          prometheus.Registerer
}

var _ bus.Hooks = (*metrics)(nil)

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		put: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "switchyard", Name: "events_put_total",
			Help: "PutEvents and PutPartnerEvents entries and scheduled events, by event bus and outcome (accepted, or the entry's error code).",
		}, []string{"event_bus", "outcome"}),
		matched: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "switchyard", Name: "rule_matches_total",
			Help: "Events that matched a rule, by event bus and rule ARN.",
		}, []string{"event_bus", "rule"}),
		delivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "switchyard", Name: "deliveries_total",
			Help: "Deliveries a target acknowledged, by rule ARN and target ID.",
		}, []string{"rule", "target"}),
		retried: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "switchyard", Name: "delivery_retries_total",
			Help: "Failed delivery attempts scheduled for a retry, by rule ARN and target ID.",
		}, []string{"rule", "target"}),
		deadLettered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "switchyard", Name: "dead_letters_total",
			Help: "Deliveries handed to a dead-letter target, by rule ARN and target ID.",
		}, []string{"rule", "target"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "switchyard", Name: "drops_total",
			Help: "Events or deliveries given up, by event bus, rule ARN, target ID and reason.",
		}, []string{"event_bus", "rule", "target", "reason"}),
		latency: newLatency(reg),
		reg:     reg,
	}
	reg.MustRegister(m.put, m.matched, m.delivered, m.retried, m.deadLettered, m.dropped)
	return m
}

// watch exposes b's queue depth and totals as gauges read at scrape time.
func (m *metrics) watch(b *bus.Bus) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "switchyard", Name: "deliveries_pending",
		Help: "Deliveries queued or in flight: not yet delivered, dead-lettered or dropped.",
	}, func() float64 { return float64(b.Stats().Pending) }))
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "switchyard", Name: "entries_throttled",
		Help: "Entries refused with ThrottlingException because a delivery queue was full, since start.",
	}, func() float64 { return float64(b.Stats().Throttled) }))
}

func (m *metrics) OnPut(i bus.PutInfo) {
	outcome := "accepted"
	if i.ErrorCode != "" {
		outcome = i.ErrorCode
	}
	m.put.WithLabelValues(i.EventBusName, outcome).Inc()
}

func (m *metrics) OnMatch(i bus.MatchInfo) {
	m.matched.WithLabelValues(i.EventBusName, i.RuleARN).Inc()
	m.latency.matched(i)
}

func (m *metrics) OnDeliver(i bus.DeliverInfo) {
	m.delivered.WithLabelValues(i.RuleARN, i.TargetID).Inc()
	m.latency.ended(i.EventID, i.RuleARN, i.TargetID, true)
}

func (m *metrics) OnRetry(i bus.RetryInfo) {
	m.retried.WithLabelValues(i.RuleARN, i.TargetID).Inc()
}

func (m *metrics) OnDeadLetter(i bus.DeadLetterInfo) {
	m.deadLettered.WithLabelValues(i.RuleARN, i.TargetID).Inc()
	m.latency.ended(i.EventID, i.RuleARN, i.TargetID, false)
}

func (m *metrics) OnDrop(i bus.DropInfo) {
	m.dropped.WithLabelValues(i.EventBusName, i.RuleARN, i.TargetID, string(i.Reason)).Inc()
	if i.RuleARN != "" {
		m.latency.ended(i.EventID, i.RuleARN, i.TargetID, false)
	}
}
