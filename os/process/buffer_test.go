package process

import "testing"

func TestBuffer(t *testing.T) {
	b := Buffer{Max: 5}
	for _, s := range []string{"ab", "cde", "fg"} {
		if n, err := b.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if string(b.Bytes()) != "abcde" || !b.Truncated() || cap(b.Bytes()) > 5 {
		t.Fatalf("%q truncated %v cap %d", b.Bytes(), b.Truncated(), cap(b.Bytes()))
	}
	e := Buffer{Max: 5}
	_, _ = e.Write([]byte("abcde"))
	if e.Truncated() {
		t.Fatal("exactly Max is not truncated")
	}
}
