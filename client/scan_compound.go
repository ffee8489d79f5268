package client

// skipObject skips the object at d[i] == '{', calling f (if not nil) for
// each member.
func skipObject(d []byte, i, depth int, f func(member)) (int, error) {
	if depth > maxDepth {
		return i, &syntaxError{"exceeded max depth", i}
	}
	i = skipWS(d, i+1)
	if i < len(d) && d[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(d) || d[i] != '"' {
			return i, errAt(d, i)
		}
		key := i
		kend, err := skipString(d, i)
		if err != nil {
			return kend, err
		}
		if i = skipWS(d, kend); i >= len(d) || d[i] != ':' {
			return i, errAt(d, i)
		}
		start := skipWS(d, i+1)
		end, err := skipValue(d, start, depth)
		if err != nil {
			return end, err
		}
		if f != nil {
			f(member{key: d[key+1 : kend-1], start: start, end: end})
		}
		var done bool
		if i, done, err = nextItem(d, end, '}'); err != nil || done {
			return i, err
		}
	}
}

func skipArray(d []byte, i, depth int) (int, error) {
	if depth > maxDepth {
		return i, &syntaxError{"exceeded max depth", i}
	}
	i = skipWS(d, i+1)
	if i < len(d) && d[i] == ']' {
		return i + 1, nil
	}
	for {
		end, err := skipValue(d, i, depth)
		if err != nil {
			return end, err
		}
		var done bool
		if i, done, err = nextItem(d, end, ']'); err != nil || done {
			return i, err
		}
	}
}

// nextItem consumes whitespace, then ',' (and whitespace after it) or the
// closing byte (done).
func nextItem(d []byte, i int, closing byte) (next int, done bool, err error) {
	i = skipWS(d, i)
	switch {
	case i >= len(d):
		return i, false, errAt(d, i)
	case d[i] == closing:
		return i + 1, true, nil
	case d[i] == ',':
		return skipWS(d, i+1), false, nil
	}
	return i, false, errAt(d, i)
}
