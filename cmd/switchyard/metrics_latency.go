package main

import (
	"hash/maphash"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/switchyard-go/switchyard/bus"
)

// latency measures delivery latency, from the moment an event matched a
// rule to the moment each of the rule's targets acknowledged it.
//
// The bus's hooks carry no timings, so the start of each (event, rule)
// match is remembered until all of the rule's deliveries of it have ended
// (delivered, dead-lettered or dropped). That costs one small map entry
// per match in flight, spread over shards so that concurrent delivery
// workers rarely meet on a lock. Deliveries resumed from the delivery log
// after a restart have no recorded start and are not observed.
type latency struct {
	hist   *prometheus.HistogramVec
	seed   maphash.Seed
	shards [32]latencyShard
	now    func() time.Time
}

type latencyShard struct {
	mu sync.Mutex
	m  map[matchKey]*inFlight
}

type matchKey struct{ eventID, ruleARN string }

type inFlight struct {
	start time.Time
	left  int // deliveries of this match not yet ended
}

func newLatency(reg prometheus.Registerer) *latency {
	l := &latency{
		hist: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "switchyard", Name: "delivery_latency_seconds",
			Help:    "Time from an event matching a rule to the target acknowledging it (retries included), by rule ARN and target ID.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 18), // 0.5 ms to about 65 s
		}, []string{"rule", "target"}),
		seed: maphash.MakeSeed(),
		now:  time.Now,
	}
	for i := range l.shards {
		l.shards[i].m = map[matchKey]*inFlight{}
	}
	reg.MustRegister(l.hist)
	return l
}

func (l *latency) shard(k matchKey) *latencyShard {
	return &l.shards[maphash.String(l.seed, k.eventID)%uint64(len(l.shards))]
}

func (l *latency) matched(i bus.MatchInfo) {
	if i.Targets <= 0 {
		return
	}
	k := matchKey{i.EventID, i.RuleARN}
	s := l.shard(k)
	s.mu.Lock()
	s.m[k] = &inFlight{start: l.now(), left: i.Targets}
	s.mu.Unlock()
}

// ended accounts for one delivery of the match ending, and observes its
// latency when it was delivered.
func (l *latency) ended(eventID, ruleARN, targetID string, delivered bool) {
	k := matchKey{eventID, ruleARN}
	s := l.shard(k)
	s.mu.Lock()
	f := s.m[k]
	if f == nil {
		s.mu.Unlock()
		return
	}
	start := f.start
	if f.left--; f.left <= 0 {
		delete(s.m, k)
	}
	s.mu.Unlock()
	if delivered {
		l.hist.WithLabelValues(ruleARN, targetID).Observe(l.now().Sub(start).Seconds())
	}
}
