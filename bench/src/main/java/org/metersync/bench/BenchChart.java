package org.metersync.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Two charts side by side in one PNG: readings per second and SQL statements per 1000 readings,
 * each against the batch size, one series per scenario; batch size and statements on log axes.
 */
final class BenchChart {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 440;
  private static final Map<String, Color> COLORS = new LinkedHashMap<>();

  static {
    COLORS.put(BenchRow.UPLOAD, new Color(0x1f77b4));
    COLORS.put(BenchRow.UPLOAD_FRESH, new Color(0x2ca02c));
    COLORS.put(BenchRow.FLOOR_UPLOAD, new Color(0x9ecae1));
    COLORS.put(BenchRow.FLOOR_UPLOAD_FRESH, new Color(0xa1d99b));
    COLORS.put(BenchRow.BASELINE_UPLOAD, new Color(0x08306b));
    COLORS.put(BenchRow.DOWNLOAD, new Color(0xd62728));
    COLORS.put(BenchRow.FLOOR_DOWNLOAD, new Color(0xfc9272));
    COLORS.put(BenchRow.BASELINE_DOWNLOAD, new Color(0x67000d));
    COLORS.put(BenchRow.REMOTE_UPLOAD, new Color(0x1f77b4));
    COLORS.put(BenchRow.REMOTE_UPLOAD_FRESH, new Color(0x2ca02c));
    COLORS.put(BenchRow.REMOTE_DIRECT, new Color(0x7f7f7f));
  }

  private BenchChart() {}

  static void write(List<BenchRow> rows, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    XYChart speed =
        chart("Readings per second", "readings / s (log)", rows, BenchRow::readingsPerSecond);
    XYChart statements =
        chart(
            "SQL statements per 1000 readings",
            "statements / 1000 readings (log)",
            rows,
            BenchRow::sqlStatementsPer1000);
    BitmapEncoder.saveBitmap(
        List.of(speed, statements), 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static XYChart chart(
      String title, String yTitle, List<BenchRow> rows, ToDoubleFunction<BenchRow> y) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("batch size (readings per batch, log)")
            .yAxisTitle(yTitle)
            .build();
    Styler styler = chart.getStyler();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    chart.getStyler().setYAxisDecimalPattern("#,##0.#");
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
    styler.setMarkerSize(8);
    for (Map.Entry<String, Color> scenario : COLORS.entrySet()) {
      // A log axis has no place for 0 (the direct upload runs no SQL).
      List<BenchRow> series =
          rows.stream()
              .filter(r -> r.scenario().equals(scenario.getKey()) && y.applyAsDouble(r) > 0)
              .toList();
      if (series.isEmpty()) {
        continue;
      }
      XYSeries line =
          chart.addSeries(
              scenario.getKey(),
              series.stream().mapToDouble(BenchRow::batchSize).toArray(),
              series.stream().mapToDouble(y).toArray());
      line.setLineColor(scenario.getValue());
      line.setMarkerColor(scenario.getValue());
      line.setMarker(SeriesMarkers.CIRCLE);
      if (scenario.getKey().startsWith("floor")
          || scenario.getKey().equals(BenchRow.REMOTE_DIRECT)) {
        line.setLineStyle(
            new BasicStroke(
                2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
      }
    }
    return chart;
  }
}
