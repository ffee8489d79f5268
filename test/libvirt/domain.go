package libvirt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/goqga/goqga/test/vm"
)

// Domain describes the guest as libvirt sees it.
type Domain struct {
	Name    string
	Accel   string // "kvm" or "tcg"
	MemMB   int
	CPUs    int
	Kernel  string
	Initrd  string
	Cmdline string
	Console string // the serial console's log file (vm.Console reads it)
	CtlSock string // the control shell's channel (vm.DialCtl)
	RefSock string // qemu-ga's own port beside goqga (vm.RefAgentPort), when it runs there
	Disks   []DomainDisk
	NIC     vm.NIC
}

// DomainDisk is one data disk: a raw image, discard passed down.
type DomainDisk struct {
	Path, Serial, Dev string
}

// NewDomain describes the guest of o, whose files f are written, with
// its console and control socket in o.Dir.
func NewDomain(name string, o vm.Options, f vm.Files) Domain {
	d := Domain{
		Name: name, Accel: o.Accel, MemMB: o.MemMB, CPUs: max(o.Guest.SMP, 1), Kernel: o.Kernel, Initrd: f.Initrd,
		Cmdline: vm.KernelCmdline(o.Guest), Console: filepath.Join(o.Dir, "console.log"), CtlSock: filepath.Join(o.Dir, "ctl.sock"),
		NIC: o.Guest.NIC,
	}
	if o.Guest.RefAgent && !o.Guest.NoAgent {
		d.RefSock = filepath.Join(o.Dir, "qga-ref.sock")
	}
	if d.MemMB == 0 {
		d.MemMB = 256
	}
	for i, img := range f.Disks {
		d.Disks = append(d.Disks, DomainDisk{Path: img, Serial: o.Guest.Disks[i].Serial, Dev: "vd" + string(rune('a'+i))})
	}
	return d
}

// domainTmpl is the guest (docs/LIBVIRT.md says why each part): the
// machine, kernel and devices of test/vm's QEMU command line, in
// libvirt's words.
var domainTmpl = template.Must(template.New("domain").Funcs(template.FuncMap{"x": xmlText, "net": netOf, "bits": bitsOf}).Parse(
	`<domain type='{{if eq .Accel "kvm"}}kvm{{else}}qemu{{end}}'>
  <name>{{x .Name}}</name>
  <memory unit='MiB'>{{.MemMB}}</memory>
  <vcpu placement='static'>{{.CPUs}}</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{{x .Kernel}}</kernel>
    <initrd>{{x .Initrd}}</initrd>
    <cmdline>{{x .Cmdline}}</cmdline>
  </os>
  <features><acpi/></features>
  {{if eq .Accel "kvm"}}<cpu mode='host-passthrough'/>{{else}}<cpu mode='custom' match='exact' check='none'><model fallback='forbid'>qemu64</model></cpu>{{end}}
  <clock offset='utc'/>
  <pm><suspend-to-mem enabled='yes'/><suspend-to-disk enabled='no'/></pm>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <controller type='usb' model='none'/>
    <controller type='virtio-serial' index='0'/>
    <serial type='file'><source path='{{x .Console}}'/><target port='0'/></serial>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
      <address type='virtio-serial' controller='0' bus='0' port='1'/>
    </channel>
    <channel type='unix'>
      <source mode='bind' path='{{x .CtlSock}}'/>
      <target type='virtio' name='org.goqga.ctl'/>
      <address type='virtio-serial' controller='0' bus='0' port='2'/>
    </channel>
{{- if .RefSock}}
    <channel type='unix'>
      <source mode='bind' path='{{x .RefSock}}'/>
      <target type='virtio' name='{{x .RefPort}}'/>
      <address type='virtio-serial' controller='0' bus='0' port='3'/>
    </channel>
{{- end}}
{{- range .Disks}}
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' discard='unmap'/>
      <source file='{{x .Path}}'/>
      <target dev='{{x .Dev}}' bus='virtio'/>
      <serial>{{x .Serial}}</serial>
    </disk>
{{- end}}
    <interface type='user'>
      <mac address='{{x .NIC.MAC}}'/>
      <model type='virtio'/>
      <ip family='ipv4' address='{{net .NIC.IP4}}' prefix='{{bits .NIC.IP4}}'/>
      <ip family='ipv6' address='{{net .NIC.IP6}}' prefix='{{bits .NIC.IP6}}'/>
      <rom enabled='no'/>
    </interface>
    <memballoon model='none'/>
  </devices>
</domain>
`))

// RefPort is the port name of qemu-ga beside goqga.
func (Domain) RefPort() string { return vm.RefAgentPort }

// XML renders the domain for virsh define.
func (d Domain) XML() (string, error) {
	for _, a := range []string{d.NIC.IP4, d.NIC.IP6} {
		if _, err := netip.ParsePrefix(a); err != nil {
			return "", fmt.Errorf("domain: NIC address %q: %v", a, err)
		}
	}
	var b bytes.Buffer
	if err := domainTmpl.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // quotes too: values sit in '...' attributes
	return b.String()
}

// netOf is the network of an address with prefix: 192.0.2.15/24 -> 192.0.2.0.
func netOf(s string) string {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return ""
	}
	return p.Masked().Addr().String()
}

func bitsOf(s string) int {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return 0
	}
	return p.Bits()
}
