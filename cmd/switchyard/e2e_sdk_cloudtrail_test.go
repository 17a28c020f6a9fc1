package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
)

// putAuditEvents sends CloudTrail Data's REST-JSON PutAuditEvents signed
// with key, as the cloudtraildata client does (that client is not in the
// module proxy this repository builds from, so the request is made here
// with the same signer).
func putAuditEvents(t *testing.T, endpoint string, key server.Credential, channelARN, externalID string, events []map[string]string) (int, map[string]any) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"auditEvents": events})
	require.NoError(t, err)
	q := url.Values{"channelArn": {channelARN}}
	if externalID != "" {
		q.Set("externalId", externalID)
	}
	req, err := http.NewRequest(http.MethodPost, endpoint+"/PutAuditEvents?"+q.Encode(), bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(body)
	require.NoError(t, v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key.AccessKeyID, SecretAccessKey: key.SecretAccessKey},
		req, hex.EncodeToString(sum[:]), "cloudtrail-data", "us-east-1", time.Now()))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out), string(raw))
	return resp.StatusCode, out
}

func auditEvent(id, account string) map[string]string {
	data := `{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice"},"eventSource":"my-app.example.com",` +
		`"eventName":"Login","eventTime":"2024-05-01T10:00:00Z","UID":"` + id + `","recipientAccountId":"` + account + `"}`
	sum := sha256.Sum256([]byte(data))
	return map[string]string{"id": id, "eventData": data, "eventDataChecksum": base64.StdEncoding.EncodeToString(sum[:])}
}

func TestSDKCloudTrail(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA, keyB))
	ct := cloudTrailClient(ts.url, keyA, "us-east-1")
	ctx := context.Background()

	eds, err := ct.CreateEventDataStore(ctx, &cloudtrail.CreateEventDataStoreInput{Name: aws.String("lake"), MultiRegionEnabled: aws.Bool(false),
		AdvancedEventSelectors: []types.AdvancedEventSelector{{Name: aws.String("custom"), FieldSelectors: []types.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"ActivityAuditLog"}}}}}})
	require.NoError(t, err)
	require.Contains(t, aws.ToString(eds.EventDataStoreArn), "arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/")
	got, err := ct.GetEventDataStore(ctx, &cloudtrail.GetEventDataStoreInput{EventDataStore: eds.EventDataStoreArn})
	require.NoError(t, err)
	require.Equal(t, "lake", aws.ToString(got.Name))
	require.NotNil(t, got.CreatedTimestamp)
	_, err = ct.UpdateEventDataStore(ctx, &cloudtrail.UpdateEventDataStoreInput{EventDataStore: eds.EventDataStoreArn, RetentionPeriod: aws.Int32(90)})
	require.NoError(t, err)
	stores, err := ct.ListEventDataStores(ctx, &cloudtrail.ListEventDataStoresInput{})
	require.NoError(t, err)
	require.Len(t, stores.EventDataStores, 1)

	ch, err := ct.CreateChannel(ctx, &cloudtrail.CreateChannelInput{Name: aws.String("app"), Source: aws.String("Custom"),
		Destinations: []types.Destination{{Type: types.DestinationTypeEventDataStore, Location: eds.EventDataStoreArn}}})
	require.NoError(t, err)
	chARN := aws.ToString(ch.ChannelArn)
	gc, err := ct.GetChannel(ctx, &cloudtrail.GetChannelInput{Channel: ch.ChannelArn})
	require.NoError(t, err)
	require.Equal(t, "app", aws.ToString(gc.Name))
	_, err = ct.UpdateChannel(ctx, &cloudtrail.UpdateChannelInput{Channel: ch.ChannelArn, Name: aws.String("app2")})
	require.NoError(t, err)
	chs, err := ct.ListChannels(ctx, &cloudtrail.ListChannelsInput{})
	require.NoError(t, err)
	require.Len(t, chs.Channels, 1)
	require.Equal(t, "app2", aws.ToString(chs.Channels[0].Name))

	// The owner may put; account B may not until the channel's policy
	// allows it, and then only with the external ID.
	status, out := putAuditEvents(t, ts.url, keyA, chARN, "", []map[string]string{auditEvent("e1", keyA.AccountID)})
	require.Equal(t, 200, status, out)
	require.Len(t, out["successful"], 1)
	status, out = putAuditEvents(t, ts.url, keyB, chARN, "ext-1", []map[string]string{auditEvent("e2", keyA.AccountID)})
	require.Equal(t, 400, status)
	require.Equal(t, "ChannelInsufficientPermission", out["__type"], out)

	policy := `{"Version":"2012-10-17","Statement":[{"Sid":"b","Effect":"Allow","Principal":{"AWS":"222222222222"},` +
		`"Action":"cloudtrail-data:PutAuditEvents","Resource":"` + chARN + `","Condition":{"StringEquals":{"cloudtrail:ExternalId":"ext-1"}}}]}`
	_, err = ct.PutResourcePolicy(ctx, &cloudtrail.PutResourcePolicyInput{ResourceArn: ch.ChannelArn, ResourcePolicy: aws.String(policy)})
	require.NoError(t, err)
	gp, err := ct.GetResourcePolicy(ctx, &cloudtrail.GetResourcePolicyInput{ResourceArn: ch.ChannelArn})
	require.NoError(t, err)
	require.JSONEq(t, policy, aws.ToString(gp.ResourcePolicy))
	status, out = putAuditEvents(t, ts.url, keyB, chARN, "ext-1", []map[string]string{auditEvent("e2", keyA.AccountID)})
	require.Equal(t, 200, status, out)
	require.Len(t, out["successful"], 1)
	status, out = putAuditEvents(t, ts.url, keyB, chARN, "wrong", []map[string]string{auditEvent("e3", keyA.AccountID)})
	require.Equal(t, 400, status)
	require.Equal(t, "ChannelInsufficientPermission", out["__type"], out)
	bad := auditEvent("e4", keyA.AccountID)
	bad["eventDataChecksum"] = base64.StdEncoding.EncodeToString(make([]byte, 32))
	status, out = putAuditEvents(t, ts.url, keyA, chARN, "", []map[string]string{bad})
	require.Equal(t, 200, status, out)
	require.Equal(t, "InvalidChecksum", out["failed"].([]any)[0].(map[string]any)["errorCode"])

	_, err = ct.DeleteResourcePolicy(ctx, &cloudtrail.DeleteResourcePolicyInput{ResourceArn: ch.ChannelArn})
	require.NoError(t, err)
	_, err = ct.GetResourcePolicy(ctx, &cloudtrail.GetResourcePolicyInput{ResourceArn: ch.ChannelArn})
	requireAPIError(t, err, "ResourcePolicyNotFoundException", "")
	_, err = ct.DeleteChannel(ctx, &cloudtrail.DeleteChannelInput{Channel: ch.ChannelArn})
	require.NoError(t, err)
	_, err = ct.GetChannel(ctx, &cloudtrail.GetChannelInput{Channel: ch.ChannelArn})
	requireAPIError(t, err, "ChannelNotFoundException", "")
	// Termination protection is on by default, as in CloudTrail.
	_, err = ct.DeleteEventDataStore(ctx, &cloudtrail.DeleteEventDataStoreInput{EventDataStore: eds.EventDataStoreArn})
	requireAPIError(t, err, "EventDataStoreTerminationProtectedException", "termination protection is enabled")
	_, err = ct.UpdateEventDataStore(ctx, &cloudtrail.UpdateEventDataStoreInput{EventDataStore: eds.EventDataStoreArn, TerminationProtectionEnabled: aws.Bool(false)})
	require.NoError(t, err)
	_, err = ct.DeleteEventDataStore(ctx, &cloudtrail.DeleteEventDataStoreInput{EventDataStore: eds.EventDataStoreArn})
	require.NoError(t, err)
}

func TestSDKCloudTrailSignatureFailure(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA))
	wrong := keyA
	wrong.SecretAccessKey = "nope"
	_, err := cloudTrailClient(ts.url, wrong, "us-east-1").ListChannels(context.Background(), &cloudtrail.ListChannelsInput{})
	requireAPIError(t, err, "InvalidSignatureException", "does not match")
	status, out := putAuditEvents(t, ts.url, wrong, "arn:aws:cloudtrail:us-east-1:111111111111:channel/x", "", []map[string]string{auditEvent("e", "111111111111")})
	require.Equal(t, 400, status)
	require.Equal(t, "InvalidSignatureException", out["__type"])
}
