using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Firefighter.Sources.Collect;

/// <summary><c>ff collect</c>: reads live sources (Kubernetes API, Prometheus, Loki) for an alert's scope and window into an evidence bundle
/// directory with a <c>manifest.json</c> of every query, that <c>ff investigate</c> reads like a hand-made bundle.</summary>
/// <remarks>Best effort and never throws on a source's answer: each failed query is an entry in the manifest and a progress line, and the
/// other sources go on. Bounded: at most <see cref="CollectOptions.MaxPods"/> pods' logs of <see cref="CollectOptions.MaxLogBytes"/> each,
/// <see cref="CollectOptions.MaxObjectsPerList"/> objects per list, <see cref="CollectOptions.MaxSeriesPerQuery"/> series per query, and
/// <see cref="CollectOptions.MaxTotalBytes"/> in all.</remarks>
public sealed partial class BundleCollector
{
    private readonly CollectOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string> _progress;
    private readonly string _dir;
    private CollectManifest _manifest = new();

    private BundleCollector(CollectOptions options, string dir, TimeProvider time, Action<string>? progress)
    {
        _options = options;
        _dir = dir;
        _time = time;
        _progress = progress ?? (_ => { });
    }

    /// <summary>Collects into <paramref name="dir"/> (created; existing files are replaced) and returns the manifest, or an error when
    /// nothing could be started (bad alert payload, no source, unwritable directory).</summary>
    public static async Task<(CollectManifest? Manifest, string? Error)> CollectAsync(CollectOptions options, string dir, TimeProvider time,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Kube is null && options.Prometheus is null && options.Loki is null && options.AlertJson is null)
        {
            return (null, "nothing to collect: give an alert and at least one of --kubeconfig/--in-cluster, --prometheus, --loki");
        }
        AlertScope? scope = null;
        if (options.AlertJson is { } json)
        {
            var (parsed, error) = AlertScope.Parse(json);
            if (parsed is null)
            {
                return (null, "the alert payload is not an Alertmanager webhook: " + error);
            }
            scope = parsed;
        }
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{dir}: cannot create the bundle directory: {e.Message}");
        }
        var collector = new BundleCollector(options, dir, time, progress);
        return (await collector.RunAsync(scope, cancellationToken).ConfigureAwait(false), null);
    }

    private string? Namespace { get; set; }

    private IReadOnlyList<string> Workloads { get; set; } = [];

    private async Task<CollectManifest> RunAsync(AlertScope? scope, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var end = _options.End ?? now;
        var start = scope is not null ? scope.StartsAt - _options.Lookback : _options.Start ?? end - _options.Lookback;
        if (start >= end)
        {
            start = end - _options.Lookback;
        }
        Namespace = scope?.Namespace ?? _options.Namespace;
        Workloads = scope?.Workloads ?? [];
        _manifest = new CollectManifest
        {
            StartedAt = now,
            WindowStart = start,
            WindowEnd = end,
            GroupKey = scope?.GroupKey,
            Alerts = scope?.AlertNames ?? [],
            Namespace = Namespace,
            Workloads = Workloads,
        };
        _progress($"collecting {(Namespace is null ? "all namespaces" : "namespace " + Namespace)} from {Iso(start)} to {Iso(end)}"
                  + (Workloads.Count > 0 ? $" (workloads: {string.Join(", ", Workloads)})" : ""));
        if (_options.AlertJson is { } alert)
        {
            WriteText("alerts/alert.json", alert, "alert", "the Alertmanager webhook payload", 1);
        }
        var podsWithLogs = new HashSet<string>(StringComparer.Ordinal);
        if (_options.Kube is { } kube)
        {
            await CollectKubeAsync(kube, start, end, podsWithLogs, ct).ConfigureAwait(false);
        }
        if (_options.Prometheus is { } prom)
        {
            await CollectPrometheusAsync(prom, scope, start, end, ct).ConfigureAwait(false);
        }
        if (_options.Loki is { } loki)
        {
            await CollectLokiAsync(loki, start, end, podsWithLogs, ct).ConfigureAwait(false);
        }
        WriteIncident(scope, start, end, now);
        _manifest.FinishedAt = _time.GetUtcNow();
        var manifestText = JsonSerializer.Serialize(_manifest, CollectJsonContext.Default.CollectManifest);
        File.WriteAllText(Path.Combine(_dir, "manifest.json"), manifestText);
        var failed = _manifest.Entries.Count(e => e.Status == "failed");
        _progress($"wrote {_manifest.Entries.Count(e => e.File is not null)} files ({_manifest.Bytes / 1024.0:0.#} KiB) to {_dir}; {failed} queries failed, {_manifest.Redactions} secrets redacted");
        return _manifest;
    }

    private void WriteIncident(AlertScope? scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        sb.Append("title: ").Append(Quote(scope?.Title ?? $"Collected evidence for {Namespace ?? "the cluster"}")).Append('\n');
        sb.Append("start: ").Append(Iso(start)).Append('\n');
        sb.Append("end: ").Append(Iso(end)).Append('\n');
        if (scope is { Services.Count: > 0 })
        {
            sb.Append("services: [").Append(string.Join(", ", scope.Services.Select(Quote))).Append("]\n");
        }
        if (Namespace is not null)
        {
            sb.Append("namespace: ").Append(Quote(Namespace)).Append('\n');
        }
        sb.Append("notes: ").Append(Quote(scope is null
            ? "Collected by ff collect (see manifest.json for every query)."
            : $"Collected by ff collect for alert group {scope.GroupKey} ({string.Join(", ", scope.AlertNames)}, started {Iso(scope.StartsAt)}); see manifest.json for every query.")).Append('\n');
        sb.Append("captured_at: ").Append(Iso(now)).Append('\n');
        WriteText("incident.yaml", sb.ToString(), null, null, 0);
    }

    /// <summary>Writes a bundle file unless the total cap is reached; records it in the manifest when <paramref name="source"/> is set.</summary>
    private bool WriteText(string relative, string text, string? source, string? what, int items, string status = "ok", string? note = null)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (_manifest.Bytes + bytes > _options.MaxTotalBytes)
        {
            Record(source ?? "bundle", what ?? relative, null, "skipped", items, $"bundle size cap of {_options.MaxTotalBytes >> 20} MiB reached; {relative} not written");
            return false;
        }
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        _manifest.Bytes += bytes;
        if (source is not null)
        {
            Record(source, what!, relative, status, items, note);
        }
        return true;
    }

    private void Record(string source, string what, string? file, string status, int items, string? error)
    {
        _manifest.Entries.Add(new CollectEntry(source, what, file, status, items, error, _time.GetUtcNow()));
        if (status is "failed" or "skipped")
        {
            _progress($"{source}: {what}: {status}: {error}");
        }
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Quote(string s) => JsonValue.Create(s).ToJsonString();

    private static string Safe(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? char.ToLowerInvariant(c) : '_');
        }
        return sb.Length > 100 ? sb.ToString(0, 100) : sb.ToString();
    }
}
