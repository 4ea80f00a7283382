using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Firefighter.SampleGen.Common;

/// <summary>Accumulates one container log's entries out of order, then renders them sorted by time in one line format.</summary>
public sealed class LogBook(Det rng)
{
    private readonly List<(DateTimeOffset At, int Seq, string[] Lines)> _entries = [];
    private int _seq;

    /// <summary>The generator used for this log's noise.</summary>
    public Det Rng { get; } = rng;

    /// <summary>Number of entries so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds an entry of one or more physical lines (continuation lines carry no timestamp).</summary>
    public void Add(DateTimeOffset at, params string[] lines) => _entries.Add((at, _seq++, lines));

    /// <summary>Plain "2024-01-15T14:22:45.123Z LEVEL message" lines.</summary>
    public void Plain(DateTimeOffset at, string level, string message, params string[] continuation) =>
        Add(at, [$"{Fmt.Ms(at)} {level} {message}", .. continuation]);

    /// <summary>A JSON line with ts, level, msg first, then the given fields.</summary>
    public void Json(DateTimeOffset at, string level, string message, params (string Key, object Value)[] fields)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("ts", Fmt.Ms(at));
            w.WriteString("level", level);
            w.WriteString("msg", message);
            foreach (var (key, value) in fields)
            {
                switch (value)
                {
                    case int i:
                        w.WriteNumber(key, i);
                        break;
                    case long l:
                        w.WriteNumber(key, l);
                        break;
                    case double d:
                        w.WritePropertyName(key);
                        w.WriteRawValue(Fmt.F(d, 3));
                        break;
                    case bool b:
                        w.WriteBoolean(key, b);
                        break;
                    default:
                        w.WriteString(key, value.ToString());
                        break;
                }
            }
            w.WriteEndObject();
        }
        Add(at, Encoding.UTF8.GetString(ms.ToArray()));
    }

    /// <summary>A Kubernetes CRI line: "&lt;RFC3339Nano&gt; stdout|stderr F message".</summary>
    public void Cri(DateTimeOffset at, string stream, string message) =>
        Add(at, $"{Fmt.Nano(at, Rng.Next(1, 100))} {stream} F {message}");

    /// <summary>The lines sorted by time (stable for equal times).</summary>
    public IEnumerable<string> Render()
    {
        foreach (var e in _entries.OrderBy(e => e.At).ThenBy(e => e.Seq))
        {
            foreach (var line in e.Lines)
            {
                yield return line;
            }
        }
    }

    /// <summary>Times from start to end spaced by a jittered mean interval (0.3x–1.7x).</summary>
    public IEnumerable<DateTimeOffset> Ticks(DateTimeOffset start, DateTimeOffset end, double meanSeconds)
    {
        var t = start.AddMilliseconds(Rng.Next(0, (int)(meanSeconds * 1000)));
        while (t < end)
        {
            yield return t;
            t = t.AddMilliseconds(meanSeconds * 1000 * (0.3 + (1.4 * Rng.NextDouble())));
        }
    }
}
