/**
 * A parsed JSON document a test reads by path (`doc.paths['/x'].get.description`) and hands to
 * `expect`: the assertion is the check, so the path itself is not typed. The one named escape
 * from noExplicitAny in the tests; code under test never uses it.
 */
// biome-ignore lint/suspicious/noExplicitAny: the reason is above
export type ParsedJson = any;
