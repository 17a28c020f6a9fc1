package server

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
)

// Credential is an access key the server accepts: requests signed with
// AccessKeyID and SecretAccessKey act as AccountID.
type Credential struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	AccountID       string `json:"AccountId"`
}

var accountPattern = regexp.MustCompile(`^[0-9]{12}$`)

// LoadCredentials reads a credentials file: a JSON array of
//
//	{"AccessKeyId": "AKIA...", "SecretAccessKey": "...", "AccountId": "111111111111"}
//
// Each key needs all three members; AccountId is 12 digits; a key may
// appear once.
func LoadCredentials(path string) ([]Credential, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("server: credentials: %w", err)
	}
	var creds []Credential
	if err := json.Unmarshal(data, &creds); err != nil {
		return nil, fmt.Errorf("server: credentials %s: want a JSON array of {AccessKeyId, SecretAccessKey, AccountId}: %w", path, err)
	}
	if err := validateCredentials(creds); err != nil {
		return nil, fmt.Errorf("server: credentials %s: %w", path, err)
	}
	return creds, nil
}

func validateCredentials(creds []Credential) error {
	seen := map[string]bool{}
	for i, c := range creds {
		switch {
		case c.AccessKeyID == "":
			return fmt.Errorf("[%d]: AccessKeyId is required", i)
		case c.SecretAccessKey == "":
			return fmt.Errorf("[%d] %s: SecretAccessKey is required", i, c.AccessKeyID)
		case !accountPattern.MatchString(c.AccountID):
			return fmt.Errorf("[%d] %s: AccountId %q is not a 12-digit account ID", i, c.AccessKeyID, c.AccountID)
		case seen[c.AccessKeyID]:
			return fmt.Errorf("[%d]: AccessKeyId %s appears twice", i, c.AccessKeyID)
		}
		seen[c.AccessKeyID] = true
	}
	return nil
}
