package cli

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// readParamFile resolves the aws CLI's file references: file://path is
// the file's text, fileb://path its bytes (base64 encoded here, which is
// how binary values travel in JSON). ok is false for any other value. A
// leading ~ is the home directory, as in the aws CLI.
func readParamFile(value string) (contents string, ok bool, err error) {
	var path string
	binary := false
	switch {
	case strings.HasPrefix(value, "file://"):
		path = value[len("file://"):]
	case strings.HasPrefix(value, "fileb://"):
		path = value[len("fileb://"):]
		binary = true
	default:
		return "", false, nil
	}
	if strings.HasPrefix(path, "~") {
		if home, herr := os.UserHomeDir(); herr == nil {
			path = filepath.Join(home, path[1:])
		}
	}
	path = os.ExpandEnv(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return "", false, fmt.Errorf("Unable to load paramfile %s: %w", value, err)
	}
	if binary {
		return base64.StdEncoding.EncodeToString(data), true, nil
	}
	return string(data), true, nil
}
