/**
 * Experiment reports: plots, tables and machine-readable results for the transfer experiments.
 *
 * <p>Inputs are small plain records, independent of the transfer algorithms' own result types
 * (the experiment glue converts): a {@link dev.ltx.transfer.report.Series} is one method's curve
 * over several runs (seed pairs), values at x = 1..n; a {@link dev.ltx.transfer.report.Figure}
 * groups series under a title and axis titles; a {@link dev.ltx.transfer.report.SummaryRow} holds
 * one method's numbers as {@link dev.ltx.transfer.report.MeanStd} (mean ± sample std over runs);
 * an {@link dev.ltx.transfer.report.ExperimentSummary} holds everything.
 *
 * <p>Outputs, all written atomically (temporary file + rename):
 * <ul>
 *   <li>{@link dev.ltx.transfer.report.BandPlot}: PNG via XChart (headless), mean line and
 *       ±1 sample-std band per series, as in the paper's Figures 5 (accuracy vs transfer step,
 *       Oracle dash-dot) and 6 (accuracy vs fine-tuning epoch, plus standard training);</li>
 *   <li>{@link dev.ltx.transfer.report.SummaryTable}: aligned Markdown table;</li>
 *   <li>{@link dev.ltx.transfer.report.CurveCsv}: long-format CSV {@code method,pair,x,value},
 *       with a reader for round trips;</li>
 *   <li>{@link dev.ltx.transfer.report.SummaryJson}: the whole summary as JSON (Jackson);</li>
 *   <li>{@link dev.ltx.transfer.report.ReportFolder}: all of the above into one folder.</li>
 * </ul>
 * Statistics ({@link dev.ltx.transfer.report.CurveStats}): mean and sample standard deviation
 * (n−1 divisor, 0 for one run), computed in two passes in a fixed order.
 */
package dev.ltx.transfer.report;
