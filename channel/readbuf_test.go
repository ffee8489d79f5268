package channel

import "testing"

func TestReadBufsReuseAndBound(t *testing.T) {
	r := newReadBufs(1024)
	a, b, c := r.get(), r.get(), r.get()
	r.put(a[:10])
	r.put(b)
	r.put(c) // the list holds two; the third is dropped
	r.put(make([]byte, 10, 2048))
	if got := r.get(); &got[0] != &a[0] || len(got) != 1024 {
		t.Fatal("a returned buffer was not reused whole")
	}
	if got := r.get(); &got[0] != &b[0] {
		t.Fatal("the second returned buffer was not reused")
	}
	if got := r.get(); &got[0] == &c[0] || len(got) != 1024 {
		t.Fatal("the free list kept more than two buffers, or a fresh one is the wrong size")
	}
}
