// Package action holds the logic of authspec's GitHub Action (run.sh,
// which action.yml at the repository's root runs). It has no Go code; its
// test runs run.sh as a runner would, against a local folder standing in
// for the release download.
package action
