package probe

// Version is authspec's version, sent in the User-Agent of every request.
const Version = "0.1.0"

// userAgent tells server operators who is knocking and why.
const userAgent = "authspec/" + Version + " (+conformance suite)"
