package main
import (
 _ "github.com/asynkron/protoactor-go/actor"
 _ "go.uber.org/zap"
 _ "golang.org/x/sys/unix"
 _ "github.com/spf13/pflag"
 _ "gopkg.in/ini.v1"
 _ "github.com/coreos/go-systemd/v22/activation"
 _ "github.com/mdlayher/vsock"
 _ "go.uber.org/goleak"
 _ "pgregory.net/rapid"
 _ "github.com/google/go-cmp/cmp"
)
func main(){}
