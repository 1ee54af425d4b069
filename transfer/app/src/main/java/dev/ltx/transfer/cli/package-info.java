/**
 * The {@code ltx} command line (picocli): {@link dev.ltx.transfer.cli.Main} is the entry point of
 * {@code ltx.jar}; subcommands bind typed options (optionally from a JSON {@code --config} file)
 * into config records and report bad input in one line with exit code 2, failures with exit code 1.
 */
package dev.ltx.transfer.cli;
