package domain

import (
	"testing"

	"go.uber.org/zap"

	"github.com/goqga/goqga/command"
)

var nopLog = zap.NewNop()

// Read answers with the Op's result, or with its error.
func TestRead(t *testing.T) {
	req := &command.Request{ID: []byte("1")}
	for _, tt := range []struct {
		res  any
		err  error
		want string
	}{
		{[]int{1}, nil, `{"return":[1],"id":1}` + "\n"},
		{nil, command.Errorf("no"), `{"error":{"class":"GenericError","desc":"no"},"id":1}` + "\n"},
	} {
		s := Read(req, func() (any, error) { return tt.res, tt.err })
		res, err := s.Op()
		if got := string(s.next()(res, err).Reply.Line); got != tt.want {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
}
