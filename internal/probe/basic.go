package probe

import "encoding/base64"

// basicValue is the Authorization field value of RFC 7617 §2: the scheme
// and the base64 of user-id ":" password.
func basicValue(username, password string) string {
	return "Basic " + basicToken(username, password)
}

// basicToken is the base64 of user-id ":" password, itself a secret.
func basicToken(username, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(username + ":" + password))
}
