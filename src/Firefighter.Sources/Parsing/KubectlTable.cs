using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Parsing;

namespace Firefighter.Sources.Parsing;

/// <summary>Parses kubectl's column-aligned event tables (<c>kubectl get events</c> and the Events section of <c>kubectl describe</c>).</summary>
internal static class KubectlTable
{
    private static readonly string[] Headers =
        ["NAMESPACE", "LAST SEEN", "FIRST SEEN", "COUNT", "NAME", "KIND", "SUBOBJECT", "TYPE", "REASON", "OBJECT", "SOURCE", "MESSAGE", "AGE", "FROM"];

    /// <summary>The columns of a header line (name, start index), or null when it is not an events header.</summary>
    public static List<(string Name, int Start)>? Columns(string header)
    {
        var upper = header.ToUpperInvariant();
        var columns = new List<(string, int)>();
        foreach (var h in Headers)
        {
            var i = FindWord(upper, h);
            if (i >= 0)
            {
                columns.Add((h, i));
            }
        }
        columns.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        var names = columns.Select(c => c.Item1).ToHashSet(StringComparer.Ordinal);
        var isEvents = names.Contains("REASON") && names.Contains("MESSAGE") && (names.Contains("LAST SEEN") || names.Contains("AGE"));
        return isEvents ? columns : null;
    }

    /// <summary>The cells of a row by column name.</summary>
    public static Dictionary<string, string> Cells(string row, List<(string Name, int Start)> columns)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Count; c++)
        {
            var start = columns[c].Start;
            var end = c + 1 < columns.Count ? columns[c + 1].Start : row.Length;
            if (start >= row.Length)
            {
                cells[columns[c].Name] = "";
                continue;
            }
            // When a cell overflows (kubectl never does, hand edits may), take up to the next run of two spaces.
            end = Math.Min(end, row.Length);
            cells[columns[c].Name] = c + 1 < columns.Count ? row[start..end].Trim() : row[start..].Trim();
        }
        return cells;
    }

    /// <summary>Builds an event from a row; ages are turned into times when the capture time is known.</summary>
    public static KubeEvent? ToEvent(Dictionary<string, string> cells, EntityRef? involvedDefault, string? defaultNamespace, EvidenceRef reference, ReadContext context, string source)
    {
        var reason = cells.GetValueOrDefault("REASON", "");
        var message = cells.GetValueOrDefault("MESSAGE", "");
        var type = cells.GetValueOrDefault("TYPE", "Normal");
        var ns = cells.TryGetValue("NAMESPACE", out var n) && n.Length > 0 ? n : defaultNamespace;
        EntityRef? involved = involvedDefault;
        if (cells.TryGetValue("OBJECT", out var obj) && obj.Length > 0)
        {
            involved = KubeKinds.ParseTarget(obj, ns);
            if (involved.Kind == "Service" && !obj.Contains('/', StringComparison.Ordinal))
            {
                involved = involved with { Kind = "Unknown" };
            }
        }
        else if (cells.TryGetValue("NAME", out var name) && cells.TryGetValue("KIND", out var kind) && name.Length > 0)
        {
            var k = KubeKinds.FromResource(kind);
            involved = new EntityRef(k, KubeKinds.IsClusterScoped(k) ? null : ns, name);
        }
        if (involved is null || reason.Length == 0)
        {
            return null;
        }
        var ageText = cells.TryGetValue("LAST SEEN", out var ls) ? ls : cells.GetValueOrDefault("AGE", "");
        ParseAge(ageText, out var lastAge, out var count, out var firstAge);
        if (cells.TryGetValue("FIRST SEEN", out var fs) && Timestamps.TryParseAge(fs, out var f))
        {
            firstAge = f;
        }
        if (cells.TryGetValue("COUNT", out var cs) && int.TryParse(cs, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c))
        {
            count = c;
        }
        DateTimeOffset? last = null, first = null;
        if (context.Incident.CapturedAt is { } captured)
        {
            last = lastAge is { } la ? captured - la : null;
            first = firstAge is { } fa ? captured - fa : last;
        }
        else if (lastAge is not null)
        {
            context.WarnOnce("relative-ages", source, reference.Line,
                "event ages are relative (e.g. 5m) and incident.yaml has no captured_at: event times left empty");
        }
        var component = cells.TryGetValue("FROM", out var from) ? from : cells.GetValueOrDefault("SOURCE");
        if (component is not null)
        {
            var comma = component.IndexOf(',', StringComparison.Ordinal);
            component = comma > 0 ? component[..comma] : component;
        }
        return new KubeEvent(type, reason, message, involved, first, last, count, reference with { Excerpt = KubeYaml.Excerpt(reason, message) })
        {
            Component = string.IsNullOrEmpty(component) ? null : component,
        };
    }

    /// <summary>Parses <c>5m</c>, <c>5m (x8 over 24m)</c>, <c>&lt;unknown&gt;</c>.</summary>
    public static void ParseAge(string text, out TimeSpan? last, out int count, out TimeSpan? first)
    {
        last = null;
        first = null;
        count = 1;
        var t = text.Trim();
        var paren = t.IndexOf('(', StringComparison.Ordinal);
        var head = paren > 0 ? t[..paren].Trim() : t;
        if (Timestamps.TryParseAge(head, out var a))
        {
            last = a;
            first = a;
        }
        if (paren > 0)
        {
            // "(x8 over 24m)"
            var inner = t[(paren + 1)..].TrimEnd(')').Trim();
            if (inner.StartsWith('x'))
            {
                var sp = inner.IndexOf(' ', StringComparison.Ordinal);
                var num = sp > 0 ? inner[1..sp] : inner[1..];
                if (int.TryParse(num, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    count = n;
                }
                var over = inner.IndexOf("over ", StringComparison.Ordinal);
                if (over > 0 && Timestamps.TryParseAge(inner.AsSpan(over + 5), out var f))
                {
                    first = f;
                }
            }
        }
    }

    private static int FindWord(string line, string word)
    {
        var from = 0;
        while (true)
        {
            var i = line.IndexOf(word, from, StringComparison.Ordinal);
            if (i < 0)
            {
                return -1;
            }
            var beforeOk = i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t';
            var afterOk = i + word.Length == line.Length || line[i + word.Length] == ' ' || line[i + word.Length] == '\t';
            if (beforeOk && afterOk)
            {
                return i;
            }
            from = i + 1;
        }
    }
}
