using System.Buffers;
using System.IO.Compression;
using System.Text;
using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>Reads log files (plain or .gz) in blocks, splits headers and mines templates on all cores, deterministically.</summary>
/// <remarks>
/// Blocks are mined by independent <see cref="TemplateMiner"/>s in parallel and merged in input order, so the result is the
/// same as one sequential pass. Memory is the block buffers, the signature table and one int per record.
/// </remarks>
public sealed class TemplateMiningPipeline
{
    private const int BlockSize = 1 << 20;
    private readonly LoghubFormat? _format;
    private readonly int _defaultYear;
    private readonly bool _parseTime;
    private readonly int _parallelism;
    private readonly TemplateMiner _miner = new();
    private readonly List<int[]> _recordSignatures = [];

    /// <summary>Creates a pipeline.</summary>
    /// <param name="format">Loghub-notation header format, or null to auto-detect.</param>
    /// <param name="defaultYear">Year for timestamps without one.</param>
    /// <param name="parseTime">Whether to read timestamps (first/last seen).</param>
    /// <param name="parallelism">Worker count; 0 = all cores.</param>
    public TemplateMiningPipeline(LoghubFormat? format, int defaultYear = 2000, bool parseTime = true, int parallelism = 0)
    {
        _format = format;
        _defaultYear = defaultYear;
        _parseTime = parseTime;
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
    }

    /// <summary>Records read so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Bytes read so far (uncompressed).</summary>
    public long ByteCount { get; private set; }

    /// <summary>Called after each batch with the records read so far (progress reporting).</summary>
    public Action<long>? Progress { get; init; }

    /// <summary>Reads and mines one file. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot be read.</summary>
    public void AddFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using (stream)
        {
            AddStream(stream);
        }
    }

    /// <summary>Reads and mines a stream of UTF-8 lines.</summary>
    public void AddStream(Stream stream)
    {
        var batch = new List<byte[]>();
        var lengths = new List<int>();
        byte[]? carry = null;
        var carryLen = 0;
        while (true)
        {
            var buf = ArrayPool<byte>.Shared.Rent(BlockSize + carryLen);
            if (carry is not null)
            {
                Buffer.BlockCopy(carry, 0, buf, 0, carryLen);
                ArrayPool<byte>.Shared.Return(carry);
                carry = null;
            }
            var filled = carryLen;
            int read;
            while (filled < buf.Length && (read = stream.Read(buf, filled, buf.Length - filled)) > 0) { filled += read; }
            var eof = filled < buf.Length;
            var cut = eof ? filled : Array.LastIndexOf(buf, (byte)'\n', filled - 1, filled) + 1;
            if (cut <= 0) { cut = filled; } // a single line longer than the block
            carryLen = filled - cut;
            if (carryLen > 0)
            {
                carry = ArrayPool<byte>.Shared.Rent(carryLen);
                Buffer.BlockCopy(buf, cut, carry, 0, carryLen);
            }
            if (cut > 0)
            {
                batch.Add(buf);
                lengths.Add(cut);
            }
            else
            {
                ArrayPool<byte>.Shared.Return(buf);
            }
            ByteCount += cut;
            if (batch.Count >= _parallelism * 2 || eof)
            {
                RunBatch(batch, lengths);
                batch.Clear();
                lengths.Clear();
            }
            if (eof && carryLen == 0) { break; }
            if (eof)
            {
                // Flush the unterminated last line.
                var last = carry!;
                batch.Add(last);
                lengths.Add(carryLen);
                ByteCount += carryLen;
                RunBatch(batch, lengths);
                batch.Clear();
                lengths.Clear();
                break;
            }
        }
    }

    private void RunBatch(List<byte[]> blocks, List<int> lengths)
    {
        var miners = new TemplateMiner[blocks.Count];
        var ids = new int[blocks.Count][];
        Parallel.For(0, blocks.Count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, b =>
        {
            var miner = new TemplateMiner();
            var parser = new LogLineParser(_format, _defaultYear, _parseTime);
            var data = blocks[b].AsSpan(0, lengths[b]);
            var local = new List<int>(data.Length / 64);
            var chars = ArrayPool<char>.Shared.Rent(4096);
            while (!data.IsEmpty)
            {
                var nl = data.IndexOf((byte)'\n');
                var line = nl >= 0 ? data[..nl] : data;
                data = nl >= 0 ? data[(nl + 1)..] : [];
                if (!line.IsEmpty && line[^1] == '\r') { line = line[..^1]; }
                if (chars.Length < line.Length)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(line.Length);
                }
                var n = Encoding.UTF8.GetChars(line, chars);
                var text = chars.AsSpan(0, n);
                var h = parser.Parse(text);
                local.Add(miner.Add(text[h.Content], h.Level, h.Time));
            }
            ArrayPool<char>.Shared.Return(chars);
            miners[b] = miner;
            ids[b] = [.. local];
        });
        for (var b = 0; b < blocks.Count; b++)
        {
            var map = _miner.Merge(miners[b]);
            var local = ids[b];
            for (var i = 0; i < local.Length; i++) { local[i] = map[local[i]]; }
            _recordSignatures.Add(local);
            RecordCount += local.Length;
            ArrayPool<byte>.Shared.Return(blocks[b]);
        }
        Progress?.Invoke(RecordCount);
    }

    /// <summary>Finalises the templates.</summary>
    public MiningResult Finish() => _miner.Finish();

    /// <summary>The signature id of every record in input order (map with <see cref="MiningResult.TemplateOf"/>).</summary>
    public IEnumerable<int> RecordSignatures()
    {
        foreach (var chunk in _recordSignatures)
        {
            foreach (var id in chunk) { yield return id; }
        }
    }

    /// <summary>Writes <c>LineId,EventId,EventTemplate</c>, one row per record in input order.</summary>
    public void WriteAssignments(MiningResult result, TextWriter writer)
    {
        writer.Write("LineId,EventId,EventTemplate\n");
        var quoted = new string[result.Templates.Count];
        for (var i = 0; i < quoted.Length; i++)
        {
            var t = result.Templates[i];
            quoted[i] = "," + t.Id + "," + CsvField(t.Text) + "\n";
        }
        long line = 0;
        Span<char> num = stackalloc char[24];
        foreach (var chunk in _recordSignatures)
        {
            foreach (var id in chunk)
            {
                line++;
                line.TryFormat(num, out var w, default, System.Globalization.CultureInfo.InvariantCulture);
                writer.Write(num[..w]);
                writer.Write(quoted[result.SignatureTemplates[id]]);
            }
        }
    }

    /// <summary>Quotes a CSV field when it needs it.</summary>
    public static string CsvField(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
