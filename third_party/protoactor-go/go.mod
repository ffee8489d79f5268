module github.com/asynkron/protoactor-go

go 1.21

require (
	github.com/Workiva/go-datastructures v1.1.3
	github.com/emirpasic/gods v1.18.1
	github.com/lithammer/shortuuid/v4 v4.0.0
	github.com/lmittmann/tint v1.0.3
	github.com/orcaman/concurrent-map v1.0.0
	github.com/twmb/murmur3 v1.1.8
)
