package awsjson_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/switchyard-go/switchyard/server/internal/awsjson"
)

func benchBody() []byte {
	var b strings.Builder
	b.WriteString(`{"Entries":[`)
	for i := range 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"Source":"com.mycompany.orders","DetailType":"OrderPlaced","Resources":["arn:aws:shop:us-east-1:123456789012:order/%d"],"Detail":"{\"orderId\":\"%08d\",\"total\":%d,\"note\":\"%s\"}"}`,
			i, i, 100+i, strings.Repeat("x", 900))
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkDecodePutEvents decodes a PutEvents request of 10 ~1 KB
// entries; BenchmarkStdlibPutEvents is encoding/json on the same body, for
// comparison.
func BenchmarkDecodePutEvents(b *testing.B) {
	body := benchBody()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for range b.N {
		var r request
		if err := awsjson.Decode(body, &r, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStdlibPutEvents(b *testing.B) {
	body := benchBody()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for range b.N {
		var r struct {
			Entries []struct{ Source, DetailType, Detail string }
		}
		if err := json.Unmarshal(body, &r); err != nil {
			b.Fatal(err)
		}
	}
}
