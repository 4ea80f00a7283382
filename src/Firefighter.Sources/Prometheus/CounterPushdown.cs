using System.Globalization;
using System.Text.RegularExpressions;

namespace Firefighter.Sources.Prometheus;

/// <summary>Turns a bare selector of a counter into <c>rate(Q[w])</c> so the server computes the rate instead of sending the raw counter;
/// the type comes from <c>/api/v1/metadata</c>, else (no metadata: 404, empty, error) from the <c>_total</c> suffix.</summary>
public static partial class CounterPushdown
{
    private static readonly string[] FamilySuffixes = ["_total", "_count", "_sum", "_bucket"];

    /// <summary>The rate window for a range query step: max(4 × step, 2 min), so each point's window holds at least two scrapes of a
    /// target scraped every minute (Prometheus' default interval), whatever the step.</summary>
    public static TimeSpan Window(TimeSpan step) => TimeSpan.FromTicks(Math.Max(step.Ticks * 4, 2 * TimeSpan.TicksPerMinute));

    /// <summary>The metric name of a bare selector (<c>name</c> or <c>name{...}</c>, no function, range or operator), or null.</summary>
    public static string? BareSelectorMetric(string query)
    {
        var m = BareSelector().Match(query);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The query to send and, when it was rewritten, why (for the output); metadata failures fall back to the name rule without a word.</summary>
    public static async Task<(string Query, string? Reason)> RewriteAsync(PrometheusClient client, string query, TimeSpan step, CancellationToken cancellationToken = default)
    {
        if (BareSelectorMetric(query) is not { } name)
        {
            return (query, null);
        }
        var type = await TypeAsync(client, name, cancellationToken);
        var counter = type switch
        {
            "counter" => !name.EndsWith("_created", StringComparison.Ordinal),
            "histogram" or "summary" => name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal),
            null => name.EndsWith("_total", StringComparison.Ordinal),
            _ => false,
        };
        if (!counter)
        {
            return (query, null);
        }
        var window = Window(step);
        var rewritten = $"rate({query.Trim()}[{Duration(window)}])";
        var why = type is null ? "no metadata; name ends in _total" : $"metadata type {type}";
        return (rewritten, $"{query.Trim()} is a counter ({why}): pushed down as {rewritten} (window = max(4 x step {Duration(step)}, 2m))");
    }

    /// <summary>The metadata type of <paramref name="name"/> or of its family (<c>x_total</c> → <c>x</c>, as OpenMetrics targets report it); null when the server has none.</summary>
    private static async Task<string?> TypeAsync(PrometheusClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            if (First(await client.MetadataAsync(name, 1, cancellationToken), name) is { } t)
            {
                return t;
            }
            foreach (var suffix in FamilySuffixes)
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
                {
                    var family = name[..^suffix.Length];
                    return First(await client.MetadataAsync(family, 1, cancellationToken), family);
                }
            }
        }
        catch (PrometheusException)
        {
            // No metadata endpoint (older Thanos, some proxies) or it failed: the name rule decides.
        }
        return null;
    }

    private static string? First(IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> metadata, string name) =>
        metadata.TryGetValue(name, out var entries) && entries.Count > 0 && entries[0].Type.Length > 0 ? entries[0].Type : null;

    private static string Duration(TimeSpan t) =>
        t.Ticks % TimeSpan.TicksPerMinute == 0
            ? ((long)t.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m"
            : ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(@"^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{(?:[^{}""]|""(?:[^""\\]|\\.)*"")*\})?\s*$")]
    private static partial Regex BareSelector();
}
