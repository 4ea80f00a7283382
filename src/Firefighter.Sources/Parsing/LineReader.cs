namespace Firefighter.Sources.Parsing;

/// <summary>Reads UTF-8 lines from a stream with bounded memory: lines longer than the limit are cut and the rest skipped.</summary>
internal sealed class LineReader
{
    private readonly Stream _stream;
    private readonly int _maxLine;
    private readonly byte[] _buffer;
    private readonly byte[] _long;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public LineReader(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLine = maxLineBytes;
        _buffer = new byte[Math.Max(maxLineBytes * 2, 64 * 1024)];
        _long = new byte[maxLineBytes];
    }

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Whether the line last returned was cut at the limit.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Original length in bytes of the line last returned.</summary>
    public long OriginalLength { get; private set; }

    /// <summary>Reads the next line (without the line break); the span is valid until the next call.</summary>
    public bool ReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var window = _buffer.AsSpan(_start, _end - _start);
            var nl = window.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = Finish(window[..nl], truncated: false);
                _start += nl + 1;
                return true;
            }
            if (window.Length >= _maxLine)
            {
                var cut = _maxLine;
                // Cut before a character that straddles the limit, so truncation never invents invalid UTF-8.
                while (cut > 0 && (window[cut] & 0xC0) == 0x80)
                {
                    cut--;
                }
                // Keep the cut line aside and skip the rest now, so the original length is known when the line is returned.
                window[..cut].CopyTo(_long);
                OriginalLength = window.Length;
                _start = _end;
                SkipRestOfLine();
                line = Finish(_long.AsSpan(0, cut), truncated: true);
                return true;
            }
            if (_eof)
            {
                if (window.Length == 0)
                {
                    line = default;
                    return false;
                }
                line = Finish(window, truncated: false);
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    private ReadOnlySpan<byte> Finish(ReadOnlySpan<byte> line, bool truncated)
    {
        LineNumber++;
        Truncated = truncated;
        if (!truncated)
        {
            OriginalLength = line.Length;
        }
        if (_first)
        {
            _first = false;
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }
        if (!truncated && line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        return line;
    }

    private void SkipRestOfLine()
    {
        while (true)
        {
            var window = _buffer.AsSpan(_start, _end - _start);
            var nl = window.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                OriginalLength += nl;
                _start += nl + 1;
                return;
            }
            OriginalLength += window.Length;
            _start = _end;
            if (_eof)
            {
                return;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }
        _end += n;
    }
}
