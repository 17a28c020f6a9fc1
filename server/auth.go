package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/switchyard-go/switchyard"
)

// Authentication errors, worded as AWS words them. Sources: the
// "Signature Version 4 signing process" troubleshooting page of the AWS
// General Reference and the error responses AWS's JSON services return.
const (
	codeMissingToken     = "MissingAuthenticationTokenException"
	codeUnrecognized     = "UnrecognizedClientException"
	codeInvalidSignature = "InvalidSignatureException"
	codeIncompleteSig    = "IncompleteSignatureException"

	msgMissingToken  = "Missing Authentication Token"
	msgUnrecognized  = "The security token included in the request is invalid."
	msgBadSignature  = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	amzDateLayout    = "20060102T150405Z"
	maxSkew          = 15 * time.Minute
	sigV4Algorithm   = "AWS4-HMAC-SHA256"
	unsignedPayload  = "UNSIGNED-PAYLOAD"
	headerAmzDate    = "X-Amz-Date"
	headerAmzContent = "X-Amz-Content-Sha256"
)

// sigV4 is the parsed Authorization header of a SigV4-signed request.
type sigV4 struct {
	accessKeyID   string
	date          string // yyyymmdd of the credential scope
	region        string
	service       string
	signedHeaders []string
	signature     string
}

// parseAuthorization parses
//
//	AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd...
func parseAuthorization(h string) (sigV4, *apiError) {
	var s sigV4
	alg, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || alg != sigV4Algorithm {
		return s, newAPIError(codeIncompleteSig, "Authorization header requires the "+sigV4Algorithm+" algorithm.")
	}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			f := strings.Split(v, "/")
			if len(f) != 5 || f[4] != "aws4_request" || f[0] == "" {
				return s, newAPIError(codeIncompleteSig, "Credential should be scoped to a valid region, not '"+v+"'.")
			}
			s.accessKeyID, s.date, s.region, s.service = f[0], f[1], f[2], f[3]
		case "SignedHeaders":
			s.signedHeaders = strings.Split(v, ";")
		case "Signature":
			s.signature = v
		}
	}
	switch {
	case s.accessKeyID == "":
		return s, newAPIError(codeIncompleteSig, "Authorization header requires 'Credential' parameter.")
	case len(s.signedHeaders) == 0 || s.signedHeaders[0] == "":
		return s, newAPIError(codeIncompleteSig, "Authorization header requires 'SignedHeaders' parameter.")
	case s.signature == "":
		return s, newAPIError(codeIncompleteSig, "Authorization header requires 'Signature' parameter.")
	}
	return s, nil
}

// authenticator checks SigV4 signatures against the configured
// credentials and names the caller.
type authenticator struct {
	creds   map[string]Credential // by access key ID; empty: accept any signature
	def     switchyard.Caller     // the caller of an open server
	signer  *v4.Signer
	now     func() time.Time
	allowed bool // open mode: accept unsigned requests too
}

func newAuthenticator(creds []Credential, def switchyard.Caller, now func() time.Time) *authenticator {
	a := &authenticator{creds: map[string]Credential{}, def: def, signer: v4.NewSigner(), now: now}
	for _, c := range creds {
		a.creds[c.AccessKeyID] = c
	}
	a.allowed = len(a.creds) == 0
	return a
}

// authenticate verifies r (whose body has been read into body) and returns
// the caller it acts as: the key's account and the credential scope's
// region.
func (a *authenticator) authenticate(r *http.Request, body []byte) (switchyard.Caller, *apiError) {
	h := r.Header.Get("Authorization")
	if h == "" {
		if a.allowed {
			return a.def, nil
		}
		return switchyard.Caller{}, newAPIError(codeMissingToken, msgMissingToken)
	}
	sig, perr := parseAuthorization(h)
	if perr != nil {
		return switchyard.Caller{}, perr
	}
	caller := a.def
	if sig.region != "" {
		caller.Region = sig.region
	}
	cred, known := a.creds[sig.accessKeyID]
	if !known {
		if a.allowed {
			return caller, nil // open mode: a well-formed signature is enough
		}
		return switchyard.Caller{}, newAPIError(codeUnrecognized, msgUnrecognized)
	}
	if cred.AccountID != "" {
		caller.Account = cred.AccountID
	}

	amzDate := r.Header.Get(headerAmzDate)
	signedAt, err := time.Parse(amzDateLayout, amzDate)
	if err != nil {
		return switchyard.Caller{}, newAPIError(codeIncompleteSig, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	now := a.now().UTC()
	if d := now.Sub(signedAt); d > maxSkew || d < -maxSkew {
		// AWS: "Signature expired: 20130524T000000Z is now earlier than
		// 20130524T001000Z (20130524T002500Z - 15 min.)"; the mirror image
		// for a request signed in the future.
		if d > 0 {
			return switchyard.Caller{}, newAPIError(codeInvalidSignature, "Signature expired: "+amzDate+" is now earlier than "+
				now.Add(-maxSkew).Format(amzDateLayout)+" ("+now.Format(amzDateLayout)+" - 15 min.)")
		}
		return switchyard.Caller{}, newAPIError(codeInvalidSignature, "Signature not yet current: "+amzDate+" is still later than "+
			now.Add(maxSkew).Format(amzDateLayout)+" ("+now.Format(amzDateLayout)+" + 15 min.)")
	}
	if !strings.HasPrefix(amzDate, sig.date) {
		return switchyard.Caller{}, newAPIError(codeInvalidSignature, msgBadSignature)
	}

	want, err := a.expectedSignature(r, body, sig, cred, signedAt)
	if err != nil || !hmac.Equal([]byte(want), []byte(sig.signature)) {
		return switchyard.Caller{}, newAPIError(codeInvalidSignature, msgBadSignature)
	}
	return caller, nil
}

// expectedSignature signs a copy of r that holds only the headers the
// client signed, with the configured secret, and returns the signature.
// The signature algorithm is aws-sdk-go-v2's, not ours.
func (a *authenticator) expectedSignature(r *http.Request, body []byte, sig sigV4, cred Credential, at time.Time) (string, error) {
	req, err := http.NewRequestWithContext(context.Background(), r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	if err != nil {
		return "", err
	}
	req.Host = r.Host
	var sessionToken string
	for _, name := range sig.signedHeaders {
		switch name {
		case "host":
		case "content-length":
			req.ContentLength = int64(len(body))
		case "x-amz-security-token":
			sessionToken = r.Header.Get(name)
		default:
			ck := http.CanonicalHeaderKey(name)
			req.Header[ck] = r.Header.Values(name)
		}
	}
	payloadHash := r.Header.Get(headerAmzContent)
	if payloadHash == "" || payloadHash != unsignedPayload {
		sum := sha256.Sum256(body)
		actual := hex.EncodeToString(sum[:])
		if payloadHash != "" && payloadHash != actual {
			return "", errPayloadHash
		}
		payloadHash = actual
	}
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: sessionToken}
	if err := a.signer.SignHTTP(context.Background(), creds, req, payloadHash, sig.service, sig.region, at, func(o *v4.SignerOptions) {
		o.DisableSessionToken = sessionToken == ""
	}); err != nil {
		return "", err
	}
	auth := req.Header.Get("Authorization")
	_, got, ok := strings.Cut(auth, "Signature=")
	if !ok {
		return "", errPayloadHash
	}
	return got, nil
}
