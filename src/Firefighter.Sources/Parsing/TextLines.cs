using System.Text;
using System.Text.Unicode;
using Firefighter.Sources.Bundles;

namespace Firefighter.Sources.Parsing;

/// <summary>Reads a bundle file as text lines, warning once per file about invalid UTF-8 and over-long lines.</summary>
internal static class TextLines
{
    /// <summary>The lines of the file with their 1-based numbers; I/O and gzip errors become a warning naming the line reached.</summary>
    public static IEnumerable<(int Line, string Text)> Read(BundleFile file, ReadContext context)
    {
        Stream stream;
        try
        {
            stream = file.OpenRead();
        }
        catch (Exception e)
        {
            context.Warn(file.Path, null, "could not open: " + e.Message);
            yield break;
        }
        using (stream)
        {
            var reader = new LineReader(stream, context.Options.MaxLineBytes);
            var tracker = new LineIssues(file.Path);
            while (true)
            {
                string text;
                try
                {
                    if (!reader.ReadLine(out var bytes))
                    {
                        break;
                    }
                    text = tracker.Decode(bytes, reader);
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    context.Warn(file.Path, reader.LineNumber + 1, "could not be read to the end: " + e.Message);
                    break;
                }
                yield return (reader.LineNumber, text);
            }
            tracker.Report(context, context.Options.MaxLineBytes);
        }
    }

    /// <summary>Reads the whole file as one string (for YAML and similar), bounded by the per-file limit; null with a warning when it cannot.</summary>
    public static string? ReadAll(BundleFile file, ReadContext context)
    {
        var bytes = ReadAllBytes(file, context);
        if (bytes is null)
        {
            return null;
        }
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }
        if (!Utf8.IsValid(span))
        {
            context.Warn(file.Path, FirstInvalidLine(span), "invalid UTF-8: bad bytes replaced with U+FFFD");
        }
        return Encoding.UTF8.GetString(span);
    }

    /// <summary>Reads the whole (decompressed) file, bounded by the per-file limit; null with a warning when it cannot.</summary>
    public static byte[]? ReadAllBytes(BundleFile file, ReadContext context)
    {
        try
        {
            using var s = file.OpenRead();
            using var ms = new MemoryStream();
            if (!file.IsGzip && file.Length is > 0 and < int.MaxValue - 1 && file.Length <= context.Options.MaxFileBytes)
            {
                // The usual case, a plain file of known size: one exact buffer, no MemoryStream doubling and copy (a 45 MB dump would cost 150 MB).
                var exact = new byte[file.Length];
                var read = s.ReadAtLeast(exact, exact.Length, throwOnEndOfStream: false);
                if (read < exact.Length)
                {
                    return exact[..read];
                }
                var next = s.ReadByte();
                if (next < 0)
                {
                    return exact;
                }
                // It grew since it was listed: go on the slow way.
                ms.Write(exact);
                ms.WriteByte((byte)next);
            }
            var buf = new byte[81920];
            int n;
            while ((n = s.Read(buf)) > 0)
            {
                if (ms.Length + n > context.Options.MaxFileBytes)
                {
                    context.Warn(file.Path, null, $"not read: larger than the {context.Options.MaxFileBytes / (1024 * 1024)} MB limit for one file");
                    return null;
                }
                ms.Write(buf, 0, n);
            }
            return ms.ToArray();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            context.Warn(file.Path, null, "could not be read: " + e.Message);
            return null;
        }
    }

    /// <summary>The 1-based line of the first invalid UTF-8 sequence.</summary>
    internal static int FirstInvalidLine(ReadOnlySpan<byte> span)
    {
        var line = 1;
        while (true)
        {
            var nl = span.IndexOf((byte)'\n');
            var current = nl < 0 ? span : span[..nl];
            if (!Utf8.IsValid(current) || nl < 0)
            {
                return line;
            }
            span = span[(nl + 1)..];
            line++;
        }
    }

    /// <summary>Counts per-file line problems so each is warned about once, with the first line where it happened.</summary>
    internal sealed class LineIssues(string path)
    {
        private int _firstInvalid;
        private int _invalidCount;
        private int _firstTruncated;
        private int _truncatedCount;
        private long _longest;

        public string Decode(ReadOnlySpan<byte> bytes, LineReader reader)
        {
            if (reader.Truncated)
            {
                _truncatedCount++;
                if (_firstTruncated == 0)
                {
                    _firstTruncated = reader.LineNumber;
                }
                _longest = Math.Max(_longest, reader.OriginalLength);
            }
            if (!Utf8.IsValid(bytes))
            {
                _invalidCount++;
                if (_firstInvalid == 0)
                {
                    _firstInvalid = reader.LineNumber;
                }
            }
            return Encoding.UTF8.GetString(bytes);
        }

        public void Report(ReadContext context, int maxLineBytes)
        {
            if (_invalidCount > 0)
            {
                context.Warn(path, _firstInvalid, $"invalid UTF-8 on {_invalidCount} line(s): bad bytes replaced with U+FFFD");
            }
            if (_truncatedCount > 0)
            {
                context.Warn(path, _firstTruncated, $"{_truncatedCount} line(s) longer than {maxLineBytes / 1024} KB truncated to {maxLineBytes / 1024} KB (longest {_longest} bytes)");
            }
        }
    }
}
