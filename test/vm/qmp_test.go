package vm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// fakeQEMU answers QMP on one end of a pipe: the greeting, then each
// command through answer (which may also send events or stay silent).
func fakeQEMU(t *testing.T, answer func(w net.Conn, cmd string, id int)) net.Conn {
	host, qemu := net.Pipe()
	go func() {
		defer qemu.Close()
		fmt.Fprintln(qemu, `{"QMP": {"version": {}, "capabilities": []}}`)
		sc := bufio.NewScanner(qemu)
		for sc.Scan() {
			var req struct {
				Execute string `json:"execute"`
				ID      int    `json:"id"`
			}
			if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
				t.Errorf("fake QEMU: %q: %v", sc.Text(), err)
				return
			}
			if req.Execute == "qmp_capabilities" {
				fmt.Fprintf(qemu, `{"return": {}, "id": %d}`+"\n", req.ID)
				continue
			}
			answer(qemu, req.Execute, req.ID)
		}
	}()
	t.Cleanup(func() { host.Close() })
	return host
}

func event(w net.Conn, name, data string) {
	fmt.Fprintf(w, `{"timestamp": {"seconds": 1, "microseconds": 2}, "event": %q, "data": %s}`+"\n", name, data)
}

func TestQMPCommandsAndEvents(t *testing.T) {
	conn := fakeQEMU(t, func(w net.Conn, cmd string, id int) {
		switch cmd {
		case "query-status":
			event(w, "RESUME", "{}") // events interleave with replies
			fmt.Fprintf(w, `{"return": {"status": "suspended", "running": false}, "id": %d}`+"\n", id)
		case "system_wakeup":
			fmt.Fprintf(w, `{"return": {}, "id": %d}`+"\n", id)
			event(w, "WAKEUP", "{}")
		case "slow":
			// never answered in time; its late reply must not be taken
			// for the next command's
			go func() { time.Sleep(100 * time.Millisecond); fmt.Fprintf(w, `{"return": "late", "id": %d}`+"\n", id) }()
		case "after-slow":
			time.Sleep(200 * time.Millisecond)
			fmt.Fprintf(w, `{"return": "mine", "id": %d}`+"\n", id)
		default:
			fmt.Fprintf(w, `{"error": {"class": "CommandNotFound", "desc": "The command %s has not been found"}, "id": %d}`+"\n", cmd, id)
		}
	})
	q, err := NewQMP(conn, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	mark := q.Mark()
	if s, err := q.Status(5 * time.Second); err != nil || s != "suspended" {
		t.Fatalf("status %q, %v", s, err)
	}
	if _, err := q.Execute("system_wakeup", nil, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	ev, err := q.WaitEvent("WAKEUP", mark, 5*time.Second)
	if err != nil || ev.Seq != mark+1 || ev.Stamp.Unix() != 1 {
		t.Fatalf("WAKEUP %+v, %v", ev, err)
	}
	if got := q.Events(mark); strings.Join(got, " ") != "RESUME WAKEUP" {
		t.Fatalf("events %v", got)
	}
	if _, err := q.WaitEvent("WAKEUP", q.Mark(), 100*time.Millisecond); err == nil {
		t.Fatal("an event before the mark was returned")
	}
	if _, err := q.Execute("nope", nil, 5*time.Second); err == nil || !strings.Contains(err.Error(), "CommandNotFound") {
		t.Fatalf("error reply: %v", err)
	}
	if _, err := q.Execute("slow", nil, 50*time.Millisecond); err == nil {
		t.Fatal("no timeout")
	}
	if ret, err := q.Execute("after-slow", map[string]any{"x": 1}, 5*time.Second); err != nil || string(ret) != `"mine"` {
		t.Fatalf("after a timed-out command: %s, %v", ret, err)
	}
}

func TestQMPEventsAreBounded(t *testing.T) {
	conn := fakeQEMU(t, func(w net.Conn, cmd string, id int) {
		for i := 0; i < maxEvents+10; i++ {
			event(w, "RTC_CHANGE", "{}")
		}
		event(w, "LAST", "{}")
		fmt.Fprintf(w, `{"return": {}, "id": %d}`+"\n", id)
	})
	q, err := NewQMP(conn, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Execute("flood", nil, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := q.WaitEvent("LAST", 0, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := len(q.Events(0)); n != maxEvents {
		t.Fatalf("%d events kept, want %d", n, maxEvents)
	}
	if q.Mark() != maxEvents+11 {
		t.Fatalf("mark %d: sequence numbers must keep counting", q.Mark())
	}
}

func TestQMPClosed(t *testing.T) {
	host, qemu := net.Pipe()
	go func() {
		fmt.Fprintln(qemu, `{"QMP": {}}`)
		r := bufio.NewReader(qemu)
		l, _ := r.ReadString('\n')
		var req struct{ ID int }
		json.Unmarshal([]byte(l), &req)
		fmt.Fprintf(qemu, `{"return": {}, "id": %d}`+"\n", req.ID)
		qemu.Close()
	}()
	q, err := NewQMP(host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.WaitEvent("SHUTDOWN", 0, 5*time.Second); err == nil || strings.Contains(err.Error(), "no SHUTDOWN event in") {
		t.Fatalf("waiting on a closed monitor: %v, want the connection's error at once", err)
	}
}
