// Package docs holds authspec's user documentation, one Markdown page a
// subject, beside the README. It has no code: its tests keep the pages
// honest (every relative link and anchor resolves, the README stays short).
package docs
