package bus

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// The event encoding round-trips, and any bytes decode to a header or to
// errCorrupt, never a panic.
func FuzzDecodeEvent(f *testing.F) {
	rec := &eventRecord{json: []byte(`{"id":"x","detail":{}}`), ingested: time.Unix(1_700_000_000, 5).UTC(), hops: 2}
	t := &ruleTarget{id: "t1", ruleARN: "arn:aws:events:us-east-1:123456789012:rule/r"}
	good := encodeEvent(rec, []*delivery{{t: t}, {t: t}})
	f.Add(good)
	f.Add(good[:12])
	f.Add([]byte{logVersion, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, v []byte) {
		h, err := decodeEvent(v)
		if err != nil {
			require.ErrorIs(t, err, errCorrupt)
			return
		}
		require.True(t, bytes.HasSuffix(v, h.json))
	})
}

func TestEncodeEventRoundTrip(t *testing.T) {
	rec := &eventRecord{json: []byte(`{"id":"x"}`), ingested: time.Unix(1_700_000_000, 5).UTC(), hops: 3}
	a := &ruleTarget{id: "a", ruleARN: "arn:r1"}
	b := &ruleTarget{id: "bb", ruleARN: "arn:r2"}
	h, err := decodeEvent(encodeEvent(rec, []*delivery{{t: a}, {t: b}}))
	require.NoError(t, err)
	require.Equal(t, rec.ingested, h.ingested)
	require.Equal(t, 3, h.hops)
	require.Equal(t, [][2]string{{"arn:r1", "a"}, {"arn:r2", "bb"}}, h.targets)
	require.Equal(t, rec.json, h.json)
}

// Deliveries of one event settling at once on several workers queue
// every op of the event before the op that deletes it: a state written
// after the deletion would outlive its event (see finish).
func TestDeliveryLogFinishOrder(t *testing.T) {
	l := &deliveryLog{events: map[uint64]*eventRecord{}}
	l.cond = sync.NewCond(&l.mu)
	const events, per = 2000, 3
	start := make(chan struct{})
	var wg sync.WaitGroup
	for seq := uint64(1); seq <= events; seq++ {
		ev := &eventRecord{seq: seq, ndeliv: per}
		ev.live.Store(per)
		for idx := range uint16(per) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				l.finish(&delivery{ev: ev, idx: idx})
			}()
		}
	}
	close(start)
	wg.Wait()
	require.Len(t, l.queue, events*per)
	last := map[uint64]bool{}
	for _, op := range l.queue {
		require.False(t, last[op.seq], "op %+v queued after its event's deletion", op)
		if op.kind == opFinishLast {
			last[op.seq] = true
		}
	}
	require.Len(t, last, events)
}

// The writer stores no state for an event it deletes, in one group or
// across groups, and opening the log deletes states left without their
// event.
func TestDeliveryLogNoStateWithoutEvent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	e := &engine{}
	l, err := openLog(e, &deliveryLogConfig{path: path, maxBytes: 1 << 20, noSync: true})
	require.NoError(t, err)
	ev := &eventRecord{json: []byte(`{}`)}
	tg := &ruleTarget{id: "a", ruleARN: "arn:r"}
	val := encodeEvent(ev, []*delivery{{t: tg}, {t: tg}})
	groups := [][]logOp{
		// Appended, parked, finished and deleted in one group.
		{{kind: opAppend, seq: 1, val: val}, {kind: opPark, seq: 1, idx: 1, attempts: 1, due: 5}, {kind: opFinish, seq: 1, idx: 0}, {kind: opFinishLast, seq: 1, n: 2}},
		// Appended and parked in one group, finished and deleted in the
		// next ones.
		{{kind: opAppend, seq: 2, val: val}, {kind: opPark, seq: 2, idx: 1, attempts: 1, due: 5}},
		{{kind: opFinish, seq: 2, idx: 0}},
		{{kind: opFinishLast, seq: 2, n: 2}},
	}
	for _, g := range groups {
		require.NoError(t, l.write(g))
	}
	require.Zero(t, countKeys(t, l.db, bucketStates))
	require.Zero(t, countKeys(t, l.db, bucketEvents))

	// A file written by an older version may hold such states: a state of
	// key 3 with no event 3 is gone once the log is opened again.
	require.NoError(t, l.write([]logOp{{kind: opAppend, seq: 3, val: val}}))
	require.NoError(t, l.write([]logOp{{kind: opFinishLast, seq: 3, n: 2}}))
	require.NoError(t, l.db.Update(func(tx *bolt.Tx) error {
		k := stateArr(3, 0)
		return tx.Bucket([]byte(bucketStates)).Put(k[:], encodeState(stateFinished, 0, 0))
	}))
	require.Equal(t, 1, countKeys(t, l.db, bucketStates))
	require.NoError(t, l.close())
	l, err = openLog(e, &deliveryLogConfig{path: path, maxBytes: 1 << 20, noSync: true})
	require.NoError(t, err)
	defer l.close()
	require.Equal(t, 1, l.stale)
	require.Zero(t, countKeys(t, l.db, bucketStates))
}

// countKeys counts the keys of a bucket of db.
func countKeys(t *testing.T, db *bolt.DB, bucket string) int {
	t.Helper()
	n := 0
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket([]byte(bucket)).Stats().KeyN
		return nil
	}))
	return n
}

// A change whose transaction failed is never reported durable, not even
// once a later group's commit moves the durable mark past its ticket: a
// PutEvents waiting for it fails its entries rather than acknowledging
// what the disk does not hold.
func TestDeliveryLogFailedWriteStaysFailed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	l, err := openLog(&engine{}, &deliveryLogConfig{path: path, maxBytes: 1 << 20, noSync: true})
	require.NoError(t, err)
	defer l.close()
	// swap reopens the file, read-only or not, while the writer is idle
	// (its queue is empty and it takes the file under mu).
	swap := func(readOnly bool) {
		l.mu.Lock()
		defer l.mu.Unlock()
		require.NoError(t, l.db.Close())
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: readOnly})
		require.NoError(t, err)
		l.db = db
	}
	val := encodeEvent(&eventRecord{json: []byte(`{}`)}, []*delivery{{t: &ruleTarget{id: "a"}}})
	ctx := context.Background()

	swap(true)
	lost := l.submit(logOp{kind: opAppend, seq: 1, val: val})
	require.ErrorIs(t, l.wait(ctx, lost), bolt.ErrDatabaseReadOnly)

	swap(false)
	kept := l.submit(logOp{kind: opAppend, seq: 2, val: val})
	// Once the log has failed, wait fails at once for whatever is not yet
	// on disk; the writer goes on with later groups all the same.
	require.Eventually(t, func() bool { return l.durable.Load() >= kept }, 10*time.Second, time.Millisecond, "later groups are written")
	require.NoError(t, l.wait(ctx, kept))
	require.ErrorIs(t, l.wait(ctx, lost), bolt.ErrDatabaseReadOnly, "the failed group is still not on disk")
}
