package archive

import "reflect"

// Who a call without a Caller acts as, when the attacher does not say.
const (
	DefaultAccount = "123456789012" // AWS's documentation account
	DefaultRegion  = "us-east-1"
)

// attacherIdentity returns the attacher's own account and region when it
// reports them (*bus.Bus has Account and Region methods), else the
// defaults.
func attacherIdentity(att Attacher) (account, region string) {
	account, region = DefaultAccount, DefaultRegion
	if id, ok := att.(interface {
		Account() string
		Region() string
	}); ok {
		if s := id.Account(); s != "" {
			account = s
		}
		if s := id.Region(); s != "" {
			region = s
		}
	}
	return account, region
}

// attacherClock returns the attacher's clock when it has a method
//
//	Clock() C
//
// whose result implements ArchiveClock, else the system clock.
//
// Why reflection: *bus.Bus's method returns bus.Clock, a named interface
// of package bus, and this package does not import bus (archive depends on
// the root package and pattern only, so that an Attacher other than
// *bus.Bus brings no delivery engine along). A Go interface assertion
// matches method signatures exactly, so `interface{ Clock() ArchiveClock }`
// does not match `Clock() bus.Clock` although the two interfaces have the
// same methods; reflection checks the result's methods instead. It runs
// once, in NewArchives, and the method name is a constant, so the linker
// still drops unused methods. Should the clock type move to the root
// package, a plain interface assertion can replace this.
func attacherClock(att Attacher) ArchiveClock {
	m := reflect.ValueOf(att).MethodByName("Clock")
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
		return archiveSystemClock{}
	}
	if clk, ok := m.Call(nil)[0].Interface().(ArchiveClock); ok && clk != nil {
		return clk
	}
	return archiveSystemClock{}
}

var _ ArchiveClock = archiveSystemClock{}
