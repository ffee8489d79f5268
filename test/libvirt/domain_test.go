package libvirt

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/goqga/goqga/test/vm"
)

// parsedDomain is the part of the domain XML the suite relies on.
type parsedDomain struct {
	Type   string `xml:"type,attr"`
	Name   string `xml:"name"`
	Kernel string `xml:"os>kernel"`
	S3     struct {
		Enabled string `xml:"enabled,attr"`
	} `xml:"pm>suspend-to-mem"`
	Channels []struct {
		Type   string `xml:"type,attr"`
		Source struct {
			Path string `xml:"path,attr"`
		} `xml:"source"`
		Target struct {
			Name string `xml:"name,attr"`
		} `xml:"target"`
	} `xml:"devices>channel"`
	Disks []struct {
		Driver struct {
			Discard string `xml:"discard,attr"`
		} `xml:"driver"`
		Source struct {
			File string `xml:"file,attr"`
		} `xml:"source"`
		Serial string `xml:"serial"`
	} `xml:"devices>disk"`
	NIC struct {
		Type string `xml:"type,attr"`
		MAC  struct {
			Address string `xml:"address,attr"`
		} `xml:"mac"`
		IPs []struct {
			Address string `xml:"address,attr"`
			Prefix  string `xml:"prefix,attr"`
		} `xml:"ip"`
	} `xml:"devices>interface"`
}

func TestDomainXML(t *testing.T) {
	o := vm.Options{Dir: "/tmp/d", Kernel: "/cache/vmlinuz<'&>", Accel: "tcg",
		Guest: vm.GuestConfig{Disks: vm.DefaultDisks, NIC: vm.DefaultNIC}}
	f := vm.Files{Initrd: "/tmp/d/initrd.gz", Disks: []string{"/tmp/d/data0.img", "/tmp/d/data1.img"}}
	x, err := NewDomain("goqga-lv", o, f).XML()
	if err != nil {
		t.Fatal(err)
	}
	var d parsedDomain
	if err := xml.Unmarshal([]byte(x), &d); err != nil {
		t.Fatalf("%v\n%s", err, x)
	}
	if d.Type != "qemu" || d.Name != "goqga-lv" || d.Kernel != o.Kernel || d.S3.Enabled != "yes" {
		t.Fatalf("type %q name %q kernel %q S3 %q\n%s", d.Type, d.Name, d.Kernel, d.S3.Enabled, x)
	}
	if len(d.Channels) != 2 || d.Channels[0].Type != "unix" || d.Channels[0].Target.Name != "org.qemu.guest_agent.0" ||
		d.Channels[1].Source.Path != "/tmp/d/ctl.sock" || d.Channels[1].Target.Name != "org.goqga.ctl" {
		t.Fatalf("channels %+v", d.Channels)
	}
	if len(d.Disks) != 2 || d.Disks[1].Serial != "data1" || d.Disks[1].Source.File != f.Disks[1] || d.Disks[0].Driver.Discard != "unmap" {
		t.Fatalf("disks %+v", d.Disks)
	}
	if d.NIC.Type != "user" || d.NIC.MAC.Address != vm.DefaultNIC.MAC || len(d.NIC.IPs) != 2 ||
		d.NIC.IPs[0].Address != "192.0.2.0" || d.NIC.IPs[0].Prefix != "24" || d.NIC.IPs[1].Address != "2001:db8::" {
		t.Fatalf("interface %+v", d.NIC)
	}
	o.Guest.RefAgent = true // qemu-ga beside goqga: its own port
	if x, _ := NewDomain("r", o, f).XML(); !strings.Contains(x, "name='"+vm.RefAgentPort+"'") || !strings.Contains(x, "/tmp/d/qga-ref.sock") {
		t.Fatalf("no channel for qemu-ga beside goqga:\n%s", x)
	}
	o.Guest.NoAgent = true // qemu-ga alone, on the agent's port
	if x, _ := NewDomain("r", o, f).XML(); strings.Contains(x, vm.RefAgentPort) {
		t.Fatalf("a channel for qemu-ga beside an agent that does not run:\n%s", x)
	}
	o.Accel, o.Guest.SMP = "kvm", 2
	if x, _ := NewDomain("k", o, f).XML(); !strings.Contains(x, "<domain type='kvm'>") || !strings.Contains(x, "host-passthrough") ||
		!strings.Contains(x, "<vcpu placement='static'>2</vcpu>") {
		t.Fatalf("a KVM domain:\n%s", x)
	}
	o.Guest.NIC.IP4 = "192.0.2.15"
	if _, err := NewDomain("bad", o, f).XML(); err == nil {
		t.Fatal("an address without a prefix rendered")
	}
}
