package server

import (
	"context"
	"net/url"

	"github.com/switchyard-go/switchyard/archive"
)

type (
	channelRef struct {
		Channel string
	}
	listChannelsResponse struct {
		Channels []channelInfo
	}
	channelInfo struct {
		ChannelArn string
		Name       string
	}
	putAuditEventsRequest struct {
		AuditEvents []archive.AuditEvent `json:"auditEvents"`
		ChannelARN  string               `json:"-"`
		ExternalID  string               `json:"-"`
	}
)

func cloudTrailOps(l *archive.AuditLake) []operation {
	return []operation{
		call("CreateChannel", true, l.CreateChannel),
		call("GetChannel", false, func(ctx context.Context, in channelRef) (archive.AuditChannel, error) {
			return l.GetChannel(ctx, in.Channel)
		}),
		callNoOutput("DeleteChannel", true, func(ctx context.Context, in channelRef) error {
			return l.DeleteChannel(ctx, in.Channel)
		}),
		call("ListChannels", false, func(ctx context.Context, _ struct{}) (listChannelsResponse, error) {
			chs, err := l.ListChannels(ctx)
			resp := listChannelsResponse{Channels: []channelInfo{}}
			for _, c := range chs {
				resp.Channels = append(resp.Channels, channelInfo{ChannelArn: c.ChannelARN, Name: c.Name})
			}
			return resp, err
		}),
	}
}

// cloudTrailDataOps are CloudTrail Data's REST-JSON operations, routed by
// path: POST /PutAuditEvents?channelArn=...&externalId=...
func cloudTrailDataOps(l *archive.AuditLake) []operation {
	bind := func(in *putAuditEventsRequest, q url.Values) {
		in.ChannelARN, in.ExternalID = q.Get("channelArn"), q.Get("externalId")
	}
	return []operation{
		rest("PutAuditEvents", false, bind, func(ctx context.Context, in putAuditEventsRequest) (*archive.AuditPutEventsOutput, error) {
			return l.PutAuditEvents(ctx, in.ChannelARN, in.AuditEvents, in.ExternalID)
		}),
	}
}
