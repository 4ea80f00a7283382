using System.Globalization;
using System.Text;

namespace Firefighter.Sources.Collect;

public sealed partial class BundleCollector
{
    /// <summary>Loki labels that name the namespace, pod and container (Promtail's and the Grafana Agent's Kubernetes defaults).</summary>
    private static readonly string[] NamespaceLabels = ["namespace", "k8s_namespace_name"];
    private static readonly string[] PodLabels = ["pod", "k8s_pod_name", "pod_name"];
    private static readonly string[] ContainerLabels = ["container", "k8s_container_name", "container_name"];

    private async Task CollectLokiAsync(Uri url, DateTimeOffset start, DateTimeOffset end, HashSet<string> podsWithLogs, CancellationToken ct)
    {
        using var client = new LokiClient(url, _options.LokiToken, _options.LokiTenant);
        var ns = Namespace is null ? null : Escape(Namespace);
        var queries = new List<string>();
        // The alert's own workloads first, so the line limit of the namespace-wide query cannot crowd them out.
        if (ns is not null && Workloads.Count > 0)
        {
            queries.Add($"{{namespace=\"{ns}\", pod=~\"({string.Join("|", Workloads.Select(w => RegexEscape(w)))})-.*\"}}");
        }
        queries.Add(ns is null ? "{namespace=~\".+\"}" : $"{{namespace=\"{ns}\"}}");
        _progress($"loki: {queries.Count} log queries at {url}");
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            var what = $"query_range {query} [{Iso(start)}, {Iso(end)}] limit {_options.LokiLimit}";
            IReadOnlyList<LokiStreamLines> streams;
            try
            {
                streams = await client.QueryRangeAsync(query, start, end, _options.LokiLimit, ct).ConfigureAwait(false);
            }
            catch (LokiException e)
            {
                Record("loki", what, null, "failed", 0, e.Message);
                continue;
            }
            var lines = streams.Sum(s => s.Values.Count);
            Record("loki", what, null, lines == 0 ? "empty" : lines >= _options.LokiLimit ? "truncated" : "ok", lines,
                lines >= _options.LokiLimit ? $"the line limit {_options.LokiLimit} was reached: older lines of the window may be missing" : null);
            // One file per pod and container: streams of one container (stdout, stderr, levels) merge in time order.
            foreach (var group in streams.GroupBy(s => FileFor(s.Labels)))
            {
                var (file, key) = group.Key;
                if (written.Contains(file) || (key is not null && podsWithLogs.Contains(key)))
                {
                    continue; // already read from the API (or by the in-scope query)
                }
                var sb = new StringBuilder();
                var count = 0;
                foreach (var (nanos, line) in group.SelectMany(s => s.Values).OrderBy(v => v.UnixNanos))
                {
                    var (clean, n) = LogRedaction.Scrub(line);
                    _manifest.Redactions += n;
                    // CRI form keeps Loki's timestamp, which the log readers take even for lines that carry none of their own.
                    sb.Append(Cri(nanos)).Append(" stdout F ").Append(clean.Replace('\n', ' ')).Append('\n');
                    count++;
                    if (sb.Length > _options.MaxLogBytes)
                    {
                        break;
                    }
                }
                if (WriteText(file, sb.ToString(), "loki", $"{what}: stream {string.Join(",", group.First().Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}", count))
                {
                    written.Add(file);
                }
            }
        }
    }

    private static (string File, string? Key) FileFor(IReadOnlyDictionary<string, string> labels)
    {
        var ns = First(labels, NamespaceLabels);
        var pod = First(labels, PodLabels);
        var container = First(labels, ContainerLabels);
        if (ns is not null && pod is not null)
        {
            container ??= "log";
            return ($"logs/loki/{Safe(ns)}_{Safe(pod)}_{Safe(container)}.log", $"{ns}/{pod}/{container}");
        }
        var name = string.Join("_", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => Safe(l.Value)));
        return ($"logs/loki/{(name.Length == 0 ? "stream" : name)}.log", null);
    }

    private static string? First(IReadOnlyDictionary<string, string> labels, string[] names)
    {
        foreach (var n in names)
        {
            if (labels.TryGetValue(n, out var v) && v.Length > 0)
            {
                return v;
            }
        }
        return null;
    }

    private static string Cri(long unixNanos)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(unixNanos / 1_000_000).UtcDateTime;
        return t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "." + (unixNanos % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string RegexEscape(string s) => Escape(System.Text.RegularExpressions.Regex.Escape(s));
}
