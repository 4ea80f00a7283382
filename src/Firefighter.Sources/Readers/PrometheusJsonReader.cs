using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads Prometheus HTTP API responses under metrics/: query_range (matrix), query (vector, scalar), with or without the status envelope.</summary>
public sealed class PrometheusJsonReader : StructuredReader
{
    /// <inheritdoc />
    public override string Kind => "metrics";

    /// <inheritdoc />
    public override bool CanRead(BundleFile file) => file.Folder == "metrics" && file.Extension == ".json";

    /// <inheritdoc />
    private protected override int ReadItem(JsonNode? node, int line, BundleFile file, StructuredDocument doc, ReadContext context)
    {
        var count = 0;
        if (node is not JsonObject obj)
        {
            context.Warn(file.Path, line, "not a Prometheus API response (expected an object)");
            return count;
        }
        if (KubeObject.Str(obj["status"]) == "error")
        {
            context.Warn(file.Path, line, $"Prometheus error response: {KubeObject.Str(obj["errorType"])}: {KubeObject.Str(obj["error"])}");
            return count;
        }
        var data = obj["data"] as JsonObject ?? (obj.ContainsKey("resultType") ? obj : null);
        if (data is null)
        {
            context.Warn(file.Path, line, "not a Prometheus query response (no data.resultType)");
            return count;
        }
        var type = KubeObject.Str(data["resultType"]);
        switch (type, data["result"])
        {
            case ("matrix" or "vector", JsonArray result):
                count += ReadSeries(result, type == "matrix", file, doc, line, context);
                break;
            case ("scalar", JsonArray pair):
                var b = new SeriesBuilder(file.Stem, new Dictionary<string, string>(), new EvidenceRef(file.Path, doc.LineOf(data, line)));
                if (TrySample(pair, out var t, out var v))
                {
                    b.Add(t, v);
                }
                count += Finish(b, file, context);
                break;
            default:
                context.Warn(file.Path, line, $"not read: resultType '{type}' (matrix, vector and scalar are read)");
                break;
        }
        return count;
    }

    private static int ReadSeries(JsonArray result, bool matrix, BundleFile file, StructuredDocument doc, int line, ReadContext context)
    {
        var count = 0;
        foreach (var item in result)
        {
            var itemLine = doc.LineOf(item, line);
            if (item is not JsonObject series)
            {
                context.Drop(file.Path, itemLine, 1, "series is not an object; skipped");
                continue;
            }
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var name = file.Stem;
            if (series["metric"] is JsonObject metric)
            {
                foreach (var (k, v) in metric)
                {
                    if (KubeObject.Str(v) is not { } s)
                    {
                        continue;
                    }
                    if (k == "__name__")
                    {
                        name = s;
                    }
                    else
                    {
                        labels[k] = s;
                    }
                }
            }
            var builder = new SeriesBuilder(name, labels, new EvidenceRef(file.Path, itemLine));
            var bad = 0;
            if (matrix && series["values"] is JsonArray values)
            {
                foreach (var pair in values)
                {
                    if (pair is JsonArray p && TrySample(p, out var t, out var v))
                    {
                        builder.Add(t, v);
                    }
                    else
                    {
                        bad++;
                    }
                }
            }
            else if (!matrix && series["value"] is JsonArray single)
            {
                if (TrySample(single, out var t, out var v))
                {
                    builder.Add(t, v);
                }
                else
                {
                    bad++;
                }
            }
            if (bad > 0)
            {
                context.Drop(file.Path, itemLine, bad, $"{bad} unreadable sample(s) skipped in series {name}");
            }
            count += Finish(builder, file, context);
        }
        return count;
    }

    private static int Finish(SeriesBuilder builder, BundleFile file, ReadContext context)
    {
        var series = builder.Build(out var duplicates);
        if (duplicates > 0)
        {
            context.Warn(file.Path, builder.Ref.Line, $"{duplicates} duplicate timestamp(s) in series {series.Id}; the last value kept");
        }
        context.Evidence.Metrics.Add(series);
        return 1;
    }

    private static bool TrySample(JsonArray pair, out double t, out double v)
    {
        t = 0;
        v = 0;
        if (pair.Count != 2)
        {
            return false;
        }
        var ts = KubeObject.Str(pair[0]);
        var vs = KubeObject.Str(pair[1]);
        return ts is not null && vs is not null
            && double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out t)
            && PromSelector.TryParseValue(vs, out v);
    }
}
