/**
 * Learning transfer: assignment solver, permutation specs, weight matching, Naive/Oracle/GMT/FGMT, experiments and the command line (filled in by the transfer issue).
 */
package dev.ltx.transfer;
