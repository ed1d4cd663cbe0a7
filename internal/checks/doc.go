// Package checks is authspec's judge: it takes the bytes a server answered
// and says, rule by rule, what is right and what is wrong.
//
// It does no I/O and knows nothing of Ginkgo. The probe layer records
// exchanges; the suite hands them to Evaluate (for the rules that judge one
// response) or to the relational checks in behaviour.go (for the rules that
// compare several responses); the report writers render what comes back.
//
// Every rule is a declared Rule value registered in the catalogue (see
// rule.go). Its ID is stable once published: waivers and dashboards key on it.
package checks
