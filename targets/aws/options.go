package awstarget

import "fmt"

// TargetOption configures one target: the per-target parameters of
// EventBridge's Target (SqsParameters, KinesisParameters) and this
// package's batching limits.
type TargetOption func(*targetConfig)

type targetConfig struct {
	messageGroupID   string
	partitionKeyPath string
	logStreamName    string
	maxBatchBytes    int
	parallel         int
}

// WithMessageGroupID sets SqsParameters.MessageGroupId: the message group of
// every message sent to a FIFO queue. It is required for FIFO queues, as on
// EventBridge, and ignored by the other targets.
func WithMessageGroupID(id string) TargetOption {
	return func(c *targetConfig) { c.messageGroupID = id }
}

// WithPartitionKeyPath sets KinesisParameters.PartitionKeyPath: a JSONPath
// into the event ("$.detail.customerId") whose value is each record's
// partition key. Without it the partition key is the event's id, as on
// EventBridge. A path that matches nothing in an event fails that delivery
// permanently with INVALID_PARAMETER. Ignored by the other targets.
func WithPartitionKeyPath(path string) TargetOption {
	return func(c *targetConfig) { c.partitionKeyPath = path }
}

// WithLogStreamName makes the CloudWatch Logs target write every event to one
// stream of this name (created on first use) instead of one stream per
// event named by the event id, which is what EventBridge does. One stream
// lets DeliverBatch write a whole batch with one PutLogEvents call.
func WithLogStreamName(name string) TargetOption {
	return func(c *targetConfig) { c.logStreamName = name }
}

// WithMaxBatchBytes caps the bytes of one batch request (SendMessageBatch,
// PutRecords, PutRecordBatch, PutLogEvents, PutEvents) below the service's
// own limit, counted the way that service counts it. Zero keeps the
// service's limit.
func WithMaxBatchBytes(n int) TargetOption {
	return func(c *targetConfig) { c.maxBatchBytes = n }
}

// WithParallelRequests sets how many batch requests one DeliverBatch call
// may have in flight at once (default 4). The bus may also call
// DeliverBatch from several workers.
func WithParallelRequests(n int) TargetOption {
	return func(c *targetConfig) { c.parallel = n }
}

func newTargetConfig(opts []TargetOption) (targetConfig, error) {
	c := targetConfig{parallel: 4}
	for _, o := range opts {
		o(&c)
	}
	if c.maxBatchBytes < 0 {
		return c, fmt.Errorf("awstarget: WithMaxBatchBytes: %d is negative", c.maxBatchBytes)
	}
	if c.parallel < 1 {
		return c, fmt.Errorf("awstarget: WithParallelRequests: %d is less than 1", c.parallel)
	}
	return c, nil
}

// batchBytes returns the configured byte limit, or the service's.
func (c *targetConfig) batchBytes(service int) int {
	if c.maxBatchBytes > 0 && c.maxBatchBytes < service {
		return c.maxBatchBytes
	}
	return service
}
