package probe

// Version is authspec's version, sent in the User-Agent of every request
// and carried by every report. Release builds set it with
// -ldflags "-X github.com/authspec/authspec/internal/probe.Version=0.2.0" (make
// release); other builds say what the source says.
var Version = "0.1.0"

// userAgent tells server operators who is knocking and why. A function,
// not a variable, so that it reads Version as the linker set it.
func userAgent() string { return "authspec/" + Version + " (+conformance suite)" }
