using System.Globalization;
using System.Net;
using Firefighter.Correlation;

namespace Firefighter.Reports.Rendering;

/// <summary>Draws a <see cref="ChartSeries"/> as an inline SVG line chart with axes, an onset marker and change markers.</summary>
/// <remarks>Non-finite values break the line; all text is XML-escaped. No script, no external resources.</remarks>
public static class SvgChart
{
    private const double Width = 760, Height = 250, Left = 72, Right = 16, Top = 34, Bottom = 34;
    private const double PlotW = Width - Left - Right, PlotH = Height - Top - Bottom;
    // Inside each SVG so a chart copied out of the page (or printed) keeps its look.
    private const string Style = ".grid line{stroke:#eaeef2}.axis line{stroke:#57606a}text{font:11px sans-serif;fill:#57606a}"
        + ".series{fill:none;stroke:#0969da;stroke-width:1.8}.marker line{stroke-width:1.4;stroke-dasharray:4 3}"
        + ".onset line{stroke:#cf222e}.onset text{fill:#cf222e;font-weight:700}.change line{stroke:#bc4c00}.change text{fill:#bc4c00}";

    private static readonly long[] TimeSteps = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

    /// <summary>Writes one <c>&lt;svg&gt;</c> element for the series with vertical markers at the onset and at the given change times.</summary>
    public static void Write(TextWriter w, ChartSeries series, DateTimeOffset? onset, IEnumerable<TimelineEntry> changes)
    {
        var points = series.Points.Where(p => p is { Length: >= 2 } && double.IsFinite(p[0])).ToList();
        var finite = points.Where(p => double.IsFinite(p[1])).ToList();
        w.Write($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" aria-label=\"{E(series.Title)}\">");
        w.Write($"<title>{E(series.Title)}: {E(series.Series)}</title><style>{Style}</style>");
        if (finite.Count == 0)
        {
            w.Write($"<text x=\"{N(Width / 2)}\" y=\"{N(Height / 2)}\" text-anchor=\"middle\" class=\"axis\">No data points</text></svg>\n");
            return;
        }

        double x0 = points.Min(p => p[0]), x1 = points.Max(p => p[0]);
        var markers = new List<(double X, string Label, string Title, string Css)>();
        var span = Math.Max(x1 - x0, 60);
        void Mark(DateTimeOffset t, string label, string title, string css)
        {
            var x = t.ToUnixTimeMilliseconds() / 1000.0;
            // Markers just outside the data widen the axis; far-away ones would squash the series, so they are left out.
            if (x >= x0 - span && x <= x1 + span)
            {
                markers.Add((x, label, title, css));
            }
        }
        foreach (var c in changes)
        {
            Mark(c.Time, Shorten(ReportView.OneLine(c.Text), 28), $"{c.Kind} {ReportView.Time(c.Time)} UTC: {ReportView.OneLine(c.Text)}", "change");
        }
        if (onset is { } o)
        {
            Mark(o, "onset", $"onset {ReportView.Time(o)} UTC", "onset");
        }
        foreach (var m in markers)
        {
            x0 = Math.Min(x0, m.X);
            x1 = Math.Max(x1, m.X);
        }
        if (x1 <= x0)
        {
            x1 = x0 + 60;
        }

        double y0 = Math.Min(0, finite.Min(p => p[1])), y1 = finite.Max(p => p[1]);
        if (y1 <= y0)
        {
            y1 = y0 + (y0 == 0 ? 1 : Math.Abs(y0));
        }
        // Byte axes step in whole binary units (0.5 GiB, 1 GiB), not decimal fractions of them.
        var unitScale = series.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase) ? BinaryScale(Math.Max(Math.Abs(y0), Math.Abs(y1))) : 1;
        var yStep = NiceStep((y1 - y0) / 4 / unitScale) * unitScale;
        y0 = Math.Floor(y0 / yStep) * yStep;
        y1 = Math.Ceiling(y1 / yStep) * yStep;
        // Counted ticks: adding a tiny step to a huge value would never advance.
        var yTicks = Math.Clamp((int)Math.Round((y1 - y0) / yStep), 1, 10);

        double X(double v) => Left + ((v - x0) / (x1 - x0) * PlotW);
        double Y(double v) => Top + PlotH - ((v - y0) / (y1 - y0) * PlotH);

        // Axes and grid.
        w.Write($"<g class=\"grid\">");
        for (var k = 0; k <= yTicks; k++)
        {
            var v = y0 + (k * yStep);
            w.Write($"<line x1=\"{N(Left)}\" x2=\"{N(Left + PlotW)}\" y1=\"{N(Y(v))}\" y2=\"{N(Y(v))}\"/>");
        }
        w.Write("</g><g class=\"axis\">");
        for (var k = 0; k <= yTicks; k++)
        {
            var v = y0 + (k * yStep);
            w.Write($"<text x=\"{N(Left - 6)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{E(FormatValue(v, series.Unit, y1))}</text>");
        }
        var xStep = TimeSteps.FirstOrDefault(s => (x1 - x0) / s <= 8, TimeSteps[^1]);
        var sameDay = DateTimeOffset.FromUnixTimeSeconds((long)x0).UtcDateTime.Date == DateTimeOffset.FromUnixTimeSeconds((long)x1).UtcDateTime.Date;
        for (var k = 0; k <= 10; k++)
        {
            var t = (Math.Ceiling(x0 / xStep) * xStep) + (k * xStep);
            if (t > x1)
            {
                break;
            }
            var label = DateTimeOffset.FromUnixTimeSeconds((long)t).UtcDateTime.ToString(sameDay ? "HH:mm" : "MM-dd HH:mm", CultureInfo.InvariantCulture);
            w.Write($"<line x1=\"{N(X(t))}\" x2=\"{N(X(t))}\" y1=\"{N(Top + PlotH)}\" y2=\"{N(Top + PlotH + 4)}\"/>");
            w.Write($"<text x=\"{N(X(t))}\" y=\"{N(Top + PlotH + 16)}\" text-anchor=\"middle\">{label}</text>");
        }
        w.Write($"<line x1=\"{N(Left)}\" x2=\"{N(Left)}\" y1=\"{N(Top)}\" y2=\"{N(Top + PlotH)}\"/>");
        w.Write($"<line x1=\"{N(Left)}\" x2=\"{N(Left + PlotW)}\" y1=\"{N(Top + PlotH)}\" y2=\"{N(Top + PlotH)}\"/>");
        w.Write($"<text x=\"{N(Left + PlotW)}\" y=\"{N(Height - 4)}\" text-anchor=\"end\">time (UTC)</text>");
        w.Write("</g>");

        // The series; a gap (NaN) starts a new segment.
        w.Write("<path class=\"series\" d=\"");
        var move = true;
        foreach (var p in points)
        {
            if (!double.IsFinite(p[1]))
            {
                move = true;
                continue;
            }
            w.Write(move ? "M" : "L");
            w.Write($"{N(X(p[0]))},{N(Y(p[1]))} ");
            move = false;
        }
        w.Write("\"/>");

        var row = 0;
        foreach (var m in markers.OrderBy(m => m.X))
        {
            var x = X(m.X);
            var labelY = Top - 6 - (row++ % 2 * 13);
            var anchor = x > Left + (PlotW * 0.8) ? "end" : "start";
            w.Write($"<g class=\"marker {m.Css}\"><title>{E(m.Title)}</title>");
            w.Write($"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(labelY + 2)}\" y2=\"{N(Top + PlotH)}\"/>");
            w.Write($"<text x=\"{N(anchor == "end" ? x - 3 : x + 3)}\" y=\"{N(labelY)}\" text-anchor=\"{anchor}\">{E(m.Label)}</text></g>");
        }
        w.Write("</svg>\n");
    }

    /// <summary>A value formatted for its unit: bytes in KiB/MiB/GiB, ratios as percentages, seconds as s/ms.</summary>
    public static string FormatValue(double v, string unit, double scaleMax)
    {
        switch (unit.ToLowerInvariant())
        {
            case "bytes":
                string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
                var i = 0;
                var scaled = Math.Abs(scaleMax);
                var value = v;
                while (scaled >= 1024 && i < units.Length - 1)
                {
                    scaled /= 1024;
                    value /= 1024;
                    i++;
                }
                return value.ToString("0.##", CultureInfo.InvariantCulture) + " " + units[i];
            case "ratio" or "percent" when scaleMax <= 1.0001:
                return (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
            case "seconds" or "s":
                return Math.Abs(scaleMax) < 1
                    ? (v * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms"
                    : v.ToString("0.##", CultureInfo.InvariantCulture) + " s";
            default:
                return v.ToString("G4", CultureInfo.InvariantCulture);
        }
    }

    private static double BinaryScale(double max)
    {
        var scale = 1.0;
        while (max / scale >= 1024 && scale < 1e15)
        {
            scale *= 1024;
        }
        return scale;
    }

    private static double NiceStep(double raw)
    {
        if (!(raw > 0) || !double.IsFinite(raw))
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * magnitude;
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
}
