using System.IO.Compression;
using System.Text;
using Firefighter.Evidence;
using Firefighter.Parsing;

namespace Firefighter.Logs;

/// <summary>A log file that could not be opened or read to the end.</summary>
public sealed class LogFileException(string message) : Exception(message);

/// <summary>The records of one log file as <c>ff logs diff</c> reads them: the header shape learned from its first lines (or the
/// given Loghub format), continuation lines (stack traces) joined to the record above; plain or <c>.gz</c>.</summary>
/// <remarks>Streams: one line in memory at a time past the first <see cref="HeaderShape.SampleLines"/>; O(bytes).</remarks>
public static class LogFileRecords
{
    /// <summary>The records of <paramref name="path"/>, lazily; throws <see cref="LogFileException"/> naming the file when it cannot be read.</summary>
    public static IEnumerable<(ReadOnlyMemory<char> Content, LogLevel Level, DateTimeOffset? Time)> Read(string path, LoghubFormat? format, int year)
    {
        using var lines = ReadLines(path).GetEnumerator();
        var head = new List<string>();
        while (head.Count < HeaderShape.SampleLines && lines.MoveNext())
        {
            head.Add(lines.Current);
        }
        var parser = new LogLineParser(format, year, shape: format is null ? HeaderShape.Learn(head, year) : null);
        var first = true;
        foreach (var line in head.Concat(Rest(lines)))
        {
            var h = parser.Parse(line.AsSpan());
            if (!first && LogLineParser.IsContinuation(line, h))
            {
                continue;
            }
            first = false;
            yield return (line.AsMemory(h.Content), h.Level, h.Time);
        }
    }

    /// <summary>Feeds <paramref name="path"/> to one side of <paramref name="diff"/>: the incident side when <paramref name="incident"/>.</summary>
    public static void Feed(LogDiff diff, string path, bool incident, LoghubFormat? format, int year, Action? onRecord = null)
    {
        foreach (var (content, level, time) in Read(path, format, year))
        {
            onRecord?.Invoke();
            if (incident)
            {
                diff.AddIncident(content.Span, level, time);
            }
            else
            {
                diff.AddBaseline(content.Span, level, time);
            }
        }
    }

    /// <summary>Feeds <paramref name="path"/> split at <paramref name="split"/>: records before it are the baseline; a record without a time
    /// stays on the side of the record before it.</summary>
    public static void FeedSplit(LogDiff diff, string path, DateTimeOffset split, LoghubFormat? format, int year, Action? onRecord = null)
    {
        var incidentSide = false;
        foreach (var (content, level, time) in Read(path, format, year))
        {
            onRecord?.Invoke();
            if (time is { } t)
            {
                incidentSide = t >= split;
            }
            if (incidentSide)
            {
                diff.AddIncident(content.Span, level, time);
            }
            else
            {
                diff.AddBaseline(content.Span, level, time);
            }
        }
    }

    /// <summary>Whether the file's first 8 KB (decompressed) hold a NUL byte: a binary file, not a text log; false when unreadable (the read reports that).</summary>
    /// <remarks>The same test the bundle reader applies to <c>logs/</c>, so a file is either a log everywhere or nowhere.</remarks>
    public static bool IsBinary(string path)
    {
        try
        {
            using var s = OpenRead(path);
            Span<byte> head = stackalloc byte[8192];
            var n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return head[..n].Contains((byte)0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Opens a log file for one sequential read, decompressing it when it ends in <c>.gz</c>.</summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static IEnumerable<string> Rest(IEnumerator<string> lines)
    {
        while (lines.MoveNext())
        {
            yield return lines.Current;
        }
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(OpenRead(path), Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LogFileException($"cannot read {path}: {e.Message}");
        }
        using (reader)
        {
            while (true)
            {
                string? line;
                try
                {
                    line = reader.ReadLine();
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    throw new LogFileException($"cannot read {path}: {e.Message}");
                }
                if (line is null)
                {
                    yield break;
                }
                yield return line;
            }
        }
    }
}
