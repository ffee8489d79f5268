package netinfo

import (
	"fmt"
	"io"
	"os"
)

// maxRouteFile bounds the read of a routing table: MaxRoutes lines of
// either file fit in it.
const maxRouteFile = 8 << 20

// Routes4 reads /proc/net/route.
func (l *Linux) Routes4() ([]Route, error) {
	b, err := readRouteFile(l.RoutePath)
	if err != nil {
		return nil, err
	}
	return ParseRoute4(b)
}

// Routes6 reads /proc/net/ipv6_route; absent when IPv6 is disabled.
func (l *Linux) Routes6() ([]Route, error) {
	b, err := readRouteFile(l.IPv6RoutePath)
	if err != nil {
		return nil, err
	}
	return ParseRoute6(b)
}

func readRouteFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxRouteFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxRouteFile {
		return nil, fmt.Errorf("%s: %w", path, ErrTooManyRoutes)
	}
	return b, nil
}
