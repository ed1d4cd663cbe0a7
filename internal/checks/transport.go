package checks

// ResponseReceived is the rule an exchange is reported against when the
// target could not be tested at all: no connection, a timeout, a TLS
// failure, bytes that are not HTTP. Its outcome is then "error", never
// "fail": the target broke no rule we could judge, we just could not judge.
var ResponseReceived = register(Rule{
	ID:          "rfc9110/response-received",
	RFC:         "RFC 9110",
	Section:     "15",
	Level:       Must,
	Requirement: "Each request gets a complete HTTP response with a status code within the configured timeout; otherwise the target is reported as an error, not a failure.",
})
