using System.Diagnostics;
using System.Globalization;

namespace Firefighter.Cli;

/// <summary>Says on stderr how far a long read has got, at most once every <see cref="Interval"/>: <c>ff: N records mined (S s)</c>.</summary>
/// <param name="error">Where to write.</param>
/// <param name="verb">What is counted, e.g. <c>records mined</c>.</param>
public sealed class ProgressReporter(TextWriter error, string verb)
{
    /// <summary>Least time between two reports.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private TimeSpan _last;
    private long _count;

    /// <summary>Reports <paramref name="count"/> when the interval has passed.</summary>
    public void Report(long count)
    {
        if (_watch.Elapsed - _last >= Interval)
        {
            _last = _watch.Elapsed;
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ff: {count:N0} {verb} ({_watch.Elapsed.TotalSeconds:F0} s)"));
        }
    }

    /// <summary>Counts one more and reports every 65,536 when the interval has passed (cheap enough to call per record).</summary>
    public void Tick()
    {
        if (++_count % 65536 == 0)
        {
            Report(_count);
        }
    }
}
