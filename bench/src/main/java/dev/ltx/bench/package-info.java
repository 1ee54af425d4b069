/**
 * JMH benchmarks and side-by-side measurements against peer libraries.
 */
package dev.ltx.bench;
